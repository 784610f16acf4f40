"""Rotating the blind-index key (issue 49): a new index key beside the old in the key file,
``manage.py pii_rotate --index`` recomputing every ``contact_index`` in batches (resumable,
idempotent, audited), lookups finding a report under either key meanwhile, and the start-up
probe refusing a file whose index keys the stored indexes are under none of. The raw column is
read with ``connection.cursor()`` (SQLite and PostgreSQL)."""

import io
import json
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from audit.celery_tasks import pii_rotate as rotate_task
from audit.choices import AuditAction
from audit.models import AuditEvent
from core.pii import (
    PiiKeyError,
    key_file_add,
    key_file_add_index,
    keys_parse,
    pii_index,
    pii_keys,
    pii_keys_reset,
)
from core.pii_rotation import MSG_INDEX_STALE, pii_index_stale_count, pii_key_problems
from documents.checks import production_settings_check
from public.models import CONTACT_INDEX_PURPOSE, Report
from public.reports import report_file, reports_by_contact

pytestmark = pytest.mark.django_db

REPORTER = "张女士 139-8765-4321"
OTHER = "李先生 13700000000"
MIYUN_POINT = {"type": "Point", "coordinates": [116.85, 40.40]}
COLUMN = "public.Report.contact_index"


@pytest.fixture(autouse=True)
def handling_agency(reviewer_my):
    """密云's forestry agency, which receives the reports."""


@pytest.fixture(autouse=True)
def own_keys(tmp_path: Path, settings):
    settings.PERMITS_PII_KEY_FILE = tmp_path / "pii-keys.json"
    settings.PERMITS_PII_KEY_AUTOCREATE = True
    pii_keys_reset()
    yield settings.PERMITS_PII_KEY_FILE
    pii_keys_reset()


def raw_index(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_index FROM public_report WHERE id = %s", [pk])
        (value,) = cursor.fetchone()
    return value


def filed(contact: str) -> Report:
    with time_machine.travel("2026-11-27 09:00 +0800", tick=False):
        return report_file(
            kind="illegal_felling",
            description="石城镇后山有人砍伐油松。",
            site_geometry=MIYUN_POINT,
            district="110118",
            contact=contact,
        )


def found(contact: str) -> list[int]:
    return sorted(reports_by_contact(Report.objects.all(), contact).values_list("pk", flat=True))


def index_key_drop(path: Path, index_id: str) -> None:
    document = json.loads(path.read_text())
    del document["index_keys"][index_id]
    path.write_text(json.dumps(document))
    pii_keys_reset()


def test_the_index_key_rotates_and_lookups_find_the_row_throughout(own_keys):
    reports = [filed(REPORTER), filed(OTHER), filed("")]
    before = [raw_index(r.pk) for r in reports]
    key_file_add_index(own_keys, "i2")
    pii_keys_reset()
    document = json.loads(own_keys.read_text())
    assert (document["index_active"], sorted(document["index_keys"])) == ("i2", ["i1", "i2"])
    assert "index_key" not in document
    # Before the rotation: the old indexes still found, a new report written under i2.
    newer = filed(REPORTER)
    assert raw_index(newer.pk) == pii_index(REPORTER, CONTACT_INDEX_PURPOSE) != before[0]
    assert found("张女士１３９８７６５４３２１") == [reports[0].pk, newer.pk]
    assert pii_index_stale_count() == 2
    assert pii_key_problems() == []
    out = io.StringIO()
    call_command("pii_rotate", "--index", "--batch", "1", stdout=out)
    assert f"{COLUMN}: 1/3 read, 1 rewritten" in out.getvalue()
    assert "done: 0 indexes left under other index keys" in out.getvalue()
    after = [raw_index(r.pk) for r in reports]
    assert after[0] != before[0] and after[1] != before[1] and after[2] == before[2] == ""
    assert after[0] == raw_index(newer.pk)
    assert pii_index_stale_count() == 0
    # Run again: nothing rewritten; the old index key may go and every lookup still finds.
    call_command("pii_rotate", "--index", stdout=io.StringIO())
    index_key_drop(own_keys, "i1")
    assert found(REPORTER) == [reports[0].pk, newer.pk]
    assert found("13700000000") == [] and found(OTHER) == [reports[1].pk]
    assert pii_key_problems() == []
    first, second = AuditEvent.objects.filter(action=AuditAction.PII_INDEX_ROTATED).order_by("seq")
    assert first.details == {
        "index_key_id": "i2",
        "older_index_key_ids": ["i1"],
        "left": 0,
        "columns": {COLUMN: {"read": 3, "rewritten": 2}},
    }
    # The report without a contact has no index to read.
    assert second.details["columns"] == {COLUMN: {"read": 3, "rewritten": 0}}
    assert REPORTER not in json.dumps(first.details, ensure_ascii=False)


def test_the_index_is_recomputed_from_the_value_as_stored_now(own_keys):
    report = filed(REPORTER)
    key_file_add_index(own_keys, "i2")
    pii_keys_reset()
    # A stale index, and the contact rewritten since it was computed.
    stale = raw_index(report.pk)
    Report.objects.filter(pk=report.pk).update(contact=OTHER)
    call_command("pii_rotate", "--index", "--dry-run", stdout=(out := io.StringIO()))
    assert out.getvalue().strip() == "1 indexes not under the active index key"
    assert rotate_task.apply(kwargs={"index": True}).get() == 1
    assert raw_index(report.pk) == pii_index(OTHER, CONTACT_INDEX_PURPOSE) != stale


def test_an_old_index_key_removed_too_soon_is_refused_at_start_up(own_keys):
    filed(REPORTER)
    filed(OTHER)
    key_file_add_index(own_keys, "i2")
    index_key_drop(own_keys, "i1")
    (problem,) = pii_key_problems()
    assert problem == MSG_INDEX_STALE.format(column=COLUMN)
    assert [e.id for e in production_settings_check() if e.msg == problem] == ["documents.E003"]
    call_command("pii_rotate", "--index", stdout=io.StringIO())  # recomputed: the probe passes
    assert pii_key_problems() == []
    assert found(REPORTER) != []


def test_a_rotation_of_the_data_keys_is_an_audit_event_too(own_keys):
    filed(REPORTER)
    key_file_add(own_keys, "k2")
    pii_keys_reset()
    call_command("pii_rotate", stdout=io.StringIO())
    (event,) = AuditEvent.objects.filter(action=AuditAction.PII_REENCRYPTED)
    assert (event.details["key_id"], event.details["cipher"], event.details["left"]) == (
        "k2",
        "sm4",
        0,
    )
    assert event.details["columns"]["public.Report.contact"] == {"read": 1, "rewritten": 1}


def test_the_key_file_names_its_index_keys(own_keys):
    assert pii_keys().index_id == "i1" and pii_keys().index_previous == {}  # one index_key
    assert "index_key" in json.loads(own_keys.read_text())
    with pytest.raises(ValueError, match="'i1' is already"):
        key_file_add_index(own_keys, "i1")
    key_file_add_index(own_keys, "i2")
    with pytest.raises(ValueError, match="'i2' is already"):
        key_file_add_index(own_keys, "i2")
    document = json.loads(own_keys.read_text())
    keys = keys_parse(document)
    assert keys.index_id == "i2" and list(keys.index_previous) == ["i1"]
    for broken, reason in (
        ({**document, "index_key": "00" * 32}, "both index_key and index_keys"),
        ({**document, "index_active": "i9"}, "active index key 'i9' is not among"),
        ({**document, "index_keys": {"i2": "zz"}}, "index key 'i2' is not hexadecimal"),
    ):
        with pytest.raises(ValueError, match=reason):
            keys_parse(broken)
    own_keys.write_text(json.dumps({**document, "index_active": "i9"}))
    pii_keys_reset()
    with pytest.raises(PiiKeyError, match="active index key 'i9'"):
        pii_keys()
