"""Every URL × every role × hostile requests: nothing a user sends gives a 5xx.

Each route is probed for each persona with each hostile variant; the objects a variant goes to
are sampled (``probe_server_errors``), not crossed with every variant: the probe kept its reach
and sends about a third of the requests it sent when it crossed them (issue 44).

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
from public.models import Report, ReportPhoto

# Slow (minutes): make test and CI run them, make test-fast does not. The probes are spread over
# three modules (this one, test_every_url_officials.py, test_every_url_hidden.py) so that
# pytest-xdist, which keeps a module on one worker, runs them side by side.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ADMINISTRATORS = ("sysadmin", "secadmin", "auditadmin")
# The first six are probed here, the rest in test_every_url_officials.py.
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
    # The three administrators (三员分立, issue 47): the admin's pages are probed for them too.
    *ADMINISTRATORS,
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
    if name == "pk" and route.startswith(("reports/", "api/v1/reports/")):
        return [str(pk) for pk in Report.objects.order_by("pk").values_list("pk", flat=True)] + [
            "999999"
        ]
    if name == "photo":
        return [str(pk) for pk in ReportPhoto.objects.values_list("pk", flat=True)[:2]] + ["999999"]
    if name == "code":
        codes = list(Report.objects.order_by("pk").values_list("tracking_code", flat=True)[:2])
        return [*codes, "not-a-code", "%E4%BA%AC" * 20]
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


def _hostile(path: str) -> list[tuple[str, dict]]:
    """The hostile variants of ``path``: every request of ``_requests`` but the plain GET."""
    return _requests(path)[1:]


def probe_server_errors(personas: tuple[str | None, ...]) -> None:
    """Every route × the given personas × hostile requests: none answers 5xx.

    The reach is every route × every persona × every hostile variant; what is sampled is the
    objects a variant is sent to. Every object of a route (one application per status and kind,
    tasks, documents…) gets a plain GET: each state's page is rendered. The hostile variants are
    dealt out over the objects in turn, from a place that moves with the persona, so each
    variant reaches every route for every persona and, over the personas, every object. A
    method a route answers 405 to is not sent to its other objects: Django and DRF decide it
    from the view before any object is read."""
    call_command("seed_demo", verbosity=0)
    routes = _routes()
    assert any(r.startswith("api/v1/applications/") for r in routes)
    failures: list[str] = []
    sent = 0
    for offset, username in enumerate(personas):
        for route in routes:
            admin_probed = (None, "admin", "district_my", *ADMINISTRATORS)
            if route.startswith("admin/") and username not in admin_probed:
                continue
            client = _client(username)  # a fresh login: the previous route may have been logout
            not_allowed: set[str] = set()
            paths = _expand(route)
            variants = _hostile(paths[0])
            for index, path in enumerate(paths):
                chosen = [("get", {})]
                if len(paths) == 1:
                    chosen += variants
                else:
                    chosen.append(variants[(index + offset) % len(variants)])
                    if index == 0:  # the first object gets them all: no variant left out
                        chosen = [("get", {}), *variants]
                for method, kwargs in chosen:
                    if method in not_allowed:
                        continue
                    response = getattr(client, method)(path, **kwargs)
                    sent += 1
                    if response.status_code == 405:
                        not_allowed.add(method)
                    if response.status_code >= 500:
                        status = response.status_code
                        failures.append(f"{username} {method.upper()} {path}: {status}")
    assert sent > 1000 * len(personas) // 2  # the probe reached the routes
    assert failures == [], "\n".join(failures[:50])


def test_no_url_gives_a_server_error_to_the_public_applicants_or_district_officials():
    probe_server_errors(PERSONAS[:6])


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
