"""The one seam of SM2 (GB/T 32918.2, with the SM3 digest of Z || M, Z of the default user ID
``1234567812345678``) and SM3 (GB/T 32905): the audit trail's checkpoints (``audit.algorithms``)
and the e-seal platform's seals (``documents.eseal``) both sign or verify through it.

One library at run time, ``tongsuopy`` (the Tongsuo project's binding; docs/architecture.md
"Audit trust: algorithms" says why and gives the measurement), SM3 from ``cryptography``. Pure:
no Django, so ``audit.offline`` may import it. A public key travels as the uncompressed point
04 || X || Y (65 bytes), a signature as r || s (64 bytes, GM/T 0009's raw form).
"""

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from tongsuopy.crypto import hashes as sm_hashes
from tongsuopy.crypto import serialization as sm_serialization
from tongsuopy.crypto.asymciphers import ec as sm_ec
from tongsuopy.crypto.exceptions import InvalidSignature

PUBLIC_KEY_LENGTH = 65
SIGNATURE_LENGTH = 64
# The order n of the recommended curve (GB/T 32918.5): r and s lie in [1, n - 1].
ORDER = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
# GB/T 35276 (GM/T 0009) §10's default signer identity, which the Z value hashes.
DEFAULT_ID = b"1234567812345678"


def sm3(data: bytes) -> bytes:
    """The SM3 digest of ``data`` (GB/T 32905)."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


class SigningKey:
    """An SM2 private key: its public half's bytes, and r || s over a message."""

    def __init__(self, key: sm_ec.EllipticCurvePrivateKey) -> None:
        self._key = key

    @property
    def public_bytes(self) -> bytes:
        return bytes(
            self._key.public_key().public_bytes(
                sm_serialization.Encoding.X962, sm_serialization.PublicFormat.UncompressedPoint
            )
        )

    def sign(self, message: bytes) -> bytes:
        r, s = decode_dss_signature(self._key.sign(message, sm_ec.ECDSA(sm_hashes.SM3())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    def pem(self) -> bytes:
        """The key in PEM (PKCS#8), unencrypted."""
        return bytes(
            self._key.private_bytes(
                sm_serialization.Encoding.PEM,
                sm_serialization.PrivateFormat.PKCS8,
                sm_serialization.NoEncryption(),
            )
        )


def key_generate() -> SigningKey:
    return SigningKey(sm_ec.generate_private_key(sm_ec.SM2()))


def key_load(pem: bytes) -> SigningKey | None:
    """An SM2 private key from PEM (PKCS#8, as Tongsuo's ``genpkey -algorithm SM2`` writes it);
    None for another kind of key Tongsuo reads, ValueError for anything else (another curve's
    key included: Tongsuo knows no other)."""
    try:
        key = sm_serialization.load_pem_private_key(pem, password=None)
    except Exception as error:  # noqa: BLE001 (the library raises several kinds)
        raise ValueError(f"not a private key in PEM ({error})") from error
    if not isinstance(key, sm_ec.EllipticCurvePrivateKey) or key.curve.name != "SM2":
        return None
    return SigningKey(key)


def verifies(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` (r || s) is ``public_key``'s SM2 signature over ``message``: not
    when either has the wrong length, r or s is out of range or the point is off the curve."""
    if len(public_key) != PUBLIC_KEY_LENGTH or len(signature) != SIGNATURE_LENGTH:
        return False
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    if not (0 < r < ORDER and 0 < s < ORDER):
        return False
    try:
        public = sm_ec.EllipticCurvePublicKey.from_encoded_point(sm_ec.SM2(), public_key)
        public.verify(encode_dss_signature(r, s), message, sm_ec.ECDSA(sm_hashes.SM3()))
    except (InvalidSignature, ValueError):
        return False
    return True
