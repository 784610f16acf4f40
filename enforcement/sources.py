"""Where a case comes from (issue 48 item 5): a remote-sensing patch, a public report closed as
done without a permit (or referred), an inspection recorded, or by hand. A case keeps its source
as a generic reference (``source``, ``source_id``). The apps a case comes from sit above this
one and open their cases through ``case_open`` (a report's closing, an inspection's offence, a
patch's outcome), so their records are read here through the app registry, by the table below,
and this app imports none of them; a source whose app is not installed is kept as given."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils import timezone

from core.errors import InvalidInput, StateConflict
from core.messages import (
    MSG_CASE_INSPECTION_NOT_DONE,
    MSG_CASE_REPORT_NOT_NO_PERMIT,
    MSG_CASE_SOURCE,
    MSG_CASE_SOURCE_ID,
    MSG_CASE_SOURCE_UNKNOWN,
)
from roles.models import Agency

from .models import Case, CaseSource
from .selectors import row_id

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


# The outcome, of a patch or a report, that carries the facts to the police.
REFERRED = "referred"


@dataclass(frozen=True)
class Source:
    kind: str
    source_id: str
    # The agencies the source names (a report's handling agencies, the lead first); none: the
    # opener's.
    agencies: tuple[Agency, ...] = ()
    # Closed as ``referred`` (a patch or report whose facts exceed the criminal thresholds):
    # the case is marked to be referred to the police (移送规定 art. 3).
    refer: bool = False


@dataclass(frozen=True)
class SourceRecord:
    """A kind of record a case is opened from: its model, and the state it must be in (the
    field and its values; 409 ``refused_code`` otherwise)."""

    model: tuple[str, str]
    field: str = ""
    values: frozenset[str] = frozenset()
    refused_code: str = ""
    refused: "StrOrPromise" = ""


SOURCES: dict[str, SourceRecord] = {
    CaseSource.REPORT: SourceRecord(
        ("public", "Report"),
        "outcome",
        frozenset({"no_permit", "referred"}),
        "report_not_no_permit",
        MSG_CASE_REPORT_NOT_NO_PERMIT,
    ),
    CaseSource.INSPECTION: SourceRecord(
        ("supervision", "Inspection"),
        "status",
        frozenset({"done"}),
        "inspection_not_done",
        MSG_CASE_INSPECTION_NOT_DONE,
    ),
    CaseSource.PATCH: SourceRecord(("forest_watch", "Patch")),
}


def _record_id(value: object) -> int:
    number = row_id(value)
    if number is None:
        raise InvalidInput.on("source_id", "invalid", MSG_CASE_SOURCE_UNKNOWN)
    return number


def _of_record(kind: str, source_id: object, sees: Collection[int] | None) -> Source:
    """The record the source names, checked to exist, to be one of ``sees``' agencies' (when
    given; another agency's record is as unknown as a missing one, its state not told) and to
    be in a state that opens a case; its agency, where it has one."""
    record = SOURCES[kind]
    if not apps.is_installed(record.model[0]):
        return Source(kind, str(source_id).strip())
    model: Any = apps.get_model(*record.model)
    found = model.objects.filter(pk=_record_id(source_id)).first()
    ids = [getattr(found, f"{name}_id", None) for name in ("agency", "also_agency")]
    if found is None or (sees is not None and not set(ids) & set(sees)):
        raise InvalidInput.on("source_id", "unknown", MSG_CASE_SOURCE_UNKNOWN)
    if record.field and str(getattr(found, record.field)) not in record.values:
        raise StateConflict.on(record.refused_code, record.refused)
    named = {a.pk: a for a in Agency.objects.filter(pk__in=[i for i in ids if i is not None])}
    refer = str(getattr(found, "outcome", "")) == REFERRED
    return Source(kind, str(found.pk), tuple(named[i] for i in ids if i in named), refer)


def source_resolve(
    source: object, source_id: object, sees: Collection[int] | None = None
) -> Source:
    """The source as the case keeps it (400 unknown, or not of ``sees``' agencies; 409 one
    that opens no case)."""
    if source not in CaseSource.values:
        raise InvalidInput.on("source", "invalid", MSG_CASE_SOURCE)
    if source == CaseSource.MANUAL:
        return Source(CaseSource.MANUAL, "")
    if source_id in (None, "") or len(str(source_id)) > 40:
        raise InvalidInput.on("source_id", "required", MSG_CASE_SOURCE_ID)
    return _of_record(str(source), source_id, sees)


def source_told(case: Case) -> dict[str, Any]:
    """The case's source told of its decision or its close, in the act's transaction (issue 48
    item 6): a public report's reporter follows it on the report's page by its tracking code,
    which reads the case's number and outcome (``public.reports.tracking``) and shows when the
    report last changed, now. What the act's event records of it (the report named, as the
    report's own events name it); nothing for another source."""
    record = SOURCES[CaseSource.REPORT]
    if case.source != CaseSource.REPORT or not apps.is_installed(record.model[0]):
        return {}
    model: Any = apps.get_model(*record.model)
    report_id = row_id(case.source_id)
    if report_id is None or not model.objects.filter(pk=report_id).update(
        updated_at=timezone.now()
    ):
        return {}
    return {"report_id": report_id}
