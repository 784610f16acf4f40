"""Re-encrypting personal data under the active key (``manage.py pii_rotate``, the Celery task
``core.pii_rotate``) and the start-up probe that the keys are those the data were written with.

The rotation walks each encrypted column by primary key in batches, rewrites only the values not
under the active key and cipher (so a second run, or one resumed after a stop, does nothing
twice), and each row is rewritten only if its stored text is still the one read (a concurrent
edit wins). It never holds a lock longer than one row's update.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import DatabaseError, models
from django.db.models.functions import Cast

from .pii import (
    EncryptedTextField,
    PiiKeyError,
    encrypted_fields,
    pii_current,
    pii_decrypt,
    pii_keys,
)

BATCH = 500


@dataclass(frozen=True)
class RotationProgress:
    """Where a rotation stands in one column: rows seen so far, of them rewritten, of all."""

    column: str
    seen: int
    rewritten: int
    total: int


def _stored(model: type[models.Model], field: EncryptedTextField) -> models.QuerySet[models.Model]:
    """The column's rows with their stored text (``raw``), the decryption bypassed."""
    rows: models.QuerySet[models.Model] = model._default_manager.exclude(
        **{field.attname: ""}
    ).exclude(**{f"{field.attname}__isnull": True})
    annotated: models.QuerySet[models.Model] = rows.annotate(
        raw=Cast(field.attname, models.TextField())
    )
    return annotated


def _column_rotate(
    model: type[models.Model], field: EncryptedTextField, batch: int
) -> Iterator[RotationProgress]:
    rows = _stored(model, field)
    total, seen, rewritten, after = rows.count(), 0, 0, None
    while True:
        page = rows.order_by("pk")
        if after is not None:
            page = page.filter(pk__gt=after)
        chunk = list(page.values_list("pk", "raw")[:batch])
        if not chunk:
            return
        for pk, raw in chunk:
            if not pii_current(raw):
                clear = pii_decrypt(raw, field.column_label)
                # The stored text compared as it is (lookups are not encrypted): a row edited
                # since it was read keeps its edit, already under the active key.
                rewritten += model._default_manager.filter(pk=pk, **{field.attname: raw}).update(
                    **{field.attname: clear}
                )
        seen += len(chunk)
        after = chunk[-1][0]
        yield RotationProgress(field.column_label, seen, rewritten, total)


def pii_rotate(batch: int = BATCH) -> Iterator[RotationProgress]:
    """Every encrypted column re-encrypted under the active key, one batch a step."""
    for model, field in encrypted_fields():
        yield from _column_rotate(model, field, batch)


def pii_stale_count() -> int:
    """How many stored values are not under the active key and cipher (0: rotation done)."""
    return sum(
        sum(
            1 for raw in _stored(model, field).values_list("raw", flat=True) if not pii_current(raw)
        )
        for model, field in encrypted_fields()
    )


def pii_key_problems() -> list[str]:
    """Empty when the keys load and the newest value of each encrypted column decrypts under
    them: a wrong key file stops the process at start-up instead of failing on a page. A
    database not reachable (or not migrated yet) is not this probe's to report."""
    try:
        pii_keys()
        for model, field in encrypted_fields():
            raw = _stored(model, field).order_by("-pk").values_list("raw", flat=True).first()
            if raw is not None:
                pii_decrypt(raw, field.column_label)
    except PiiKeyError as error:
        return [str(error)]
    except (DatabaseError, RuntimeError):
        # No database yet (a build step, a first start before migrate) or none allowed (an
        # import under pytest-django's blocker): the keys loaded; the probe is the next start's.
        return []
    return []


def _field(model: type[models.Model], name: str) -> EncryptedTextField:
    field = model._meta.get_field(name)
    assert isinstance(field, EncryptedTextField)
    return field


def pii_column_encrypt(model: type[models.Model], name: str) -> int:
    """The migration's step: a column's clear values (written before it was encrypted)
    encrypted under the active key; how many were rewritten. Works on a migration's historical
    model, whose field is this module's."""
    progress = list(_column_rotate(model, _field(model, name), BATCH))
    return progress[-1].rewritten if progress else 0


def pii_column_decrypt(model: type[models.Model], name: str) -> int:
    """The migration's reverse: each value written back in clear (needs the keys)."""
    field, count = _field(model, name), 0
    for pk, raw in _stored(model, field).order_by("pk").values_list("pk", "raw").iterator():
        clear = models.Value(pii_decrypt(raw, field.column_label), output_field=models.TextField())
        count += model._default_manager.filter(pk=pk).update(**{field.attname: clear})
    return count
