"""The canonical serialisation the audit trail hashes (pure: the offline verifier imports it
without Django)."""

import hashlib
import json


def canonical_json(value: object) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
