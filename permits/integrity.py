"""Each application's record, held against the trail that vouches for it (product.md §7): a
database owner's edit of an application, found by ``manage.py audit_verify``. Registered with
the trail's binding checks (``audit.bindings``) when the app is ready."""

import json
from collections.abc import Iterator

from django.db.models import OuterRef, Subquery

from audit.bindings import Unbound
from audit.canonical import canonical_json
from audit.models import AuditEvent
from audit.offline import facts_differing

from .choices import EDITABLE_STATUSES
from .facts import application_snapshot
from .models import Application


def facts_unbound() -> Iterator[Unbound]:
    """Each application whose status is not the one its latest event led to, or whose facts
    are not those of its latest hashed snapshot while it is not open for revision: what a
    database owner's edit of an application leaves (``manage.py audit_verify``; the case file's
    verifier applies the same rule, ``audit.offline.facts_differing``). One query for the
    events, then each application's record as a snapshot (a command's work, not a request's)."""
    events = AuditEvent.objects.filter(application_id=OuterRef("pk")).order_by("-seq")
    applications = Application.objects.annotate(
        hashed_seq=Subquery(
            events.exclude(snapshot__isnull=True).exclude(snapshot={}).values("seq")[:1]
        ),
        reached_seq=Subquery(events.exclude(to_status="").values("seq")[:1]),
    ).order_by("pk")
    for application in applications.iterator(chunk_size=500):
        if application.reached_seq is not None:
            reached = AuditEvent.objects.values_list("to_status", flat=True).get(
                seq=application.reached_seq
            )
            if reached != application.status:
                problem = f"its status {application.status!r} is not {reached!r}"
                yield Unbound(application.reference, application.reached_seq, problem)
                continue
        if application.hashed_seq is None:
            continue
        snapshot = AuditEvent.objects.values_list("snapshot", flat=True).get(
            seq=application.hashed_seq
        )
        if not isinstance(snapshot, dict):
            continue
        record = json.loads(canonical_json(application_snapshot(application.detail)))
        differing = facts_differing(record, snapshot)
        if differing and application.status not in EDITABLE_STATUSES:
            problem = f"its facts {differing} are not those the event hashed"
            yield Unbound(application.reference, application.hashed_seq, problem)
