"""The desks (issue 45 items 10 and 18): every act waiting for the holder (a statement notice
to answer with its deadline, a rectification, what the permits owe, its requests) and for the
official (tasks, reports from the public, inspections to assign or record, rectification
answers to close), sorted by due date, each in its reader's scope, in a fixed number of
queries."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desks.selectors import holder_desk, official_desk
from licensing import services as licensing
from public.reports import report_file
from supervision.inspections import inspection_assign
from supervision.rectifications import rectification_answer, rectification_order
from tests import dashboard_scenario

pytestmark = pytest.mark.django_db

MIYUN_POINT = {"type": "Point", "coordinates": [116.85, 40.40]}
AUGUST = "2026-08-20 09:00 +0800"


def _kinds(items):
    return [(i.kind, i.application_id, i.due_date) for i in items]


def _report(**overrides):
    return report_file(
        kind="illegal_felling",
        description="石城镇后山有人砍伐油松，约二十棵。",
        site_geometry=MIYUN_POINT,
        district="110118",
        contact="王先生 13800000000",
        **overrides,
    )


def _queries(read) -> int:
    with CaptureQueriesContext(connection) as queries:
        read()
    return len(queries)


# --- the holder ------------------------------------------------------------------------------


def _revocation_noticed(introduction, approver):
    """The agency's 陈述申辩告知书 of an intended revocation (the applicant unqualified)."""
    return licensing.statement_notice_issue(
        application=introduction,
        by=approver,
        act="revoke",
        ground="unqualified_applicant",
        facts="经查，存在该情形。",
    )


def test_a_statement_notice_awaiting_its_answer_is_on_the_holders_desk(
    client, applicant_my, applicant_yq, agriculture_approver, introduction
):
    with time_machine.travel(AUGUST, tick=False):
        notice = _revocation_noticed(introduction, agriculture_approver)
        items = holder_desk(user=applicant_my, today=date(2026, 8, 20))
        client.force_login(applicant_my)
        page = client.get(reverse("desk:index"))
    # The notice (its 5 working days) before the report due on 2 September.
    assert _kinds(items) == [
        ("statement_answer", introduction.pk, notice.answer_due),
        ("obligation_file", introduction.pk, date(2026, 9, 2)),
    ]
    assert notice.answer_due == date(2026, 8, 27)
    html = page.content.decode()
    row = html.split('id="desk-acts-table"')[1].split('data-kind="statement_answer"')[1]
    assert "2026-08-27" in row.split("</tr>")[0]
    assert reverse("application-detail", args=[introduction.pk]) + "#statements" in html
    assert holder_desk(user=applicant_yq, today=date(2026, 8, 20)) == []  # another holder's

    with time_machine.travel("2026-08-28 09:00 +0800", tick=False):  # the period ran
        assert "statement_answer" not in [
            i.kind for i in holder_desk(user=applicant_my, today=date(2026, 8, 28))
        ]


def test_the_holders_desk_lists_rectifications_and_requests_in_progress(
    applicant_my, agriculture_reviewer_my, introduction
):
    with time_machine.travel(AUGUST, tick=False):
        agency = agriculture_reviewer_my.memberships.exclude(agency=None).first().agency
        rectification = rectification_order(
            application=introduction,
            agency=agency,
            by=agriculture_reviewer_my,
            findings="隔离设施破损，须修复。",
        )
        licensing_request = _surrender(introduction, applicant_my)
        items = holder_desk(user=applicant_my, today=date(2026, 8, 20))
    kinds = [i.kind for i in items]
    assert kinds == ["obligation_file", "rectification_answer", "request"] or kinds == [
        "rectification_answer",
        "obligation_file",
        "request",
    ]
    [rect] = [i for i in items if i.kind == "rectification_answer"]
    assert rect.pk == rectification.pk and rect.due_date == rectification.deadline
    assert "隔离设施破损" in rect.what
    [request] = [i for i in items if i.kind == "request"]
    assert request.pk == licensing_request.pk and request.due_date is None
    due = [i.due_date for i in items if i.due_date is not None]
    assert due == sorted(due)


def _surrender(application, by):
    from licensing.models import RequestKind
    from licensing.requests import permit_request_submit

    return permit_request_submit(
        application=application, by=by, kind=RequestKind.SURRENDER, reason="项目终止，申请注销。"
    )


def test_the_holders_desk_reads_a_fixed_number_of_queries(
    applicant_my, agriculture_approver, introduction
):
    today = date(2026, 8, 20)
    with time_machine.travel(AUGUST, tick=False):
        holder_desk(user=applicant_my, today=today)  # the user's organisation, read once
        few = _queries(lambda: holder_desk(user=applicant_my, today=today))
        licensing.statement_notice_issue(
            application=introduction,
            by=agriculture_approver,
            act="revoke",
            ground="unqualified_applicant",
            facts="经查，存在该情形。",
        )
        _surrender(introduction, applicant_my)
        more = _queries(lambda: holder_desk(user=applicant_my, today=today))
    assert more == few <= 8


# --- the official ----------------------------------------------------------------------------


@pytest.fixture
def district_work(applicant_my, reviewer_my, head_my, inspection):
    """In 密云: a step to decide, a report from the public, an inspection planned (the head
    assigns it), a rectification answered (a reviewer closes it)."""
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        in_review = dashboard_scenario.submitted(
            applicant_my, reviewer_my, "2026-11-23 09:00 +0800"
        )
        report = _report()
        rectification = rectification_order(
            application=inspection.application,
            agency=inspection.agency,
            by=reviewer_my,
            findings="标志牌缺失。",
        )
        rectification_answer(
            rectification_id=rectification.pk, by=applicant_my, answer="已补设标志牌。"
        )
    return {
        "in_review": in_review,
        "report": report,
        "rectification": rectification,
        "inspection": inspection,
    }


def test_the_official_desk_lists_every_act_waiting_by_due_date(
    client, reviewer_my, head_my, district_work
):
    today = date(2026, 11, 24)
    items = official_desk(user=reviewer_my, today=today)
    kinds = {i.kind: i for i in items}
    assert set(kinds) == {"task", "report_site_check", "rectification_close"}
    assert kinds["task"].application_id == district_work["in_review"].pk
    assert kinds["task"].due_date is not None
    assert kinds["report_site_check"].pk == district_work["report"].pk
    assert kinds["report_site_check"].due_date == district_work["report"].due_on
    assert kinds["rectification_close"].pk == district_work["rectification"].pk
    dated = [i.due_date for i in items if i.due_date is not None]
    assert dated == sorted(dated) and items[-1].due_date is None  # the undated last

    head_items = official_desk(user=head_my, today=today)
    [assign] = [i for i in head_items if i.kind == "inspection_assign"]
    assert assign.pk == district_work["inspection"].pk

    with time_machine.travel("2026-11-24 09:00 +0800", tick=False):
        client.force_login(reviewer_my)
        page = client.get(reverse("work:index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert [i.kind for i, _url in page.context["items"]] == [i.kind for i in items]
    assert reverse("reports:detail", args=[district_work["report"].pk]) in html
    assert reverse("rectification-detail", args=[district_work["rectification"].pk]) in html
    assert str(district_work["report"].due_on) in html


def test_an_inspector_assigned_finds_the_inspection_to_record(reviewer_my2, head_my, inspection):
    with time_machine.travel("2026-11-25 09:00 +0800", tick=False):
        inspection_assign(
            inspection_id=inspection.pk,
            by=head_my,
            inspectors=["district_my", "district_my2"],
            planned_on="2026-11-30",
        )
    items = official_desk(user=reviewer_my2, today=date(2026, 11, 25))
    [record] = [i for i in items if i.kind == "inspection_record"]
    assert record.pk == inspection.pk and record.due_date == date(2026, 11, 30)
    assert "inspection_assign" not in [
        i.kind for i in official_desk(user=head_my, today=date(2026, 11, 25))
    ]


def test_an_official_sees_only_their_agencys_items(
    client, reviewer_yq, applicant_my, auditor, district_work
):
    assert official_desk(user=reviewer_yq, today=date(2026, 11, 24)) == []
    assert official_desk(user=auditor, today=date(2026, 11, 24)) == []
    client.force_login(reviewer_yq)
    page = client.get(reverse("work:index"))
    assert page.status_code == 200 and page.context["items"] == []
    for user in (applicant_my, auditor):
        client.force_login(user)
        assert client.get(reverse("work:index")).status_code == 403


def test_the_official_desk_reads_a_fixed_number_of_queries(
    applicant_my, reviewer_my, district_work
):
    today = date(2026, 11, 24)
    official_desk(user=reviewer_my, today=today)  # the user's agency grants, read once
    few = _queries(lambda: official_desk(user=reviewer_my, today=today))
    with time_machine.travel("2026-11-23 09:00 +0800", tick=False):
        for _ in range(3):
            dashboard_scenario.submitted(applicant_my, reviewer_my, "2026-11-23 10:00 +0800")
            _report()
    more = _queries(lambda: official_desk(user=reviewer_my, today=today))
    assert len(official_desk(user=reviewer_my, today=today)) == 9
    # 15: the change patches waiting (issue 48) are one grouped query.
    assert more == few <= 15


# --- the API: the same desk ------------------------------------------------------------------

API_DESK = "/api/v1/desk/"


def test_the_api_offers_the_holders_desk_with_the_current_step(
    client, applicant_my, reviewer_my, agriculture_approver, introduction, outsider
):
    with time_machine.travel(AUGUST, tick=False):
        notice = _revocation_noticed(introduction, agriculture_approver)
        in_review = dashboard_scenario.submitted(
            applicant_my, reviewer_my, "2026-08-20 09:00 +0800"
        )
        client.force_login(applicant_my)
        answer = client.get(API_DESK)
        web = holder_desk(user=applicant_my, today=date(2026, 8, 20))
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["role"] == "holder"
    assert [(i["kind"], i["id"], i["due_date"]) for i in body["items"]] == [
        (i.kind, i.pk, i.due_date.isoformat() if i.due_date else None) for i in web
    ]
    assert body["items"][0]["kind"] == "statement_answer"
    assert body["items"][0]["due_date"] == notice.answer_due.isoformat()
    [under_way] = body["under_way"]
    assert under_way["id"] == in_review.pk
    assert under_way["current_step"]["key"] == "review"
    client.force_login(outsider)
    assert client.get(API_DESK).status_code == 403


def test_the_api_offers_the_officials_desk(client, reviewer_my, reviewer_yq, district_work):
    with time_machine.travel("2026-11-24 09:00 +0800", tick=False):
        client.force_login(reviewer_my)
        body = client.get(API_DESK).json()
        web = official_desk(user=reviewer_my, today=date(2026, 11, 24))
        client.force_login(reviewer_yq)
        other = client.get(API_DESK).json()
    assert body["role"] == "official" and body["under_way"] == []
    assert [(i["kind"], i["id"]) for i in body["items"]] == [(i.kind, i.pk) for i in web]
    assert other["items"] == []
