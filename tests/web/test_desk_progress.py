"""The holder's desk and the application page read one progress (workflows.progress): an
occupation forwarded to the national authority or awaiting its restoration fee has every step
decided and names where it waits (issue 45 item 2)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from permits.models import Application
from tests.factories import accept, decide, fee_paid, occupation_draft, open_task_of, persona
from workflows import services
from workflows.progress import application_progress

pytestmark = pytest.mark.django_db

PERMANENT_LARGE = {
    "occupation_kind": "permanent",
    "duration_months": None,
    "forest_category": "shelter",
    "area_ha": Decimal("12"),
    "title": "供水厂永久占用防护林地",
}
ROUTE_DONE = [
    ("apply", "done"),
    ("acceptance", "done"),
    ("review", "done"),
    ("consultation", "done"),
    ("approval", "done"),
]


@pytest.fixture
def muni_plan(reference_data):
    return persona("muni_plan")


def _at_municipal(applicant, reviewer, planner, **fields):
    application = services.application_submit(
        application=occupation_draft(by=applicant, **fields), by=applicant
    )
    application = accept(application, reviewer)
    application = decide(application, reviewer, "approve", "同意上报")
    return decide(application, planner, "agree", "符合规划", "bj-planning")


def _municipal(application, by, decision, opinion="同意"):
    return services.task_decide(
        task_id=open_task_of(application).pk, by=by, decision=decision, opinion=opinion
    )[1]


def _stages(application):
    return [(s.key, s.state) for s in application_progress(application)]


def _desk_line(client, application):
    """The holder's desk's entry of ``application``: its stepper and its current step."""
    page = client.get(reverse("desk:index"))
    [(listed, progress)] = [row for row in page.context["in_review"] if row[0].pk == application.pk]
    return page.content.decode(), progress


def test_an_occupation_awaiting_its_fee_shows_every_step_decided(
    client, applicant_my, reviewer_my, muni_plan, approver
):
    application = _municipal(
        _at_municipal(applicant_my, reviewer_my, muni_plan), approver, "approve"
    )
    assert application.status == "awaiting_fee"
    expected = [*ROUTE_DONE, ("fee", "current"), ("concluded", "pending")]
    assert _stages(application) == expected

    client.force_login(applicant_my)
    html, progress = _desk_line(client, application)
    assert [(s.key, s.state) for s in progress] == expected
    assert progress.current.current_label == "待缴费"
    assert "待缴费" in html and 'data-stage="fee" data-state="current"' in html
    page = client.get(reverse("application-detail", args=[application.pk])).content.decode()
    assert 'data-stage="fee" data-state="current"' in page  # the same progress

    fee_paid(application, approver)
    paid = Application.objects.get(pk=application.pk)
    assert _stages(paid) == [*ROUTE_DONE, ("fee", "done"), ("concluded", "done")]
    assert application_progress(paid).current is None


def test_a_forwarded_occupation_waits_for_the_national_authority(
    client, applicant_my, reviewer_my, muni_plan, approver
):
    application = _at_municipal(applicant_my, reviewer_my, muni_plan, **PERMANENT_LARGE)
    application = _municipal(application, approver, "forward", "经初步审查，同意上报。")
    assert application.status == "forwarded"
    expected = [*ROUTE_DONE, ("national", "current"), ("concluded", "pending")]
    assert _stages(application) == expected

    client.force_login(applicant_my)
    html, progress = _desk_line(client, application)
    assert [(s.key, s.state) for s in progress] == expected
    assert progress.current.current_label == "国家林草局审核中"
    assert "国家林草局审核中" in html
    assert 'data-stage="approval" data-state="done"' in html.split('id="desk-in-review"')[1]
