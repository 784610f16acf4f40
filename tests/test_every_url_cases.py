"""The doors of issues 48/49 (the change patches, the enforcement cases, the licences, the
public penalties) × every persona × hostile requests, with the demo's real case, patch, layer,
document, file and licence ids (tests/test_every_url.py probes these routes with application ids
only, which name no case or patch): nothing gives a 5xx, and who does not see a case gets 404 at
every door of it."""

import pytest
from django.core.management import call_command

from documents.models import Licence
from enforcement.models import Case, CaseDocument, CaseFile
from forest_watch.models import Patch, PatchLayer
from tests.test_every_url import PERSONAS, _client, _hostile, _routes

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PREFIXES = (
    "api/v1/cases/",
    "api/v1/patches/",
    "api/v1/patch-layers/",
    "api/v1/licences/",
    "api/v1/public/penalties/",
    "cases/",
    "patches/",
)
ARGUMENTS = {
    "file": lambda: [*CaseFile.objects.values_list("pk", flat=True)[:2], 999999],
    "document": lambda: [*CaseDocument.objects.values_list("pk", flat=True)[:2], 999999],
    "identifier": lambda: [
        *Licence.objects.values_list("identifier", flat=True)[:2],
        "no-such-licence",
        "%E4%BA%AC" * 50,
    ],
}


def _ids(route: str) -> list:
    if "patch-layers" in route or "layer/" in route:
        return [*PatchLayer.objects.values_list("pk", flat=True)[:2], 999999]
    if "patches" in route:
        return [*Patch.objects.order_by("pk").values_list("pk", flat=True)[:3], 999999]
    return [*Case.objects.order_by("pk").values_list("pk", flat=True), 999999]


def _paths(route: str) -> list[str]:
    paths = ["/" + route]
    for name, values in (("<int:pk>", lambda: _ids(route)), *ARGUMENTS.items()):
        token = (
            name
            if name.startswith("<")
            else next((t for t in (f"<int:{name}>", f"<str:{name}>") if t in route), None)
        )
        if token and token in route:
            paths = [p.replace(token, str(v), 1) for p in paths for v in values()]
    return paths


def test_no_door_of_patches_cases_or_licences_gives_a_server_error():
    call_command("seed_demo", verbosity=0)
    routes = [r for r in _routes() if r.startswith(PREFIXES)]
    assert len(routes) > 20 and Case.objects.exists() and Patch.objects.exists()
    failures = []
    for offset, username in enumerate(PERSONAS):
        client = _client(username)
        for route in routes:
            paths = _paths(route)
            # Every object gets a plain GET (each case's page rendered); the hostile variants
            # go to one of them, a different one for each persona (as probe_server_errors deals
            # them out): every variant reaches every door for every persona, and over the
            # personas every object, without sending each variant to each of the demo's cases.
            hostile = paths[offset % len(paths)]
            requests = [(path, "get", {}) for path in paths]
            requests += [(hostile, method, kwargs) for method, kwargs in _hostile(hostile)]
            for path, method, kwargs in requests:
                status = getattr(client, method)(path, **kwargs).status_code
                if status >= 500:
                    failures.append(f"{username} {method.upper()} {path}: {status}")
    assert failures == [], "\n".join(failures[:50])


def test_a_case_not_seen_is_404_at_every_door():
    call_command("seed_demo", verbosity=0)
    routes = [r for r in _routes() if r.startswith(("api/v1/cases/<int:pk>/", "cases/<int:pk>/"))]
    leaks, unseen = [], 0
    for username in PERSONAS[1:]:
        client = _client(username)
        # Two cases the persona does not see, at every door (the doors do not tell one unseen
        # case from another: the visibility is asked before anything else).
        tried = 0
        for case in Case.objects.order_by("pk"):
            if tried == 2 or client.get(f"/api/v1/cases/{case.pk}/").status_code != 404:
                continue
            unseen, tried = unseen + 1, tried + 1
            for route in routes:
                for path in _paths(route.replace("<int:pk>", str(case.pk))):
                    for method in ("get", "post"):
                        status = getattr(client, method)(path, data={}).status_code
                        if status not in (404, 405):
                            leaks.append(f"{username} {method.upper()} {path}: {status}")
    assert unseen > 5
    assert leaks == [], "\n".join(leaks[:50])
