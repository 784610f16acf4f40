"""The reviewer's and approver's pages: queue, task page, claim, decide, conflicts, revoke."""

import pytest
from django.urls import reverse

from permits.choices import Status, Step
from permits.models import Application
from roles.models import Role
from tests.factories import hear_holder
from workflows import services as task_services
from workflows.services import MSG_OPINION_REQUIRED, MSG_TASK_DONE, MSG_TASK_TAKEN

from ..factories import member
from .helpers import approved, open_task, return_post, submitted, submitted_as

pytestmark = pytest.mark.django_db


def test_queue_shows_the_claimable_task(client, applicant_my, reviewer_my):
    application = submitted(by=applicant_my)
    client.force_login(reviewer_my)

    response = client.get(reverse("tasks:index"), {"queue": "queue"})

    html = response.content.decode()
    assert response.status_code == 200
    assert application.reference in html
    assert application.title in html
    assert reverse("task-detail", args=[open_task(application).pk]) in html
    row = response.context["rows"][0]
    assert row["step"] == Step.DISTRICT_REVIEW.label
    assert row["due_date"] and row["overdue"] is False


def test_queue_defaults_to_claimable_when_inbox_is_empty(client, applicant_my, reviewer_my):
    submitted(by=applicant_my)
    client.force_login(reviewer_my)
    assert client.get(reverse("tasks:index")).context["queue"] == "queue"


def test_the_queue_counts_its_tab_once_and_a_filtered_list_apart(client, applicant_my, reviewer_my):
    """Unfiltered, the page's count is the tab's (counted once); a filter counts what it keeps."""
    submitted(by=applicant_my)
    submitted_as(kind="occupation", by=applicant_my)
    client.force_login(reviewer_my)

    page = client.get(reverse("tasks:index"), {"queue": "queue", "ordering": "-created"})
    tabs = {queue: count for queue, _label, count in page.context["tabs"]}
    assert tabs["queue"] == page.context["page_obj"].paginator.count == 2
    assert len(page.context["rows"]) == 2
    kept = client.get(reverse("tasks:index"), {"queue": "queue", "kind": "occupation"})
    assert kept.context["page_obj"].paginator.count == len(kept.context["rows"]) == 1
    assert {q: n for q, _label, n in kept.context["tabs"]}["queue"] == 2
    inbox = client.get(reverse("tasks:index"), {"queue": "inbox"})
    assert inbox.context["page_obj"].paginator.count == 0 and inbox.context["rows"] == []


def test_the_queue_sorts_by_due_date_unless_told_otherwise(
    client, applicant_my, reviewer_my, time_machine
):
    """product.md §11: the step due soonest comes first; "oldest first" is a choice."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.factories import accept, tending_draft

    beijing = ZoneInfo("Asia/Shanghai")
    time_machine.move_to(datetime(2026, 10, 9, 10, tzinfo=beijing), tick=False)
    early = task_services.application_submit(
        application=tending_draft(by=applicant_my), by=applicant_my
    )
    accept(early)  # district review, its task created first and due later
    time_machine.move_to(datetime(2026, 10, 12, 10, tzinfo=beijing), tick=False)
    waiting = task_services.application_submit(
        application=tending_draft(by=applicant_my), by=applicant_my
    )  # acceptance: 5 working days
    client.force_login(reviewer_my)

    def order(**query):
        page = client.get(reverse("tasks:index"), {"queue": "queue", **query})
        return [row["application"].pk for row in page.context["rows"]]

    due = {
        row["application"].pk: row["due_date"]
        for row in client.get(reverse("tasks:index"), {"queue": "queue"}).context["rows"]
    }
    assert due[waiting.pk] < due[early.pk]
    assert order() == [waiting.pk, early.pk]
    assert order(q="") == [waiting.pk, early.pk]
    assert order(ordering="created") == [early.pk, waiting.pk]
    assert order(ordering="-due_date") == [early.pk, waiting.pk]


def test_claim_then_the_task_is_in_my_inbox(client, applicant_my, reviewer_my):
    application = submitted(by=applicant_my)
    task = open_task(application)
    client.force_login(reviewer_my)

    client.post(reverse("task-claim", args=[task.pk]))

    inbox = client.get(reverse("tasks:index"), {"queue": "inbox"})
    assert [row["task"].pk for row in inbox.context["rows"]] == [task.pk]
    client.post(reverse("task-unclaim", args=[task.pk]))
    assert open_task(application).owner_id is None


def test_decide_needs_an_opinion_to_return(english, client, applicant_my, reviewer_my):
    application = submitted(by=applicant_my)
    task = open_task(application)
    client.force_login(reviewer_my)

    response = client.post(reverse("task-detail", args=[task.pk]), return_post(opinion=""))

    assert response.status_code == 200
    assert response.context["decision_form"].errors["opinion"] == [str(MSG_OPINION_REQUIRED)]
    assert str(MSG_OPINION_REQUIRED) in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.DISTRICT_REVIEW


def test_return_with_opinion(client, applicant_my, reviewer_my):
    application = submitted(by=applicant_my)
    client.force_login(reviewer_my)

    response = client.post(
        reverse("task-detail", args=[open_task(application).pk]),
        return_post("请补充小班调查表。", [("attachment:design_document", "补充小班调查表")]),
    )

    assert response.url == reverse("tasks:index")
    assert Application.objects.get(pk=application.pk).status == Status.RETURNED


def test_approve_forwards_to_municipal_review(client, applicant_my, reviewer_my, approver):
    application = submitted(by=applicant_my)
    task = open_task(application)
    client.force_login(reviewer_my)

    page = client.get(reverse("task-detail", args=[task.pk]))
    assert page.context["can_act"]
    client.post(reverse("task-detail", args=[task.pk]), {"decision": "approve", "opinion": "同意"})

    assert Application.objects.get(pk=application.pk).status == Status.MUNICIPAL_REVIEW
    archive = client.get(reverse("tasks:index"), {"queue": "archive"})
    # Newest first: this review, then the acceptance the same reviewer decided before it.
    assert [row["task"].pk for row in archive.context["rows"]][0] == task.pk
    assert [row["step"] for row in archive.context["rows"]] == ["区级审核", "受理"]
    client.force_login(approver)
    queue = client.get(reverse("tasks:index"), {"queue": "queue"})
    assert application.reference in queue.content.decode()


def test_second_decision_is_a_message_not_a_crash(english, client, applicant_my, reviewer_my):
    application = submitted(by=applicant_my)
    task = open_task(application)
    client.force_login(reviewer_my)
    url = reverse("task-detail", args=[task.pk])
    client.post(url, {"decision": "approve", "opinion": "同意"})

    response = client.post(url, {"decision": "reject", "opinion": "不同意"}, follow=True)

    assert response.status_code == 200
    assert str(MSG_TASK_DONE) in response.content.decode()
    assert not response.context["can_act"]


def test_task_claimed_by_a_colleague(english, client, applicant_my, reviewer_my):
    colleague = member(role=Role.REVIEWER, agency_code="110118-forestry", username="district_my2")
    application = submitted(by=applicant_my)
    task = open_task(application)
    task_services.task_claim(task_id=task.pk, by=colleague)
    client.force_login(reviewer_my)

    page = client.get(reverse("task-detail", args=[task.pk]))
    assert not page.context["can_act"]
    response = client.post(
        reverse("task-detail", args=[task.pk]),
        {"decision": "approve", "opinion": ""},
        follow=True,
    )

    assert str(MSG_TASK_TAKEN) in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.DISTRICT_REVIEW


def test_decided_task_of_another_step_is_read_only(client, applicant_my, reviewer_my, approver):
    """The approver sees the application once it reaches them, and the district task read-only."""
    application = submitted(by=applicant_my)
    district_task = open_task(application)
    task_services.task_decide(task_id=district_task.pk, by=reviewer_my, decision="approve")
    client.force_login(approver)

    page = client.get(reverse("task-detail", args=[district_task.pk]))
    assert page.status_code == 200
    assert not page.context["can_act"]


def test_approver_revokes_with_a_reason(english, client, applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    client.force_login(approver)
    url = reverse("application-detail", args=[application.pk])
    assert "revoke" not in client.get(url).context["actions"]  # the holder not heard yet
    hear_holder(application, approver, ground="fraud")
    page = client.get(url)
    assert "revoke" in page.context["actions"]
    html = page.content.decode()
    assert 'data-revoke-ground="fraud"' in html and "第六十九条第二款" in html

    revoke = reverse("application-revoke", args=[application.pk])
    refused = client.post(revoke, {"ground": "fraud", "reason": ""})
    assert refused.context["revoke_form"].errors["reason"] == ["This field is required."]
    # Another ground than the one the holder was heard on changes nothing.
    other = {"ground": "abuse_of_power", "reason": "违规", "confirmed": "1"}
    told = client.post(revoke, other, follow=True)
    assert "Tell the holder the intended act on this ground" in told.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.APPROVED

    body = {"ground": "fraud", "reason": "经复核，申辩理由不能成立。"}
    confirmation = client.post(revoke, body)  # the confirmation page keeps the ground
    assert 'name="ground" value="fraud"' in confirmation.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.APPROVED
    client.post(revoke, {**body, "confirmed": "1"})
    assert Application.objects.get(pk=application.pk).status == Status.REVOKED


def test_reviewer_of_the_district_cannot_revoke(client, applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    client.force_login(reviewer_my)

    page = client.get(reverse("application-detail", args=[application.pk]))
    assert "revoke" not in page.context["actions"]
    response = client.post(reverse("application-revoke", args=[application.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert Application.objects.get(pk=application.pk).status == Status.APPROVED


def test_queue_search_finds_reference_title_and_applicant(client, applicant_my, reviewer_my):
    """Issue 26 item 10: the queue searches the reference, the title and the applicant, and
    shows the applicant organisation in a column of its own."""
    first = submitted(by=applicant_my, title="黑山寺抚育作业设计")
    second = submitted(by=applicant_my, title="南山间伐作业设计")
    client.force_login(reviewer_my)

    def found(q):
        page = client.get(reverse("tasks:index"), {"queue": "queue", "q": q})
        assert page.status_code == 200
        return {row["application"].pk for row in page.context["rows"]}

    assert found(first.reference) == {first.pk}
    assert found("黑山寺") == {first.pk}
    assert found("国有林场") == {first.pk, second.pk}
    assert found("延庆") == set()
    page = client.get(reverse("tasks:index"), {"queue": "queue"})
    html = page.content.decode()
    assert "申请单位" in html and "密云区国有林场" in html
    assert 'name="q"' in html and 'type="search"' in html
    # A search narrows the count too; a search too long is a field error, not a 500.
    assert (
        client.get(reverse("tasks:index"), {"queue": "queue", "q": "黑山寺"})
        .context["page_obj"]
        .paginator.count
        == 1
    )
    long = client.get(reverse("tasks:index"), {"queue": "queue", "q": "x" * 500})
    assert long.status_code == 200 and long.context["filter_form"].errors["q"]


def test_the_heads_view_shows_who_claimed_each_task(
    client, applicant_my, reviewer_my, reviewer_my2, head_my
):
    claimed = submitted(by=applicant_my, title="松山抚育甲")
    submitted(by=applicant_my, title="松山抚育乙")
    task_services.task_claim(task_id=open_task(claimed).pk, by=reviewer_my)
    client.force_login(head_my)

    page = client.get(reverse("tasks:index"), {"queue": "agency"})
    html = page.content.decode()
    assert "认领人" in html
    assert (reviewer_my.get_full_name() or reviewer_my.username) in html
    assert "未认领" in html
    client.force_login(reviewer_my2)
    assert "认领人" not in client.get(reverse("tasks:index"), {"queue": "queue"}).content.decode()


def test_the_folded_filters_open_when_one_is_set(client, applicant_my, reviewer_my):
    submitted(by=applicant_my)
    client.force_login(reviewer_my)
    plain = client.get(reverse("tasks:index"), {"queue": "queue"}).content.decode()
    assert '<details class="permits-filters" data-open-wide>' in plain
    narrowed = client.get(reverse("tasks:index"), {"queue": "queue", "kind": "tending"})
    assert '<details class="permits-filters" data-open-wide open>' in narrowed.content.decode()
    searched = client.get(reverse("tasks:index"), {"queue": "queue", "q": "抚育"})
    assert "data-open-wide>" in searched.content.decode()  # the search is never folded
