"""Verify a case file (案卷) with no database and no network (PRODUCT §13):

    python -m permits.audit_offline FILE.zip [--trusted-key BASE64 ...]

Exit 0 only when every check passes; otherwise exit 1 and say which member failed and why:

1. every member is listed in ``manifest.json`` with its SHA-256, and nothing else is in the ZIP;
2. ``manifest.sig`` is a valid Ed25519 signature of the manifest by the key it names;
3. ``checkpoint.json`` is a valid signature of its tree head by the key it names;
4. each event's hash is the SHA-256 of the fields it lists, its snapshot matches the hashed
   ``snapshot_sha256``, and its inclusion proof leads to the signed root;
5. each attachment's and each document's SHA-256 is the one its event recorded.

The keys are the ones the file names; pass the keys the agency published
(``/api/v1/audit/public-keys/``) with ``--trusted-key`` to also require that the file was
signed with one of them. Imports no Django: only the standard library, ``cryptography`` and
``permits.merkle`` / ``permits.canonical``.
"""

import argparse
import base64
import hashlib
import json
import sys
import zipfile
from collections.abc import Sequence

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from permits import merkle
from permits.canonical import canonical_json, sha256_hex

MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
CHECKPOINT_PREFIX = "permits-audit-checkpoint/v1"


class Refused(Exception):
    """The case file fails a check; the message says which and why."""


def _json(archive: zipfile.ZipFile, name: str) -> object:
    try:
        return json.loads(archive.read(name))
    except (KeyError, ValueError) as error:
        raise Refused(f"{name}: missing or not JSON ({error})") from error


def _verify_signature(public_b64: str, key_id: str, signature_b64: str, message: bytes) -> bytes:
    try:
        public = base64.b64decode(public_b64, validate=True)
        if hashlib.sha256(public).hexdigest()[:16] != key_id:
            raise Refused(f"key {key_id}: its public key does not match its id")
        Ed25519PublicKey.from_public_bytes(public).verify(
            base64.b64decode(signature_b64, validate=True), message
        )
    except (InvalidSignature, ValueError, TypeError) as error:
        raise Refused(f"signature by key {key_id} does not verify") from error
    return public


def _members(archive: zipfile.ZipFile) -> dict[str, str]:
    manifest = _json(archive, MANIFEST)
    if not isinstance(manifest, dict) or not isinstance(manifest.get("members"), dict):
        raise Refused(f"{MANIFEST}: no member list")
    listed: dict[str, str] = manifest["members"]
    present = set(archive.namelist()) - {MANIFEST, SIGNATURE}
    if present != set(listed):
        extra, missing = sorted(present - set(listed)), sorted(set(listed) - present)
        raise Refused(f"{MANIFEST}: members differ (extra {extra}, missing {missing})")
    for name, digest in listed.items():
        if sha256_hex(archive.read(name)) != digest:
            raise Refused(f"{name}: its SHA-256 is not the manifest's")
    return listed


def _signed_keys(archive: zipfile.ZipFile) -> tuple[set[bytes], dict]:
    signature = _json(archive, SIGNATURE)
    checkpoint = _json(archive, "checkpoint.json")
    if not isinstance(signature, dict) or not isinstance(checkpoint, dict):
        raise Refused("manifest.sig or checkpoint.json is not an object")
    try:
        manifest_key = _verify_signature(
            signature["public_key"], signature["key_id"], signature["signature"],
            archive.read(MANIFEST),
        )  # fmt: skip
        message = (
            f"{CHECKPOINT_PREFIX}\n{checkpoint['tree_size']}\n{checkpoint['root_hash']}\n"
            f"{checkpoint['at']}"
        ).encode()
        checkpoint_key = _verify_signature(
            checkpoint["public_key"], checkpoint["key_id"], checkpoint["signature"], message
        )
    except KeyError as error:
        raise Refused(f"a signature lacks {error}") from error
    return {manifest_key, checkpoint_key}, checkpoint


def _events(archive: zipfile.ZipFile, checkpoint: dict) -> list[dict]:
    events = _json(archive, "events.json")
    if not isinstance(events, list) or not events:
        raise Refused("events.json: no events")
    size, root = int(checkpoint["tree_size"]), bytes.fromhex(checkpoint["root_hash"])
    for entry in events:
        try:
            hashed, event_hash = entry["hashed"], entry["hash"]
            seq = int(hashed["seq"])
            if sha256_hex(canonical_json(hashed)) != event_hash:
                raise Refused(f"event #{seq}: its hash is not the hash of its fields")
            snapshot = entry.get("snapshot")
            if snapshot is not None and hashed["snapshot_sha256"] != sha256_hex(
                canonical_json(snapshot)
            ):
                raise Refused(f"event #{seq}: its snapshot is not the one hashed")
            path = [bytes.fromhex(h) for h in entry["audit_path"]]
            if merkle.root_from_path(seq - 1, size, bytes.fromhex(event_hash), path) != root:
                raise Refused(f"event #{seq}: its inclusion proof does not lead to the signed root")
        except (KeyError, TypeError, ValueError) as error:
            raise Refused(f"events.json: a malformed event ({error})") from error
    return events


def _files_bound(listed: dict[str, str], events: list[dict]) -> None:
    attached = {
        e["hashed"]["details"].get("sha256")
        for e in events
        if e["hashed"]["action"] == "attachment_added"
    }
    issued: dict[str, str] = {}  # number -> the latest PDF hash an event recorded
    for e in events:
        details = e["hashed"]["details"] or {}
        if (
            e["hashed"]["action"]
            in (
                "certificate_issued",
                "certificate_signed",
                "revoke",
            )
            and details.get("number")
            and "pdf_sha256" in details
        ):
            # A revocation records the number only: its re-rendered file is recorded by the
            # certificate_issued event after it (documents are drawn after the commit).
            issued[details["number"]] = details["pdf_sha256"]
    for name, digest in listed.items():
        if name.startswith("attachments/") and digest not in attached:
            raise Refused(f"{name}: no attachment_added event recorded this file")
        if name.startswith("documents/"):
            number = name.removeprefix("documents/").removesuffix(".pdf")
            if issued.get(number) != digest:
                raise Refused(f"{name}: not the document its event recorded")


def verify(path: str, trusted: Sequence[bytes] = ()) -> str:
    """A one-line summary of a valid case file; Refused otherwise."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise Refused(f"{path}: not a readable ZIP ({error})") from error
    with archive:
        listed = _members(archive)
        keys, checkpoint = _signed_keys(archive)
        if trusted and not keys <= set(trusted):
            raise Refused("signed with a key that is not among the trusted keys")
        events = _events(archive, checkpoint)
        _files_bound(listed, events)
    return (
        f"ok: {len(events)} events proven against checkpoint {checkpoint['tree_size']} "
        f"({checkpoint['at']}, key {checkpoint['key_id']}); {len(listed)} members intact"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m permits.audit_offline", description=__doc__)
    parser.add_argument("case_file")
    parser.add_argument("--trusted-key", action="append", default=[], metavar="BASE64")
    arguments = parser.parse_args(argv)
    try:
        trusted = [base64.b64decode(k, validate=True) for k in arguments.trusted_key]
        print(verify(arguments.case_file, trusted))
    except (Refused, ValueError) as error:
        print(f"REFUSED: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
