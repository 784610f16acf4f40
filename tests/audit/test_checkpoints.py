"""Signed Merkle checkpoints of the audit trail (product.md §13, issue 8 §1–2): what a database
owner without the signing key cannot fake, and what an auditor checks with only the published
key."""

import base64
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit import celery_tasks, checkpoints, merkle
from audit.choices import AuditAction
from audit.models import AuditChainHead, AuditCheckpoint, AuditEvent, AuditSigningKey
from audit.trail import audit_appended_last, audit_record, audit_verify, event_hash
from documents.checks import production_settings_check, production_settings_require

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")

# An attacker with the database: the triggers off inside the test's transaction (rolled back).
TRIGGERS_OFF = {
    "sqlite": [
        "DROP TRIGGER audit_auditevent_no_update",
        "DROP TRIGGER audit_auditevent_no_delete",
    ],
    "postgresql": [
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only",
    ],
}


def events(n: int) -> None:
    for i in range(n):
        audit_record(action=AuditAction.CREATE, opinion=f"event {i}")


def triggers_off() -> None:
    with connection.cursor() as cursor:
        for statement in TRIGGERS_OFF[connection.vendor]:
            cursor.execute(statement)


def verify_command() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def test_a_checkpoint_signs_the_rfc_6962_root_of_the_event_hashes():
    events(7)
    checkpoint = checkpoints.checkpoint_sign()
    leaves = [
        bytes.fromhex(h) for h in AuditEvent.objects.order_by("seq").values_list("hash", flat=True)
    ]
    assert (checkpoint.tree_size, checkpoint.root_hash) == (7, merkle.root_of(leaves).hex())
    # Verified with nothing but the published key and api.md's message.
    key = AuditSigningKey.objects.get()
    message = (
        f"permits-audit-checkpoint/v1\n7\n{checkpoint.root_hash}\n"
        f"{checkpoints.at_text(checkpoint.at)}"
    ).encode()
    Ed25519PublicKey.from_public_bytes(bytes(key.public_key)).verify(
        base64.b64decode(checkpoint.signature), message
    )
    report = audit_verify()
    assert (report.ok, report.events, report.checkpoints) == (True, 7, 1)


@transaction.atomic
@audit_appended_last
def decision(*opinions: str) -> None:
    for opinion in opinions:
        audit_record(action=AuditAction.APPROVE, opinion=opinion)


def test_a_checkpoint_follows_every_commit_so_the_newest_events_are_protected(
    settings, django_capture_on_commit_callbacks
):
    """Issue 26 item 15: deleting (or rewriting) the events after the last checkpoint passed
    until the next one, every 1000 events or daily. Now each commit that appends events is
    followed by a checkpoint of the head, signed after the commit."""
    settings.PERMITS_AUDIT_CHECKPOINT_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        decision("受理", "同意")
    with django_capture_on_commit_callbacks(execute=True):
        decision("准予")
        checkpoints.checkpoint_after_commit()  # asked again in the same transaction
    signed = AuditCheckpoint.objects.order_by("tree_size").values_list("tree_size", flat=True)
    assert list(signed) == [2, 3]

    triggers_off()  # the newest decision removed, the head rewritten
    AuditEvent.objects.filter(seq=3).delete()
    second = AuditEvent.objects.get(seq=2)
    AuditChainHead.objects.filter(id=1).update(seq=2, hash=second.hash)
    report = audit_verify()
    assert (report.ok, report.first_bad_checkpoint) == (
        False,
        AuditCheckpoint.objects.get(tree_size=3).pk,
    )


def test_without_celery_commits_within_the_window_share_a_checkpoint(
    settings, time_machine, django_capture_on_commit_callbacks
):
    """Batched in the committing process: no query after a commit while the newest
    checkpoint, read with the chain head's lock, is younger than
    PERMITS_AUDIT_CHECKPOINT_SECONDS; the next commit after that, or the tick, signs the events
    left."""
    settings.PERMITS_AUDIT_CHECKPOINT_SECONDS = 2
    time_machine.move_to(datetime(2026, 3, 1, 9, 0, 0, tzinfo=SHANGHAI), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        decision("受理")
    time_machine.move_to(datetime(2026, 3, 1, 9, 0, 1, tzinfo=SHANGHAI), tick=False)
    with django_capture_on_commit_callbacks() as callbacks:
        decision("同意")
    with CaptureQueriesContext(connection) as after_commit:
        for callback in callbacks:
            callback()
    assert len(after_commit) == 0  # the newest, read under the lock, is 1 s old: wait
    assert list(AuditCheckpoint.objects.values_list("tree_size", flat=True)) == [1]
    time_machine.move_to(datetime(2026, 3, 1, 9, 0, 3, tzinfo=SHANGHAI), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        decision("准予")
    signed = AuditCheckpoint.objects.order_by("tree_size").values_list("tree_size", flat=True)
    assert list(signed) == [1, 3]


def test_a_head_already_covered_is_not_signed_again():
    events(2)
    assert checkpoints.checkpoint_sign_pending().tree_size == 2
    assert checkpoints.checkpoint_sign_pending() is None
    assert AuditCheckpoint.objects.count() == 1


def test_a_rolled_back_transaction_asks_for_no_checkpoint(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
    ):
        decision("准予")
        1 / 0  # noqa: B018
    assert checkpoints._signing_requested not in callbacks
    assert not AuditCheckpoint.objects.exists()


def test_with_celery_the_checkpoint_is_batched_after_the_commit(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = "redis://queue.invalid:6379/0"
    settings.PERMITS_AUDIT_CHECKPOINT_SECONDS = 3
    sent = []
    monkeypatch.setattr(
        checkpoints.current_app, "send_task", lambda name, **kw: sent.append((name, kw))
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision("同意")
    assert sent == [(checkpoints.CHECKPOINT_TASK, {"countdown": 3})]
    assert not AuditCheckpoint.objects.exists()  # the worker signs it, three seconds later
    assert celery_tasks.checkpoint_sign_pending() is True


def test_a_lost_signing_is_made_up_by_the_next_tick(
    monkeypatch, django_capture_on_commit_callbacks
):
    """The process ended (or the queue was down) between the commit and its checkpoint."""

    def lost(**kwargs):
        raise OSError("gone")

    monkeypatch.setattr(checkpoints, "checkpoint_sign_pending", lost)
    with django_capture_on_commit_callbacks(execute=True):
        decision("同意")  # the failure is logged, not raised into the decision
    monkeypatch.undo()
    assert not AuditCheckpoint.objects.exists()
    call_command("permits_tick", stdout=StringIO())
    assert AuditCheckpoint.objects.get().tree_size == 1


def test_the_tree_grows_without_reading_the_trail(django_assert_max_num_queries):
    events(100)
    # One more event: the event, its chain head, and the few subtrees it completes.
    with django_assert_max_num_queries(16):
        events(1)
    with django_assert_max_num_queries(12):
        checkpoints.inclusion_proof(seq=37, tree_size=101)


def test_an_edit_with_the_triggers_dropped_is_named():
    events(6)
    checkpoints.checkpoint_sign()
    triggers_off()
    AuditEvent.objects.filter(seq=3).update(opinion="改写")
    report = audit_verify()
    assert (report.ok, report.first_bad_seq) == (False, 3)
    with pytest.raises(CommandError) as refused:
        verify_command()
    assert refused.value.returncode == 1 and "event #3" in str(refused.value)


def test_removing_the_newest_events_and_rewriting_the_head_is_caught():
    events(6)
    checkpoint = checkpoints.checkpoint_sign()
    triggers_off()
    AuditEvent.objects.filter(seq__gt=4).delete()
    fourth = AuditEvent.objects.get(seq=4)
    AuditChainHead.objects.filter(id=1).update(seq=4, hash=fourth.hash)
    report = audit_verify()
    assert report.first_bad_seq is None  # the chain itself is consistent again
    assert (report.ok, report.first_bad_checkpoint) == (False, checkpoint.pk)
    with pytest.raises(CommandError) as refused:
        verify_command()
    assert f"checkpoint {checkpoint.pk} (6 events" in str(refused.value)


def test_a_complete_recomputation_of_the_chain_without_the_key_is_caught():
    events(5)
    checkpoint = checkpoints.checkpoint_sign()
    triggers_off()
    AuditEvent.objects.filter(seq=2).update(opinion="同意")
    previous = "0" * 64
    for event in AuditEvent.objects.order_by("seq"):
        event.prev_hash = previous
        event.hash = event_hash(event)
        AuditEvent.objects.filter(seq=event.seq).update(prev_hash=event.prev_hash, hash=event.hash)
        previous = event.hash
    AuditChainHead.objects.filter(id=1).update(hash=previous)
    report = audit_verify()
    assert report.first_bad_seq is None
    assert (report.ok, report.first_bad_checkpoint) == (False, checkpoint.pk)


def test_a_forged_signature_or_root_is_caught():
    events(3)
    checkpoint = checkpoints.checkpoint_sign()
    AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(root_hash="ab" * 32)
    assert audit_verify().first_bad_checkpoint == checkpoint.pk


def test_rotation_keeps_the_old_checkpoints_verifiable(settings, tmp_path):
    events(3)
    first = checkpoints.checkpoint_sign()
    settings.PERMITS_AUDIT_KEY_FILE = tmp_path / "rotated.pem"
    events(2)
    second = checkpoints.checkpoint_sign()
    assert first.key_id != second.key_id
    keys = dict(AuditSigningKey.objects.values_list("key_id", "active"))
    assert keys == {first.key_id: False, second.key_id: True}
    report = audit_verify()
    assert (report.ok, report.checkpoints) == (True, 2)


def test_without_the_key_outside_development_nothing_starts(settings, tmp_path):
    settings.PERMITS_AUDIT_KEY_AUTOCREATE = False
    settings.PERMITS_AUDIT_KEY_FILE = tmp_path / "missing.pem"
    with pytest.raises(ImproperlyConfigured, match="missing.pem"):
        production_settings_require()
    assert [m.id for m in production_settings_check()] == ["documents.E001"]  # check --deploy
    events(1)
    (tmp_path / "garbage.pem").write_text("not a key")
    settings.PERMITS_AUDIT_KEY_FILE = tmp_path / "garbage.pem"
    with pytest.raises(ImproperlyConfigured, match="garbage.pem"):
        checkpoints.checkpoint_sign()
    assert not AuditCheckpoint.objects.exists()  # nothing signed, nothing half-written


def test_the_tick_signs_at_least_daily_and_once(time_machine):
    events(2)
    out = StringIO()
    now = datetime(2026, 12, 1, 9, tzinfo=SHANGHAI)
    call_command("permits_tick", "--now", now.isoformat(), stdout=out)
    call_command("permits_tick", "--now", now.replace(hour=18).isoformat(), stdout=out)
    assert AuditCheckpoint.objects.count() == 1
    call_command("permits_tick", "--now", now.replace(day=2, hour=10).isoformat(), stdout=out)
    assert AuditCheckpoint.objects.count() == 2


def test_audit_checkpoint_command():
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert "nothing to sign" in out.getvalue()
    events(4)
    call_command("audit_checkpoint", stdout=out)
    assert "4 events" in out.getvalue()
    assert "ok: 4 events, 1 signed checkpoints" in verify_command()


# ---- copies outside the database (issue 8 §7) -----------------------------------------------


def test_each_checkpoint_is_also_a_file_and_audit_verify_uses_those_copies(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PERMITS_AUDIT_CHECKPOINT_DIR = str(tmp_path)
    events(5)
    with django_capture_on_commit_callbacks(execute=True):
        checkpoints.checkpoint_sign()
    [copy] = tmp_path.glob("checkpoint-*.json")
    assert copy.name.startswith("checkpoint-000000000005-")
    assert "ok: 5 events, 1 signed checkpoints" in verify_command_with(tmp_path)

    # The database's owner rewrites the chain and deletes the database's checkpoints and keys:
    # the database alone verifies again; the copy outside does not.
    triggers_off()
    AuditEvent.objects.filter(seq=2).update(opinion="同意")
    previous = "0" * 64
    for event in AuditEvent.objects.order_by("seq"):
        event.prev_hash = previous
        event.hash = event_hash(event)
        AuditEvent.objects.filter(seq=event.seq).update(prev_hash=event.prev_hash, hash=event.hash)
        previous = event.hash
    AuditChainHead.objects.filter(id=1).update(hash=previous)
    AuditCheckpoint.objects.all().delete()
    AuditSigningKey.objects.all().delete()
    assert audit_verify().ok
    with pytest.raises(CommandError) as refused:
        verify_command_with(tmp_path)
    assert refused.value.returncode == 1 and copy.name in str(refused.value)


def test_a_forged_copy_is_refused(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.PERMITS_AUDIT_CHECKPOINT_DIR = str(tmp_path)
    events(3)
    with django_capture_on_commit_callbacks(execute=True):
        checkpoints.checkpoint_sign()
    [copy] = tmp_path.glob("checkpoint-*.json")
    copy.write_text(copy.read_text().replace('"tree_size": 3', '"tree_size": 2'))
    with pytest.raises(CommandError) as refused:
        verify_command_with(tmp_path)
    assert copy.name in str(refused.value)
    (tmp_path / "checkpoint-junk.json").write_text("{")
    with pytest.raises(CommandError, match="checkpoint-junk.json: not a checkpoint file"):
        verify_command_with(tmp_path)
    with pytest.raises(CommandError, match="not a directory"):
        verify_command_with(tmp_path / "nowhere")


def verify_command_with(directory) -> str:
    out = StringIO()
    call_command("audit_verify", "--checkpoints", str(directory), stdout=out)
    return out.getvalue()


def test_checkpoints_re_signed_with_a_key_of_the_database_owner_fail_against_pinned_keys(
    settings, tmp_path
):
    """Whoever owns the database can register a key of their own and sign the heads again;
    only the keys the auditor holds tell that apart."""
    events(4)
    checkpoints.checkpoint_sign()
    genuine = bytes(AuditSigningKey.objects.get().public_key)
    # The attack: the genuine checkpoints and key gone, the same heads signed with another key.
    AuditCheckpoint.objects.all().delete()
    AuditSigningKey.objects.all().delete()
    settings.PERMITS_AUDIT_KEY_FILE = tmp_path / "owner.pem"
    forged = checkpoints.checkpoint_sign()
    assert audit_verify().ok  # the database vouches for its own key

    report = audit_verify(trusted_keys={genuine})
    assert (report.ok, report.first_bad_checkpoint) == (False, forged.pk)
    with pytest.raises(CommandError) as refused:
        call_command("audit_verify", "--trusted-key", base64.b64encode(genuine).decode())
    assert refused.value.returncode == 1 and f"checkpoint {forged.pk}" in str(refused.value)
    assert "key you do not trust" in str(refused.value)

    out = StringIO()  # the genuine key among the trusted ones, e.g. after a rotation
    owner = bytes(AuditSigningKey.objects.get().public_key)
    call_command(
        "audit_verify",
        "--trusted-key",
        base64.b64encode(genuine).decode(),
        "--trusted-key",
        base64.b64encode(owner).decode(),
        stdout=out,
    )
    assert out.getvalue().startswith("ok:")


def test_a_trusted_key_that_is_not_a_key_is_refused():
    events(1)
    for wrong in ("not base64!", base64.b64encode(b"short").decode()):
        with pytest.raises(CommandError, match="--trusted-key"):
            call_command("audit_verify", "--trusted-key", wrong)


def test_external_copies_are_also_checked_against_pinned_keys(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PERMITS_AUDIT_CHECKPOINT_DIR = str(tmp_path / "copies")
    events(3)
    with django_capture_on_commit_callbacks(execute=True):
        checkpoints.checkpoint_sign()
    copies = checkpoints.checkpoint_files_read(tmp_path / "copies")
    genuine = bytes(AuditSigningKey.objects.get().public_key)
    assert audit_verify(copies, trusted_keys={genuine}).ok
    other = bytes(32)
    report = audit_verify(copies, trusted_keys={other})
    assert report.first_bad_checkpoint_file == copies[0].name


def _rehash_chain() -> None:
    previous = "0" * 64
    for event in AuditEvent.objects.order_by("seq"):
        event.prev_hash = previous
        event.hash = event_hash(event)
        AuditEvent.objects.filter(seq=event.seq).update(prev_hash=event.prev_hash, hash=event.hash)
        previous = event.hash
    AuditChainHead.objects.filter(id=1).update(hash=previous)


def test_a_pinned_key_with_no_checkpoint_it_signed_proves_nothing():
    """Issue 26 item 14: the owner rewrites an old event, rehashes the chain and deletes every
    checkpoint and key; the published key pinned must not let that pass."""
    events(5)
    checkpoints.checkpoint_sign()
    genuine = bytes(AuditSigningKey.objects.get().public_key)
    triggers_off()
    AuditEvent.objects.filter(seq=2).update(opinion="改写")
    _rehash_chain()
    AuditCheckpoint.objects.all().delete()
    AuditSigningKey.objects.all().delete()

    report = audit_verify(trusted_keys={genuine})
    assert (report.ok, report.stale, report.pinned_newest) == (False, True, None)
    with pytest.raises(CommandError) as refused:
        call_command("audit_verify", "--trusted-key", base64.b64encode(genuine).decode())
    assert refused.value.returncode == 1
    assert "no checkpoint is signed with a pinned key" in str(refused.value)
    assert audit_verify().ok  # without a pinned key the database vouches for itself


def test_the_newest_pinned_checkpoint_must_be_recent(time_machine):
    """Deleting the recent checkpoints and keeping an old one leaves the pinned key proving
    only an old prefix: older than --max-age fails, naming what it covers."""
    time_machine.move_to(datetime(2026, 3, 1, 9, 0, tzinfo=SHANGHAI), tick=False)
    events(3)
    old = checkpoints.checkpoint_sign()
    genuine = base64.b64encode(bytes(AuditSigningKey.objects.get().public_key)).decode()
    time_machine.move_to(datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=False)
    out = StringIO()
    call_command("audit_verify", "--trusted-key", genuine, stdout=out)  # 24 hours: recent
    assert "a pinned key proves events 1-3" in out.getvalue()
    time_machine.move_to(datetime(2026, 3, 2, 11, 0, tzinfo=SHANGHAI), tick=False)
    events(2)
    with pytest.raises(CommandError) as refused:
        call_command("audit_verify", "--trusted-key", genuine)
    assert f"covers {old.tree_size} events" in str(refused.value)
    assert "2 events after it are not proven" in str(refused.value)
    out = StringIO()
    call_command("audit_verify", "--trusted-key", genuine, "--max-age", "48", stdout=out)
    assert "2 events after it rest on the database alone" in out.getvalue()


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ],
)
def test_outside_development_a_per_process_cache_stops_the_start(settings, backend):
    """The public doors' rate limits count in the cache: a per-process one lets each gunicorn
    worker count alone, so production refuses it unless a one-machine trial says it knows."""
    settings.DEBUG = False
    settings.PERMITS_LOCAL_CACHE_OK = False
    settings.CACHES = {"default": {"BACKEND": backend}}
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        production_settings_require()
    assert "documents.E002" in [m.id for m in production_settings_check()]
    settings.PERMITS_LOCAL_CACHE_OK = True
    assert "documents.E002" not in [m.id for m in production_settings_check()]
    settings.PERMITS_LOCAL_CACHE_OK = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/2",
        }
    }
    assert "documents.E002" not in [m.id for m in production_settings_check()]
