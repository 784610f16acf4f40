"""One seam for the seal of every document (issue 49 item 1; issue 46 item 12): the provider is
a setting (``PERMITS_SEAL_PROVIDER``), each document keeps which provider sealed it and when,
and the verification says so and refuses a file altered after sealing.

The e-seal platform is a real HTTP server the tests start (``eseal_standin``), signing with a
real SM2 key; its signatures are checked here with gmssl independently of the adapter."""

import datetime as dt
import hashlib
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from gmssl import sm2
from rest_framework.test import APIClient

from audit.choices import AuditAction
from audit.models import AuditEvent
from audit.trail import audit_verify
from core.messages import (
    MSG_SEAL_ALTERED_DIGEST,
    MSG_SEAL_ALTERED_PADES,
    MSG_SEAL_ALTERED_SHA256,
    MSG_SEAL_ALTERED_SIGNATURE,
    MSG_SEAL_KEY_UNTRUSTED,
)
from documents import celery_tasks, checks, eseal, sealing, signing
from documents.models import Certificate, DocumentKind
from documents.pdf_files import document_pdf
from documents.pdf_layout import ELECTRONIC_SEAL_MARK, SEAL_COLOPHON, WET_SEAL_HINT
from tests.api.helpers import API
from tests.pdftools import pdf_text
from tests.web.helpers import approved
from workflows.tick import tick

from .eseal_standin import SEAL_CERTIFICATE, TOKEN, EsealStandIn, sm2_key_pair
from .test_pdf_layout import flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform(settings):
    """The stand-in platform, up, trusted and chosen as the provider."""
    stand_in = EsealStandIn()
    stand_in.start()
    settings.PERMITS_SEAL_PROVIDER = "eseal"
    settings.PERMITS_ESEAL_URL = stand_in.url
    settings.PERMITS_ESEAL_TOKEN = TOKEN
    settings.PERMITS_ESEAL_PUBLIC_KEYS = [stand_in.public_key]
    settings.PERMITS_ESEAL_TIMEOUT_SECONDS = 1
    yield stand_in
    stand_in.stop()


def decided(people, capture):
    applicant, reviewer, approver = people
    with capture(execute=True):
        application = approved(applicant=applicant, reviewer=reviewer, approver=approver)
    return application.certificates.get(document_kind=DocumentKind.APPROVAL)


@pytest.fixture
def people(applicant_my, reviewer_my, approver):
    return applicant_my, reviewer_my, approver


def stored(certificate: Certificate) -> bytes:
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as f:
        return f.read()


def replace_file(certificate: Certificate, data: bytes, *, record_hash: bool) -> None:
    """An insider rewrites the stored file (and, ``record_hash``, its recorded SHA-256 too)."""
    certificate.pdf.save("tampered.pdf", ContentFile(data), save=False)
    fields = ["pdf"]
    if record_hash:
        certificate.pdf_sha256 = hashlib.sha256(data).hexdigest()
        fields.append("pdf_sha256")
    certificate.save(update_fields=fields)


def verify_api(client, certificate: Certificate) -> dict:
    url = f"{API}/certificates/{quote(certificate.number)}/verify/"
    response = client.get(url, {"code": certificate.check_code})
    assert response.status_code == 200
    return response.json()


def verify_page(client, certificate: Certificate) -> str:
    url = reverse("verify", args=[certificate.number])
    return client.get(url, {"code": certificate.check_code}).content.decode()


# ---- eseal -----------------------------------------------------------------------------------


def test_the_platform_seals_the_documents_digest_with_sm2(
    platform, people, django_capture_on_commit_callbacks, client
):
    approval = decided(people, django_capture_on_commit_callbacks)
    approval.refresh_from_db()
    data = stored(approval)
    assert approval.seal_provider == "eseal" and approval.sealed_at is not None
    assert approval.signed_at is None  # the platform's seal, not a PAdES signature
    evidence = approval.seal_evidence
    # What was sent: the bearer token and the SM3 digest of the file as stored.
    sent = [r for r in platform.requests if r["body"]["document"]["number"] == approval.number]
    assert sent[0]["auth"] == f"Bearer {TOKEN}"
    assert sent[0]["body"]["digest_algorithm"] == "SM3"
    assert sent[0]["body"]["digest"] == evidence["digest"] == eseal.sm3_hex(data)
    assert sent[0]["body"]["agency"]["code"] == approval.issuing_agency.code
    # What was kept verifies independently (gmssl over the digest's bytes, the platform's key).
    verifier = sm2.CryptSM2(private_key="", public_key=platform.public_key)
    assert verifier.verify_with_sm3(evidence["signature"], bytes.fromhex(evidence["digest"]))
    assert evidence["certificate"] == SEAL_CERTIFICATE
    # The document printed an electronic seal, not a seal area for the paper.
    text = flat(pdf_text(data))
    assert flat(ELECTRONIC_SEAL_MARK) in text and flat(SEAL_COLOPHON["electronic"]) in text
    assert WET_SEAL_HINT not in text and "（印章）" not in text
    event = AuditEvent.objects.get(
        action=AuditAction.CERTIFICATE_SEALED, details__number=approval.number
    )
    assert event.details["provider"] == "eseal" and event.details["sm3"] == evidence["digest"]
    assert audit_verify().ok
    seal = verify_api(client, approval)["seal"]
    assert seal["provider"] == "eseal" and seal["state"] == "sealed"
    assert seal["certificate"] == SEAL_CERTIFICATE
    assert dt.datetime.fromisoformat(seal["sealed_at"]) == approval.sealed_at
    assert "加盖电子印章" in seal["statement"] and "省级电子印章平台" in seal["statement"]
    assert "加盖电子印章" in verify_page(client, approval)


def test_the_platform_down_commits_the_decision_and_the_tick_seals_after_the_backoff(
    platform, people, django_capture_on_commit_callbacks, client, applicant_my
):
    platform.stop()
    approval = decided(people, django_capture_on_commit_callbacks)
    approval.refresh_from_db()
    # The decision and its record stand; the document is rendered, waiting for its seal.
    assert approval.application.status == "approved" and approval.rendered_at is not None
    assert approval.sealed_at is None and approval.seal_attempts == 1
    assert "could not be reached" in approval.seal_error
    wait = approval.seal_retry_at - dt.datetime.now(dt.UTC)
    assert dt.timedelta(seconds=25) < wait <= dt.timedelta(seconds=30)
    # The holder sees 盖章中: in the documents' list, on the verification page, in the API.
    holder = APIClient()
    holder.force_authenticate(applicant_my)
    listed = holder.get(f"{API}/applications/{approval.application_id}/documents/")
    (row,) = [d for d in listed.json() if d["number"] == approval.number]
    assert row["seal"]["state"] == "sealing" and row["seal"]["provider"] == "eseal"
    assert verify_api(client, approval)["seal"]["statement"] == "盖章中"
    client.force_login(applicant_my)
    record = client.get(reverse("application-detail", args=[approval.application_id]))
    assert 'data-state="sealing">盖章中<' in record.content.decode()
    client.logout()
    page = verify_page(client, approval)
    assert "盖章中" in page and 'data-state="sealing"' in page
    # Before the backoff has run out the tick does not ask; after it, with the platform up, it
    # seals.
    platform.start()
    tick(now=dt.datetime.now(dt.UTC))
    assert platform.requests == [] or all(
        r["body"]["document"]["number"] != approval.number for r in platform.requests
    )
    approval.refresh_from_db()
    assert approval.sealed_at is None
    tick(now=approval.seal_retry_at + dt.timedelta(seconds=1))
    approval.refresh_from_db()
    assert approval.sealed_at is not None and approval.seal_retry_at is None
    assert approval.seal_error == ""
    assert verify_api(client, approval)["seal"]["state"] == "sealed"


def test_a_revoked_document_is_sealed_anew(
    platform, people, django_capture_on_commit_callbacks, approver, client
):
    from tests.factories import revoke_heard

    approval = decided(people, django_capture_on_commit_callbacks)
    approval.refresh_from_db()
    first = approval.seal_evidence["digest"]
    with django_capture_on_commit_callbacks(execute=True):
        revoke_heard(application=approval.application.detail, by=approver, reason="违规作业")
    approval.refresh_from_db()
    data = stored(approval)
    assert "已撤销" in pdf_text(data)
    assert approval.sealed_at is not None and approval.seal_evidence["digest"] != first
    assert approval.seal_evidence["digest"] == eseal.sm3_hex(data)
    assert verify_api(client, approval)["seal"]["state"] == "sealed"
    sealed = AuditEvent.objects.filter(
        action=AuditAction.CERTIFICATE_SEALED, details__number=approval.number
    )
    assert sealed.count() == 2 and audit_verify().ok


def test_a_slow_platform_is_given_up_on_and_retried(
    platform, people, django_capture_on_commit_callbacks
):
    platform.mode, platform.delay = "slow", 3  # the timeout is 1 s
    approval = decided(people, django_capture_on_commit_callbacks)
    approval.refresh_from_db()
    assert approval.application.status == "approved"
    assert approval.sealed_at is None and approval.seal_attempts == 1
    assert "timed out" in approval.seal_error
    platform.mode = "ok"
    assert eseal.certificates_eseal_pending(approval.seal_retry_at) == 1
    approval.refresh_from_db()
    assert approval.sealed_at is not None


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("error", "answered 500"),
        ("garbage", "not the contract's"),
        ("forged", "does not verify"),
    ],
)
def test_an_answer_that_is_not_a_seal_over_this_file_is_not_kept(
    platform, people, django_capture_on_commit_callbacks, mode, reason
):
    platform.mode = mode
    approval = decided(people, django_capture_on_commit_callbacks)
    approval.refresh_from_db()
    assert approval.sealed_at is None and approval.seal_evidence == {}
    assert reason in approval.seal_error


def test_a_key_the_installation_does_not_trust_is_not_kept(
    platform, people, django_capture_on_commit_callbacks, settings
):
    settings.PERMITS_ESEAL_PUBLIC_KEYS = [sm2_key_pair()[1]]
    approval = decided(people, django_capture_on_commit_callbacks)
    approval.refresh_from_db()
    assert approval.sealed_at is None and "does not trust" in approval.seal_error


def test_the_celery_task_retries_with_backoff_and_records_each_attempt(
    platform, people, django_capture_on_commit_callbacks
):
    platform.stop()
    approval = decided(people, django_capture_on_commit_callbacks)
    task = celery_tasks.certificate_eseal
    assert eseal.SealingUnavailable in task.autoretry_for
    assert (task.retry_backoff, task.retry_backoff_max, task.max_retries) == (30, 600, 15)
    result = task.apply(args=[approval.pk])  # eager: every retry at once, the platform down
    assert result.state == "FAILURE"
    approval.refresh_from_db()
    assert approval.seal_attempts == 1 + 1 + task.max_retries  # after commit, then the task's
    assert approval.seal_retry_at - dt.datetime.now(dt.UTC) > dt.timedelta(minutes=50)
    platform.start()
    assert task.apply(args=[approval.pk]).get() is True


def test_the_backoff_doubles_to_its_cap(settings):
    settings.PERMITS_SEAL_RETRY_MAX_SECONDS = 3600
    delays = [eseal.retry_delay(n).total_seconds() for n in (1, 2, 3, 7, 8, 30)]
    assert delays == [30, 60, 120, 1920, 3600, 3600]


def test_a_file_altered_after_the_eseal_is_refused_with_the_reason(
    platform, people, django_capture_on_commit_callbacks, client
):
    approval = decided(people, django_capture_on_commit_callbacks)
    data = stored(approval)
    at = data.index(b"stream\n") + 20
    altered = data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
    replace_file(approval, altered, record_hash=False)
    answer = verify_api(client, approval)
    assert answer["seal"]["state"] == "altered"
    assert answer["seal"]["problem"] == str(MSG_SEAL_ALTERED_SHA256)
    # Rewriting the recorded hash too does not help: the SM3 digest is the one sealed.
    replace_file(approval, altered, record_hash=True)
    assert verify_api(client, approval)["seal"]["problem"] == str(MSG_SEAL_ALTERED_DIGEST)
    page = verify_page(client, approval)
    assert "核验不通过" in page and str(MSG_SEAL_ALTERED_DIGEST) in page
    assert 'data-status="seal_refused"' in page and "本文书真实有效" not in page
    # Nor does rewriting the stored digest: the signature is over the sealed one.
    approval.seal_evidence = {**approval.seal_evidence, "digest": eseal.sm3_hex(altered)}
    approval.save(update_fields=["seal_evidence"])
    assert verify_api(client, approval)["seal"]["problem"] == str(MSG_SEAL_ALTERED_SIGNATURE)


def test_truncated_and_out_of_range_signatures_do_not_verify():
    private, public = sm2_key_pair()
    digest = eseal.sm3_hex(b"document")
    signature = sm2.CryptSM2(private_key=private, public_key=public).sign_with_sm3(
        bytes.fromhex(digest)
    )
    assert eseal.sm2_verify(public, signature, digest)
    assert eseal.sm2_verify("04" + public, signature, digest)
    assert not eseal.sm2_verify(public, signature[:-2], digest)
    assert not eseal.sm2_verify(public, "0" * 128, digest)
    assert not eseal.sm2_verify(public, "zz" + signature[2:], digest)
    assert not eseal.sm2_verify(public[:-2], signature, digest)
    assert not eseal.sm2_verify(public, signature, eseal.sm3_hex(b"another"))


def test_sm3_is_the_standards_vector():
    """GB/T 32905-2016 Appendix A.1: SM3("abc")."""
    assert eseal.sm3_hex(b"abc") == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


# ---- pades -----------------------------------------------------------------------------------


def test_pades_the_agencys_signature_is_the_seal(
    settings, people, django_capture_on_commit_callbacks, client, tmp_path
):
    settings.PERMITS_SEAL_PROVIDER = "pades"
    approval = decided(people, django_capture_on_commit_callbacks)
    approval.refresh_from_db()
    agency = approval.issuing_agency
    assert approval.seal_provider == "pades"
    assert approval.sealed_at == approval.signed_at is not None
    assert approval.seal_evidence["subject"] == agency.name
    assert approval.seal_evidence["issuer"] == signing.DEV_CA_NAME
    assert flat(ELECTRONIC_SEAL_MARK) in flat(pdf_text(stored(approval)))
    seal = verify_api(client, approval)["seal"]
    assert seal["provider"] == "pades" and seal["state"] == "sealed"
    assert agency.name in seal["certificate"] and "sealed_by" not in seal
    original = stored(approval)
    pdf_unsigned = document_pdf(approval.content)  # the same render, unsigned
    # The file signed again with another key (a CA of the same name made elsewhere), its hash
    # rewritten: not the agency's seal.
    signing_dir = settings.PERMITS_DOCUMENT_SIGNING_DIR
    settings.PERMITS_DOCUMENT_SIGNING_DIR = tmp_path
    other = signing.pdf_sign(
        pdf_unsigned, signing.agency_signer(agency), reason="forged", location="x"
    )
    settings.PERMITS_DOCUMENT_SIGNING_DIR = signing_dir
    replace_file(approval, other, record_hash=True)
    seal = verify_api(client, approval)["seal"]
    assert (seal["state"], seal["problem"]) == ("altered", str(MSG_SEAL_KEY_UNTRUSTED))
    replace_file(approval, original, record_hash=True)
    assert verify_api(client, approval)["seal"]["state"] == "sealed"
    # Something appended after the signature (an incremental update), the hash rewritten too:
    # refused.
    replace_file(approval, stored(approval) + b"\n% appended\n", record_hash=True)
    seal = verify_api(client, approval)["seal"]
    assert (seal["state"], seal["problem"]) == ("altered", str(MSG_SEAL_ALTERED_PADES))


# ---- wet -------------------------------------------------------------------------------------


def test_wet_the_verification_names_who_recorded_the_seal_and_the_day(
    people, django_capture_on_commit_callbacks, client, approver
):
    from documents.seals import document_seal

    approval = decided(people, django_capture_on_commit_callbacks)
    assert approval.seal_provider == "wet"
    seal = verify_api(client, approval)["seal"]
    assert (seal["provider"], seal["state"], seal["sealed_by"]) == (
        "wet",
        "awaiting_original",
        None,
    )
    today = dt.date.today().isoformat()
    document_seal(
        application=approval.application_id,
        document_id=approval.pk,
        by=approver,
        sealed_on=today,
    )
    seal = verify_api(client, approval)["seal"]
    assert (seal["provider"], seal["state"], seal["sealed_at"]) == ("wet", "sealed", today)
    assert seal["sealed_by"] and "certificate" not in seal
    # The electronic file (PAdES-signed, not the seal) changed: refused as well.
    replace_file(approval, stored(approval) + b"\n% appended\n", record_hash=False)
    assert verify_api(client, approval)["seal"]["problem"] == str(MSG_SEAL_ALTERED_SHA256)


def test_each_document_keeps_the_provider_it_was_issued_under(
    settings, people, django_capture_on_commit_callbacks
):
    approval = decided(people, django_capture_on_commit_callbacks)
    settings.PERMITS_SEAL_PROVIDER = "pades"
    assert sealing.seal_state(Certificate.objects.get(pk=approval.pk)).provider == "wet"


# ---- production ------------------------------------------------------------------------------


def test_production_refuses_the_development_ca_for_pades(settings, tmp_path, reference_data):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from roles.models import Agency

    settings.DEBUG = False
    settings.PERMITS_SEAL_PROVIDER = "pades"
    settings.PERMITS_DOCUMENT_SIGNING_DIR = tmp_path
    settings.PERMITS_DOCUMENT_SIGNING_AUTOCREATE = True
    assert checks.MSG_DEV_CA_AUTOCREATE in checks.production_problems()
    assert "documents.E005" in [m.id for m in checks.production_settings_check()]
    # Development pairs made beforehand, autocreation off: still refused, the file named.
    agency = Agency.objects.get(code="bj-forestry")
    signing.agency_signer(agency)
    settings.PERMITS_DOCUMENT_SIGNING_AUTOCREATE = False
    [problem] = checks.development_ca_problems()
    assert "bj-forestry.cert.pem" in problem
    # A certificate from another CA is accepted.
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "某电子认证服务机构")])
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, agency.name)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(ca_key, hashes.SHA256())
    )
    (tmp_path / "bj-forestry.cert.pem").write_bytes(
        certificate.public_bytes(serialization.Encoding.PEM)
    )
    assert checks.development_ca_problems() == []
    # The wet provider's PAdES signature is not the seal: the development CA is tolerated.
    settings.PERMITS_SEAL_PROVIDER = "wet"
    settings.PERMITS_DOCUMENT_SIGNING_AUTOCREATE = True
    assert checks.development_ca_problems() == []
    # Development (DEBUG) may use it.
    settings.PERMITS_SEAL_PROVIDER, settings.DEBUG = "pades", True
    assert checks.development_ca_problems() == []


def test_production_refuses_an_eseal_provider_without_its_platform(settings):
    settings.DEBUG = False
    settings.PERMITS_SEAL_PROVIDER = "eseal"
    settings.PERMITS_ESEAL_URL = ""
    assert "documents.E006" in [m.id for m in checks.production_settings_check()]
    settings.PERMITS_ESEAL_URL = "https://eseal.example.gov.cn/api"
    settings.PERMITS_ESEAL_PUBLIC_KEYS = [sm2_key_pair()[1]]
    assert "documents.E006" not in [m.id for m in checks.production_settings_check()]
