"""The algorithms of audit trust at the doors (issue 49 item 2): the latest checkpoint and the
public keys name them, and the offline verifier checks an SM3/SM2 case file and refuses, with
the reason, a tree that mixes algorithms, a truncated SM2 signature, an unknown key and a key
rotated out before it signed."""

import base64
import hashlib
import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command

from audit import algorithms, checkpoints, merkle
from audit import offline as audit_offline
from audit.models import AuditSigningKey
from tests.audit.test_checkpoints import events
from tests.web.helpers import approved

from .helpers import API

pytestmark = pytest.mark.django_db


@pytest.fixture
def sm_installation(settings, tmp_path):
    settings.PERMITS_AUDIT_HASH = "sm3"
    settings.PERMITS_AUDIT_SIGNATURE = "sm2"
    settings.PERMITS_AUDIT_KEY_FILE = tmp_path / "audit-sm2.pem"
    return settings


@pytest.fixture
def sm_application(sm_installation, applicant_my, reviewer_my, approver):
    return approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)


def test_the_latest_checkpoint_names_its_algorithms(sm_installation, client_for, auditor):
    client = client_for(auditor)
    assert client.get(f"{API}/audit/checkpoints/latest/").status_code == 404  # none yet
    events(4)
    checkpoints.checkpoint_sign()
    events(1)
    newest = checkpoints.checkpoint_sign()
    answer = client.get(f"{API}/audit/checkpoints/latest/").json()
    assert answer["tree_size"] == newest.tree_size and answer["root_hash"] == newest.root_hash
    assert (answer["hash_alg"], answer["sig_alg"]) == ("sm3", "sm2")
    assert len(base64.b64decode(answer["signature"])) == 64
    assert {"at", "key_id"} <= set(answer)
    [listed, *_] = client.get(f"{API}/audit/checkpoints/").json()["results"]
    assert listed["hash_alg"] == "sm3"
    assert client_for(None).get(f"{API}/audit/checkpoints/latest/").status_code == 401


def test_the_public_keys_name_their_algorithms_and_retirements(settings, tmp_path, client_for):
    events(1)
    checkpoints.checkpoint_sign()
    settings.PERMITS_AUDIT_SIGNATURE = "sm2"
    settings.PERMITS_AUDIT_KEY_FILE = tmp_path / "audit-sm2.pem"
    checkpoints.checkpoint_sign()
    keys = client_for(None).get(f"{API}/audit/public-keys/").json()
    by_algorithm = {key["algorithm"]: key for key in keys}
    assert set(by_algorithm) == {"ed25519", "sm2"}
    old, new = by_algorithm["ed25519"], by_algorithm["sm2"]
    assert len(base64.b64decode(old["public_key"])) == 32
    assert len(base64.b64decode(new["public_key"])) == 65
    assert old["active"] is False and old["retired_at"].endswith("Z")
    assert new["active"] is True and new["retired_at"] is None
    assert new["replaces"] == old["key_id"] and new["rotation_signature"]


def case_file(client, application) -> bytes:
    response = client.get(f"{API}/applications/{application.pk}/case-file.zip")
    assert response.status_code == 200
    return response.content


def members_of(data: bytes) -> dict[str, bytes]:
    source = zipfile.ZipFile(io.BytesIO(data))
    return {name: source.read(name) for name in source.namelist()}


def rebuilt(members: dict[str, bytes], private: algorithms.PrivateKey | None = None) -> bytes:
    """The case file with its manifest recomputed and, with ``private``, signed again."""
    manifest = json.loads(members["manifest.json"])
    manifest["members"] = {n: hashlib.sha256(members[n]).hexdigest() for n in manifest["members"]}
    members["manifest.json"] = json.dumps(manifest).encode()
    if private is not None:
        signature = json.loads(members["manifest.sig"])
        signature["signature"] = base64.b64encode(private.sign(members["manifest.json"])).decode()
        members["manifest.sig"] = json.dumps(signature).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, content in members.items():
            target.writestr(name, content)
    return buffer.getvalue()


def checkpoint_resigned(
    checkpoint: dict[str, object], private: algorithms.PrivateKey, hash_alg: str, sig_alg: str
) -> bytes:
    checkpoint = checkpoint | {"hash_alg": hash_alg, "sig_alg": sig_alg}
    message = algorithms.checkpoint_message(
        checkpoint["tree_size"], checkpoint["root_hash"], checkpoint["at"], hash_alg, sig_alg
    )
    checkpoint["signature"] = base64.b64encode(private.sign(message)).decode()
    return json.dumps(checkpoint).encode()


def test_an_sm3_sm2_case_file_verifies_offline(
    sm_installation, client_for, sm_application, auditor, tmp_path, capsys
):
    path = tmp_path / "case.zip"
    path.write_bytes(case_file(client_for(auditor), sm_application))
    members = members_of(path.read_bytes())
    checkpoint = json.loads(members["checkpoint.json"])
    assert (checkpoint["hash_alg"], checkpoint["sig_alg"]) == ("sm3", "sm2")
    assert checkpoint["format"] == "permits-audit-checkpoint/v2"
    assert json.loads(members["manifest.sig"])["sig_alg"] == "sm2"
    keys = tmp_path / "keys.json"
    keys.write_bytes(client_for(None).get(f"{API}/audit/public-keys/").content)
    capsys.readouterr()
    assert audit_offline.main([str(path), "--trusted-keys", str(keys)]) == 0
    assert "sm3/sm2" in capsys.readouterr().out
    stranger = algorithms.private_key_load(algorithms.private_key_generate("sm2"))
    unknown = base64.b64encode(stranger.public_bytes).decode()
    assert audit_offline.main([str(path), "--trusted-key", unknown]) == 1
    assert "not among the trusted keys" in capsys.readouterr().err


def test_sm3_leaves_under_a_sha256_root_are_refused_saying_so(
    sm_installation, client_for, sm_application, auditor, tmp_path, capsys
):
    """The checkpoint relabelled SHA-256 (and signed again, as if by the key's holder): the
    events' proofs are SM3 proofs, which the verifier names."""
    members = members_of(case_file(client_for(auditor), sm_application))
    private = checkpoints.signing_key()
    checkpoint = json.loads(members["checkpoint.json"])
    members["checkpoint.json"] = checkpoint_resigned(checkpoint, private, "sha256", "sm2")
    path = tmp_path / "mixed.zip"
    path.write_bytes(rebuilt(members, private))
    capsys.readouterr()
    assert audit_offline.main([str(path)]) == 1
    error = capsys.readouterr().err
    assert "杂凑算法混用" in error and "hashed with SM3 under a SHA256 root" in error


def test_a_leaf_hashed_with_the_other_algorithm_is_named_a_mix():
    leaves = [hashlib.sha256(bytes([i])).digest() for i in range(5)]
    sha256, sm3 = algorithms.digest_of("sha256"), algorithms.digest_of("sm3")
    # A tree whose nodes are SHA-256 but whose fifth leaf was hashed with SM3.
    mixed_leaf = sm3(b"\x00" + leaves[4])
    left = merkle.root_of(leaves[:4])
    root = merkle.node_hash(left, mixed_leaf, sha256)
    with pytest.raises(audit_offline.Refused, match="hashed with SM3 under a SHA256 root"):
        audit_offline._included(5, 5, leaves[4], [left], root, "sha256")
    with pytest.raises(audit_offline.Refused, match="does not lead to the signed root"):
        audit_offline._included(5, 5, leaves[3], [left], root, "sha256")


def test_a_truncated_sm2_signature_is_refused_saying_so(
    sm_installation, client_for, sm_application, auditor, tmp_path, capsys
):
    members = members_of(case_file(client_for(auditor), sm_application))
    checkpoint = json.loads(members["checkpoint.json"])
    signature = base64.b64decode(checkpoint["signature"])
    checkpoint["signature"] = base64.b64encode(signature[:-1]).decode()
    members["checkpoint.json"] = json.dumps(checkpoint).encode()
    path = tmp_path / "truncated.zip"
    path.write_bytes(rebuilt(members, checkpoints.signing_key()))  # the manifest still signed
    capsys.readouterr()
    assert audit_offline.main([str(path)]) == 1
    assert "sm2 signature has 64 bytes (r || s for SM2), this one 63: truncated" in (
        capsys.readouterr().err
    )


def test_a_checkpoint_signed_after_its_key_was_rotated_out_is_refused(
    settings, client_for, applicant_my, reviewer_my, approver, auditor, tmp_path, capsys
):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    genuine = case_file(client_for(auditor), application)
    old_private = checkpoints.signing_key()
    old_file = settings.PERMITS_AUDIT_KEY_FILE
    settings.PERMITS_AUDIT_SIGNATURE = "sm2"
    settings.PERMITS_AUDIT_KEY_FILE = tmp_path / "audit-sm2.pem"
    events(1)
    checkpoints.checkpoint_sign()  # the rotation to SM2
    keys = tmp_path / "keys.json"
    keys.write_bytes(client_for(None).get(f"{API}/audit/public-keys/").content)
    retired = AuditSigningKey.objects.get(key_id=algorithms.key_id_of(old_private.public_bytes))
    assert retired.retired_at is not None and old_file != settings.PERMITS_AUDIT_KEY_FILE
    (tmp_path / "genuine.zip").write_bytes(genuine)
    assert audit_offline.main([str(tmp_path / "genuine.zip"), "--trusted-keys", str(keys)]) == 0
    # The old key, kept by someone, signs the same tree head dated after its retirement.
    members = members_of(genuine)
    checkpoint = json.loads(members["checkpoint.json"]) | {"at": "2099-01-01T00:00:00Z"}
    members["checkpoint.json"] = checkpoint_resigned(checkpoint, old_private, "sha256", "ed25519")
    (tmp_path / "late.zip").write_bytes(rebuilt(members, old_private))
    capsys.readouterr()
    assert audit_offline.main([str(tmp_path / "late.zip"), "--trusted-keys", str(keys)]) == 1
    error = capsys.readouterr().err
    assert "密钥已轮换停用" in error and f"key {retired.key_id} was rotated out at" in error


def test_an_sm3_consistency_proof_verifies_offline(sm_installation, client_for, auditor, tmp_path):
    events(3)
    first = checkpoints.checkpoint_document(checkpoints.checkpoint_sign())
    events(4)
    second = checkpoints.checkpoint_document(checkpoints.checkpoint_sign())
    sizes = f"first={first['tree_size']}&second={second['tree_size']}"
    proof = client_for(auditor).get(f"{API}/audit/consistency/?{sizes}").json()
    paths = []
    for name, document in (("old.json", first), ("new.json", second), ("proof.json", proof)):
        (tmp_path / name).write_text(json.dumps(document))
        paths.append(str(tmp_path / name))
    key = base64.b64encode(bytes(AuditSigningKey.objects.get().public_key)).decode()
    assert audit_offline.main(["--consistency", *paths, "--trusted-key", key]) == 0
    # The same proof read as SHA-256 (the documents relabelled) does not hold.
    assert not merkle.consistency_valid(
        proof["first"],
        proof["second"],
        bytes.fromhex(proof["first_root"]),
        bytes.fromhex(proof["second_root"]),
        [bytes.fromhex(h) for h in proof["proof"]],
    )


def test_audit_verify_pins_an_sm2_key(sm_installation):
    events(2)
    checkpoints.checkpoint_sign()
    key = base64.b64encode(bytes(AuditSigningKey.objects.get().public_key)).decode()
    out = StringIO()
    call_command("audit_verify", "--trusted-key", key, stdout=out)
    assert "a pinned key proves events 1-" in out.getvalue()
