"""The audit CSV (product.md §13, api.md "Audit"): one export for both doors, the workspace's
"Export CSV" (``web.audit``) and ``GET /api/v1/audit/events/?format=csv`` (``api.views``).

Two forms of the same columns and rows, chosen by ``columns``:

- ``labels`` (the default): what an auditor opens in a spreadsheet: the headers in the reader's
  language (Chinese by default), and actions, statuses and roles as their labels
  (``audit.labels``);
- ``codes``: what a program reads: the headers are the event's field names as api.md names
  them, nested ones flattened (``actor.username``), and the values are the codes the JSON
  list gives.

Times are ISO 8601 in Asia/Shanghai with their offset (``core.localtime``) in both forms.
Rows are read as tuples in chunks (constant memory) and written without a serializer per row,
which cost more than everything else (bench/audit_bench.py). ``core.csvexport.csv_lines``
quotes the cells a spreadsheet would read as formulas.
"""

import json
from collections.abc import Callable, Iterator
from typing import Literal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.localtime import site_zone
from roles.models import Role

from . import labels
from .models import AuditEvent

Form = Literal["labels", "codes"]
FORMS: tuple[Form, ...] = ("labels", "codes")

# (field name as api.md's event names it, heading a person reads), in the order of the row.
COLUMNS = (
    ("seq", _("Sequence number")),
    ("at", _("Time (Beijing time)")),
    ("actor.id", _("Person's ID")),
    ("actor.username", _("User name")),
    ("actor.display_name", _("Person's name")),
    ("agency.code", _("Agency code")),
    ("agency.name", _("Agency")),
    ("acting_body.code", _("Acting body's code")),
    ("acting_body.name", _("Acting body")),
    ("role", _("Role")),
    ("application.id", _("Application ID")),
    ("application.reference", _("Reference")),
    ("action", _("Action")),
    ("from_status", _("Status before")),
    ("to_status", _("Status after")),
    ("opinion", _("Opinion")),
    ("details", _("Details")),
    ("prev_hash", _("Previous event's hash")),
    ("hash", _("Hash")),
)

# What one row reads of an event, in the order of its columns: the model's field for each
# (``actor.id`` is ``actor_id``): the event's fields are flat, as its hash covers them. Then the
# application's organisation, which names a holder's act recorded before events named it.
FIELDS = tuple(
    key.replace(".", "_") for key, _label in COLUMNS if not key.startswith("acting_body.")
)
ORGANISATION_FIELDS = (
    "application__organisation__unified_credit_code",
    "application__organisation__name",
)


def acting_body(
    role: str, details: object, agency: tuple[str, str], organisation: tuple[str, str]
) -> tuple[str, str]:
    """The (code, name) of the body an act is attributed to, the trail's 机构: the agency's for
    an official's act; for a holder's (role ``applicant``), the organisation the holder acted
    for, as the event names it (``details["organisation"]``) or, for an event recorded before
    events named it, the application's organisation (an application never changes hands)."""
    if role != Role.APPLICANT:
        return agency
    named = details.get("organisation") if isinstance(details, dict) else None
    if isinstance(named, dict):
        return str(named.get("credit_code", "")), str(named.get("name", ""))
    code, name = organisation
    return (code or "", name) if name else agency


def audit_csv_header(form: Form = "labels") -> list[str]:
    if form == "codes":
        return [key for key, _label in COLUMNS]
    return [str(label) for _key, label in COLUMNS]


def _as_is(code: str | None) -> str:
    return code or ""


def _code_as_is(code: str | None, details: object) -> str:
    return code or ""


def audit_csv_rows(events: QuerySet[AuditEvent], form: Form = "labels") -> Iterator[list[object]]:
    """The header, then one row per event of ``events`` (already filtered for its reader)."""
    header: list[object] = [*audit_csv_header(form)]
    yield header
    zone = site_zone()
    details_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    action: Callable[[str | None, object], str] = _code_as_is
    status: Callable[[str | None], str] = _as_is
    role: Callable[[str | None], str] = _as_is
    if form == "labels":
        action, status, role = (
            labels.lookup_event_action(),
            labels.lookup("status"),
            labels.lookup("role"),
        )
    for row in events.values_list(*FIELDS, *ORGANISATION_FIELDS).iterator(chunk_size=5000):
        (
            seq, time, actor_id, username, display_name, agency_code, agency_name, role_code,
            application_id, reference, action_code, from_status, to_status, opinion, details,
            prev_hash, event_hash, organisation_code, organisation_name,
        ) = row  # fmt: skip
        body_code, body_name = acting_body(
            role_code,
            details,
            (agency_code, agency_name if agency_code else ""),
            (organisation_code, organisation_name),
        )
        yield [
            seq,
            time.astimezone(zone).isoformat(),
            "" if actor_id is None else actor_id,
            username,
            display_name,
            agency_code or "",
            agency_name if agency_code else "",
            body_code,
            body_name,
            role(role_code),
            "" if application_id is None else application_id,
            reference if application_id else "",
            action(action_code, details),
            status(from_status),
            status(to_status),
            opinion,
            details_json(details),
            prev_hash,
            event_hash,
        ]
