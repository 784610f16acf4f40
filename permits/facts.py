"""The facts of an application as plain data: what rules read and what the audit snapshots."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from core.masking import facts_masked

from .choices import AGENCY_ATTACHMENT_KINDS, Kind
from .models import (
    APPLICATION_FIELDS,
    APPLICATION_RELATIONS,
    Application,
    Attachment,
    InvasiveSpecies,
)
from .plans import plan_facts
from .readmemo import ATTACHMENTS, remember, remembered
from .screening import screening_facts, screening_record

# The shared row's facts: its identity and status, then what the applicant states on it.
COMMON_FIELDS = (
    "kind",
    "reference",
    "status",
    *(f"{name}_id" if name in APPLICATION_RELATIONS else name for name in APPLICATION_FIELDS),
)


def detail_field_names(model_or_instance: type[models.Model] | models.Model) -> list[str]:
    """The type's own fields (those of the child model, not the shared Application ones) that
    the applicant fills in: not those the approval sets (``editable=False``)."""
    model = model_or_instance if isinstance(model_or_instance, type) else type(model_or_instance)
    return [
        f.name
        for f in model._meta.get_fields(include_parents=False)
        if f.concrete and not f.auto_created and not f.is_relation and f.editable
    ]


def _attachments(detail: Application) -> list[dict[str, Any]]:
    """The applicant's attachments' ids, kinds, names and hashes, in upload order; read once per
    ``read_once`` block (``attachment_add`` forgets them). The agency's own files (a site check's,
    a special procedure's result) are not the applicant's materials: the events of those acts
    record them."""
    return remembered(
        (ATTACHMENTS, detail.pk),
        lambda: [
            dict(row)
            for row in Attachment.objects.filter(application_id=detail.pk)
            .exclude(kind__in=AGENCY_ATTACHMENT_KINDS)
            .values("id", "kind", "name", "sha256")
        ],
    )


def attachments_none_yet(detail: Application) -> None:
    """``detail`` was created in this transaction: it has no attachments, which the rest of the
    ``read_once`` block (the creation's record) then need not ask (issue 44 item 7)."""
    remember((ATTACHMENTS, detail.pk), [])


def application_facts(detail: Application) -> dict[str, Any]:
    facts = {name: getattr(detail, name) for name in (*COMMON_FIELDS, *detail_field_names(detail))}
    facts["attachment_kinds"] = frozenset(a["kind"] for a in _attachments(detail))
    if detail.kind == Kind.INTRODUCTION:
        # Rule S1 reads the administrators' list of key invasive species.
        facts["invasive_species"] = tuple(
            InvasiveSpecies.objects.filter(active=True).values(
                "scientific_name", "chinese_name", "synonyms", "source"
            )
        )
    return facts


def rule_facts(detail: Application, *, declared: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the policy rules read: the application's facts (``declared``, when the caller has
    read them) with the screening's over them (the effective protection class, the registry's
    forest origin, the zones, the 小班 and their holders, the overlaps)."""
    facts = {**(application_facts(detail) if declared is None else declared)}
    facts.update(screening_facts(detail))
    facts.update(_applicant_facts(detail, facts))
    if detail.kind == Kind.TENDING:
        # Rule T7 reads the annual plan of the work's year (product.md §19 P4).
        facts.update(
            plan_facts(
                district_id=facts.get("district_id"),
                start=facts.get("start_date"),
                today=timezone.localdate(),
            )
        )
    return facts


def _applicant_facts(detail: Application, facts: dict[str, Any]) -> dict[str, Any]:
    """The applicant organisation's credit code, which rule T6 compares with the registered
    holders' of the site's 小班: read only when one of them has a code (the locked application
    comes with its organisation; elsewhere this is the one query it costs)."""
    if not any(p.get("agreement_holder_code") for p in facts.get("parcels", ())):
        return {}
    return {"applicant_credit_code": detail.organisation.unified_credit_code}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(value)
    return value


def application_snapshot(detail: Application) -> dict[str, Any]:
    """What a reviewer sees: every fact plus the hashes of the attached files. The contact
    person and phone masked: the snapshot goes into the audit trail and the case file, where
    personal data is never in clear (issue 49; the record itself holds them encrypted)."""
    facts = {
        k: _plain(v)
        for k, v in facts_masked(application_facts(detail)).items()
        if k != "invasive_species"
    }
    facts["attachments"] = [dict(a) for a in _attachments(detail)]
    facts["screening"] = screening_record(detail)
    return facts


# What a snapshot holds besides the applicant's facts: identity, state and the files' lists.
SNAPSHOT_NOT_FACTS = frozenset(
    {"kind", "reference", "status", "attachment_kinds", "attachments", "screening"}
)


def snapshot_diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What changed between two snapshots (``application_snapshot``): the facts that differ,
    named as the forms and the API name them (``district``, not ``district_id``), in the
    snapshot's order, and the files added and removed.

    ``{"fields": [{"field", "before", "after"}],
    "attachments": {"added": [...], "removed": [...]}}``
    """
    names = [
        n for n in (*before, *(n for n in after if n not in before)) if n not in SNAPSHOT_NOT_FACTS
    ]
    fields = [
        {"field": name.removesuffix("_id"), "before": before.get(name), "after": after.get(name)}
        for name in names
        if before.get(name) != after.get(name)
    ]
    files_before = {a["id"]: a for a in before.get("attachments", [])}
    files_after = {a["id"]: a for a in after.get("attachments", [])}
    return {
        "fields": fields,
        "attachments": {
            "added": [a for pk, a in files_after.items() if pk not in files_before],
            "removed": [a for pk, a in files_before.items() if pk not in files_after],
        },
    }
