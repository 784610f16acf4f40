"""The enforcement case doors under attack (issue 48 item 5): every act's endpoint and the case
page, for whoever does not see the case (404, nothing changed), for the superuser (never an
official), and with hostile bodies (400 naming the field in Chinese, nothing changed, no 5xx)."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from audit.models import AuditEvent
from enforcement import services
from enforcement.models import Case
from roles.models import Role
from tests.enforcement.test_cases import EVIDENCE, PERSON, opened, through_notice
from tests.factories import member

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
# Every act of a case by its URL, with a body each would take (so that only who asks, not
# what is asked, decides the answer).
ACTS = {
    "register": {"party": PERSON},
    "evidence": {"officers": ["district_my", "district_my2"], "evidence": EVIDENCE},
    "prior-notice": {"article": "forest-76-2", "fine": "6000", "base_value": "1500"},
    "statement": {"waived": True},
    "hearing": {"held_on": "2030-01-10", "place": "会议室", "presiding": "legal_my"},
    "hearing-record": {"waived": True},
    "legal-review": {"passed": True, "opinion": "同意"},
    "decision": {
        "outcome": "no_penalty",
        "reasons": "情节轻微",
        "no_penalty_ground": "minor_corrected",
    },
    "execution": {"fine_paid_on": date.today().isoformat()},
    "replanting-inspection": {
        "checked_on": date.today().isoformat(),
        "officers": ["district_my", "district_my2"],
        "trees_alive": 36,
        "passed": True,
    },
    "close": {"note": "结案"},
    "referral": {"police_agency": "北京市公安局密云分局", "reasons": "涉嫌滥伐"},
    "referral-answer": {"accepted": True, "answered_on": date.today().isoformat()},
}


def client_of(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def snapshot(case: Case) -> tuple:
    row = Case.objects.get(pk=case.pk)
    paid = (row.fine_paid_on, row.replanted_on, row.replant_accepted_on, row.referred_at)
    acts = AuditEvent.objects.filter(action__startswith="case").count()
    return row.status, len(row.evidence), row.statement_kind, paid, acts


@pytest.fixture
def officers(articles, head_my, reviewer_my, reviewer_my2):
    return head_my, reviewer_my, reviewer_my2


@pytest.fixture
def superuser_member(reference_data):
    """A configuration account that also holds 密云's head and reviewer memberships (granted
    before it was made a superuser, or by a script): still never an official."""
    user = member(role=Role.HEAD, agency_code="110118-forestry", username="root_my")
    member_of = member(role=Role.REVIEWER, agency_code="110118-forestry")
    user.memberships.add(*member_of.memberships.all())
    user.is_superuser = user.is_staff = True
    user.save()
    return user


@pytest.fixture
def investigated(officers):
    head_my, reviewer_my, _ = officers
    case = opened(head_my)
    services.case_register(case_id=case.pk, by=head_my, party=PERSON)
    services.case_evidence(
        case_id=case.pk, by=reviewer_my, officers=["district_my", "district_my2"], evidence=EVIDENCE
    )
    return Case.objects.get(pk=case.pk)


def test_who_does_not_see_a_case_gets_404_at_every_door_and_changes_nothing(
    investigated, reviewer_yq, head_jz, auditor_tj, outsider, applicant_my
):
    case = investigated
    before = snapshot(case)
    base = f"/api/v1/cases/{case.pk}/"
    document = case.documents.first()
    leaks = []
    for user in (reviewer_yq, head_jz, auditor_tj, outsider, applicant_my):
        client = client_of(user)
        reads = ["", "documents/", f"documents/{document.pk}/pdf/", "files/1/"]
        for path in reads:
            if (status := client.get(base + path).status_code) != 404:
                leaks.append(f"{user} GET {path}: {status}")
        for act, body in ACTS.items():
            if (status := client.post(f"{base}{act}/", body, format="json").status_code) != 404:
                leaks.append(f"{user} POST {act}: {status}")
        web = Client()
        web.force_login(user)
        for method, path in (
            ("get", f"/cases/{case.pk}/"),
            ("post", f"/cases/{case.pk}/"),
            ("get", f"/cases/{case.pk}/documents/{document.pk}/"),
        ):
            status = getattr(web, method)(path, {"action": "prior_notice"}).status_code
            if status != 404:
                leaks.append(f"{user} web {method.upper()} {path}: {status}")
    assert leaks == []
    assert snapshot(case) == before


def test_anonymous_gets_no_case_and_no_act(investigated):
    case = investigated
    before = snapshot(case)
    client = client_of(None)
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code in (401, 403)
    for act, body in ACTS.items():
        status = client.post(f"/api/v1/cases/{case.pk}/{act}/", body, format="json").status_code
        assert status in (401, 403), act
    assert Client().get(f"/cases/{case.pk}/").status_code == 302  # to the login page
    assert snapshot(case) == before


def test_the_superuser_is_never_an_official_of_a_case(investigated, superuser_member):
    """Whatever memberships it still holds, the configuration account neither reads a case nor
    acts on one (nor opens one): the cases' doors answer as for anyone outside the agency."""
    case = investigated
    before = snapshot(case)
    client = client_of(superuser_member)
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert client.get("/api/v1/cases/").json()["count"] == 0
    for act, body in ACTS.items():
        status = client.post(f"/api/v1/cases/{case.pk}/{act}/", body, format="json").status_code
        assert status == 404, act
    opening = client.post("/api/v1/cases/", {"source": "manual", "facts": "x"}, format="json")
    assert opening.status_code == 403
    assert snapshot(case) == before
    assert Case.objects.count() == 1


def assert_refused(answer, field: str) -> None:
    assert answer.status_code == 400, (answer.status_code, answer.content[:300])
    problems = answer.json()["errors"]
    fields = {p["field"] for p in problems}
    assert any(f == field or f.startswith(f"{field}.") for f in fields), problems
    assert all(CJK.search(p["message"]) for p in problems), problems


# Hostile bodies of the acts an investigated case takes, and the field each is refused on.
INVESTIGATED_HOSTILE = [
    ("evidence", {"officers": "district_my", "evidence": EVIDENCE}, "officers"),
    ("evidence", {"officers": [None, {"a": 1}], "evidence": EVIDENCE}, "officers"),
    ("evidence", {"officers": ["district_my"] * 21, "evidence": EVIDENCE}, "officers"),
    ("evidence", {"officers": ["district_my", "district_my2"], "evidence": "照片"}, "evidence"),
    (
        "evidence",
        {"officers": ["district_my", "district_my2"], "evidence": [{"kind": "x" * 10_000}]},
        "evidence",
    ),
    ("prior-notice", {"article": "forest-76-2", "fine": "NaN"}, "fine"),
    ("prior-notice", {"article": "forest-76-2", "fine": "-1"}, "fine"),
    ("prior-notice", {"article": "forest-76-2", "fine": "1e30"}, "fine"),
    ("prior-notice", {"article": "forest-76-2", "replant_trees": -3}, "replant_trees"),
    ("prior-notice", {"article": "forest-76-2", "replant_trees": 10**30}, "replant_trees"),
    ("prior-notice", {"article": ["forest-76-2"]}, "article"),
    ("prior-notice", {"article": "国" * 100_000}, "article"),
    ("prior-notice", {"article": "no-such-article"}, "article"),
    ("prior-notice", {"article": "forest-76-2", "complex_case": "perhaps"}, "complex_case"),
    ("referral", {"police_agency": "公" * 121, "reasons": "涉嫌滥伐"}, "police_agency"),
    ("referral", {"police_agency": "公安", "reasons": "涉嫌", "quantities": []}, "quantities"),
    (
        "referral",
        {"police_agency": "公安", "reasons": "涉嫌", "quantities": {"theft-stock": "NaN"}},
        "quantities",
    ),
    ("close", {"note": ["x"]}, "note"),
    ("register", {"party": "张三"}, "party"),
]


@pytest.mark.parametrize(("act", "body", "field"), INVESTIGATED_HOSTILE)
def test_a_hostile_body_is_refused_naming_its_field_and_changes_nothing(
    investigated, head_my, act, body, field
):
    case = investigated
    before = snapshot(case)
    answer = client_of(head_my).post(f"/api/v1/cases/{case.pk}/{act}/", body, format="json")
    assert_refused(answer, field)
    assert snapshot(case) == before


def test_a_deeply_nested_position_in_a_form_is_refused_not_a_server_error(officers):
    """The replanting's check as multipart: ``position`` is JSON text, which may nest deeper
    than Python's recursion limit (a 500 where it reached ``json.loads`` unbounded)."""
    head_my, reviewer_my, reviewer_my2 = officers
    case = decided_with_replanting(head_my, reviewer_my, reviewer_my2)
    before = snapshot(case)
    body = {
        "checked_on": date.today().isoformat(),
        "officers": ["district_my", "district_my2"],
        "trees_alive": "36",
        "passed": "true",
        "position": "[" * 50_000 + "]" * 50_000,
    }
    client = client_of(reviewer_my)
    answer = client.post(f"/api/v1/cases/{case.pk}/replanting-inspection/", body)
    assert_refused(answer, "position")
    assert snapshot(case) == before


def decided_with_replanting(head_my, reviewer_my, reviewer_my2) -> Case:
    case = through_notice(head_my, reviewer_my, reviewer_my2)
    services.case_statement(case_id=case.pk, by=reviewer_my, waived=True)
    services.case_decide(
        case_id=case.pk,
        by=head_my,
        outcome="penalty",
        reasons="滥伐事实清楚",
        article="forest-76-2",
        fine="6000",
        base_value="1500",
        replant_trees=36,
    )
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"fine_paid_on": "0001-01-01"}, "fine_paid_on"),
        ({"fine_paid_on": "9999-12-31"}, "fine_paid_on"),
        ({"fine_paid_on": "2026-02-30"}, "fine_paid_on"),
        ({"replanted_on": "1900-01-01", "replanted_trees": 36}, "replanted_on"),
        ({"replanted_on": date.today().isoformat(), "replanted_trees": -1}, "replanted_trees"),
    ],
)
def test_an_execution_day_outside_the_penalty_is_refused(officers, body, field):
    """A fine is paid, and trees replanted, after the decision and not after today: a day of
    year 1 is a typing slip, refused on its field, not recorded as the payment."""
    head_my, reviewer_my, reviewer_my2 = officers
    case = decided_with_replanting(head_my, reviewer_my, reviewer_my2)
    before = snapshot(case)
    answer = client_of(reviewer_my).post(f"/api/v1/cases/{case.pk}/execution/", body, format="json")
    assert_refused(answer, field)
    assert snapshot(case) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"checked_on": "1900-01-01"}, "checked_on"),
        ({"trees_alive": -1}, "trees_alive"),
        ({"trees_alive": "NaN"}, "trees_alive"),
        ({"position": {"type": "Point", "coordinates": [200, 40]}}, "position"),
        ({"position": "not json"}, "position"),
        ({"passed": "maybe"}, "passed"),
        ({"notes": "x" * 5000}, "notes"),
    ],
)
def test_a_hostile_replanting_inspection_is_refused(officers, body, field):
    head_my, reviewer_my, reviewer_my2 = officers
    case = decided_with_replanting(head_my, reviewer_my, reviewer_my2)
    before = snapshot(case)
    good = ACTS["replanting-inspection"]
    answer = client_of(reviewer_my).post(
        f"/api/v1/cases/{case.pk}/replanting-inspection/", {**good, **body}, format="json"
    )
    assert_refused(answer, field)
    assert snapshot(case) == before


def test_a_hearing_day_far_out_of_range_is_refused(officers, legal_my):
    head_my, reviewer_my, reviewer_my2 = officers
    case = through_notice(
        head_my, reviewer_my, reviewer_my2, article="forest-76-1", fine="15000", base_value="2000"
    )
    services.case_statement(case_id=case.pk, by=reviewer_my, hearing_requested=True)
    before = snapshot(case)
    client = client_of(head_my)
    url = f"/api/v1/cases/{case.pk}/hearing/"
    for day in ("0001-01-01", "9999-12-31", "2026-13-01", "", 20300110):
        body = {"held_on": day, "place": "会议室", "presiding": "legal_my"}
        assert_refused(client.post(url, body, format="json"), "held_on")
    assert_refused(
        client.post(url, {**ACTS["hearing"], "presiding": ["legal_my"]}, format="json"),
        "presiding",
    )
    assert snapshot(case) == before


def test_a_referral_answer_dated_out_of_range_is_refused(investigated, head_my, reviewer_my):
    case = investigated
    services.case_refer(case_id=case.pk, by=head_my, police_agency="公安分局", reasons="涉嫌滥伐")
    before = snapshot(case)
    client = client_of(reviewer_my)
    url = f"/api/v1/cases/{case.pk}/referral-answer/"
    for day in ("0001-01-01", "9999-12-31", (date.today() - timedelta(days=400)).isoformat()):
        answer = client.post(url, {"accepted": True, "answered_on": day}, format="json")
        assert_refused(answer, "answered_on")
    answer = client.post(url, {"accepted": "x", "answered_on": "x"}, format="json")
    assert_refused(answer, "accepted")
    assert snapshot(case) == before


def test_the_case_list_refuses_a_hostile_query_and_an_unknown_agency(officers, head_my):
    client = client_of(head_my)
    answer = client.get("/api/v1/cases/", {"status": "x" * 300, "source": "\u202e"})
    assert answer.status_code == 400
    opening = client.post(
        "/api/v1/cases/", {"source": "patch", "source_id": "9" * 40, "facts": "x"}, format="json"
    )
    assert_refused(opening, "source_id")
    assert (
        client.post(
            "/api/v1/cases/", {"source": "manual", "facts": "x", "agency": "nope"}, format="json"
        ).status_code
        == 404
    )
    assert Case.objects.count() == 0


def test_the_public_penalty_list_takes_any_page_without_a_server_error(db):
    client = APIClient()
    for page in ("-1", "0", "x", "9" * 30, "\u202e"):
        assert client.get("/api/v1/public/penalties/", {"page": page}).status_code in (200, 404)
    assert client.get("/api/v1/public/penalties/", {"page_size": "100000"}).status_code == 200


@pytest.mark.parametrize(
    "values",
    [
        {"fine_paid_on": "0001-01-01"},
        {"fine_paid_on": "99999-01-01"},
        {"replanted_on": "1900-01-01", "replanted_trees": "36"},
        {"replanted_trees": "-1", "replanted_on": "2026-01-01"},
    ],
)
def test_the_case_page_refuses_an_execution_day_out_of_range(officers, values):
    """The case page's form takes the same hostile values as the API, answered on the page
    with the field's error; nothing recorded."""
    head_my, reviewer_my, reviewer_my2 = officers
    case = decided_with_replanting(head_my, reviewer_my, reviewer_my2)
    before = snapshot(case)
    web = Client()
    web.force_login(reviewer_my)
    answer = web.post(f"/cases/{case.pk}/", {"action": "execution", **values})
    assert answer.status_code in (200, 400)
    assert CJK.search(answer.content.decode())
    assert snapshot(case) == before


User = get_user_model()


def _upload(name: str, data: bytes, content_type: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def test_evidence_files_that_are_not_evidence_are_refused(investigated, reviewer_my):
    """Multipart evidence: a page of HTML is no photo nor document (415), eleven files are too
    many (400); the form's evidence items in a hostile shape are refused; nothing kept."""
    case = investigated
    before = snapshot(case)
    url = f"/api/v1/cases/{case.pk}/evidence/"
    client = client_of(reviewer_my)
    officers = ["district_my", "district_my2"]
    html = _upload("x.html", b"<html><script>alert(1)</script></html>", "image/png")
    answer = client.post(url, {"officers": officers, "files": [html]}, format="multipart")
    assert answer.status_code == 415, answer.content[:300]
    many = [_upload(f"{i}.txt", b"x", "text/plain") for i in range(11)]
    assert_refused(
        client.post(url, {"officers": officers, "files": many}, format="multipart"), "files"
    )
    assert_refused(
        client.post(url, {"officers": officers, "evidence": "x"}, format="multipart"),
        "evidence",
    )
    assert snapshot(case) == before
    assert case.files.count() == 0


def test_the_evidence_of_a_case_is_bounded_across_its_records(investigated, reviewer_my):
    """Each record of evidence is bounded (50 items); so is the case's whole list (200), else
    repeated posts grow the row, and every document that prints it, without end."""
    case = investigated
    client = client_of(reviewer_my)
    url = f"/api/v1/cases/{case.pk}/evidence/"
    item = {"kind": "photo", "description": "现场照片"}
    body = {"officers": ["district_my", "district_my2"], "evidence": [item] * 20}
    answers = [client.post(url, body, format="json").status_code for _ in range(11)]
    assert answers[:9] == [200] * 9 and answers[-1] == 400
    assert len(Case.objects.get(pk=case.pk).evidence) <= services.EVIDENCE_CASE_MAX


def test_another_agencys_source_is_unknown_whatever_its_state(officers, head_jz):
    """Opening a case on a report of another district answers as for a report that does not
    exist (400 ``unknown``), not with its state (409): the opener learns nothing of it."""
    from public.reports import report_file
    from tests.enforcement.test_reporter_told import POINT

    head_my, *_ = officers
    report = report_file(
        kind="illegal_felling",
        description="有人砍树。",
        site_geometry=POINT,
        district="110118",
        contact="",
    )
    body = {"source": "report", "source_id": report.pk, "facts": "x"}
    outsider = client_of(head_jz).post("/api/v1/cases/", body, format="json")
    assert outsider.status_code == 400, outsider.content
    assert outsider.json()["errors"][0]["code"] == "unknown"
    own = client_of(head_my).post("/api/v1/cases/", body, format="json")
    assert own.status_code == 409
    assert own.json()["errors"][0]["code"] == "report_not_no_permit"
    assert not Case.objects.exists()
