"""The adapter to a province's e-seal platform (issue 49; ``PERMITS_SEAL_PROVIDER=eseal``).

The platform holds each agency's seal (GB/T 38540: an SM2 key and the seal's certificate); this
system never holds it. For each document it sends the SM3 digest of the file as rendered and
receives the platform's SM2 signature over that digest, the seal's public key and certificate;
the signature is checked here against the keys the installation trusts
(``PERMITS_ESEAL_PUBLIC_KEYS``) before it is stored. docs/deployment.md "The e-seal platform"
gives the HTTP contract.

The call happens after the decision commits, holding no lock; the document's row is locked only
to store the seal, and only if its file is still the one whose digest was sealed (a revocation
may have re-rendered it meanwhile). The platform down, slow or answering nonsense: the document
stays "盖章中", the attempt is counted and the next one is due after a backoff (30 s doubling,
``PERMITS_SEAL_RETRY_MAX_SECONDS`` at most), by the Celery task's own retries and by
``permits_tick`` (``documents_seal_pending``), whichever comes first.

SM2 and SM3 are the seam's (``core.sm2``, which the audit trail's checkpoints use too:
``tongsuopy``, under a millisecond a verification); no other documents module calls it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.choices import AuditAction
from core import sm2
from core.messages import (
    MSG_SEAL_ALTERED_DIGEST,
    MSG_SEAL_ALTERED_SIGNATURE,
    MSG_SEAL_KEY_UNTRUSTED,
)
from documents.models import Certificate, SealProvider

from .signing import (
    SIGNING_RELATED,
    certificate_event_record,
    document_title,
    file_as_recorded,
    signing_agency,
)

logger = logging.getLogger(__name__)

SEAL_TASK = "documents.certificate_eseal"
DIGEST_ALGORITHM = "SM3"
SIGNATURE_ALGORITHM = "SM2-SM3"
FIRST_RETRY_SECONDS = 30
_HEX = re.compile(r"\A[0-9a-fA-F]+\Z")


class SealingUnavailable(Exception):
    """The platform did not seal the document now (down, slow, refused, or an answer that does
    not verify); the attempt is recorded and retried later."""


@dataclass(frozen=True)
class SealAnswer:
    """What the platform answered, checked: its signature verifies over the digest with a key
    this installation trusts."""

    seal_id: str
    signature: str  # r || s, 128 hexadecimal digits
    public_key: str  # x || y, 128 hexadecimal digits
    certificate: str  # the seal's certificate, as the platform names it (serial, subject)
    signed_at: str


# ---- the algorithms (pure) -------------------------------------------------------------------


def sm3_hex(data: bytes) -> str:
    """The SM3 digest of ``data`` (GB/T 32905), in hexadecimal."""
    return sm2.sm3(data).hex()


def public_key_normal(public_key: str) -> str:
    """An SM2 public key as x || y in lower-case hexadecimal (the uncompressed point's leading
    ``04`` dropped); empty for anything else."""
    key = public_key.strip().lower()
    if len(key) == 130 and key.startswith("04"):
        key = key[2:]
    return key if len(key) == 128 and _HEX.match(key) else ""


def sm2_verify(public_key: str, signature: str, digest_hex: str) -> bool:
    """Whether ``signature`` (r || s, hexadecimal) is the SM2 signature (GB/T 32918.2, with SM3
    and the default user ID) of the digest's 32 bytes under ``public_key``. A signature of the
    wrong length (truncated), not hexadecimal, or with r or s out of range is not."""
    key = public_key_normal(public_key)
    if not key or len(signature) != 128 or not _HEX.match(signature):
        return False
    try:
        digest = bytes.fromhex(digest_hex)
    except ValueError:
        return False
    return sm2.verifies(bytes.fromhex("04" + key), bytes.fromhex(signature), digest)


def trusted_keys() -> set[str]:
    return {k for k in map(public_key_normal, settings.PERMITS_ESEAL_PUBLIC_KEYS) if k}


# ---- the platform ----------------------------------------------------------------------------


def platform_request(certificate: Certificate, digest: str) -> dict[str, Any]:
    """The body sent to ``POST <PERMITS_ESEAL_URL>/seal`` (docs/deployment.md)."""
    agency = signing_agency(certificate)
    return {
        "agency": {"code": agency.code if agency else "", "name": agency.name if agency else ""},
        "document": {"number": certificate.number, "title": document_title(certificate)},
        "digest_algorithm": DIGEST_ALGORITHM,
        "digest": digest,
    }


def platform_seal(body: dict[str, Any]) -> SealAnswer:
    """Ask the platform to seal; SealingUnavailable with the reason when it does not, in time,
    with a signature that verifies under a trusted key."""
    if not settings.PERMITS_ESEAL_URL:
        raise SealingUnavailable("PERMITS_ESEAL_URL is not set")
    request = urllib.request.Request(  # noqa: S310 (PERMITS_ESEAL_URL: http(s) only, env_url)
        f"{settings.PERMITS_ESEAL_URL}/seal",
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Authorization": f"Bearer {settings.PERMITS_ESEAL_TOKEN}",
        },
    )
    try:
        with urllib.request.urlopen(  # noqa: S310 (an https address from the settings)
            request, timeout=settings.PERMITS_ESEAL_TIMEOUT_SECONDS
        ) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as error:
        raise SealingUnavailable(f"the platform answered {error.code}") from error
    except (OSError, ValueError) as error:  # refused, unreachable, timed out, a bad address
        raise SealingUnavailable(f"the platform could not be reached: {error}") from error
    try:
        answer = json.loads(raw)
        sealed = SealAnswer(
            seal_id=str(answer["seal_id"]),
            signature=str(answer["signature"]),
            public_key=public_key_normal(str(answer["public_key"])),
            certificate=str(answer.get("certificate") or ""),
            signed_at=str(answer.get("signed_at") or ""),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise SealingUnavailable("the platform's answer is not the contract's") from error
    if sealed.public_key not in trusted_keys():
        raise SealingUnavailable("the platform sealed with a key this system does not trust")
    if not sm2_verify(sealed.public_key, sealed.signature, body["digest"]):
        raise SealingUnavailable("the platform's signature does not verify over the digest")
    return sealed


# ---- the job ---------------------------------------------------------------------------------


def _to_seal(certificate_id: int) -> Certificate | None:
    return (
        Certificate.objects.select_related(*SIGNING_RELATED)
        .filter(
            pk=certificate_id,
            seal_provider=SealProvider.ESEAL,
            sealed_at__isnull=True,
            rendered_at__isnull=False,
        )
        .first()
    )


def retry_delay(attempts: int) -> dt.timedelta:
    """30 s after the first failure, doubling, at most ``PERMITS_SEAL_RETRY_MAX_SECONDS``."""
    seconds = FIRST_RETRY_SECONDS * 2 ** min(max(attempts - 1, 0), 20)
    return dt.timedelta(seconds=min(seconds, settings.PERMITS_SEAL_RETRY_MAX_SECONDS))


def _failure_record(certificate_id: int, sha256: str, reason: str) -> None:
    with transaction.atomic():
        row = (
            Certificate.objects.select_for_update(of=("self",))
            .filter(pk=certificate_id, sealed_at__isnull=True, pdf_sha256=sha256)
            .first()
        )
        if row is None:
            return
        row.seal_attempts += 1
        row.seal_retry_at = timezone.now() + retry_delay(row.seal_attempts)
        row.seal_error = reason[:500]
        row.save(update_fields=["seal_attempts", "seal_retry_at", "seal_error"])


def certificate_eseal(certificate_id: int, *, raise_unavailable: bool = False) -> bool:
    """Have the platform seal one document if it still needs it; True when sealed now. The
    platform failing: the attempt recorded (the document stays 盖章中, retried after its
    backoff), then SealingUnavailable raised where ``raise_unavailable`` (the Celery task
    retries on it), else False."""
    certificate = _to_seal(certificate_id)
    if certificate is None:
        return False
    data = file_as_recorded(certificate, act="sealing")
    if data is None:
        return False
    digest = sm3_hex(data)
    try:
        answer = platform_seal(platform_request(certificate, digest))
    except SealingUnavailable as error:
        logger.warning("Document %s not sealed yet: %s", certificate.number, error)
        _failure_record(certificate.pk, certificate.pdf_sha256, str(error))
        if raise_unavailable:
            raise
        return False
    return _seal_store(certificate.pk, certificate.pdf_sha256, digest, answer)


def _seal_store(certificate_id: int, sha256: str, digest: str, answer: SealAnswer) -> bool:
    """Store the seal under the document's row lock, if its file is still the one sealed."""
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related(*SIGNING_RELATED)
            .filter(pk=certificate_id, sealed_at__isnull=True, pdf_sha256=sha256)
            .first()
        )
        if certificate is None:  # sealed meanwhile, or re-rendered: that file is sealed anew
            return False
        certificate.sealed_at = timezone.now()
        certificate.seal_evidence = {
            "seal_id": answer.seal_id,
            "certificate": answer.certificate,
            "public_key": answer.public_key,
            "signature_algorithm": SIGNATURE_ALGORITHM,
            "signature": answer.signature.lower(),
            "digest_algorithm": DIGEST_ALGORITHM,
            "digest": digest,
            "signed_at": answer.signed_at,
        }
        certificate.seal_retry_at = None
        certificate.seal_error = ""
        certificate.save(
            update_fields=["sealed_at", "seal_evidence", "seal_retry_at", "seal_error"]
        )
        certificate_event_record(
            AuditAction.CERTIFICATE_SEALED,
            certificate,
            signing_agency(certificate),
            provider=SealProvider.ESEAL.value,
            seal_id=answer.seal_id,
            sm3=digest,
            pdf_sha256=sha256,
        )
    return True


def eseal_check(certificate: Certificate, data: bytes) -> str | None:
    """Why ``data`` is not the file the platform sealed for ``certificate`` (None when it is):
    its digest differs, or the stored signature does not verify under a trusted key."""
    evidence = certificate.seal_evidence or {}
    digest = sm3_hex(data)
    if digest != evidence.get("digest"):
        return str(MSG_SEAL_ALTERED_DIGEST)
    key = public_key_normal(str(evidence.get("public_key") or ""))
    if key not in trusted_keys():
        return str(MSG_SEAL_KEY_UNTRUSTED)
    if not sm2_verify(key, str(evidence.get("signature") or ""), digest):
        return str(MSG_SEAL_ALTERED_SIGNATURE)
    return None


def certificates_eseal_pending(now: dt.datetime | None = None) -> int:
    """Seal every document the platform has not sealed whose backoff has run out
    (permits_tick)."""
    now = now or timezone.now()
    pending = (
        Certificate.objects.filter(
            seal_provider=SealProvider.ESEAL, sealed_at__isnull=True, rendered_at__isnull=False
        )
        .exclude(seal_retry_at__gt=now)
        .values_list("pk", flat=True)
    )
    return sum(certificate_eseal(pk) for pk in list(pending))
