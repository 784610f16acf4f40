"""What a user may not see is 404 at every door (tests/test_every_url.py's routes and personas;
a module of its own so that pytest-xdist runs it beside the server-error probes)."""

import pytest
from django.core.management import call_command
from viewflow.workflow.models import Task

from permits.models import Application, Attachment
from tests.test_every_url import ADMINISTRATORS, PERSONAS, _client, _routes

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# The applications' classes each persona tries the doors on: one in this many.
DEALT_OVER = 3


def test_an_invisible_application_is_404_at_every_url():
    """product.md §6: an application the user may not see answers 404 everywhere, whatever the
    method — no page, download, sub-resource or action tells that it exists."""
    call_command("seed_demo", verbosity=0)
    routes = [
        r
        for r in _routes()
        if r.startswith(("applications/<int:pk>/", "api/v1/applications/<int:pk>/"))
    ]
    assert len(routes) > 10
    attachments = dict(Attachment.objects.values_list("application_id", "pk"))
    kinds = Application.objects.values_list("pk", "status", "kind")
    leaks: list[str] = []
    invisible = visible = 0
    classes = sorted({(status, kind) for _pk, status, kind in kinds})
    for offset, username in enumerate(PERSONAS[1:]):
        client = _client(username)

        def doors_tried(pk: int, client=client, username=username) -> None:
            for route in routes:
                path = "/" + route.replace("<int:pk>", str(pk)).replace(
                    "<int:attachment_id>", str(attachments.get(pk, 1))
                )
                for method in ("get", "post"):
                    status = getattr(client, method)(path, data={}).status_code
                    if status not in (404, 405):
                        leaks.append(f"{username} {method.upper()} {path}: {status}")

        # Every application's record is asked; the doors are tried on one invisible
        # application of a class (its status and kind): the same check answers for the others
        # (permits.access), and the record's own 404 is asked of each. The classes are dealt
        # out over the personas, every third to each from a place that moves with the persona
        # (and the first invisible one where none dealt is): each persona meets every door,
        # and over the personas each class does.
        dealt = {c for i, c in enumerate(classes) if (i + offset) % DEALT_OVER == 0}
        probed: set[tuple[str, str]] = set()
        first_unseen = None
        for pk, status, kind in kinds:
            if client.get(f"/api/v1/applications/{pk}/").status_code != 404:
                visible += 1
                if username in ADMINISTRATORS:  # an administrator reads no application
                    leaks.append(f"{username} sees application {pk}")
                continue
            invisible += 1
            first_unseen = first_unseen or pk
            if (status, kind) in probed or (status, kind) not in dealt:
                continue
            probed.add((status, kind))
            doors_tried(pk)
        if not probed and first_unseen is not None:
            doors_tried(first_unseen)
    assert invisible > 50 and visible > 10  # the probe saw both sides
    assert leaks == [], "\n".join(leaks[:50])


def test_a_task_page_that_is_404_is_404_at_every_task_door():
    """Task pages are for those who may act on or audit the step: whoever gets 404 on the page
    gets 404 on every other door of the same task, changes nothing, and sees it in no list."""
    call_command("seed_demo", verbosity=0)
    doors = ("/tasks/{pk}/claim/", "/tasks/{pk}/unclaim/", "/tasks/{pk}/reassign/") + tuple(
        f"/api/v1/tasks/{{pk}}/{action}/" for action in ("claim", "unclaim", "decide", "reassign")
    )
    leaks: list[str] = []
    checked = listed_total = 0
    for username in PERSONAS[1:]:
        client = _client(username)
        listed = {
            task["id"]
            for queue in ("inbox", "queue", "archive")
            for task in client.get(f"/api/v1/tasks/?queue={queue}").json().get("results", [])
        }
        listed_total += len(listed)
        # Every task's page is asked and every hidden task checked against the lists; the doors
        # are tried on one hidden task of each step and status (its class).
        probed: set[tuple[str, str]] = set()
        for task in Task.objects.filter(flow_task_type="HUMAN").order_by("pk"):
            if client.get(f"/tasks/{task.pk}/").status_code != 404:
                continue
            checked += 1
            if task.pk in listed:
                leaks.append(f"{username} sees task {task.pk} in a list")
            if (status := client.get(f"/api/v1/tasks/{task.pk}/").status_code) != 404:
                leaks.append(f"{username} GET /api/v1/tasks/{task.pk}/: {status}")
            if (task.flow_task.name, task.status) in probed:
                continue
            probed.add((task.flow_task.name, task.status))
            for door in doors:
                status = client.post(
                    door.format(pk=task.pk), data={"decision": "approve"}
                ).status_code
                if status != 404:
                    leaks.append(f"{username} POST {door.format(pk=task.pk)}: {status}")
    assert checked > 20 and listed_total > 5  # the probe saw both sides
    assert leaks == [], "\n".join(leaks[:50])
