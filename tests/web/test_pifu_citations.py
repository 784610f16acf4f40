"""Issue 46 item 3 (the class, not one instance): a 批复 (the approval of a tending design,
``documents.forms``) is not an administrative licence, so nothing shown about one cites the
Administrative Licensing Law as the law that applies to it: each page, form, document,
notification, record and API answer that names the law on a 批复 follows it by analogy (参照,
"by analogy with"), as docs/legal-basis.md "What each decision is" reads it.

Each surface below is one place the law is cited for a permit; each is rendered for a 批复 and
every mention of the law in it must sit in a clause that says 参照. Each also asserts that it
really rendered the part that cites the law (a surface that showed nothing would pass)."""

import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from documents.models import Certificate
from licensing.grounds import BASIS
from permits.models import Notification, Obligation
from supervision.inspections import inspection_assign, inspection_result
from tests.factories import committed, decide, hear_holder, submit_accepted, tending_draft
from web.forms.licensing import (
    CHANGE_HELP_APPROVAL,
    REVOCATION_GROUP_APPROVAL,
    STATEMENT_HELP_APPROVAL,
    WITHDRAWAL_GROUP_APPROVAL,
    StatementNoticeForm,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
API = "/api/v1"

LAW = re.compile(r"行政许可法|Licensing Law")
# Where a clause begins: what precedes the law's name in its clause must say 参照.
CLAUSE_START = re.compile(r"[。；;，,（(：:\n<>“”\"]")


def direct_citations(text: str) -> list[str]:
    """Each mention of the Licensing Law whose clause does not say it is followed by analogy,
    with its context."""
    found = []
    for mention in LAW.finditer(text):
        before = text[: mention.start()]
        starts = [m.end() for m in CLAUSE_START.finditer(before)]
        clause = before[starts[-1] if starts else 0 :]
        if "参照" not in clause and "by analogy" not in clause:
            found.append(text[max(mention.start() - 60, 0) : mention.end() + 30])
    return found


def test_the_check_tells_a_direct_citation_from_one_by_analogy():
    assert direct_citations("根据《中华人民共和国行政许可法》第七条的规定，你单位享有陈述权。")
    assert direct_citations("撤销（《中华人民共和国行政许可法》第六十九条）")
    assert direct_citations("Revocation (Administrative Licensing Law art. 69)")
    # 参照 in an earlier clause does not cover a later one.
    assert direct_citations("参照第六十九条的规定，根据《中华人民共和国行政许可法》第七条")
    assert not direct_citations("撤销（参照《中华人民共和国行政许可法》第六十九条）")
    assert not direct_citations("拟参照《中华人民共和国行政许可法》第六十九条第一款第（四）项")
    assert not direct_citations("(by analogy with Administrative Licensing Law art. 7)")


# ---- The 批复 and the stages it is shown at ---------------------------------------------------


def _design(applicant, reviewer, approver):
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        application = submit_accepted(application=tending_draft(by=applicant), by=applicant)
        return decide(decide(application, reviewer), approver)


def _ended(application, approver, act):
    from licensing.revocation import permit_revoke, permit_withdraw

    ground = "unqualified_applicant" if act == "revoke" else "circumstances_changed"
    hear_holder(application, approver, act=act, ground=ground)
    reason = "经复核，申辩理由不能成立。"
    if act == "revoke":
        permit_revoke(application=application, by=approver, ground=ground, reason=reason)
    else:
        permit_withdraw(application=application, by=approver, reason=reason)


def _documents(application) -> str:
    rows = Certificate.objects.filter(application_id=application.pk)
    assert rows.exists()
    return "\n".join(json.dumps(c.content, ensure_ascii=False) for c in rows)


def _page(client, user, application) -> str:
    client.force_login(user)
    response = client.get(reverse("application-detail", args=[application.pk]))
    assert response.status_code == 200
    return _unescaped(response.content.decode())


def _unescaped(html: str) -> str:
    """The page with its JSON blobs' ``\\uXXXX`` escapes read back (the statement form's grounds
    are in one), so a citation in them is seen in Chinese as in English."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html)


def _shown(text: str, *expected: Any) -> str:
    """``text``, having checked that the surface rendered what cites the law."""
    for part in expected:
        assert str(part) in text, part
    return text


def _cites(text: str) -> str:
    """``text``, having checked that it names the Licensing Law (in whichever language)."""
    assert LAW.search(text), "the surface does not cite the Licensing Law at all"
    return text


Surface = Callable[[Any, dict[str, Any]], str]


def holder_page(client, s):
    """The holder's permit card: the change and renewal help (arts. 49, 50)."""
    html = _page(client, s["applicant"], s["application"])
    return _shown(html, 'id="change-request"', CHANGE_HELP_APPROVAL)


def renewal_page(client, s):
    """A renewable permit the legal office holds to be a 批复 (a design is not renewable): the
    renewal's help (art. 50(2)) beside the change's."""
    from documents.models import ActForm, DecisionForm

    introduction = s["introduction"]
    DecisionForm.objects.filter(jurisdiction_id="110000", kind="introduction").update(
        form=ActForm.APPROVAL
    )
    with time_machine.travel("2026-09-01 10:00 +0800", tick=False):
        html = _page(client, s["applicant"], introduction)
    return _cites(_shown(html, 'id="renewal-request"', CHANGE_HELP_APPROVAL))


def agency_page(client, s):
    """The deciding agency's statement card: its help (art. 7) and the grounds' groups."""
    html = _page(client, s["approver"], s["application"])
    return _shown(html, STATEMENT_HELP_APPROVAL, REVOCATION_GROUP_APPROVAL)


def statement_form(client, s):
    form = StatementNoticeForm.for_application(None, None, s["application"])
    groups = [str(label) for label, _choices in form.fields["ground"].choices]
    return _shown("\n".join(groups), REVOCATION_GROUP_APPROVAL, WITHDRAWAL_GROUP_APPROVAL)


def heard_page(client, s):
    """After the statement notice: the panel's ground (arts. 69, 8) and the act's form."""
    html = _page(client, s["approver"], s["application"])
    return _shown(html, 'id="statements"', BASIS[s["ground"]].reference)


def heard_api(client, s):
    client.force_login(s["applicant"])
    url = f"{API}/applications/{s['application'].pk}/statement-notices/"
    response = client.get(url)
    assert response.status_code == 200
    return _shown(json.dumps(response.json(), ensure_ascii=False), BASIS[s["ground"]].reference)


def documents_issued(client, s):
    """Every document of the 批复: the approval (with its mark), the statement notice, the
    decision ending it."""
    return _shown(_documents(s["application"]), "陈述申辩告知书", "第七条", "批复决定书")


def notifications(client, s):
    rows = Notification.objects.filter(application=s["application"])
    return _shown("\n".join(n.message for n in rows), BASIS[s["ground"]].reference)


def inspection_report(client, s):
    report = s["inspection"].report
    return _shown(json.dumps(report.content, ensure_ascii=False), "检查人员签名")


def public_inspections(client, s):
    client.logout()
    number = s["approval"].number
    response = client.get(reverse("public-permit-inspections", args=[number]))
    assert response.status_code == 200
    return _cites(_shown(response.content.decode(), "批复"))


def obligations(client, s):
    rows = Obligation.objects.filter(application=s["application"])
    return _shown("\n".join(o.basis for o in rows), "监督检查")


def file_anyway(client, s):
    """The applicant told, before filing, what the agency will decide on (was art. 29)."""
    draft = tending_draft(by=s["applicant"], operation_type="commercial_harvest")
    client.force_login(s["applicant"])
    html = _unescaped(client.post(reverse("application-submit", args=[draft.pk])).content.decode())
    return _shown(html, 'id="confirm-file-anyway"', "批复")


GRANTED: list[Surface] = [
    holder_page,
    renewal_page,
    agency_page,
    statement_form,
    obligations,
    file_anyway,
]
HEARD: list[Surface] = [heard_page, heard_api, notifications]
ENDED: list[Surface] = [documents_issued, notifications]
INSPECTED: list[Surface] = [inspection_report, public_inspections]


@pytest.fixture
def scene(applicant_my, reviewer_my, approver, introduction):
    return {
        "introduction": introduction,
        "applicant": applicant_my,
        "approver": approver,
        "application": _design(applicant_my, reviewer_my, approver),
    }


@pytest.mark.parametrize("surface", GRANTED, ids=lambda f: f.__name__)
def test_nothing_shown_of_a_granted_pifu_cites_the_licensing_law_directly(client, scene, surface):
    assert direct_citations(surface(client, scene)) == []


@pytest.mark.parametrize("act", ["revoke", "withdraw"])
@pytest.mark.parametrize("surface", HEARD, ids=lambda f: f.__name__)
def test_nothing_shown_of_a_pifu_heard_cites_the_licensing_law_directly(
    client, scene, surface, act
):
    scene["ground"] = "unqualified_applicant" if act == "revoke" else "circumstances_changed"
    hear_holder(scene["application"], scene["approver"], act=act, ground=scene["ground"])
    assert direct_citations(surface(client, scene)) == []


@pytest.mark.parametrize("act", ["revoke", "withdraw"])
@pytest.mark.parametrize("surface", ENDED, ids=lambda f: f.__name__)
def test_nothing_shown_of_a_pifu_ended_cites_the_licensing_law_directly(
    client, scene, surface, act
):
    scene["ground"] = "unqualified_applicant" if act == "revoke" else "circumstances_changed"
    _ended(scene["application"], scene["approver"], act)
    assert direct_citations(surface(client, scene)) == []


@pytest.mark.parametrize("surface", INSPECTED, ids=lambda f: f.__name__)
def test_nothing_shown_of_a_pifus_inspection_cites_the_licensing_law_directly(
    client, inspection, head_my, reviewer_my, reviewer_my2, surface
):
    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=SHANGHAI), tick=False):
        inspection_assign(
            inspection_id=inspection.pk,
            by=head_my,
            inspectors=["district_my", "district_my2"],
            planned_on="2026-11-25",
        )
    with time_machine.travel(datetime(2026, 11, 26, 15, tzinfo=SHANGHAI), tick=False):
        committed(
            inspection_result,
            inspection_id=inspection.pk,
            by=reviewer_my,
            parcels=[
                {"compartment": c, "measured_area_ha": a, "operation_type": "young_forest_tending"}
                for c, a in (("12-3", "6.1"), ("12-4", "6.4"))
            ],
            score="92",
            outcome="pass",
            findings="与设计相符。",
        )
    inspection.refresh_from_db()
    application = inspection.application
    scene = {
        "inspection": inspection,
        "application": application,
        "approval": Certificate.objects.get(application=application, document_kind="approval"),
    }
    assert direct_citations(surface(client, scene)) == []


def test_a_licence_still_cites_the_licensing_law_as_its_own(client, introduction, applicant_my):
    """The same surfaces of a licence (an introduction) cite it directly: the check above is
    about the 批复, not a law removed everywhere."""
    html = _page(client, applicant_my, introduction)
    assert direct_citations(html)
    form = StatementNoticeForm.for_application(None, None, introduction)
    assert all(direct_citations(str(label)) for label, _choices in form.fields["ground"].choices)
