"""The holder's desk and the application page read one progress (workflows.progress): an
occupation forwarded to the national authority or awaiting its restoration fee has every step
decided and names where it waits (issue 45 item 2)."""

import pytest
from django.urls import reverse

from permits.models import Application
from tests.factories import (
    PERMANENT_LARGE,
    fee_paid,
    municipal_decide,
    occupation_at_municipal,
)
from workflows.progress import application_progress

pytestmark = pytest.mark.django_db

ROUTE_DONE = [
    ("apply", "done"),
    ("acceptance", "done"),
    ("review", "done"),
    ("consultation", "done"),
    ("approval", "done"),
]


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
    application = municipal_decide(
        occupation_at_municipal(applicant_my, reviewer_my, muni_plan), approver, "approve"
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
    application = occupation_at_municipal(applicant_my, reviewer_my, muni_plan, **PERMANENT_LARGE)
    application = municipal_decide(application, approver, "forward", "经初步审查，同意上报。")
    assert application.status == "forwarded"
    expected = [*ROUTE_DONE, ("national", "current"), ("concluded", "pending")]
    assert _stages(application) == expected

    client.force_login(applicant_my)
    html, progress = _desk_line(client, application)
    assert [(s.key, s.state) for s in progress] == expected
    assert progress.current.current_label == "国家林草局审核中"
    assert "国家林草局审核中" in html
    assert 'data-stage="approval" data-state="done"' in html.split('id="desk-in-review"')[1]
