"""Re-encrypting personal data under the active key (``manage.py pii_rotate``, the Celery task
``audit.pii_rotate``), recomputing the blind indexes under the active index key (``pii_rotate
--index``), and the start-up probe that the keys are those the data and indexes were written with.

The rotation walks each encrypted column by primary key in batches, rewrites only the values not
under the active key and cipher (so a second run, or one resumed after a stop, does nothing
twice), and each row is rewritten only if its stored text is still the one read (a concurrent
edit wins). It never holds a lock longer than one row's update. The index rotation walks each
blind-index column alike, rewriting the hashes not under the active index key.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, models
from django.db.models.functions import Cast

from .pii import (
    BlindIndex,
    EncryptedTextField,
    PiiKeyError,
    blind_indexes,
    encrypted_fields,
    pii_current,
    pii_decrypt,
    pii_index,
    pii_index_candidates,
    pii_keys,
)

BATCH = 500

MSG_INDEX_STALE = (
    "A blind index in {column} is under none of the index keys in the key file: the index "
    "key is not the one the indexes were written with, or an old index key was removed before "
    "`manage.py pii_rotate --index` had recomputed every index. Lookups would find nothing."
)


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


def _pages(
    rows: models.QuerySet[models.Model], fields: Sequence[str], batch: int
) -> Iterator[list[tuple[Any, ...]]]:
    """``rows``' ``pk`` and ``fields``, ``batch`` rows a page in primary-key order (a stopped
    walk resumes from the start and skips what is done)."""
    after = None
    while True:
        page = rows.order_by("pk")
        if after is not None:
            page = page.filter(pk__gt=after)
        chunk = list(page.values_list("pk", *fields)[:batch])
        if not chunk:
            return
        yield chunk
        after = chunk[-1][0]


def _column_rotate(
    model: type[models.Model], field: EncryptedTextField, batch: int
) -> Iterator[RotationProgress]:
    rows = _stored(model, field)
    total, seen, rewritten = rows.count(), 0, 0
    for chunk in _pages(rows, ["raw"], batch):
        for pk, raw in chunk:
            if not pii_current(raw):
                clear = pii_decrypt(raw, field.column_label)
                # The stored text compared as it is (lookups are not encrypted): a row edited
                # since it was read keeps its edit, already under the active key.
                rewritten += model._default_manager.filter(pk=pk, **{field.attname: raw}).update(
                    **{field.attname: clear}
                )
        seen += len(chunk)
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


def _indexed(model: type[models.Model], declared: BlindIndex) -> models.QuerySet[models.Model]:
    """The rows with a blind index in ``declared``, their source's stored text as ``raw``."""
    source = _source(model, declared)
    rows: models.QuerySet[models.Model] = model._default_manager.exclude(**{declared.index: ""})
    annotated: models.QuerySet[models.Model] = rows.annotate(
        raw=Cast(source.attname, models.TextField())
    )
    return annotated


def _source(model: type[models.Model], declared: BlindIndex) -> EncryptedTextField:
    return _field(model, declared.source)


def _index_label(model: type[models.Model], declared: BlindIndex) -> str:
    return f"{model._meta.app_label}.{model.__name__}.{declared.index}"


def _index_wanted(model: type[models.Model], declared: BlindIndex, raw: str | None) -> str:
    """The index ``raw`` (the source's stored text) has under the active index key."""
    clear = pii_decrypt(raw or "", _source(model, declared).column_label)
    return pii_index(clear, declared.purpose)


def _index_column_rotate(
    model: type[models.Model], declared: BlindIndex, batch: int
) -> Iterator[RotationProgress]:
    rows, attname = _indexed(model, declared), _source(model, declared).attname
    total, seen, rewritten = rows.count(), 0, 0
    for chunk in _pages(rows, ["raw", declared.index], batch):
        for pk, raw, index in chunk:
            wanted = _index_wanted(model, declared, raw)
            if index != wanted:
                # Only if neither the value nor its index changed since read (an edit wins).
                current = {attname: raw, declared.index: index}
                rewritten += model._default_manager.filter(pk=pk, **current).update(
                    **{declared.index: wanted}
                )
        seen += len(chunk)
        yield RotationProgress(_index_label(model, declared), seen, rewritten, total)


def pii_index_rotate(batch: int = BATCH) -> Iterator[RotationProgress]:
    """Every blind index recomputed under the active index key, one batch a step."""
    for model, declared in blind_indexes():
        yield from _index_column_rotate(model, declared, batch)


def pii_index_stale_count() -> int:
    """How many blind indexes are not under the active index key (0: the old ones may go)."""
    return sum(
        sum(
            1
            for raw, index in _indexed(model, declared).values_list("raw", declared.index)
            if index != _index_wanted(model, declared, raw)
        )
        for model, declared in blind_indexes()
    )


def _index_problems() -> list[str]:
    """The oldest and the newest index of each blind-index column must be under one of the
    index keys (a wrong index key makes every lookup silently find nothing)."""
    problems = []
    for model, declared in blind_indexes():
        source = _source(model, declared).column_label
        rows = _indexed(model, declared).values_list("raw", declared.index)
        for row in (rows.order_by("pk").first(), rows.order_by("-pk").first()):
            if row is not None:
                clear = pii_decrypt(row[0] or "", source)
                if row[1] not in pii_index_candidates(clear, declared.purpose):
                    problems.append(MSG_INDEX_STALE.format(column=_index_label(model, declared)))
                    break
    return problems


def pii_key_problems() -> list[str]:
    """Empty when the keys load, the newest value of each encrypted column decrypts under them
    and the blind indexes are under an index key in the file: a wrong key file stops the
    process at start-up instead of failing on a page or finding nothing. A database not
    reachable (or not migrated yet) is not this probe's to report."""
    try:
        pii_keys()
        for model, field in encrypted_fields():
            raw = _stored(model, field).order_by("-pk").values_list("raw", flat=True).first()
            if raw is not None:
                pii_decrypt(raw, field.column_label)
        return _index_problems()
    except PiiKeyError as error:
        return [str(error)]
    except (DatabaseError, RuntimeError):
        # No database yet (a build step, a first start before migrate) or none allowed (an
        # import under pytest-django's blocker): the keys loaded; the probe is the next start's.
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
