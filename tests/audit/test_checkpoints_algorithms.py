"""Algorithm-agile checkpoints (issue 49 item 2): an installation that chose SM3 and SM2, one
that keeps SHA-256 when the setting changes mid-log, and a key rotation across algorithms as a
signed, audited event."""

import base64
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from audit import algorithms, checkpoints, merkle
from audit.choices import AuditAction
from audit.jobs import audit_checkpoints_due, audit_key_rotations_record
from audit.models import AuditChainHead, AuditCheckpoint, AuditEvent, AuditSigningKey
from audit.trail import audit_verify
from documents.checks import audit_tree_hash_check
from tests.audit.test_checkpoints import events

pytestmark = pytest.mark.django_db


@pytest.fixture
def sm_installation(settings, tmp_path):
    """A new installation that chose SM3 and SM2 (docs/deployment.md)."""
    settings.PERMITS_AUDIT_HASH = "sm3"
    settings.PERMITS_AUDIT_SIGNATURE = "sm2"
    settings.PERMITS_AUDIT_KEY_FILE = tmp_path / "audit-sm2.pem"
    return settings


def leaves() -> list[bytes]:
    hashes = AuditEvent.objects.order_by("seq").values_list("hash", flat=True)
    return [bytes.fromhex(h) for h in hashes]


def test_an_sm3_sm2_installation_signs_sm3_roots_with_sm2(sm_installation):
    events(6)
    checkpoint = checkpoints.checkpoint_sign()
    assert (checkpoint.hash_alg, checkpoint.sig_alg) == ("sm3", "sm2")
    sm3_root = merkle.root_of(leaves(), algorithms.digest_of("sm3")).hex()
    assert checkpoint.root_hash == sm3_root != merkle.root_of(leaves()).hex()
    key = AuditSigningKey.objects.get()
    assert key.algorithm == "sm2" and len(bytes(key.public_key)) == 65
    message = (
        f"permits-audit-checkpoint/v2\nsm3\nsm2\n{checkpoint.tree_size}\n{checkpoint.root_hash}\n"
        f"{checkpoints.at_text(checkpoint.at)}"
    ).encode()
    algorithms.verify("sm2", bytes(key.public_key), base64.b64decode(checkpoint.signature), message)
    report = audit_verify()
    assert (report.ok, report.checkpoints) == (True, 1)
    # Proofs are SM3 proofs.
    proof = [bytes.fromhex(h) for h in checkpoints.inclusion_proof(seq=2, tree_size=6)]
    digest = algorithms.digest_of("sm3")
    assert merkle.root_from_path(1, 6, leaves()[1], proof, digest).hex() == sm3_root


def test_a_relabelled_checkpoint_no_longer_verifies(sm_installation):
    events(3)
    checkpoint = checkpoints.checkpoint_sign()
    AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(hash_alg="sha256")
    assert audit_verify().first_bad_checkpoint == checkpoint.pk


def test_a_running_installation_keeps_its_tree_hash(settings):
    events(3)  # a SHA-256 installation
    assert AuditChainHead.objects.get().hash_alg == "sha256"
    assert audit_tree_hash_check() == []
    settings.PERMITS_AUDIT_HASH = "sm3"  # switched mid-log
    events(2)
    checkpoint = checkpoints.checkpoint_sign()
    assert checkpoint.hash_alg == "sha256"
    assert checkpoint.root_hash == merkle.root_of(leaves()).hex()
    assert audit_verify().ok
    [problem] = audit_tree_hash_check()  # manage.py check --deploy says so
    assert problem.id == "documents.E004" and "keeps sha256" in problem.msg


def test_a_key_file_of_the_other_algorithm_is_refused(settings, tmp_path):
    settings.PERMITS_AUDIT_SIGNATURE = "sm2"  # the key file is the tests' Ed25519 one
    events(1)
    with pytest.raises(
        ImproperlyConfigured, match="is an ed25519 key, but PERMITS_AUDIT_SIGNATURE"
    ):
        checkpoints.checkpoint_sign()
    assert not AuditCheckpoint.objects.exists()


def test_rotation_from_ed25519_to_sm2_is_signed_and_audited(settings, tmp_path, time_machine):
    time_machine.move_to("2026-11-28 10:00:00+08:00", tick=False)
    events(3)
    old_checkpoint = checkpoints.checkpoint_sign()
    old = AuditSigningKey.objects.get()
    time_machine.move_to("2026-11-28 11:00:00+08:00", tick=False)
    settings.PERMITS_AUDIT_SIGNATURE = "sm2"
    settings.PERMITS_AUDIT_KEY_FILE = tmp_path / "audit-sm2.pem"
    events(2)
    new_checkpoint = checkpoints.checkpoint_sign()
    assert (new_checkpoint.sig_alg, new_checkpoint.hash_alg) == ("sm2", "sha256")
    old.refresh_from_db()
    new = AuditSigningKey.objects.get(key_id=new_checkpoint.key_id)
    assert (old.active, new.active, new.replaces) == (False, True, old.key_id)
    assert checkpoints.at_text(old.retired_at) == "2026-11-28T03:00:00Z"
    statement = checkpoints.key_rotation_statement(
        old_key_id=old.key_id,
        old_algorithm="ed25519",
        new_key_id=new.key_id,
        new_algorithm="sm2",
        at="2026-11-28T03:00:00Z",
    )
    algorithms.verify(
        "sm2", bytes(new.public_key), base64.b64decode(new.rotation_signature), statement
    )
    # The next tick records it on the trail, once, and signs a checkpoint covering it.
    assert audit_checkpoints_due(timezone.now() + timedelta(days=1)) == 1
    [rotated] = AuditEvent.objects.filter(action=AuditAction.KEY_ROTATED)
    assert rotated.details["old_key_id"] == old.key_id
    assert rotated.details["new_algorithm"] == "sm2"
    assert rotated.details["signature"] == new.rotation_signature
    assert audit_key_rotations_record() == 0
    newest = AuditCheckpoint.objects.order_by("-tree_size").first()
    assert newest.tree_size >= rotated.seq
    # Both keys' checkpoints verify, each with the key that signed it.
    report = audit_verify()
    assert (report.ok, report.checkpoints) == (True, 3)
    assert old_checkpoint.key_id == old.key_id


def test_a_checkpoint_signed_by_a_rotated_out_key_after_its_retirement_is_bad(
    settings, tmp_path, time_machine
):
    time_machine.move_to("2026-11-28 10:00:00+08:00", tick=False)
    events(2)
    checkpoints.checkpoint_sign()
    old_file = settings.PERMITS_AUDIT_KEY_FILE
    settings.PERMITS_AUDIT_KEY_FILE = tmp_path / "new.pem"
    events(1)
    checkpoints.checkpoint_sign()  # the rotation
    # Whoever kept the old key signs the head again later, with it.
    time_machine.move_to("2026-11-28 12:00:00+08:00", tick=False)
    settings.PERMITS_AUDIT_KEY_FILE = old_file
    private = checkpoints.signing_key()
    old = AuditSigningKey.objects.get(key_id=algorithms.key_id_of(private.public_bytes))
    at = timezone.now().replace(microsecond=0)
    root = checkpoints.tree_root(3)
    forged = AuditCheckpoint.objects.create(
        tree_size=3,
        root_hash=root,
        at=at,
        key=old,
        signature=base64.b64encode(
            private.sign(checkpoints.signed_message(3, root, checkpoints.at_text(at)))
        ).decode(),
    )
    assert checkpoints.checkpoint_signature_valid(forged, bytes(old.public_key))  # genuine
    assert audit_verify().first_bad_checkpoint == forged.pk  # but after its key retired
