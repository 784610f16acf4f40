"""The one seam every document's seal goes through (issue 49; 行政许可法 arts. 32, 38, 39;
电子签名法 arts. 13, 14): the documents ask this module, never a provider, to seal a document,
to say where its seal stands and to check a file against it.

``PERMITS_SEAL_PROVIDER`` chooses, for the documents issued from then on (each keeps its
``seal_provider``):

- ``pades``: the agency's PAdES signature (``documents.signing``) is its seal, made with the
  certificate installed for it (the development CA only under DEBUG: ``documents.checks``);
- ``eseal``: the province's e-seal platform seals the SM3 digest of the file with the agency's
  SM2 seal (``documents.eseal``), in the background, retried with a backoff while the platform
  is down or slow; the holder sees "盖章中" meanwhile;
- ``wet``: the paper original is sealed by hand and the agency records who sealed it when
  (``documents.seals``); the electronic file still carries the PAdES signature that proves it
  unchanged, which is not the seal.

Sealing never happens inside a decision's transaction: the decision stores what the document
prints, and the seal follows the render after commit (``pdf_files``), as the signature did.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils import timezone

from audit.trail import display_name
from core.background import after_commit
from core.localtime import local_iso
from core.messages import (
    MSG_SEAL_ALTERED_PADES,
    MSG_SEAL_ALTERED_SHA256,
    MSG_SEAL_FILE_MISSING,
    MSG_SEAL_KEY_UNTRUSTED,
    MSG_SEAL_STATE_ELECTRONIC,
    MSG_SEAL_STATE_SEALED,
    MSG_SEAL_STATE_SEALING,
    MSG_SEAL_STATE_UNSEALED,
    MSG_SEAL_STATE_WAITING,
    MSG_VERIFY_REFUSED,
)
from documents.models import Certificate, DocumentSeal, SealMode, SealProvider

from . import eseal, signing

logger = logging.getLogger(__name__)

# What a document prints about its seal, by provider (the wet provider: PERMITS_SEAL_MODE).
ELECTRONIC_PROVIDERS = (SealProvider.PADES, SealProvider.ESEAL)


class SealStateName:
    """Where a document's seal stands (the API's ``seal.state``)."""

    SEALED = "sealed"
    SEALING = "sealing"  # an electronic seal not made yet: "盖章中"
    AWAITING_ORIGINAL = "awaiting_original"  # wet: the original's seal not recorded yet
    UNSEALED = "unsealed"  # issued as an electronic copy without the seal
    ALTERED = "altered"  # the file is not the one sealed: verification refuses


SEAL_STATES = (
    SealStateName.SEALED,
    SealStateName.SEALING,
    SealStateName.AWAITING_ORIGINAL,
    SealStateName.UNSEALED,
    SealStateName.ALTERED,
)


# ---- the providers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    """One way of sealing: what it does in the render's transaction (True: sealed there),
    after the render commits, at the tick, and why a file is not the one it sealed."""

    name: SealProvider
    in_render: Callable[[Certificate, bytes], bool]
    after_render: Callable[[int], None]
    pending: Callable[[dt.datetime], int]
    altered: Callable[[Certificate, bytes], str | None]


def _pades_altered(certificate: Certificate, data: bytes) -> str | None:
    """A PAdES-signed file whose signature is broken or that grew after it (an incremental
    update appended)."""
    signer = certificate.signed_by or signing.signing_agency(certificate)
    check = signing.pdf_signature_check(data, signing.agency_trust_roots(signer))
    if not (check.signed and check.intact and check.covers_whole_file):
        return str(MSG_SEAL_ALTERED_PADES)
    if certificate.seal_provider == SealProvider.PADES and not check.trusted:
        # Signed again by another key (the file and its hash replaced): not the agency's seal.
        return str(MSG_SEAL_KEY_UNTRUSTED)
    return None


def _wet_altered(certificate: Certificate, data: bytes) -> str | None:
    return _pades_altered(certificate, data) if certificate.signed_at is not None else None


def _sign_after_render(certificate_id: int) -> None:
    signing.certificate_sign(certificate_id)


def _sign_pending(now: dt.datetime) -> int:
    return 0  # the signing tick (documents.jobs.documents_sign) signs them


def _eseal_after_render(certificate_id: int) -> None:
    """Queue the platform's seal (Celery, with its retries), or ask it now in this process."""
    after_commit(eseal.SEAL_TASK, eseal.certificate_eseal, certificate_id)


def _eseal_in_render(certificate: Certificate, unsigned: bytes) -> bool:
    """The platform is asked once the render commits, holding no lock."""
    _eseal_after_render(certificate.pk)
    return False


# Declared once, in one place (STYLE.md "registries"): the provider of each name.
PROVIDERS: dict[str, Provider] = {
    SealProvider.PADES: Provider(
        SealProvider.PADES,
        signing.certificate_sign_rendered,
        _sign_after_render,
        _sign_pending,
        _pades_altered,
    ),
    SealProvider.ESEAL: Provider(
        SealProvider.ESEAL,
        _eseal_in_render,
        _eseal_after_render,
        eseal.certificates_eseal_pending,
        eseal.eseal_check,
    ),
    SealProvider.WET: Provider(
        SealProvider.WET,
        signing.certificate_sign_rendered,
        _sign_after_render,
        _sign_pending,
        _wet_altered,
    ),
}


def provider_of(certificate: Certificate) -> Provider:
    return PROVIDERS[certificate.seal_provider]


def printed_seal_mode(mode: str, provider: str) -> str:
    """What a document issued now prints about its seal (``SealMode``): an electronic seal for
    ``pades`` and ``eseal``, else the wet provider's ``PERMITS_SEAL_MODE``."""
    return SealMode.ELECTRONIC if provider in ELECTRONIC_PROVIDERS else mode


# ---- what the rendering asks -----------------------------------------------------------------


def seal_in_render(certificate: Certificate, unsigned: bytes) -> bool:
    """Seal a document just rendered, in the render's transaction, where its provider does
    (PAdES); False, the render's fields left for the caller to store, where it does not."""
    return provider_of(certificate).in_render(certificate, unsigned)


def seal_after_render(certificate_id: int) -> None:
    """What a document rendered elsewhere (a download's render) still needs: the signature,
    or the platform's seal."""
    providers = Certificate.objects.filter(pk=certificate_id).values_list("seal_provider")
    provider = providers.first()
    if provider is not None:
        PROVIDERS[provider[0]].after_render(certificate_id)


def seals_pending(now: dt.datetime) -> int:
    """Every provider's sealings still due (permits_tick)."""
    return sum(provider.pending(now) for provider in PROVIDERS.values())


# ---- where a seal stands ---------------------------------------------------------------------


@dataclass(frozen=True)
class SealState:
    """A document's seal as the verification and the documents' list say it."""

    document: Certificate
    provider: SealProvider
    mode: SealMode  # what the document printed
    state: str  # SealStateName
    sealed_at: dt.datetime | dt.date | None = None
    certificate: str = ""  # an electronic seal's certificate
    seal: DocumentSeal | None = None  # a wet seal's record
    problem: str = ""  # why the file is not the one sealed

    @property
    def sealed(self) -> bool:
        return self.state == SealStateName.SEALED

    @property
    def agency(self) -> str:
        """The agency whose seal it is (read when said: a list of documents does not)."""
        agency = signing.signing_agency(self.document)
        return agency.name if agency is not None else ""

    @property
    def refused(self) -> bool:
        return self.state == SealStateName.ALTERED

    @property
    def statement(self) -> str:
        if self.refused:
            return str(MSG_VERIFY_REFUSED).format(reason=self.problem)
        if self.state == SealStateName.UNSEALED:
            return str(MSG_SEAL_STATE_UNSEALED)
        if self.state == SealStateName.SEALING:
            return str(MSG_SEAL_STATE_SEALING)
        if self.state == SealStateName.AWAITING_ORIGINAL:
            return str(MSG_SEAL_STATE_WAITING)
        if self.seal is not None:
            return str(MSG_SEAL_STATE_SEALED).format(
                agency=self.seal.agency.name, day=self.seal.sealed_on.isoformat()
            )
        assert isinstance(self.sealed_at, dt.datetime)
        return str(MSG_SEAL_STATE_ELECTRONIC).format(
            agency=self.agency,
            when=timezone.localtime(self.sealed_at).strftime("%Y-%m-%d %H:%M"),
            provider=SealProvider(self.provider).label,
        )

    def answer(self, *, statement: bool = True) -> dict[str, Any]:
        """The API's ``seal`` (docs/api.md): the provider and when, the certificate of an
        electronic seal or who pressed a wet one; the earlier ``mode``, ``sealed`` and
        ``sealed_on`` kept; ``problem`` when the file is not the one sealed; ``statement``,
        what it means in words (the verification)."""
        record = self.seal
        data: dict[str, Any] = {
            "provider": str(self.provider),
            "state": self.state,
            "sealed_at": _moment_iso(self.sealed_at),
            "mode": str(self.mode),
            "sealed": self.sealed,
            "sealed_on": record.sealed_on if record is not None else None,
        }
        if statement:
            data["statement"] = self.statement
        if self.provider == SealProvider.WET:
            data["sealed_by"] = display_name(record.sealed_by) if record is not None else None
        else:
            data["certificate"] = self.certificate or None
        if self.problem:
            data["problem"] = self.problem
        return data


def _electronic_certificate(certificate: Certificate) -> str:
    evidence = certificate.seal_evidence or {}
    return str(evidence.get("certificate") or "")


def _loaded(certificate: Certificate, name: str) -> Model | None:
    """A one-to-one relation read with the certificate (``select_related``), else queried."""
    try:
        value: Model | None = getattr(certificate, name)
    except DocumentSeal.DoesNotExist:
        return None
    return value


def seal_state(certificate: Certificate, *, check_file: bool = False) -> SealState:
    """Where the document's seal stands; with ``check_file``, the stored file checked against
    its seal too (the public verification): a file changed after it is refused."""
    provider = SealProvider(certificate.seal_provider)
    mode = SealMode(certificate.printed_seal)
    seal: DocumentSeal | None = None
    sealed_at: dt.datetime | dt.date | None = certificate.sealed_at
    if provider == SealProvider.WET:
        if mode == SealMode.UNSEALED:
            state = SealStateName.UNSEALED
        else:
            record = _loaded(certificate, "seal")
            seal = record if isinstance(record, DocumentSeal) else None
            state = SealStateName.SEALED if seal is not None else SealStateName.AWAITING_ORIGINAL
            sealed_at = seal.sealed_on if seal is not None else None
    else:
        state = SealStateName.SEALED if sealed_at is not None else SealStateName.SEALING
    problem = file_problem(certificate) if check_file and state != SealStateName.SEALING else ""
    return SealState(
        document=certificate,
        provider=provider,
        mode=mode,
        state=SealStateName.ALTERED if problem else state,
        sealed_at=sealed_at,
        certificate=_electronic_certificate(certificate),
        seal=seal,
        problem=problem,
    )


def file_problem(certificate: Certificate, data: bytes | None = None) -> str:
    """Why the stored file (or ``data``) is not the document as issued and sealed; empty when
    it is. The file's SHA-256 first (recorded when it was stored), then its provider's own
    check: the PAdES signature intact over the whole file, or the platform's SM2 signature over
    its SM3 digest."""
    if certificate.rendered_at is None or not certificate.pdf:
        return ""
    if data is None:
        try:
            with certificate.pdf.open("rb") as stored:
                data = stored.read()
        except OSError:
            logger.exception("The file of %s cannot be read", certificate.number)
            return str(MSG_SEAL_FILE_MISSING)
    if hashlib.sha256(data).hexdigest() != certificate.pdf_sha256:
        return str(MSG_SEAL_ALTERED_SHA256)
    return provider_of(certificate).altered(certificate, data) or ""


def _moment_iso(value: dt.date | dt.datetime | None) -> str | None:
    """A moment in Asia/Shanghai with its offset (``core.localtime``); a day as it is."""
    if value is None:
        return None
    return local_iso(value) if isinstance(value, dt.datetime) else value.isoformat()
