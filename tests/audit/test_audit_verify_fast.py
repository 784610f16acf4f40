"""The fast audit trail (issue 10): orjson writes exactly the canonical bytes or declines, the
fast verifier names the same first bad event as the reference check, appends take two
statements on PostgreSQL and store the same Merkle tree."""

import json
import random
import struct
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from audit import checkpoints, merkle
from audit.canonical import canonical_fast, canonical_json, canonical_of_text, sha256_hex
from audit.choices import AuditAction
from audit.models import AuditChainHead, AuditEvent, AuditTreeNode
from audit.trail import GENESIS_HASH, audit_record, audit_verify, event_hash

SNAPSHOT = {
    "title": "不老屯镇油松天然林中幼林抚育作业设计",
    "site_geometry": {
        "type": "Polygon",
        "coordinates": [[[116.1, 39.6], [116.13456789, 39.6], [116.1, 39.634], [116.1, 39.6]]],
    },
    "area_ha": 8.5012345,
    "canopy_density": "0.85",
    "attachments": [{"id": 1, "kind": "design_document", "sha256": "ab" * 32}],
    "nested": {"z": [1, None, True, False, 0.0, 1e15], "é": {"ß": '\u2028\x01\x1f"\\'}},
}


def floats(count: int, seed: int = 10) -> list[float]:
    """Every magnitude a double has: random bit patterns, then each power of ten."""
    rng = random.Random(seed)
    values = []
    while len(values) < count:
        value = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        if value == value and abs(value) != float("inf"):
            values.append(value)
    for exponent in range(-325, 309):
        values += [
            float(f"1e{exponent}"),
            float(f"-2.5e{exponent}"),
            float(f"9.87654321e{exponent}"),
        ]
    return [v for v in values if abs(v) != float("inf")]


# --- canonical JSON at C speed -------------------------------------------------------------------


def test_orjson_writes_every_float_as_canonical_json_or_declines():
    declined = 0
    for value in floats(200_000):
        fast = canonical_fast({"x": value, "l": [value]})
        if fast is None:
            declined += 1
        else:
            assert fast == canonical_json({"x": value, "l": [value]}), value
    assert declined > 0  # exponents: 1e16 and more, less than 1e-4
    # The floats an application holds (coordinates, areas, ratios) are never declined.
    rng = random.Random(4)
    for _ in range(100_000):
        value = round(rng.uniform(-1e6, 1e6), rng.randint(0, 12))
        assert canonical_fast([value]) == canonical_json([value])
    for common in (0.1, 8.5, 116.13456789, 39.6, -0.0, 1e15, 0.0001):
        assert canonical_fast([common]) == canonical_json([common])


def test_orjson_writes_every_code_point_and_key_order_as_canonical_json():
    characters = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert canonical_fast(characters) == canonical_json(characters)
    for c in [*range(0x80), 0x7F, 0x2028, 0x2029, 0xFEFF, 0xFFFF, 0x10FFFF]:
        assert canonical_fast({chr(c): chr(c)}) == canonical_json({chr(c): chr(c)})
    rng = random.Random(3)
    alphabet = ["a", "B", "é", "ß", "中", "审", "\U0001f332", "\x00", "\x7f", "_", " ", "~"]
    for _ in range(2_000):
        keys = ["".join(rng.choices(alphabet, k=rng.randint(0, 3))) for _ in range(6)]
        value = {k: {k2: [k, 1, None] for k2 in keys} for k in keys}
        assert canonical_fast(value) == canonical_json(value)


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(SNAPSHOT),  # as SQLite stores it: ASCII escapes, spaces
        json.dumps(SNAPSHOT, ensure_ascii=False, sort_keys=True),
        '{"b": 1, "a": {"d": [], "c": {}}, "n": -0, "f": 1.0, "e": 1E2}',  # PostgreSQL-ish
        '{"big": 18446744073709551616}',  # beyond 64 bits: json keeps an int, orjson would not
        '{"neg": -9223372036854775809}',
        '{"u64": 18446744073709551615, "i64": -9223372036854775808}',
        '{"tiny": 0.00001, "small": 1e-07, "huge": 1e+300}',
        '{"nan": NaN}',  # json reads it, orjson does not
        '{"a": 1, "a": 2}',
        '"just a string"',
        "[1, 2, 3]",
        "null",
    ],
)
def test_canonical_of_text_is_the_canonical_json_of_what_json_reads(text):
    fast = canonical_of_text(text)
    assert fast is None or fast == canonical_json(json.loads(text))


def test_canonical_of_text_declines_what_orjson_would_read_differently():
    assert canonical_of_text('{"big": 18446744073709551616}') is None
    assert canonical_of_text('{"tiny": 1e-05}') is None
    assert canonical_of_text('{"nan": NaN}') is None
    assert canonical_of_text("not json") is None
    assert canonical_of_text(json.dumps(SNAPSHOT)) == canonical_json(SNAPSHOT)


# --- the fast verifier names what the reference names --------------------------------------------


def reference_first_bad() -> int | None:
    """The verifier as it was before issue 10: model instances and canonical_json."""
    expected_prev, expected_seq = GENESIS_HASH, 1
    for event in AuditEvent.objects.order_by("seq"):
        snapshot_bad = event.snapshot is not None and event.snapshot_sha256 != sha256_hex(
            canonical_json(event.snapshot)
        )
        if (
            event.seq != expected_seq
            or event.prev_hash != expected_prev
            or event.hash != event_hash(event)
            or snapshot_bad
        ):
            return event.seq
        expected_prev, expected_seq = event.hash, event.seq + 1
    head = AuditChainHead.objects.get(id=1)
    return expected_seq if head.seq != expected_seq - 1 else None


@pytest.fixture
def trail(db):
    """Events with snapshots, floats small and large, non-ASCII, details of every JSON kind."""
    for number in range(12):
        audit_record(
            action=AuditAction.RETURN if number % 3 == 0 else AuditAction.CLAIM,
            opinion=f"补充现状照片 e-{number} 0.0000",
            details={"task_id": number, "ratio": number / 7, "tiny": 1e-05, "big": 2**70},
            snapshot={**SNAPSHOT, "number": number} if number % 3 == 0 else None,
            client_ip="192.0.2.7" if number % 2 else None,
        )
    return list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))


@contextmanager
def triggers_lifted():
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")
        yield cursor
        transaction.set_rollback(True)


def test_an_intact_trail_verifies_the_fast_way_and_the_reference_way(trail):
    report = audit_verify()
    assert (report.ok, report.events, report.first_bad_seq) == (True, 12, None)
    assert reference_first_bad() is None


@pytest.mark.parametrize(
    ("statement", "params"),
    [
        ("UPDATE audit_auditevent SET opinion = %s WHERE seq = %s", ["同意", 5]),
        ("UPDATE audit_auditevent SET snapshot = %s WHERE seq = %s", ['{"title": "x"}', 7]),
        ("UPDATE audit_auditevent SET details = %s WHERE seq = %s", ['{"task_id": 3.0}', 4]),
        ("UPDATE audit_auditevent SET details = %s WHERE seq = %s", ['{"big": 2e70}', 2]),
        ("UPDATE audit_auditevent SET at = at + interval '1 microsecond' WHERE seq = %s", [9]),
        ("UPDATE audit_auditevent SET client_ip = NULL WHERE seq = %s", [6]),
        ("UPDATE audit_auditevent SET actor_username = %s WHERE seq = %s", ["e-mail", 3]),
        ("DELETE FROM audit_auditevent WHERE seq = %s", [8]),
        ("DELETE FROM audit_auditevent WHERE seq = %s", [12]),
    ],
)
def test_the_fast_verifier_names_the_first_bad_event_as_the_reference_does(
    trail, statement, params
):
    if "interval" in statement and connection.vendor == "sqlite":
        statement = "UPDATE audit_auditevent SET at = '2030-01-01 00:00:00' WHERE seq = %s"
    with triggers_lifted() as cursor:
        cursor.execute(statement, params)
        expected = reference_first_bad()
        report = audit_verify()
        assert expected is not None
        assert (report.ok, report.first_bad_seq) == (False, expected)


def test_events_the_fast_path_declines_are_checked_by_the_reference(trail):
    """Every event above holds a small float and an int beyond 64 bits: orjson declines them,
    canonical_json decides, and the trail verifies."""
    assert AuditEvent.objects.get(seq=1).details["big"] == 2**70
    assert audit_verify().ok


def test_a_checkpoint_over_a_fast_verified_trail(trail):
    checkpoint = checkpoints.checkpoint_sign()
    assert checkpoint.tree_size == 12
    assert audit_verify().ok
    with triggers_lifted() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 12")
        cursor.execute("UPDATE audit_auditchainhead SET seq = 11")
        report = audit_verify()
        assert (report.first_bad_seq, report.first_bad_checkpoint) == (None, checkpoint.pk)


# --- appends --------------------------------------------------------------------------------------


def test_appends_store_the_merkle_tree_the_reference_stores(db):
    for number in range(37):
        audit_record(action=AuditAction.CREATE, opinion=str(number))
    leaves = [bytes.fromhex(h) for h in AuditEvent.objects.values_list("hash", flat=True)]
    expected: dict[tuple[int, int], bytes] = {}
    for index, leaf in enumerate(leaves):
        for level, position, value in merkle.appended_nodes(
            index, leaf, lambda lv, ix: expected[(lv, ix)]
        ):
            expected[(level, position)] = value
    stored = {(n.level, n.index): bytes(n.hash) for n in AuditTreeNode.objects.all()}
    assert stored == expected
    for size in (1, 2, 5, 16, 37):
        assert checkpoints.tree_root(size) == merkle.root_of(leaves[:size]).hex()


def test_an_append_is_two_statements_on_postgresql(db):
    audit_record(action=AuditAction.CREATE)
    counts = []
    for _ in range(8):
        with CaptureQueriesContext(connection) as queries:
            audit_record(action=AuditAction.CREATE, snapshot=SNAPSHOT, details={"a": 1})
        counts.append(len(queries))
    # Lock the head, write everything; a third reads a Merkle sibling for one leaf in four.
    # SQLite runs in-process: the event, the head and the nodes are three statements there.
    one_write = 1 if connection.vendor == "postgresql" else 3
    assert sorted(set(counts)) == [1 + one_write, 2 + one_write]
    assert counts.count(2 + one_write) == 2


@pytest.mark.django_db(transaction=True)
def test_an_append_outside_a_transaction_is_refused_and_verify_runs_outside_one():
    """(No event may be written here: the append-only trigger would stop the flush after it.)"""
    with pytest.raises(TransactionManagementError):
        audit_record(action=AuditAction.CREATE)
    assert not AuditEvent.objects.exists()
    report = audit_verify()  # PostgreSQL: its own REPEATABLE READ, READ ONLY transaction
    assert (report.ok, report.events) == (True, 0)
    assert connection.get_autocommit()  # and it ended
