"""The one seam of the audit trail's cryptography (issue 49 item 2): a hash and a signature per
algorithm name, so that a checkpoint records which it used and the verifier follows it.

Pure (no Django): ``audit.offline`` imports it. Hashes: ``sha256`` and ``sm3`` (GB/T 32905, from
``cryptography``'s ``hashes.SM3``). Signatures: ``ed25519`` (``cryptography``) and ``sm2``
(GB/T 32918.2 with the SM3 digest of Z || M, Z of the default user ID ``1234567812345678``,
through ``core.sm2``, the seam the e-seal adapter shares: ``tongsuopy``, chosen by the
measurement in docs/architecture.md).
A signature travels as raw bytes: Ed25519's 64, SM2's r || s in 64 (GM/T 0009's raw form).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from core import sm2 as sm2_seam

SHA256, SM3 = "sha256", "sm3"
ED25519, SM2 = "ed25519", "sm2"
HASH_ALGORITHMS = (SHA256, SM3)
SIGNATURE_ALGORITHMS = (ED25519, SM2)
# What a checkpoint that names none was made with (every checkpoint before issue 49).
DEFAULT_HASH, DEFAULT_SIGNATURE = SHA256, ED25519
# The raw public key's length: Ed25519's 32 bytes, SM2's uncompressed point 04 || X || Y.
PUBLIC_KEY_LENGTH = {ED25519: 32, SM2: 65}
SIGNATURE_LENGTH = {ED25519: 64, SM2: 64}
SM2_DEFAULT_ID = sm2_seam.DEFAULT_ID

Digest = Callable[[bytes], bytes]


class SignatureRefused(ValueError):
    """A signature does not verify; the message says why (truncated, wrong key, forged)."""


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


_DIGESTS: dict[str, Digest] = {SHA256: _sha256, SM3: sm2_seam.sm3}


def digest_of(hash_alg: str) -> Digest:
    """The hash function named ``hash_alg``; ValueError for another name."""
    try:
        return _DIGESTS[hash_alg]
    except KeyError:
        raise ValueError(f"unknown hash algorithm {hash_alg!r}") from None


def hash_hex(hash_alg: str, data: bytes) -> str:
    return digest_of(hash_alg)(data).hex()


CHECKPOINT_V1 = "permits-audit-checkpoint/v1"
CHECKPOINT_V2 = "permits-audit-checkpoint/v2"


def checkpoint_message(
    tree_size: int, root_hash: str, at: str, hash_alg: str, sig_alg: str
) -> bytes:
    """What a checkpoint's signature covers (api.md): ``permits-audit-checkpoint/v1``, the size,
    the root and the time, one a line, in UTF-8, for SHA-256 with Ed25519 (every checkpoint
    before issue 49); with any other algorithm, ``permits-audit-checkpoint/v2`` and the two
    algorithms' names before them, so that no checkpoint can be relabelled."""
    if checkpoint_format(hash_alg, sig_alg) == CHECKPOINT_V1:
        return f"{CHECKPOINT_V1}\n{tree_size}\n{root_hash}\n{at}".encode()
    return f"{CHECKPOINT_V2}\n{hash_alg}\n{sig_alg}\n{tree_size}\n{root_hash}\n{at}".encode()


def checkpoint_format(hash_alg: str, sig_alg: str) -> str:
    """The first line of a checkpoint's signed message (a checkpoint document's ``format``)."""
    if (hash_alg, sig_alg) == (DEFAULT_HASH, DEFAULT_SIGNATURE):
        return CHECKPOINT_V1
    return CHECKPOINT_V2


def key_id_of(public_key: bytes) -> str:
    """A key's identifier: the first 16 hex digits of the SHA-256 of its raw public key (of
    either algorithm: an identifier, not a security claim)."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def algorithm_of_public(public_key: bytes) -> str:
    """The algorithm of a raw public key, told by its length and form; ValueError otherwise."""
    if len(public_key) == PUBLIC_KEY_LENGTH[ED25519]:
        return ED25519
    if len(public_key) == PUBLIC_KEY_LENGTH[SM2] and public_key[0] == 4:
        return SM2
    raise ValueError(f"a public key of {len(public_key)} bytes is neither Ed25519 nor SM2")


@dataclass(frozen=True)
class PrivateKey:
    """A signing key of either algorithm, as loaded from its PEM file."""

    algorithm: str
    key: Ed25519PrivateKey | sm2_seam.SigningKey

    @property
    def public_bytes(self) -> bytes:
        if isinstance(self.key, Ed25519PrivateKey):
            return self.key.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
        return self.key.public_bytes

    def sign(self, message: bytes) -> bytes:
        if isinstance(self.key, Ed25519PrivateKey):
            return self.key.sign(message)
        return self.key.sign(message)


def private_key_generate(algorithm: str) -> bytes:
    """A new private key of ``algorithm`` in PEM (PKCS#8), unencrypted."""
    if algorithm == ED25519:
        return Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    if algorithm == SM2:
        return sm2_seam.key_generate().pem()
    raise ValueError(f"unknown signature algorithm {algorithm!r}")


def private_key_load(pem: bytes) -> PrivateKey:
    """An Ed25519 or SM2 private key from PEM (PKCS#8, as ``openssl genpkey -algorithm ed25519``
    or Tongsuo's ``-algorithm SM2`` write it); ValueError for anything else."""
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except Exception:  # noqa: BLE001 (cryptography knows no SM2 curve: Tongsuo may)
        key = None
    if isinstance(key, Ed25519PrivateKey):
        return PrivateKey(ED25519, key)
    if key is not None:
        raise ValueError("neither an Ed25519 nor an SM2 private key")
    sm2_key = sm2_seam.key_load(pem)
    if sm2_key is None:
        raise ValueError("neither an Ed25519 nor an SM2 private key")
    return PrivateKey(SM2, sm2_key)


def verify(algorithm: str, public_key: bytes, signature: bytes, message: bytes) -> None:
    """That ``signature`` is ``public_key``'s over ``message`` by ``algorithm``; SignatureRefused
    saying why otherwise."""
    if algorithm not in SIGNATURE_ALGORITHMS:
        raise SignatureRefused(f"unknown signature algorithm {algorithm!r}")
    if len(public_key) != PUBLIC_KEY_LENGTH[algorithm]:
        raise SignatureRefused(
            f"a {algorithm} public key has {PUBLIC_KEY_LENGTH[algorithm]} bytes, not "
            f"{len(public_key)}"
        )
    if len(signature) != SIGNATURE_LENGTH[algorithm]:
        raise SignatureRefused(
            f"a {algorithm} signature has {SIGNATURE_LENGTH[algorithm]} bytes (r || s for SM2), "
            f"this one {len(signature)}: truncated or padded"
        )
    refused = SignatureRefused(f"the {algorithm} signature does not verify")
    if algorithm == SM2:
        if not sm2_seam.verifies(public_key, signature, message):
            raise refused
        return
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError) as error:
        raise refused from error
