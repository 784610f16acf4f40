"""The audit API of signed checkpoints (API.md "Audit"): public keys, checkpoints, inclusion
proofs and verification, checked with nothing but the published key."""

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from permits import checkpoints, merkle
from permits.models import AuditCheckpoint
from tests.permits.test_checkpoints import events

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
    events(11)
    checkpoints.checkpoint_sign()
    events(3)
    auditor_client = client_for(auditor)
    [checkpoint] = auditor_client.get(f"{API}/audit/checkpoints/").json()["results"]
    assert checkpoint["tree_size"] == 11
    [key] = client_for(None).get(f"{API}/audit/public-keys/").json()
    message = (
        f"permits-audit-checkpoint/v1\n{checkpoint['tree_size']}\n{checkpoint['root_hash']}\n"
        f"{checkpoint['at']}"
    ).encode()
    Ed25519PublicKey.from_public_bytes(base64.b64decode(key["public_key"])).verify(
        base64.b64decode(checkpoint["signature"]), message
    )
    for seq in range(1, 12):
        proof = auditor_client.get(f"{API}/audit/proof/", {"seq": seq, "tree_size": 11}).json()
        assert proof["leaf_index"] == seq - 1
        root = merkle.root_from_path(
            seq - 1,
            11,
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
    events(4)
    checkpoint = checkpoints.checkpoint_sign()
    assert client_for(auditor).get(f"{API}/audit/verify/").json() == {
        "ok": True,
        "events": 4,
        "first_bad_seq": None,
        "checkpoints": 1,
        "first_bad_checkpoint": None,
    }
    AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(tree_size=3)
    body = client_for(auditor).get(f"{API}/audit/verify/").json()
    assert (body["ok"], body["first_bad_checkpoint"]) == (False, checkpoint.pk)
