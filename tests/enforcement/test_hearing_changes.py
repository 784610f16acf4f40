"""A scheduled hearing postponed (延期举行) and its presiding officer's recusal decided (回避,
行政处罚法 art. 64(4); issue 48 item 5): through the services with their documents, audit and
notices, the refusals, the API and the case page's forms."""

from datetime import date, timedelta

import pytest
import time_machine

from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, StateConflict
from core.messages import (
    MSG_CASE_PRESIDING_INVESTIGATOR,
    MSG_CASE_RECUSAL_SAME,
    MSG_NOTE,
)
from documents.pdf_files import document_pdf
from enforcement import hearings
from enforcement.models import CaseDocumentKind, CaseHearing, CaseHearingChange
from permits.models import Notification
from tests.enforcement.test_case_hearing import RECORD, earliest, problem, requested, schedule
from tests.enforcement.test_cases import client_of
from workflows.deadlines import add_working_days

pytestmark = pytest.mark.django_db
__all__ = ["requested"]


def later() -> date:
    return add_working_days(date.today(), 12)


def test_a_hearing_postponed_tells_the_party_again_seven_working_days_ahead(
    requested, head_my, reviewer_my, legal_my
):
    case = requested
    schedule(case, head_my)
    change = hearings.case_hearing_postpone(
        case_id=case.pk, by=head_my, held_on=later(), reason="当事人因病住院，申请延期"
    )
    hearing = CaseHearing.objects.get(case=case)
    assert hearing.held_on == later() and hearing.place == "密云区园林绿化局第一会议室"
    assert change.held_on_before == earliest() and change.kind == "postponed"
    notice = change.document
    assert notice.kind == CaseDocumentKind.HEARING_POSTPONEMENT and "罚听延" in notice.number
    printed = "".join(notice.content["document"]["paragraphs"])
    assert "当事人因病住院" in printed and "决定延期举行" in printed
    assert any("七日前" in ground for ground in notice.content["document"]["grounds"])
    assert document_pdf(notice.content).startswith(b"%PDF")
    event = AuditEvent.objects.get(action="case_hearing_postponed")
    assert event.details["held_on"] == later().isoformat()
    assert event.details["document_number"] == notice.number
    assert Notification.objects.filter(recipient=legal_my, message__contains=notice.number)
    # A second postponement issues a second notice; the first stays.
    hearings.case_hearing_postpone(
        case_id=case.pk, by=head_my, held_on=later() + timedelta(days=7), reason="再次延期"
    )
    assert case.documents.filter(kind=CaseDocumentKind.HEARING_POSTPONEMENT).count() == 2
    # Not held on the day told first: the record waits for the new day.
    with time_machine.travel(earliest(), tick=False), pytest.raises(StateConflict):
        hearings.case_hearing_record(case_id=case.pk, by=reviewer_my, held=True, record=RECORD)


def test_the_postponement_refused(requested, head_my, reviewer_my):
    case = requested
    with pytest.raises(StateConflict) as unscheduled:
        hearings.case_hearing_postpone(case_id=case.pk, by=head_my, held_on=later(), reason="x")
    assert unscheduled.value.problems[0].code == "hearing_not_changeable"
    schedule(case, head_my)
    with pytest.raises(NotAllowed):  # the head decides
        hearings.case_hearing_postpone(case_id=case.pk, by=reviewer_my, held_on=later(), reason="x")
    with pytest.raises(InvalidInput) as soon:  # art. 64(2): seven working days again
        hearings.case_hearing_postpone(
            case_id=case.pk, by=head_my, held_on=date.today() + timedelta(days=2), reason="x"
        )
    assert problem(soon)[:2] == ("held_on", "invalid")
    with pytest.raises(InvalidInput) as bare:
        hearings.case_hearing_postpone(case_id=case.pk, by=head_my, held_on=later(), reason=" ")
    assert problem(bare) == ("reason", "required", str(MSG_NOTE))
    assert CaseHearing.objects.get(case=case).held_on == earliest()
    assert not CaseHearingChange.objects.exists()
    hearings.case_hearing_record(case_id=case.pk, by=reviewer_my, waived=True)
    with pytest.raises(StateConflict):  # waived: nothing to move
        hearings.case_hearing_postpone(case_id=case.pk, by=head_my, held_on=later(), reason="x")


def test_a_recusal_granted_names_another_official_not_an_investigator(requested, head_my, legal_my):
    case = requested
    schedule(case, head_my)
    with pytest.raises(InvalidInput) as investigator:  # art. 64(4) again
        hearings.case_hearing_recusal(
            case_id=case.pk,
            by=head_my,
            granted=True,
            reason="主持人系当事人亲属",
            presiding="district_my",
        )
    assert problem(investigator) == (
        "presiding",
        "investigator",
        str(MSG_CASE_PRESIDING_INVESTIGATOR),
    )
    with pytest.raises(InvalidInput) as same:
        hearings.case_hearing_recusal(
            case_id=case.pk,
            by=head_my,
            granted=True,
            reason="主持人系当事人亲属",
            presiding="legal_my",
        )
    assert problem(same) == ("presiding", "same", str(MSG_CASE_RECUSAL_SAME))
    change = hearings.case_hearing_recusal(
        case_id=case.pk, by=head_my, granted=True, reason="主持人系当事人亲属", presiding="head_my"
    )
    hearing = CaseHearing.objects.get(case=case)
    assert hearing.presiding == head_my and hearing.held_on == earliest()
    assert change.presiding_before == legal_my and change.kind == "recusal_granted"
    printed = "".join(change.document.content["document"]["paragraphs"])
    assert change.document.content["document"]["title"] == "听证主持人回避决定书"
    assert "回避，改由" in printed and "主持人系当事人亲属" in printed
    event = AuditEvent.objects.get(action="case_hearing_recusal")
    assert event.details["presiding_before"] == "legal_my"
    assert event.details["presiding"] == "head_my"
    # The officer withdrawn is told too.
    assert Notification.objects.filter(recipient=legal_my, message__contains=change.document.number)


def test_a_recusal_refused_keeps_the_officer(requested, head_my, legal_my, reviewer_my):
    case = requested
    schedule(case, head_my)
    with pytest.raises(NotAllowed):
        hearings.case_hearing_recusal(case_id=case.pk, by=reviewer_my, granted=False, reason="x")
    with pytest.raises(InvalidInput):  # no answer
        hearings.case_hearing_recusal(case_id=case.pk, by=head_my, granted=None, reason="x")
    change = hearings.case_hearing_recusal(
        case_id=case.pk, by=head_my, granted=False, reason="申请理由不成立"
    )
    assert CaseHearing.objects.get(case=case).presiding == legal_my
    assert change.kind == "recusal_refused"
    assert "驳回回避申请" in "".join(change.document.content["document"]["paragraphs"])


def test_the_changes_through_the_api_and_the_page(client, requested, head_my, reviewer_my):
    case = requested
    schedule(case, head_my)
    url = f"/api/v1/cases/{case.pk}/"
    body = {"held_on": later().isoformat(), "reason": "当事人申请延期"}
    assert (
        client_of(reviewer_my).post(url + "hearing-postponement/", body, format="json").status_code
        == 403
    )
    soon = {**body, "held_on": date.today().isoformat()}
    assert (
        client_of(head_my).post(url + "hearing-postponement/", soon, format="json").status_code
        == 400
    )
    answer = client_of(head_my).post(url + "hearing-postponement/", body, format="json")
    assert answer.status_code == 200
    assert answer.json()["hearing"]["held_on"] == later().isoformat()
    assert answer.json()["hearing"]["changes"][0]["kind"] == "postponed"
    recusal = {"granted": True, "reason": "利害关系", "presiding": "district_my2"}
    refused = client_of(head_my).post(url + "hearing-recusal/", recusal, format="json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == "investigator"
    client.force_login(head_my)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'value="hearing_postponement"' in page and 'value="hearing_recusal"' in page
    answer = client.post(
        f"/cases/{case.pk}/",
        {"action": "hearing_recusal", "granted": "1", "presiding": "head_my", "reason": "利害关系"},
    )
    assert answer.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="case-hearing-changes"' in page and "利害关系" in page
    listed = client_of(head_my).get("/api/v1/cases/").json()["results"]
    changes = next(row for row in listed if row["id"] == case.pk)["hearing"]["changes"]
    assert [c["kind"] for c in changes] == ["postponed", "recusal_granted"]
    assert changes[1]["presiding_before"] == "legal_my" and changes[1]["presiding"] == "head_my"
