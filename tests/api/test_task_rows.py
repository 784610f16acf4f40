"""A page of the task list is written from rows (``TASK_ROW_LOOKUPS``), a single task from its
model instance: both must say what the serializers of the instance and its application say."""

import json

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from viewflow.workflow.models import Task

from api.serializers.base import AgencyRefSerializer, ApplicationSummarySerializer
from api.serializers.tasks import TaskSerializer
from tests.factories import decide, open_task_of, submit_accepted, tending_draft
from workflows.selectors import task_deadline
from workflows.services import task_agency, task_claim, task_step

from .helpers import API, tasks


def reference(task: Task) -> dict:
    """The task as DRF's fields write its instance, field by field."""
    deadline = task_deadline(task)
    data = task.data or {}
    when = serializers.DateTimeField()
    written = {
        "id": task.pk,
        "application": ApplicationSummarySerializer(task.process.permitprocess.application).data,
        "step": task_step(task).value,
        "agency": AgencyRefSerializer(task_agency(task)).data,
        "status": str(task.status).lower(),
        "created": when.to_representation(task.created),
        **{name: deadline[name] for name in ("due_date", "working_days_left")},
        **{name: deadline[name] for name in ("paused", "overdue")},
        "owner": task.owner.username if task.owner else None,
        "finished": when.to_representation(task.finished) if task.finished else None,
        "decision": data.get("decision"),
        "opinion": data.get("opinion"),
        "filing": task.process.permitprocess.filing_id,
        "permit_request": task.process.permitprocess.permit_request_id,
    }
    return json.loads(JSONRenderer().render(written))


@pytest.fixture
def three_tasks(applicant_my, reviewer_my):
    """One task in the queue, one claimed (the inbox), one decided with an opinion (the archive)."""
    queued, claimed, decided = (
        submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
        for _ in range(3)
    )
    decide(decided, reviewer_my, opinion="同意，按设计施工")
    task_claim(task_id=open_task_of(claimed).pk, by=reviewer_my)
    return queued, claimed, decided


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_every_queue_writes_its_rows_as_the_instances_serializers_do(
    zone, client_for, reviewer_my, three_tasks
):
    client = client_for(reviewer_my)
    with timezone.override(zone):
        for queue in ("queue", "inbox", "archive"):
            listed = tasks(client, queue)
            assert listed, queue
            for item in listed:
                task = Task.objects.get(pk=item["id"])
                assert item == reference(task), queue
                assert item == json.loads(JSONRenderer().render(TaskSerializer(task).data))
    archived = tasks(client, "archive")
    decisions = sorted((t["step"], t["decision"], t["opinion"]) for t in archived)
    assert decisions == [
        *[("acceptance", "accept", "予以受理")] * 3,  # the reviewer accepted all three first
        ("district_review", "approve", "同意，按设计施工"),
    ]
    assert [t["owner"] for t in tasks(client, "inbox")] == [reviewer_my.username]


def test_the_rows_keep_the_serializers_field_order(client_for, reviewer_my, three_tasks):
    [item] = tasks(client_for(reviewer_my), "queue")
    assert list(item) == list(TaskSerializer().fields)
    assert list(item["application"]) == list(ApplicationSummarySerializer().fields)


def test_a_filtered_page_counts_only_its_own_tasks(client_for, reviewer_my, three_tasks):
    response = client_for(reviewer_my).get(f"{API}/tasks/?queue=queue&kind=tending")
    assert response.status_code == 200
    assert response.json()["count"] == len(response.json()["results"]) == 1
    response = client_for(reviewer_my).get(f"{API}/tasks/?queue=queue&kind=introduction")
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}
