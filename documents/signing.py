"""PAdES signatures on every document the system issues (product.md §13): approvals, refusals,
不予受理 and revocation decisions and the notices alike; any PDF reader shows which agency issued
the document and that not one byte changed since.

Each agency signs with its own key and X.509 certificate, read from files outside the database:
``<PERMITS_DOCUMENT_SIGNING_DIR>/<agency code>.key.pem`` (PKCS#8 private key) and
``<agency code>.cert.pem`` (the agency's certificate first, then the chain up to its CA). Where
``PERMITS_DOCUMENT_SIGNING_AUTOCREATE`` is on (DEBUG: ``make run``; the tests) a missing pair is
made under a development CA (``dev-ca.*.pem`` in the same directory) that no reader trusts.

Signing costs milliseconds of CPU (each process prepares an agency's signer once), so it never
runs inside a decision's transaction: ``certificate_sign_after_commit`` schedules it (Celery when
configured, else in-process), and ``permits_tick`` signs whatever is still unsigned (a lost task,
a key installed late).
docs/deployment.md "Signing documents" says how to install production keys.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import hashlib
import io
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.attributes import CMSAttributeProvider, SignedAttributeProviderSpec
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import SigningError, as_signing_certificate_v2
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from audit.choices import AuditAction
from core.background import after_commit
from documents.models import Certificate, SealProvider
from permits.acts import SYSTEM_ROLE, Act
from roles.models import Agency

logger = logging.getLogger(__name__)

SIGN_TASK = "documents.certificate_sign"
SIGNATURE_FIELD = "AgencySignature"
DEV_CA = "dev-ca"
DEV_CA_NAME = "林业行政许可 开发用CA（不可用于生产）"
# Development certificates are valid over any date a test or a demo may move the clock to.
DEV_NOT_BEFORE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
DEV_NOT_AFTER = dt.datetime(2099, 12, 31, tzinfo=dt.UTC)


class SigningKeyMissing(ImproperlyConfigured):
    """The agency has no (readable) signing key and certificate."""


@dataclass(frozen=True)
class SignatureCheck:
    """What a PDF reader would say about a document's signature."""

    signed: bool
    intact: bool = False  # the signed bytes are unchanged
    trusted: bool = False  # the signer's certificate leads to one of the trust roots
    signer: str = ""  # the certificate's common name
    covers_whole_file: bool = False  # nothing was appended after the signature


# ---- keys ------------------------------------------------------------------------------------


def signing_dir() -> Path:
    return Path(settings.PERMITS_DOCUMENT_SIGNING_DIR)


def _paths(name: str) -> tuple[Path, Path]:
    return signing_dir() / f"{name}.key.pem", signing_dir() / f"{name}.cert.pem"


_create_lock = threading.Lock()


# A process's signers, by their files' paths, with the files' identity when read: a signer is
# built once (reading the key, parsing the certificates, its signing-certificate attribute) and
# read again when either file is replaced or changed.
_FileStamp = tuple[int, int, int]
_signers: dict[tuple[Path, Path], tuple[tuple[_FileStamp, _FileStamp], signers.SimpleSigner]] = {}


def _stamp(path: Path) -> _FileStamp:
    status = path.stat()
    return status.st_ino, status.st_size, status.st_mtime_ns


def agency_signer(agency: Agency) -> signers.SimpleSigner:
    """The agency's signer; SigningKeyMissing when its files are absent or unreadable (made
    under the development CA instead where autocreation is on)."""
    key_path, cert_path = _paths(agency.code)
    if not key_path.exists() and settings.PERMITS_DOCUMENT_SIGNING_AUTOCREATE:
        with _create_lock:
            if not key_path.exists():
                _dev_pair_create(agency, key_path, cert_path)
    try:
        stamps = _stamp(key_path), _stamp(cert_path)
        cached = _signers.get((key_path, cert_path))
        if cached is not None and cached[0] == stamps:
            return cached[1]
        signer = _signer_read(key_path, cert_path)
    except (OSError, ValueError) as error:
        raise SigningKeyMissing(
            f"No usable document signing key for agency {agency.code!r} ({agency.name}): "
            f"{key_path} and {cert_path} must hold its PKCS#8 key and its certificate chain "
            f"({error})."
        ) from error
    _signers[key_path, cert_path] = stamps, signer
    return signer


def _signer_read(key_path: Path, cert_path: Path) -> signers.SimpleSigner:
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    chain = x509.load_pem_x509_certificates(cert_path.read_bytes())
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    certs = [_asn1(c) for c in chain]
    signer = signers.SimpleSigner(
        signing_cert=certs[0],
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(certs[1:]),
    )
    signer.signed_attr_prov_spec = _PadesSignedAttributes(certs[0])
    return signer


class _SigningCertificateAttribute(CMSAttributeProvider):
    """The signing-certificate-v2 attribute (RFC 5035) naming the signer's certificate, as
    pyHanko builds it, built once. It is kept as read back from its DER encoding: asn1crypto
    writes a parsed value as read, but re-encodes a value built from Python objects at every
    level each time it is written, and a signature writes its signed attributes several
    times (three quarters of ``pdf_sign``'s time, measured: 11.3 ms of CPU then, 3.2 now)."""

    attribute_type = "signing_certificate_v2"

    def __init__(self, certificate: asn1_x509.Certificate) -> None:
        built = as_signing_certificate_v2(certificate)
        self.value = tsp.SigningCertificateV2.load(built.dump())

    async def build_attr_value(self, dry_run: bool = False) -> object:
        return self.value


class _PadesSignedAttributes(SignedAttributeProviderSpec):
    """The signed attributes of a PAdES baseline signature beyond the content type and the
    message digest, as pyHanko's CAdES specification gives them when no signing time (PAdES
    forbids it: the time is the signature dictionary's), CAdES attribute or timestamp is asked
    (``pdf_sign`` asks none): the signing certificate, prepared once for the signer."""

    def __init__(self, certificate: asn1_x509.Certificate) -> None:
        self.certificate = _SigningCertificateAttribute(certificate)

    def signed_attr_providers(
        self, data_digest: bytes, digest_algorithm: str
    ) -> Iterator[CMSAttributeProvider]:
        yield self.certificate


def certificate_named(certificate: asn1_x509.Certificate) -> dict[str, str]:
    """How a seal's answer names the signing certificate: subject, serial number, issuer."""
    subject = certificate.subject.native.get("common_name", "")
    issuer = certificate.issuer.native.get("common_name", "")
    return {
        "certificate": f"{subject} (SN {certificate.serial_number:X}; {issuer})",
        "subject": str(subject),
        "serial": f"{certificate.serial_number:X}",
        "issuer": str(issuer),
    }


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{uuid.uuid4().hex}.tmp")
    temporary.write_bytes(data)
    temporary.chmod(0o600)
    temporary.replace(path)  # atomic: a concurrent reader never sees half a key


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _dev_certificate(
    subject: x509.Name, issuer: x509.Name, key: ec.EllipticCurvePrivateKey, *, ca: bool
) -> x509.CertificateBuilder:
    """A development certificate for ``key``, not yet signed: the CA's signs certificates
    (and nothing else), an agency's signs documents (digital signature and non-repudiation)."""
    if ca:
        usage = _key_usage(key_cert_sign=True, crl_sign=True)
    else:
        usage = _key_usage(digital_signature=True, content_commitment=True)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(DEV_NOT_BEFORE)
        .not_valid_after(DEV_NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(usage, critical=True)
    )


# Every usage ``x509.KeyUsage`` names (it takes each of them, none by default).
KEY_USAGES = (
    "digital_signature",
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
    "encipher_only",
    "decipher_only",
)


def _key_usage(**usages: bool) -> x509.KeyUsage:
    """The key usage extension with ``usages`` on and every other usage off."""
    return x509.KeyUsage(**(dict.fromkeys(KEY_USAGES, False) | usages))


def dev_ca() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """The development CA (made once): trust it only in tests and on a developer's machine."""
    key_path, cert_path = _paths(DEV_CA)
    if key_path.exists() and cert_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key, x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(DEV_CA_NAME)
    certificate = _dev_certificate(name, name, key, ca=True).sign(key, hashes.SHA256())
    _write_private(key_path, _pem_key(key))
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key, certificate


def development_ca_certificates() -> list[str]:
    """The agencies' certificate files in the signing directory that chain to the development
    CA (issued by it, or it among their chain), by file name; the CA's own files left out."""
    found = []
    for path in sorted(signing_dir().glob("*.cert.pem")):
        if path.name == f"{DEV_CA}.cert.pem":
            continue
        try:
            chain = x509.load_pem_x509_certificates(path.read_bytes())
        except (OSError, ValueError):
            continue  # unreadable: the signing-keys check names it
        names = {
            str(attribute.value)
            for certificate in chain
            for name in (certificate.subject, certificate.issuer)
            for attribute in name.get_attributes_for_oid(NameOID.COMMON_NAME)
        }
        if DEV_CA_NAME in names:
            found.append(path.name)
    return found


def _dev_pair_create(agency: Agency, key_path: Path, cert_path: Path) -> None:
    ca_key, ca_certificate = dev_ca()
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = (
        _dev_certificate(_name(agency.name), ca_certificate.subject, key, ca=False)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    chain = [certificate, ca_certificate]
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in chain))
    _write_private(key_path, _pem_key(key))  # last: its presence means the pair is complete
    logger.warning(
        "Created a development signing key for %s under %s (not for production).",
        agency.code,
        signing_dir(),
    )


# ---- signing and checking (pure: bytes in, bytes out) -----------------------------------------


def pdf_sign(pdf: bytes, signer: signers.SimpleSigner, *, reason: str, location: str) -> bytes:
    """``pdf`` with a PAdES baseline signature (B-B) appended as an incremental update."""
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )

    def sign() -> bytes:
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
            signed = signers.sign_pdf(writer, metadata, signer=signer, bytes_reserved=_room(signer))
        except SigningError:  # more than the room given: pyHanko measures a dummy signature
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
            signed = signers.sign_pdf(writer, metadata, signer=signer)
        signed_pdf: bytes = signed.getvalue()
        return signed_pdf

    return _outside_event_loop(sign)


_T = TypeVar("_T")


def _outside_event_loop(call: Callable[[], _T]) -> _T:
    """``call()``, on another thread when this one runs an event loop: pyHanko's synchronous
    functions call ``asyncio.run``, which refuses to start inside a running loop (an ASGI
    server's thread, a Playwright-driven test, a notebook)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def _room(signer: signers.SimpleSigner) -> int:
    """The room left for the signature in the file, in hexadecimal digits (two a byte): its
    certificates and 4 KiB for the rest (the signer's information, the signed attributes and
    the signature itself, about 1 KiB with our P-256 keys). Without it, pyHanko signs a dummy
    first to measure the room (40 % of signing's time)."""
    certificates = [signer.signing_cert, *signer.cert_registry]
    return 2 * (sum(len(certificate.dump()) for certificate in certificates) + 4096)


def agency_trust_roots(agency: Agency | None) -> list[x509.Certificate]:
    """The root of the agency's installed chain (the last certificate of its file): what its
    documents' signatures are validated against; empty when none is installed."""
    if agency is None:
        return []
    try:
        chain = x509.load_pem_x509_certificates(_paths(agency.code)[1].read_bytes())
    except (OSError, ValueError):
        return []
    return chain[-1:]


def pdf_signature_check(pdf: bytes, trust_roots: list[x509.Certificate]) -> SignatureCheck:
    """Validate the document's signature against ``trust_roots`` (no network)."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except Exception:  # a file that is not even a PDF
        return SignatureCheck(signed=False)
    if not embedded:
        return SignatureCheck(signed=False)
    roots = [_asn1(c) for c in trust_roots]
    signature = embedded[0]
    try:
        status = _outside_event_loop(
            lambda: validate_pdf_signature(
                signature, ValidationContext(trust_roots=roots, allow_fetching=False)
            )
        )
    except Exception:
        logger.info("A signature could not be validated", exc_info=True)
        return SignatureCheck(signed=True)
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        signer=status.signing_cert.subject.native.get("common_name", ""),
        covers_whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
    )


# ---- the job ---------------------------------------------------------------------------------


def document_title(certificate: Certificate) -> str:
    """The title the document prints (不予许可决定书, 受理通知书, …), named in its signature."""
    document = (certificate.content or {}).get("document") or {}
    return document.get("title") or str(certificate.get_document_kind_display())


def signing_location(agency: Agency) -> str:
    return agency.district.name if agency.district is not None else agency.jurisdiction.name


# What signing a document reads with it: the agency that signs and where (``signing_location``).
SIGNING_RELATED = (
    "application__lead_agency__district",
    "application__lead_agency__jurisdiction",
    "application__district_agency__district",
    "application__district_agency__jurisdiction",
    "issuing_agency__district",
    "issuing_agency__jurisdiction",
)


def _certificate_to_sign(certificate_id: int) -> Certificate | None:
    """The rendered, unsigned document locked (None when another worker holds it)."""
    return (
        Certificate.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related(*SIGNING_RELATED)
        .filter(
            pk=certificate_id,
            signed_at__isnull=True,
            rendered_at__isnull=False,  # rendered after the decision (rendering)
        )
        .exclude(seal_provider=SealProvider.ESEAL)  # the platform seals those (eseal)
        .first()
    )


def file_as_recorded(certificate: Certificate, *, act: str) -> bytes | None:
    """The document's stored file if it is the one recorded (its SHA-256), for ``act`` (signing,
    sealing); None, logged naming the act, when it cannot be read or is another."""
    try:
        with certificate.pdf.open("rb") as stored:
            data: bytes = stored.read()
    except OSError:
        logger.exception("Not %s %s: its file cannot be read", act, certificate.number)
        return None
    if hashlib.sha256(data).hexdigest() != certificate.pdf_sha256:
        logger.error("Not %s %s: its file is not the one recorded", act, certificate.number)
        return None
    return data


def _signer_of(agency: Agency, certificate: Certificate) -> signers.SimpleSigner | None:
    try:
        return agency_signer(agency)
    except SigningKeyMissing:  # the decision stands; permits_tick tries again
        logger.exception("Document %s stays unsigned", certificate.number)
        return None


def _signed_pdf(
    certificate: Certificate, agency: Agency, unsigned: bytes, signer: signers.SimpleSigner
) -> bytes:
    return pdf_sign(
        unsigned,
        signer,
        reason=f"{agency.name}{document_title(certificate)} {certificate.number}",
        location=signing_location(agency),
    )


def _signed_store(
    certificate: Certificate,
    agency: Agency,
    signed: bytes,
    signer: signers.SimpleSigner,
    also: tuple[str, ...] = (),
) -> None:
    """Replace the file by the signed one and record ``certificate_signed`` with both hashes;
    ``also``, fields changed before that this one UPDATE stores too (a render's). Where the
    PAdES signature is the document's seal (``SealProvider.PADES``), it is recorded as sealed
    then, with the signing certificate."""
    unsigned_sha256 = certificate.pdf_sha256
    certificate.pdf.save(f"{uuid.uuid4().hex}.pdf", ContentFile(signed), save=False)
    certificate.pdf_sha256 = hashlib.sha256(signed).hexdigest()
    certificate.signed_at = timezone.now()
    certificate.signed_by = agency
    sealed: tuple[str, ...] = ()
    if certificate.seal_provider == SealProvider.PADES:
        certificate.sealed_at = certificate.signed_at
        certificate.seal_evidence = certificate_named(signer.signing_cert)
        sealed = ("sealed_at", "seal_evidence")
    certificate.save(update_fields=["pdf", "pdf_sha256", "signed_at", "signed_by", *sealed, *also])
    certificate_event_record(
        AuditAction.CERTIFICATE_SIGNED,
        certificate,
        agency,
        pdf_sha256=certificate.pdf_sha256,
        unsigned_sha256=unsigned_sha256,
        signer=agency.code,
    )


def signing_agency(certificate: Certificate) -> Agency | None:
    application = certificate.application
    return certificate.issuing_agency or application.lead_agency or application.district_agency


def certificate_sign(certificate_id: int) -> bool:
    """Sign one document if it still needs it; True when it was signed now.

    Holds the certificate's row lock (skip when another worker holds it) while it reads, signs
    and replaces the file, so that a revocation's re-render is never overwritten by a signature
    of the document it replaced. Records ``certificate_signed`` with the signed file's hash."""
    with transaction.atomic():
        certificate = _certificate_to_sign(certificate_id)
        if certificate is None:
            return False
        agency = signing_agency(certificate)
        if agency is None:
            return False
        unsigned = file_as_recorded(certificate, act="signing")
        if unsigned is None:
            return False
        signer = _signer_of(agency, certificate)
        if signer is None:
            return False
        signed = _signed_pdf(certificate, agency, unsigned, signer)
        _signed_store(certificate, agency, signed, signer)
    return True


def certificate_sign_rendered(certificate: Certificate, unsigned: bytes) -> bool:
    """Sign a document just rendered, still under its row lock (read with ``SIGNING_RELATED``),
    in the render's transaction: one UPDATE stores the render and the signature. False, the
    render's fields left for the caller to store, when it stays unsigned: no agency, no key
    (logged; ``permits_tick`` tries again), or signing failed (logged, the render kept)."""
    agency = signing_agency(certificate) if certificate.signed_at is None else None
    if agency is None:
        return False
    try:
        signer = _signer_of(agency, certificate)
        signed = None if signer is None else _signed_pdf(certificate, agency, unsigned, signer)
    except Exception:  # nothing of the signature is written yet: the render commits alone
        logger.exception("Document %s stays unsigned", certificate.number)
        return False
    if signed is None:
        return False
    assert signer is not None
    _signed_store(certificate, agency, signed, signer, also=("rendered_at",))
    return True


def certificate_event_record(
    action: AuditAction, certificate: Certificate, agency: Agency | None, **details: object
) -> None:
    """Record what the system did to a document (rendered it, signed it), under its number:
    the application's status stays as it is."""
    act = Act.on(certificate.application, None, agency=agency, role=SYSTEM_ROLE)
    act.record(action, details={"number": certificate.number, **details})


def certificates_sign_pending() -> int:
    """Sign every document still unsigned (permits_tick). A missing key is logged for each
    document and retried on the next tick; the others are signed."""
    pending = (
        Certificate.objects.filter(signed_at__isnull=True, rendered_at__isnull=False)
        .exclude(seal_provider=SealProvider.ESEAL)
        .values_list("pk", flat=True)
    )
    return sum(certificate_sign(pk) for pk in list(pending))


def certificate_sign_after_commit(certificate: Certificate) -> None:
    """Schedule the signature of a document for after the current transaction (a missing key is
    logged there; permits_tick retries)."""
    after_commit(SIGN_TASK, certificate_sign, certificate.pk)
