"""Every URL × every role × hostile requests: nothing a user sends gives a 5xx.

The URL list is read from the resolver, so a new page or endpoint is probed without anyone
adding it here. Arguments come from the demo data (``seed_demo``): real applications, tasks,
attachments and documents of every state, other people's objects, and nonsense.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from viewflow.workflow.models import Task

from documents.models import Certificate
from permits.models import Application, Attachment

# Slow (minutes, the first above all): make test and CI run them, make test-fast does not.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PERSONAS = (
    None,  # anonymous
    "applicant_my",
    "applicant_corp",
    "district_my",
    "district_yq",
    "muni_forest",
    "muni_plan",
    "auditor_bj",
    "auditor_tj",
    "head_my",
    "district_my2",
    "admin",
)
CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
DEEP_JSON = "[" * 5000 + "]" * 5000
BAD_JSON = '{"title": "\\u0000", "x": 1e400}'
HOSTILE_FORM = {
    "reason": "\x00",
    "opinion": "=cmd|' /C calc'!A0",
    "decision": "approve",
    "title": "x" * 100_000,
    "q": "\x00",
}


def _walk(patterns, prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _routes() -> list[str]:
    routes = []
    for route in _walk(get_resolver().url_patterns):
        route = route.lstrip("^").rstrip("$").replace("\\Z", "")
        # Regex routes (the admin's app index) get one plain spelling.
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)
        routes.append(route)
    return sorted(set(routes))


def _candidates(name: str, conv: str | None, route: str) -> list[str]:
    if route.startswith("admin/"):
        return ["1", "999999", "abc"]
    if name == "pk" and "tasks" in route:
        return [str(pk) for pk in _sample(Task.objects.order_by("pk"), 6)] + ["999999"]
    if name in ("pk", "application_id"):
        return [str(pk) for pk in _one_per_status()] + ["999999"]
    if name == "task_id":
        return [str(pk) for pk in _sample(Task.objects.order_by("pk"), 6)] + ["999999"]
    if name == "attachment_id":
        return [str(pk) for pk in _sample(Attachment.objects.order_by("pk"), 3)] + ["999999"]
    if name == "document_id":
        return [str(pk) for pk in _sample(Certificate.objects.order_by("pk"), 3)] + ["999999"]
    if name == "number":
        numbers = [c.number for c in Certificate.objects.order_by("pk")[:3]]
        return numbers + ["no-such-number", "a%00", "%E4%BA%AC" * 50]
    if name == "kind":
        return ["tending", "occupation", "introduction", "bogus"]
    return ["x"]


def _sample(queryset, n: int) -> list[int]:
    pks = list(queryset.values_list("pk", flat=True))
    step = max(1, len(pks) // n)
    return pks[::step][:n]


def _one_per_status() -> list[int]:
    seen: dict[tuple[str, str], int] = {}
    for pk, status, kind in Application.objects.order_by("pk").values_list("pk", "status", "kind"):
        seen.setdefault((status, kind), pk)
    return sorted(seen.values())


def _expand(route: str) -> list[str]:
    paths = [route]
    for match in CONVERTER.finditer(route):
        values = _candidates(match["name"], match["conv"], route)
        paths = [p.replace(match.group(0), v, 1) for p in paths for v in values]
    return ["/" + p for p in paths]


def _client(username: str | None) -> Client:
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def test_no_url_gives_a_server_error_to_any_role():
    call_command("seed_demo", verbosity=0)
    routes = _routes()
    assert any(r.startswith("api/v1/applications/") for r in routes)
    failures: list[str] = []
    for username in PERSONAS:
        for route in routes:
            if route.startswith("admin/") and username not in (None, "admin", "district_my"):
                continue
            client = _client(username)  # a fresh login: the previous route may have been logout
            for path in _expand(route):
                for method, kwargs in _requests(path):
                    response = getattr(client, method)(path, **kwargs)
                    if response.status_code >= 500:
                        status = response.status_code
                        failures.append(f"{username} {method.upper()} {path}: {status}")
    assert failures == [], "\n".join(failures[:50])


def _requests(path: str) -> list[tuple[str, dict]]:
    requests: list[tuple[str, dict]] = [
        ("get", {}),
        ("get", {"data": {"q": "\x00", "status": "x" * 300, "page": "-1", "format": "csv"}}),
        ("post", {"data": HOSTILE_FORM}),
    ]
    if path.startswith("/api/"):
        requests += [
            ("post", {"data": DEEP_JSON, "content_type": "application/json"}),
            ("patch", {"data": BAD_JSON, "content_type": "application/json"}),
        ]
    return requests


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
    leaks: list[str] = []
    invisible = visible = 0
    for username in PERSONAS[1:]:
        client = _client(username)
        for pk in Application.objects.values_list("pk", flat=True):
            if client.get(f"/api/v1/applications/{pk}/").status_code != 404:
                visible += 1
                continue
            invisible += 1
            for route in routes:
                path = "/" + route.replace("<int:pk>", str(pk)).replace(
                    "<int:attachment_id>", str(attachments.get(pk, 1))
                )
                for method in ("get", "post"):
                    status = getattr(client, method)(path, data={}).status_code
                    if status not in (404, 405):
                        leaks.append(f"{username} {method.upper()} {path}: {status}")
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
        for task in Task.objects.filter(flow_task_type="HUMAN"):
            if client.get(f"/tasks/{task.pk}/").status_code != 404:
                continue
            checked += 1
            if task.pk in listed:
                leaks.append(f"{username} sees task {task.pk} in a list")
            for door in doors:
                status = client.post(
                    door.format(pk=task.pk), data={"decision": "approve"}
                ).status_code
                if status != 404:
                    leaks.append(f"{username} POST {door.format(pk=task.pk)}: {status}")
    assert checked > 20 and listed_total > 5  # the probe saw both sides
    assert leaks == [], "\n".join(leaks[:50])
