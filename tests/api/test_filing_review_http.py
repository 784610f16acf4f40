"""A filing's review after the approval, over HTTP (product.md §17 A5, api.md "The law's
letter, supervision, …"): each filing is a task (step ``obligation_review``) of the issuing
district agency on a working-day clock, decided with ``accept``, ``return`` (items) or
``non_compliant``; an escape incident is an urgent task for the district agency and the
habitat's consulted agency."""

import pytest
import time_machine
from django.core.management import call_command

from audit.models import AuditEvent
from core.messages import MSG_NOT_A_REVIEW
from permits.choices import NotificationKind
from permits.models import Notification, Obligation
from workflows.models import StepClock

from .helpers import API, error_fields, record

MONITORING = {"alive_count": 480, "escaped": False, "containment": "contained"}
INCIDENT = {
    "occurred_on": "2026-04-01",
    "escape_count": 2,
    "escape_place": "鱼池东侧排水口",
    "containment": "contained",
    "measures": "已捕回并加装拦网",
}
FILED_ON = "2026-04-01 09:00 +0800"  # a Wednesday


def _file_monitoring(client, application) -> dict:
    first = client.get(f"{API}/applications/{application.pk}/obligations/").json()[0]
    response = client.post(
        f"{API}/obligations/{first['id']}/filings/",
        {"data": MONITORING, "note": "网箱完好"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return first


def _review_tasks(client) -> list[dict]:
    rows = []
    for queue in ("queue", "inbox"):
        response = client.get(f"{API}/tasks/?step=obligation_review&queue={queue}")
        rows += response.json()["results"]
    return rows


@pytest.fixture
def filed(client_for, applicant_my, introduction):
    """Monitoring #1 of the introduction, filed on 1 April 2026."""
    with time_machine.travel(FILED_ON, tick=False):
        return _file_monitoring(client_for(applicant_my), introduction)


def test_a_filing_is_a_task_of_the_district_agency_on_a_clock(
    client_for, agriculture_reviewer_my, ecology_consultant, introduction, filed
):
    reviewer = client_for(agriculture_reviewer_my)
    (task,) = _review_tasks(reviewer)
    assert task["step"] == "obligation_review"
    assert task["agency"]["code"] == "110118-agriculture"
    assert task["application"]["id"] == introduction.pk
    assert task["filing"] is not None
    assert task["due_date"] == "2026-04-16"  # 10 working days from Wednesday 1 April
    # A monitoring report is the district agency's alone.
    assert _review_tasks(client_for(ecology_consultant)) == []
    told = Notification.objects.filter(
        recipient=agriculture_reviewer_my, kind=NotificationKind.TASK_NEW
    )
    # acceptance, district review, and now the filing
    assert told.filter(application=introduction).count() == 3
    # The application's record keeps no deadline of its own after the approval.
    assert record(reviewer, introduction.pk)["deadline"] is None


def test_accept_closes_the_obligation_and_tells_the_holder(
    client_for, applicant_my, agriculture_reviewer_my, introduction, filed
):
    reviewer = client_for(agriculture_reviewer_my)
    (task,) = _review_tasks(reviewer)
    with time_machine.travel("2026-04-03 09:00 +0800", tick=False):
        response = reviewer.post(
            f"{API}/tasks/{task['id']}/decide/", {"decision": "accept"}, format="json"
        )
    assert response.status_code == 200, response.json()
    assert response.json()["task"]["decision"] == "accept"
    obligation = Obligation.objects.get(pk=filed["id"])
    assert obligation.status == "accepted" and obligation.closed_at is not None
    row = client_for(applicant_my).get(f"{API}/applications/{introduction.pk}/obligations/")
    review = row.json()[0]["filings"][0]["review"]
    assert review["decision"] == "accept"
    clock = StepClock.objects.get(task_id=task["id"])
    assert clock.ended_at is not None
    event = AuditEvent.objects.filter(action="filing_reviewed").get()
    assert event.details["decision"] == "accept" and event.details["issuing_agency"] is True
    assert event.role == "reviewer" and event.agency.code == "110118-agriculture"
    told = Notification.objects.get(recipient=applicant_my, kind=NotificationKind.FILING_REVIEWED)
    assert introduction.reference in told.message
    again = reviewer.post(
        f"{API}/tasks/{task['id']}/decide/", {"decision": "accept"}, format="json"
    )
    assert again.status_code == 409


def test_a_return_names_the_filings_fields_and_the_holder_files_again(
    client_for, applicant_my, agriculture_reviewer_my, introduction, filed
):
    reviewer = client_for(agriculture_reviewer_my)
    (task,) = _review_tasks(reviewer)
    url = f"{API}/tasks/{task['id']}/decide/"
    refusals = {
        "no_items": {"decision": "return", "opinion": "补充"},
        "no_opinion": {"decision": "return", "items": [{"field": "photos", "message": "照片"}]},
        "wrong_field": {
            "decision": "return",
            "opinion": "补充",
            "items": [{"field": "title", "message": "不是报告的字段"}],
        },
        "grounds": {"decision": "accept", "grounds": ["T1"]},
        "items_with_accept": {"decision": "accept", "items": [{"message": "x"}]},
        "a_review_decision": {"decision": "approve"},
    }
    expected = {
        "no_items": {"items": "required"},
        "no_opinion": {"opinion": "required"},
        "wrong_field": {"items": "unknown_field"},
        "grounds": {"grounds": "not_allowed"},
        "items_with_accept": {"items": "not_allowed"},
        "a_review_decision": {"decision": "invalid_choice"},
    }
    for name, body in refusals.items():
        response = reviewer.post(url, body, format="json")
        assert response.status_code == 400, name
        assert error_fields(response) == expected[name], name
    assert Obligation.objects.get(pk=filed["id"]).status == "filed"  # nothing changed
    with time_machine.travel("2026-04-03 09:00 +0800", tick=False):
        response = reviewer.post(
            url,
            {
                "decision": "return",
                "opinion": "请补充网箱照片并核实存活数量",
                "items": [
                    {"field": "photos", "message": "缺少网箱照片"},
                    {"field": "alive_count", "message": "与投放数量不符，请核实"},
                ],
            },
            format="json",
        )
    assert response.status_code == 200, response.json()
    obligation = Obligation.objects.get(pk=filed["id"])
    assert obligation.status == "returned"
    assert obligation.due_date.isoformat() == "2026-09-02"  # never earlier than first due
    holder = client_for(applicant_my)
    with time_machine.travel("2026-04-08 09:00 +0800", tick=False):
        again = holder.post(
            f"{API}/obligations/{filed['id']}/filings/", {"data": MONITORING}, format="json"
        )
    assert again.status_code == 201, again.json()
    assert len(_review_tasks(reviewer)) == 1  # a new task for the new filing


def test_a_return_after_the_due_date_gives_days_to_correct(
    client_for, applicant_my, agriculture_reviewer_my, introduction
):
    with time_machine.travel("2026-09-01 09:00 +0800", tick=False):
        filed = _file_monitoring(client_for(applicant_my), introduction)
    reviewer = client_for(agriculture_reviewer_my)
    (task,) = _review_tasks(reviewer)
    with time_machine.travel("2026-09-10 09:00 +0800", tick=False):
        response = reviewer.post(
            f"{API}/tasks/{task['id']}/decide/",
            {"decision": "return", "opinion": "补正", "items": [{"message": "补充处置情况"}]},
            format="json",
        )
        assert response.status_code == 200, response.json()
        call_command("permits_tick")
    obligation = Obligation.objects.get(pk=filed["id"])
    assert obligation.due_date.isoformat() == "2026-09-25"  # 15 days from the return
    assert obligation.status == "returned"  # not overdue: the tick leaves it owed


def test_non_compliant_finds_the_permit_not_kept(
    client_for, applicant_my, agriculture_reviewer_my, introduction, filed
):
    reviewer = client_for(agriculture_reviewer_my)
    (task,) = _review_tasks(reviewer)
    url = f"{API}/tasks/{task['id']}/decide/"
    assert error_fields(reviewer.post(url, {"decision": "non_compliant"}, format="json")) == {
        "opinion": "required"
    }
    response = reviewer.post(
        url, {"decision": "non_compliant", "opinion": "网箱破损未报告，存在逃逸风险"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["application"]["status"] == "non_compliant"
    assert Obligation.objects.get(pk=filed["id"]).status == "non_compliant"
    event = AuditEvent.objects.filter(action="filing_reviewed").get()
    assert (event.from_status, event.to_status) == ("approved", "non_compliant")


def test_who_may_see_and_decide(
    client_for, applicant_my, applicant_yq, reviewer_my, head_my, agriculture_approver, filed
):
    task = _review_tasks(client_for(agriculture_approver))
    assert task == []  # the municipal approver does not review filings
    from viewflow.workflow.models import Task

    task_id = Task.objects.get(
        flow_task_type="HUMAN", process__permitprocess__filing__isnull=False
    ).pk
    url = f"{API}/tasks/{task_id}/decide/"
    body = {"decision": "accept"}
    assert client_for(applicant_my).post(url, body, format="json").status_code == 404
    assert client_for(applicant_yq).post(url, body, format="json").status_code == 404
    # 密云's forestry bureau does not see an introduction reviewed by its agriculture bureau.
    assert client_for(reviewer_my).post(url, body, format="json").status_code == 404
    # The municipal approver sees the application, and may not act on the district's step.
    assert client_for(agriculture_approver).post(url, body, format="json").status_code == 403
    procedure = client_for(agriculture_approver).post(
        f"{API}/tasks/{task_id}/special-procedure/",
        {"kind": "expert_review", "reason": "x", "expected_working_days": 5},
        format="json",
    )
    assert procedure.status_code in (403, 409)


def test_a_special_procedure_belongs_to_the_review_not_to_a_filing(
    client_for, agriculture_reviewer_my, filed
):
    reviewer = client_for(agriculture_reviewer_my)
    (task,) = _review_tasks(reviewer)
    response = reviewer.post(
        f"{API}/tasks/{task['id']}/special-procedure/",
        {"kind": "expert_review", "reason": "请专家评估", "expected_working_days": 5},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "not_in_review"
    # An introduction's permit is a licence: the refusal names art. 45 (issue 46 item 3).
    assert response.json()["errors"][0]["message"] == str(MSG_NOT_A_REVIEW)


def test_an_escape_is_urgent_for_the_district_and_the_habitat_agency(
    client_for, applicant_my, agriculture_reviewer_my, ecology_consultant, introduction
):
    with time_machine.travel("2026-04-02 09:00 +0800", tick=False):
        response = client_for(applicant_my).post(
            f"{API}/applications/{introduction.pk}/incidents/", {"data": INCIDENT}, format="json"
        )
    assert response.status_code == 201, response.json()
    (district,) = _review_tasks(client_for(agriculture_reviewer_my))
    consulted = client_for(ecology_consultant)
    (habitat,) = _review_tasks(consulted)
    assert district["due_date"] == habitat["due_date"] == "2026-04-03"  # one working day
    assert habitat["agency"]["code"] == "bj-ecology"
    # The consulted agency gives its word: it cannot return the holder's report.
    refused = consulted.post(
        f"{API}/tasks/{habitat['id']}/decide/",
        {"decision": "return", "opinion": "x", "items": [{"message": "x"}]},
        format="json",
    )
    assert error_fields(refused) == {"decision": "invalid_choice"}
    with time_machine.travel("2026-04-07 09:00 +0800", tick=False):
        call_command("permits_tick")  # both are overdue: their heads are told
        response = consulted.post(
            f"{API}/tasks/{habitat['id']}/decide/",
            {"decision": "accept", "opinion": "已核实，处置得当"},
            format="json",
        )
    assert response.status_code == 200, response.json()
    incident = Obligation.objects.get(application=introduction, kind="escape_incident")
    assert incident.status == "filed"  # the district agency decides the filing
    assert Notification.objects.filter(
        kind=NotificationKind.OVERDUE, application=introduction
    ).exists()
    event = AuditEvent.objects.filter(action="filing_reviewed").get()
    assert event.role == "consultant" and event.details["issuing_agency"] is False


def test_a_filing_older_than_its_review_gets_one_from_the_tick_once(
    client_for, applicant_my, agriculture_reviewer_my, introduction
):
    """Filings made before the review was a task (and reports folded into obligations) wait
    for a review nothing started: the tick starts it, once."""
    from django.utils import timezone

    from permits.filings import filing_create
    from supervision.jobs import filing_reviews_start
    from workflows.models import PermitProcess

    first = Obligation.objects.filter(application=introduction).order_by("due_date").first()
    with time_machine.travel(FILED_ON, tick=False):
        old = filing_create(obligation_id=first.pk, by=applicant_my, data=MONITORING)
    assert not PermitProcess.objects.filter(filing=old).exists()
    reviewer = client_for(agriculture_reviewer_my)
    assert _review_tasks(reviewer) == []
    with time_machine.travel("2026-04-07 09:00 +0800", tick=False):
        call_command("permits_tick", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert filing_reviews_start(timezone.now()) == 0  # once
    (task,) = _review_tasks(reviewer)
    assert task["filing"] == old.pk
    # Its clock runs from the day the review started (after the Qingming holiday).
    assert task["due_date"] == "2026-04-21"
