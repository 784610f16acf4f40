"""The browser tests' copy of the demo (tests/demo_snapshot.py) is the seeded demo: every table
row for row and every sequence after a flush and a put-back, the audit chain still verifies, the
documents open from the new MEDIA_ROOT; where it cannot be used, the demo is seeded."""

import dataclasses
import hashlib
import shutil
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from audit.trail import audit_verify
from documents.models import Certificate
from documents.signing import dev_ca, pdf_signature_check

from .demo_snapshot import (
    STALE,
    SnapshotHolder,
    demo_put,
    sequence_values,
    snapshot_unusable,
    table_names,
)

CHECKSUM = (
    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t"
)


def _state() -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows."""
    found = {}
    with connection.cursor() as cursor:
        for table in table_names():
            quoted = connection.ops.quote_name(table)  # a name from the introspection
            cursor.execute(CHECKSUM.format(table=quoted))
            found[table] = cursor.fetchone()
    return found


def _flush() -> None:
    """What pytest-django does after a live-server test (TransactionTestCase's teardown)."""
    call_command(
        "flush",
        verbosity=0,
        interactive=False,
        database=connection.alias,
        reset_sequences=False,
        allow_cascade=False,
        inhibit_post_migrate=False,
    )


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_put_back_demo_is_the_seeded_one_and_an_old_one_is_seeded_again(tmp_path):
    holder = SnapshotHolder(tmp_path / "snapshot")
    holder.folder.mkdir()
    demo_put(holder)
    assert holder.seeds == ["the session's first demo"] and holder.snapshot is not None
    seeded, sequences = _state(), sequence_values()
    assert seeded["audit_auditevent"][0] > 0 and seeded["documents_certificate"][0] > 0

    _flush()
    assert _state()["auth_user"][0] == 0
    shutil.rmtree(settings.MEDIA_ROOT)
    demo_put(holder)

    assert holder.loads == 1 and holder.seeds == ["the session's first demo"]
    assert _state() == seeded
    assert sequence_values() == sequences
    report = audit_verify()
    assert report.ok and report.events == seeded["audit_auditevent"][0]
    _key, ca = dev_ca()
    certificate = Certificate.objects.exclude(pdf="").order_by("pk").first()
    with certificate.pdf.open("rb") as stored:
        pdf = stored.read()
    assert hashlib.sha256(pdf).hexdigest() == certificate.pdf_sha256
    check = pdf_signature_check(pdf, [ca])
    assert check.signed and check.intact and check.trusted
    # The next row takes the next id, as after the seed itself.
    user = get_user_model().objects.create_user("after_the_demo")
    assert user.pk == sequences["auth_user_id_seq"][0] + 1

    # A snapshot of an earlier day is not put back: the demo is seeded again, and copied out.
    old = holder.snapshot
    stale = holder.snapshot = dataclasses.replace(old, day=old.day - timedelta(days=1))
    _flush()
    demo_put(holder)
    assert holder.seeds == ["the session's first demo", STALE] and holder.loads == 1
    assert holder.snapshot not in (None, stale) and holder.snapshot.day == old.day
    assert holder.reason == "" and audit_verify().ok


@pytest.mark.django_db
def test_where_the_copy_cannot_be_used_it_says_why():
    if connection.vendor != "postgresql":
        assert snapshot_unusable() == f"{connection.vendor}: the demo is seeded for every test"
        return
    assert snapshot_unusable() is None
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION demo_snapshot_probe() RETURNS trigger AS $$ BEGIN RETURN NEW; END; "
            "$$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER demo_snapshot_probe BEFORE INSERT ON roles_agency "
            "FOR EACH ROW EXECUTE FUNCTION demo_snapshot_probe()"
        )
    assert "triggers that a copy would fire" in snapshot_unusable()
    assert "demo_snapshot_probe" in snapshot_unusable()
