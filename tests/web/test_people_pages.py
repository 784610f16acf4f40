"""The absence page and the head's reassign form on the task page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from core.messages import (
    MSG_CONFIRM_EXTEND_CONSEQUENCE,
    MSG_CONFIRM_EXTEND_CONSEQUENCE_APPROVAL,
    MSG_ENDS_BEFORE_STARTS,
    MSG_EXTEND_HELP,
    MSG_EXTEND_HELP_APPROVAL,
    MSG_EXTENDED,
)
from roles.models import Absence
from workflows import people
from workflows import services as task_services
from workflows.clock import decision_clock_of
from workflows.deadlines import add_working_days
from workflows.models import DecisionClock

from ..factories import design_licensed
from .helpers import open_task, submitted

pytestmark = pytest.mark.django_db


def test_the_queue_links_to_absences_and_a_member_declares_one(english, reviewer_my, reviewer_my2):
    english.force_login(reviewer_my)
    assert reverse("absences") in english.get(reverse("tasks:index")).content.decode()
    page = english.get(reverse("absences"))
    assert page.status_code == 200
    assert [value for value, _label in page.context["form"].fields["substitute"].choices] == [
        "district_my2"
    ]
    today = timezone.localdate()
    response = english.post(
        reverse("absences"),
        {"substitute": "district_my2", "starts": today, "ends": today + timedelta(days=2)},
    )
    assert response.status_code == 302
    absence = Absence.objects.get()
    assert absence.substitute == reviewer_my2
    assert absence.agency.code == "110118-forestry"


def test_a_bad_absence_stays_on_the_page_with_the_fields_error(english, reviewer_my, reviewer_my2):
    english.force_login(reviewer_my)
    today = timezone.localdate()
    response = english.post(
        reverse("absences"),
        {"substitute": "district_my2", "starts": today, "ends": today - timedelta(days=1)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends"] == [str(MSG_ENDS_BEFORE_STARTS)]
    assert not Absence.objects.exists()


def test_heads_read_absences_applicants_get_403(
    client, head_my, applicant_my, reviewer_my, reviewer_my2
):
    people.absence_declare(
        by=reviewer_my,
        substitute_username="district_my2",
        starts=timezone.localdate(),
        ends=timezone.localdate(),
    )
    client.force_login(head_my)
    page = client.get(reverse("absences"))
    assert page.status_code == 200 and page.context["form"] is None
    assert len(page.context["absences"]) == 1
    assert client.post(reverse("absences"), {"substitute": "district_my2"}).status_code == 403
    client.force_login(applicant_my)
    assert client.get(reverse("absences")).status_code == 403


def test_the_head_follows_the_agency_and_reassigns_from_the_task_page(
    english, applicant_my, reviewer_my, reviewer_my2, head_my
):
    application = submitted(by=applicant_my)
    task = open_task(application)
    english.force_login(head_my)
    queue = english.get(reverse("tasks:index"))
    assert queue.context["queue"] == "agency"
    assert application.reference in queue.content.decode()
    page = english.get(reverse("task-detail", args=[task.pk]))
    form = page.context["reassign_form"]
    assert [value for value, _label in form.fields["to"].choices] == ["district_my", "district_my2"]
    response = english.post(
        reverse("task-reassign", args=[task.pk]), {"to": "district_my2", "reason": "工作调整"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner == reviewer_my2
    assert AuditEvent.objects.filter(action="reassign").count() == 1


def test_reviewers_see_no_reassign_form_and_may_not_post_it(
    client, applicant_my, reviewer_my, reviewer_my2
):
    task = open_task(submitted(by=applicant_my))
    client.force_login(reviewer_my)
    assert client.get(reverse("task-detail", args=[task.pk])).context["reassign_form"] is None
    url = reverse("task-reassign", args=[task.pk])
    assert client.post(url, {"to": "district_my2", "reason": "x"}).status_code == 403
    client.force_login(applicant_my)
    assert client.post(url, {"to": "district_my2", "reason": "x"}).status_code == 404


@pytest.mark.parametrize("licence", [True, False], ids=["licence", "approval"])
def test_the_deciding_agencys_head_extends_the_decision_period_once_from_its_task(
    english, applicant_my, reviewer_my, head_my, head_forest, licence
):
    """Art. 42/43 (product.md §16 L2): the district of a two-tier route forwards without
    extension; the head of the agency that decides extends, once, from its own task. The
    confirmation cites art. 42 for a licence; a 批复's extends the committed time limit."""
    if licence:
        design_licensed()
    application = submitted(by=applicant_my)
    district_task = open_task(application)
    english.force_login(head_my)
    page = english.get(reverse("task-detail", args=[district_task.pk])).content.decode()
    assert 'id="extend"' not in page
    response = english.post(reverse("task-extend", args=[district_task.pk]), {"reason": "专家论证"})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="extend").exists()

    task_services.task_decide(
        task_id=district_task.pk, by=reviewer_my, decision="approve", opinion="同意"
    )
    task = open_task(application)
    page_url = reverse("task-detail", args=[task.pk])
    before = decision_clock_of(application).due_date
    english.force_login(head_forest)
    page = english.get(page_url).content.decode()
    assert 'id="extend"' in page
    card, other = (MSG_EXTEND_HELP, MSG_EXTEND_HELP_APPROVAL)[:: 1 if licence else -1]
    assert str(card % {"days": 10}) in page and str(other % {"days": 10}) not in page
    response = english.post(reverse("task-extend", args=[task.pk]), {"reason": "  "})
    assert response.status_code == 302  # back to the page, with the refusal in the messages
    assert not AuditEvent.objects.filter(action="extend").exists()
    # Issue 45: it is granted once, so the head confirms first (the reason read back).
    asked = english.post(reverse("task-extend", args=[task.pk]), {"reason": "需组织专家论证"})
    html = asked.content.decode()
    assert asked.status_code == 200 and 'data-confirm="1"' in html and "需组织专家论证" in html
    consequence = (MSG_CONFIRM_EXTEND_CONSEQUENCE, MSG_CONFIRM_EXTEND_CONSEQUENCE_APPROVAL)
    shown, other = consequence[:: 1 if licence else -1]
    assert str(shown % {"days": 10}) in html and str(other % {"days": 10}) not in html
    assert ("art. 42" in html) is licence
    assert not AuditEvent.objects.filter(action="extend").exists()
    response = english.post(
        reverse("task-extend", args=[task.pk]), {"reason": "需组织专家论证", "confirmed": "1"}
    )
    assert response.status_code == 302
    legal = DecisionClock.objects.get(application_id=application.pk)
    assert legal.extended_working_days == 10 and legal.due_date == add_working_days(before, 10)
    page = english.get(page_url).content.decode()
    assert str(MSG_EXTENDED % {"due": legal.due_date}) in page
    assert "Extended by 10 working days" in page and "需组织专家论证" in page
    assert 'id="extend"' not in page  # once
    again = english.post(reverse("task-extend", args=[task.pk]), {"reason": "再延"})
    assert again.status_code == 302  # not offered again: no confirmation, the service refuses
    assert AuditEvent.objects.filter(action="extend").count() == 1
    assert english.get(reverse("task-extend", args=[task.pk])).status_code == 405
