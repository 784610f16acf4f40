"""The audit API of signed checkpoints (api.md "Audit"): public keys, checkpoints, inclusion
proofs and verification, checked with nothing but the published key."""

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from audit import checkpoints, merkle
from audit import offline as audit_offline
from audit.models import AuditCheckpoint, AuditEvent
from tests.audit.test_checkpoints import events

from .helpers import API

pytestmark = pytest.mark.django_db


# ---- the API --------------------------------------------------------------------------------


def test_public_keys_need_no_login(client_for):
    events(1)
    checkpoints.checkpoint_sign()
    [key] = client_for(None).get(f"{API}/audit/public-keys/").json()
    assert key["algorithm"] == "ed25519" and key["active"] is True
    assert len(base64.b64decode(key["public_key"])) == 32


def test_an_auditor_proves_every_event_against_a_signed_checkpoint(
    client_for, auditor, applicant_my
):
    # The personas' role grants are events already (issue 47): the checkpoint covers them too.
    size = AuditEvent.objects.count() + 11
    events(11)
    checkpoints.checkpoint_sign()
    events(3)
    auditor_client = client_for(auditor)
    [checkpoint] = auditor_client.get(f"{API}/audit/checkpoints/").json()["results"]
    assert checkpoint["tree_size"] == size
    [key] = client_for(None).get(f"{API}/audit/public-keys/").json()
    message = (
        f"permits-audit-checkpoint/v1\n{checkpoint['tree_size']}\n{checkpoint['root_hash']}\n"
        f"{checkpoint['at']}"
    ).encode()
    Ed25519PublicKey.from_public_bytes(base64.b64decode(key["public_key"])).verify(
        base64.b64decode(checkpoint["signature"]), message
    )
    for seq in range(1, size + 1):
        proof = auditor_client.get(f"{API}/audit/proof/", {"seq": seq, "tree_size": size}).json()
        assert proof["leaf_index"] == seq - 1
        root = merkle.root_from_path(
            seq - 1,
            size,
            bytes.fromhex(proof["event_hash"]),
            [bytes.fromhex(h) for h in proof["audit_path"]],
        )
        assert root.hex() == checkpoint["root_hash"]
    assert (
        client_for(applicant_my).get(f"{API}/audit/proof/", {"seq": 1, "tree_size": 1}).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"seq": 5, "tree_size": 4}, "seq"),
        ({"seq": 1, "tree_size": 99}, "tree_size"),
        ({"seq": 0, "tree_size": 4}, "seq"),
        ({"seq": "x", "tree_size": 4}, "seq"),
        ({"tree_size": 4}, "seq"),
        ({"seq": 1, "tree_size": 10**30}, "tree_size"),
    ],
)
def test_bad_proof_requests_are_400(client_for, auditor, query, field):
    events(6)
    response = client_for(auditor).get(f"{API}/audit/proof/", query)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_the_verify_endpoint_names_the_bad_checkpoint(client_for, auditor):
    size = AuditEvent.objects.count() + 4
    events(4)
    checkpoint = checkpoints.checkpoint_sign()
    assert client_for(auditor).get(f"{API}/audit/verify/").json() == {
        "ok": True,
        "events": size,
        "first_bad_seq": None,
        "checkpoints": 1,
        "first_bad_checkpoint": None,
    }
    AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(tree_size=size - 1)
    body = client_for(auditor).get(f"{API}/audit/verify/").json()
    assert (body["ok"], body["first_bad_checkpoint"]) == (False, checkpoint.pk)


def test_an_auditor_who_kept_an_old_checkpoint_proves_offline_that_a_newer_extends_it(
    client_for, auditor, tmp_path, capsys
):
    """Issue 26 item 22: the consistency proof between two checkpoints, from the API, checked
    by the offline verifier with the published key; a chain rewritten between them fails."""
    first = AuditEvent.objects.count() + 5
    second = first + 8
    events(5)
    old = checkpoints.checkpoint_sign()
    events(8)
    new = checkpoints.checkpoint_sign()
    for checkpoint, name in ((old, "old.json"), (new, "new.json")):
        (tmp_path / name).write_text(json.dumps(checkpoints.checkpoint_document(checkpoint)))
    response = client_for(auditor).get(
        f"{API}/audit/consistency/", {"first": first, "second": second}
    )
    assert response.status_code == 200
    assert response.json()["first_root"] == old.root_hash
    (tmp_path / "proof.json").write_bytes(response.content)
    [key] = client_for(None).get(f"{API}/audit/public-keys/").json()
    files = [str(tmp_path / n) for n in ("old.json", "new.json", "proof.json")]
    held = ["--trusted-key", key["public_key"]]
    assert audit_offline.main(["--consistency", *files, *held]) == 0
    assert f"extends the one of {first} events" in capsys.readouterr().out

    # A newer head signed over a rewritten past (with the key: an insider) does not extend it.
    forged = json.loads((tmp_path / "new.json").read_text())
    forged["root_hash"] = merkle.root_of([bytes(32)] * second).hex()
    private = checkpoints.signing_key()
    forged["signature"] = base64.b64encode(
        private.sign(checkpoints.signed_message(second, forged["root_hash"], forged["at"]))
    ).decode()
    (tmp_path / "new.json").write_text(json.dumps(forged))
    assert audit_offline.main(["--consistency", *files, *held]) == 1
    assert "does not extend" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"first": 5, "second": 4}, "first"),
        ({"first": 1, "second": 99}, "second"),
        ({"first": 0, "second": 4}, "first"),
        ({"second": 4}, "first"),
    ],
)
def test_bad_consistency_requests_are_400(client_for, auditor, applicant_my, query, field):
    events(6)
    response = client_for(auditor).get(f"{API}/audit/consistency/", query)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]
    query = {"first": 1, "second": 2}
    assert client_for(applicant_my).get(f"{API}/audit/consistency/", query).status_code == 403


def test_a_consistency_refusal_is_in_chinese(client_for, auditor):
    events(3)
    client = client_for(auditor)
    response = client.get(
        f"{API}/audit/consistency/", {"first": 3, "second": 2}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert "较早的树不能大于较新的树" in response.json()["errors"][0]["message"]
