"""A file handed in for import (a map layer, an annual plan) and the steps every import takes
around storing it: the file's source and scope checked, its refusals as a 400 on its field
``file``, the new version numbered, the import's audit event.

The doors (the admin's import forms, ``zones_import``, ``plans_import``, ``seed_demo``) build an
``ImportFile`` once and hand it to the import service (``zones.services.layer_import``,
``plans.services.plan_import``), which calls ``file_import``.
"""

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.contrib.auth.models import User
from django.db.models import Max, QuerySet
from django.utils import timezone

from audit.choices import AuditAction
from audit.trail import audit_record
from core.errors import InvalidInput, Problem, Refused
from core.messages import MSG_DISTRICT
from roles.models import District, Jurisdiction, Role


@dataclass(frozen=True)
class ImportFile:
    """A file handed in for import: its bytes and name, the document it rests on (``source``),
    the scope it covers (a jurisdiction, or one of its districts), who hands it in and from
    where (nobody: the system, as the demo's seed), and whether it is invented demo data."""

    jurisdiction: Jurisdiction
    source: str
    data: bytes
    file_name: str = ""
    district: District | None = None
    by: User | None = None
    demo: bool = False
    client_ip: str | None = None

    def version_fields(self) -> dict[str, Any]:
        """The fields of the version it is stored as (``zones.models.ImportedVersion``) that
        the file gives: its scope, source, name and hash, who imported it, demo or not."""
        return {
            "jurisdiction": self.jurisdiction,
            "district": self.district,
            "source": self.source.strip(),
            "demo": self.demo,
            "file_name": self.file_name[:255],
            "file_sha256": hashlib.sha256(self.data).hexdigest(),
            "imported_by": self.by,
        }


class ImportRefused(ValueError):
    """The rows of a file cannot be stored; ``messages`` says why, all at once."""

    def __init__(self, messages: Sequence[Any]) -> None:
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = list(messages)


@contextmanager
def import_refusals(code: str, most: int | None = None) -> Iterator[None]:
    """An import's refusals as a 400 on its field ``file``: the file unread (the reader's
    code), or each row the store refused (``code``; the first ``most`` of them)."""
    try:
        yield
    except Refused as refused:
        raise InvalidInput.on("file", refused.code, refused.message) from None
    except ImportRefused as refused:
        problems = [Problem("file", code, str(m)) for m in refused.messages[:most]]
        raise InvalidInput(problems=problems) from None


def version_next(same: "QuerySet[Any]", jurisdiction: Jurisdiction) -> int:
    """The number of the next version among ``same`` (the versions of one scope: a layer's, a
    year's plan), the current one superseded and kept. Imports of one jurisdiction take turns
    (its row locked until the transaction ends), so that exactly one version stays current."""
    Jurisdiction.objects.select_for_update(no_key=True).filter(pk=jurisdiction.pk).first()
    version: int = (same.aggregate(v=Max("version"))["v"] or 0) + 1
    same.filter(superseded_at__isnull=True).update(superseded_at=timezone.now())
    return version


class Imported(Protocol):
    """A version of a table the administrator imports from a file (a layer, a plan)."""

    @property
    def source(self) -> str: ...

    @property
    def file_sha256(self) -> str: ...

    def as_version(self) -> dict[str, object]: ...


V = TypeVar("V", bound=Imported)


def file_import(
    file: ImportFile,
    store: Callable[[], V],
    *,
    action: AuditAction,
    unsourced: object,
    refused: str,
    most: int | None = None,
    counted: Callable[[V], Mapping[str, int]],
) -> V:
    """Import ``file`` by ``store`` (which reads it and stores the version): 400 on ``source``
    when the file names no source document (``unsourced``), on ``district`` when its district
    is another jurisdiction's, on ``file`` for what ``store`` refuses (``refused``, the first
    ``most``: ``import_refusals``); then the import's event, the administrator's or the
    system's without ``by`` (the demo's seed), citing its source, the file it read and how many
    rows it stored (``counted``)."""
    if not file.source.strip():
        raise InvalidInput.on("source", "required", unsourced)
    if file.district is not None and file.district.jurisdiction_id != file.jurisdiction.pk:
        raise InvalidInput.on("district", "district_outside_jurisdiction", MSG_DISTRICT)
    with import_refusals(refused, most):
        imported = store()
    audit_record(
        action=action,
        actor=file.by,
        role=Role.ADMIN if file.by else "system",
        client_ip=file.client_ip,
        opinion=imported.source,
        details={
            **imported.as_version(),
            "file_name": file.file_name,
            "sha256": imported.file_sha256,
            **counted(imported),
        },
    )
    return imported
