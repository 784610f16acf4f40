"""What each kind of permit may ask after the grant (product.md §18 B1-B5; docs/legal-basis.md
F20-F22), over HTTP: a tending design moves its work period within its year but is not
renewed; a temporary use is renewed only for the listed projects, within its last three months
(35号令 art. 20); a permanent occupation's 延期 is asked three months before (art. 25) and only
while no construction-land approval is recorded; a revocation closes an open request."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from licensing.models import PermitRequest
from permits.choices import ObligationKind, Status
from permits.models import Application
from tests.factories import (
    decide,
    occupation_draft,
    persona,
    revoke_heard,
    submit_accepted,
    tending_draft,
)

from .helpers import API

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI)


def _tasks(application):
    from viewflow.workflow.models import Task

    from workflows.engine import OPEN_TASK_STATUSES

    return Task.objects.filter(
        process__permitprocess__application_id=application.pk,
        process__permitprocess__permit_request__isnull=False,
        flow_task_type="HUMAN",
        status__in=OPEN_TASK_STATUSES,
    )


def _decide(client, decision, application, opinion="同意"):
    task = _tasks(application).get()
    body = {"decision": decision, "opinion": opinion}
    return client.post(f"{API}/tasks/{task.pk}/decide/", body, format="json")


def _errors(response) -> dict:
    assert response.status_code == 400, response.content
    return {e["field"]: e["code"] for e in response.json()["errors"]}


@pytest.fixture
def design(applicant_my, reviewer_my, approver):
    """A 密云 design approved on 2 February 2026, its work from 1 March to 30 November."""
    with time_machine.travel(at(date(2026, 2, 2)), tick=False):
        draft = tending_draft(by=applicant_my)
        application = decide(submit_accepted(application=draft, by=applicant_my), reviewer_my)
        return decide(application, approver)


@pytest.fixture
def temporary(applicant_my, reviewer_my, approver):
    """A temporary use of 12 months for infrastructure, approved 1 June 2026 (to 1 June 2027)."""
    with time_machine.travel(at(date(2026, 6, 1)), tick=False):
        draft = occupation_draft(by=applicant_my)
        application = decide(submit_accepted(application=draft, by=applicant_my), reviewer_my)
        application = decide(application, persona("muni_plan"), "agree", "", "bj-planning")
        return decide(application, approver)


@pytest.fixture
def permanent(applicant_my, reviewer_my, approver):
    """A permanent occupation approved 1 June 2026: its approval valid to 1 June 2028."""
    with time_machine.travel(at(date(2026, 6, 1)), tick=False):
        draft = occupation_draft(
            by=applicant_my, occupation_kind="permanent", duration_months=None, restoration_plan=""
        )
        application = decide(submit_accepted(application=draft, by=applicant_my), reviewer_my)
        application = decide(application, persona("muni_plan"), "agree", "", "bj-planning")
        return decide(application, approver)


def test_a_design_moves_its_work_period_within_its_year(client_for, applicant_my, approver, design):
    holder, agency = client_for(applicant_my), client_for(approver)
    url = f"{API}/applications/{design.pk}/change-requests/"
    with time_machine.travel(at(date(2026, 4, 1)), tick=False):
        refused = holder.post(
            url,
            {"changes": {"end_date": "2027-03-31", "area_ha": "20"}, "reason": "延后"},
            format="json",
        )
        assert _errors(refused) == {
            "changes.end_date": "outside_year",
            "changes.area_ha": "not_a_reduction",
        }
        asked = holder.post(
            url, {"changes": {"end_date": "2026-12-20"}, "reason": "降雪推迟"}, format="json"
        )
        assert asked.status_code == 201, asked.json()
        assert _decide(agency, "accept", design).status_code == 200
        assert _decide(agency, "approve", design).status_code == 200
    detail = Application.objects.get(pk=design.pk)
    assert detail.valid_until == date(2026, 12, 20)
    completion = detail.obligations.get(kind=ObligationKind.TENDING_COMPLETION)
    assert completion.due_date == date(2027, 1, 19)  # 30 days after the new end
    renewal = holder.post(
        f"{API}/applications/{design.pk}/renewal-requests/",
        {"until": "2027-06-30", "reason": "未完成"},
        format="json",
    )
    assert _errors(renewal) == {"until": "not_renewable"}


def test_a_temporary_use_is_renewed_only_in_its_window_and_for_the_listed_projects(
    client_for, applicant_my, approver, temporary
):
    holder, agency = client_for(applicant_my), client_for(approver)
    url = f"{API}/applications/{temporary.pk}/renewal-requests/"
    body = {"until": "2028-06-01", "reason": "管线工程工期延长"}
    with time_machine.travel(at(date(2027, 2, 28)), tick=False):  # before 1 March 2027
        assert _errors(holder.post(url, body, format="json")) == {"until": "outside_renewal_window"}
    with time_machine.travel(at(date(2027, 3, 15)), tick=False):
        too_long = holder.post(url, {**body, "until": "2029-07-01"}, format="json")
        assert _errors(too_long) == {"until": "too_long"}
        assert holder.post(url, body, format="json").status_code == 201
        assert _decide(agency, "accept", temporary).status_code == 200
        assert _decide(agency, "approve", temporary).status_code == 200
    detail = Application.objects.get(pk=temporary.pk)
    assert detail.valid_until == date(2028, 6, 1)
    restoration = detail.obligations.get(kind=ObligationKind.RESTORATION_COMPLETION)
    assert restoration.due_date == date(2029, 6, 1)  # a year after the new end (森林法 art. 38)


def test_a_commercial_temporary_use_is_not_renewed(client_for, applicant_my, reviewer_my, approver):
    with time_machine.travel(at(date(2026, 6, 1)), tick=False):
        draft = occupation_draft(by=applicant_my, project_type="commercial")
        application = decide(submit_accepted(application=draft, by=applicant_my), reviewer_my)
        application = decide(application, persona("muni_plan"), "agree", "", "bj-planning")
        application = decide(application, approver)
    assert application.status == Status.APPROVED
    with time_machine.travel(at(date(2027, 3, 15)), tick=False):
        response = client_for(applicant_my).post(
            f"{API}/applications/{application.pk}/renewal-requests/",
            {"until": "2028-06-01", "reason": "续用"},
            format="json",
        )
    assert _errors(response) == {"project_type": "not_renewable"}
    assert "第二十条" in response.json()["errors"][0]["message"]


def test_a_temporary_use_is_not_lengthened_by_a_change(client_for, applicant_my, temporary):
    with time_machine.travel(at(date(2026, 8, 1)), tick=False):
        response = client_for(applicant_my).post(
            f"{API}/applications/{temporary.pk}/change-requests/",
            {"changes": {"duration_months": 30, "site_geometry": None}, "reason": "延长"},
            format="json",
        )
    assert _errors(response) == {
        "changes.duration_months": "beyond_temporary_max",
        "changes.site_geometry": "needs_new_application",
    }


def test_a_permanent_occupations_extension_is_asked_three_months_before(
    client_for, applicant_my, permanent
):
    holder = client_for(applicant_my)
    url = f"{API}/applications/{permanent.pk}/renewal-requests/"
    body = {"until": "2029-06-01", "reason": "建设用地审批尚未完成"}
    with time_machine.travel(at(date(2028, 3, 2)), tick=False):  # after 1 March 2028
        response = holder.post(url, body, format="json")
        assert _errors(response) == {"until": "too_late"}
        assert "第二十五条" in response.json()["errors"][0]["message"]
    with time_machine.travel(at(date(2027, 5, 1)), tick=False):
        land = {
            "number": "京规自地字〔2027〕8号",
            "approved_on": "2027-04-20",
            "authority": "规自委",
        }
        assert (
            holder.post(
                f"{API}/applications/{permanent.pk}/land-approval/", land, format="json"
            ).status_code
            == 201
        )
        assert _errors(holder.post(url, body, format="json")) == {"until": "not_needed"}


def test_a_revocation_closes_an_open_request(client_for, applicant_my, approver, design):
    with time_machine.travel(at(date(2026, 4, 1)), tick=False):
        response = client_for(applicant_my).post(
            f"{API}/applications/{design.pk}/surrender/", {"reason": "放弃"}, format="json"
        )
        assert response.status_code == 201
        revoke_heard(application=design, by=approver, reason="违反法定程序作出准予行政许可决定")
    request = PermitRequest.objects.get(application=design)
    assert request.status == "closed" and "撤销" in request.opinion
    assert not _tasks(design).exists()


def test_a_temporary_use_surrendered_is_cancelled_and_its_restoration_owed(
    client_for, applicant_my, approver, temporary
):
    """B10 with §17 A4: the use ends on the surrender; the approval verifies as cancelled."""
    from urllib.parse import quote

    from rest_framework.test import APIClient

    holder, agency = client_for(applicant_my), client_for(approver)
    with time_machine.travel(at(date(2026, 9, 1)), tick=False):
        asked = holder.post(
            f"{API}/applications/{temporary.pk}/surrender/", {"reason": "工程取消"}, format="json"
        )
        assert asked.status_code == 201
        assert _decide(agency, "accept", temporary).status_code == 200
        assert _decide(agency, "approve", temporary, "经审查，同意注销。").status_code == 200
    detail = Application.objects.get(pk=temporary.pk)
    assert (detail.status, detail.valid_until) == (Status.USE_ENDED, date(2026, 9, 1))
    restoration = detail.obligations.get(kind=ObligationKind.RESTORATION_COMPLETION)
    assert restoration.due_date == date(2027, 9, 1)
    notice = PermitRequest.objects.get(application=temporary).decision
    printed = str(notice.content)
    assert "2027年9月1日前完成恢复" in printed and "第三十八条" in printed
    assert "经审查，经审查" not in printed
    approval = detail.certificates.get(document_kind="approval")
    url = f"{API}/certificates/{quote(approval.number)}/verify/"
    verified = APIClient().get(url, {"code": approval.check_code}).json()
    assert (verified["status"], verified["status_on"]) == ("cancelled", "2026-09-01")


def test_what_a_field_cannot_keep_is_refused_not_rounded(client_for, applicant_my, temporary):
    url = f"{API}/applications/{temporary.pk}/change-requests/"
    with time_machine.travel(at(date(2026, 8, 1)), tick=False):
        for value, code in (
            ("0.00001", "invalid"),  # below the 4 decimals kept: would be 0
            ("1e-400", "invalid"),
            ("１.５", "invalid"),  # full-width digits
            (True, "invalid"),
            ("1.8", "unchanged"),
            ("2", "not_a_reduction"),
        ):
            response = client_for(applicant_my).post(
                url, {"changes": {"area_ha": value}, "reason": "减少"}, format="json"
            )
            assert _errors(response) == {"changes.area_ha": code}, value
    assert not PermitRequest.objects.exists()


def test_a_work_period_is_not_moved_into_the_past(client_for, applicant_my, design):
    with time_machine.travel(at(date(2026, 6, 1)), tick=False):
        response = client_for(applicant_my).post(
            f"{API}/applications/{design.pk}/change-requests/",
            {"changes": {"end_date": "2026-05-01"}, "reason": "提前结束"},
            format="json",
        )
    assert _errors(response) == {"changes.end_date": "in_the_past"}


def test_a_request_left_open_when_the_use_ends_is_closed_by_the_tick(
    client_for, applicant_my, approver, temporary
):
    from django.core.management import call_command

    with time_machine.travel(at(date(2027, 3, 15)), tick=False):
        body = {"until": "2028-06-01", "reason": "续用"}
        url = f"{API}/applications/{temporary.pk}/renewal-requests/"
        assert client_for(applicant_my).post(url, body, format="json").status_code == 201
    # Refused by the agency? No: it lets it run; the law grants it the day after the end.
    with time_machine.travel(at(date(2027, 6, 2)), tick=False):
        call_command("permits_tick")
    assert PermitRequest.objects.get(application=temporary).status == "granted_by_law"
    assert Application.objects.get(pk=temporary.pk).status == Status.APPROVED
    with time_machine.travel(at(date(2027, 7, 1)), tick=False):
        change = {"changes": {"area_ha": "0.01"}, "reason": "减少临时使用面积"}
        url = f"{API}/applications/{temporary.pk}/change-requests/"
        assert client_for(applicant_my).post(url, change, format="json").status_code == 201
    with time_machine.travel(at(date(2028, 6, 2)), tick=False):
        call_command("permits_tick")
    assert Application.objects.get(pk=temporary.pk).status == Status.USE_ENDED
    change_request = PermitRequest.objects.get(application=temporary, kind="change")
    assert change_request.status == "closed"
    assert not _tasks(temporary).exists()


def test_a_renewal_granted_early_supersedes_from_the_day_it_runs(
    client_for, applicant_my, approver, temporary
):
    from urllib.parse import quote

    from rest_framework.test import APIClient

    holder, agency = client_for(applicant_my), client_for(approver)
    approval = temporary.certificates.get(document_kind="approval")
    with time_machine.travel(at(date(2027, 3, 15)), tick=False):
        body = {"until": "2028-06-01", "reason": "续用"}
        url = f"{API}/applications/{temporary.pk}/renewal-requests/"
        assert holder.post(url, body, format="json").status_code == 201
        assert _decide(agency, "accept", temporary).status_code == 200
        assert _decide(agency, "approve", temporary).status_code == 200
        verify = f"{API}/certificates/{quote(approval.number)}/verify/"
        assert APIClient().get(verify).json()["status"] == "valid"  # in force to 1 June
    with time_machine.travel(at(date(2027, 6, 2)), tick=False):
        verified = APIClient().get(verify, {"code": approval.check_code}).json()
        assert (verified["status"], verified["status_on"]) == ("superseded", "2027-06-02")


def test_a_designs_refused_change_cites_no_licensing_law(client_for, applicant_my, design):
    """Issue 46 item 3: a design's approval is a 批复, so the holder is told what a change may not
    do without art. 49 (a licence's messages keep it: the occupation tests above)."""
    from core.messages import MSG_ONLY_REDUCE_APPROVAL

    with time_machine.travel(at(date(2026, 4, 1)), tick=False):
        response = client_for(applicant_my).post(
            f"{API}/applications/{design.pk}/change-requests/",
            {"changes": {"area_ha": "20"}, "reason": "扩大"},
            format="json",
        )
    assert _errors(response) == {"changes.area_ha": "not_a_reduction"}
    message = response.json()["errors"][0]["message"]
    assert message == str(MSG_ONLY_REDUCE_APPROVAL) % {"now": design.detail.area_ha}
    assert "行政许可法" not in message and "需要重新申请" in message
