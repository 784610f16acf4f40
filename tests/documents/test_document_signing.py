"""Every document carries the issuing agency's PAdES signature (issue 8 §6, issue 26 item 7):
added after the decision commits, validated by pyHanko against the agency's CA, broken by any
changed byte, made anew for a revoked document; refusals, 不予受理 decisions and notices too; a
missing key leaves the document unsigned and permits_tick signs it once the key is there."""

import hashlib
import io
import logging

import pytest
from django.core.files.base import ContentFile

from audit.choices import AuditAction
from audit.models import AuditEvent
from audit.trail import audit_verify
from documents import signing
from documents.models import Certificate, DocumentKind
from roles.models import Agency
from tests.factories import document_pdf, revoke_heard
from tests.pdftools import pdf_text
from tests.web.helpers import approved
from workflows import services as task_services
from workflows.tick import tick

pytestmark = pytest.mark.django_db


def approval_of(application) -> Certificate:
    return application.certificates.get(document_kind=DocumentKind.APPROVAL)


def pdf_of(certificate: Certificate) -> bytes:
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as f:
        return f.read()


def check(pdf: bytes) -> signing.SignatureCheck:
    _key, ca = signing.dev_ca()
    return signing.pdf_signature_check(pdf, [ca])


@pytest.fixture
def signed_application(applicant_my, reviewer_my, approver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)


def test_an_approval_is_signed_by_its_agency_after_commit(signed_application):
    certificate = approval_of(signed_application)
    pdf = pdf_of(certificate)
    agency = signed_application.lead_agency
    assert certificate.signed_at is not None and certificate.signed_by == agency
    assert certificate.pdf_sha256 == hashlib.sha256(pdf).hexdigest()

    result = check(pdf)
    assert result.signed and result.intact and result.trusted and result.covers_whole_file
    assert result.signer == agency.name

    event = AuditEvent.objects.get(
        action=AuditAction.CERTIFICATE_SIGNED, details__number=certificate.number
    )
    assert event.details["number"] == certificate.number
    assert event.details["pdf_sha256"] == certificate.pdf_sha256
    assert event.details["signer"] == agency.code
    assert event.agency_id == agency.pk
    assert audit_verify().ok


def test_a_changed_byte_breaks_the_signature(signed_application):
    pdf = pdf_of(approval_of(signed_application))
    # A byte of the first page's content, inside the range the signature covers.
    at = pdf.index(b"stream\n") + 20
    tampered = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]
    assert not check(tampered).intact
    # Appending a page or an annotation after the signature is visible, too.
    appended = check(pdf + b"\n% appended\n")
    assert not appended.covers_whole_file


def test_an_untrusted_ca_is_reported_untrusted(signed_application, settings, tmp_path):
    pdf = pdf_of(approval_of(signed_application))
    settings.PERMITS_DOCUMENT_SIGNING_DIR = tmp_path  # another development CA
    _key, other_ca = signing.dev_ca()
    result = signing.pdf_signature_check(pdf, [other_ca])
    assert result.intact and not result.trusted


def test_unsigned_documents_are_reported_unsigned():
    assert check(b"%PDF-1.4 not really") == signing.SignatureCheck(signed=False)
    assert check(b"not a pdf at all") == signing.SignatureCheck(signed=False)


def test_without_the_commit_nothing_is_signed(applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = approval_of(application)
    assert certificate.rendered_at is None and certificate.signed_at is None
    # A download before the work after the commit renders the document, unsigned.
    assert not check(document_pdf(certificate)).signed


def signatures_of(documents) -> dict[str, str]:
    """Each document's kind and the agency whose valid signature its file carries."""
    signers = {}
    for document in documents:
        result = check(pdf_of(document))
        assert result.signed and result.intact and result.trusted, document.document_kind
        assert document.signed_by is not None and document.signed_at is not None
        signers[document.document_kind] = result.signer
    return signers


def test_refusals_and_notices_are_signed_too(
    applicant_my, reviewer_my, django_capture_on_commit_callbacks
):
    """A refusal binds the agency as much as an approval: it is what the applicant takes to
    reconsideration or to court. Every document is signed by the agency that issued it."""
    from tests.web.helpers import open_task, submitted

    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(by=applicant_my)
        task_services.task_decide(
            task_id=open_task(application).pk, by=reviewer_my, decision="reject", opinion="不符合"
        )
    documents = list(Certificate.objects.filter(application_id=application.pk))
    assert signatures_of(documents) == {
        DocumentKind.ACCEPTANCE_NOTICE: "密云区园林绿化局",
        DocumentKind.REFUSAL: "密云区园林绿化局",
    }
    events = AuditEvent.objects.filter(action=AuditAction.CERTIFICATE_SIGNED)
    assert {e.details["number"] for e in events} == {d.number for d in documents}
    assert audit_verify().ok


def test_a_non_acceptance_is_signed(applicant_my, reviewer_my, django_capture_on_commit_callbacks):
    from tests.factories import submit, tending_draft
    from tests.web.helpers import open_task

    with django_capture_on_commit_callbacks(execute=True):
        application = submit(tending_draft(by=applicant_my), applicant_my, accepted=False)
        task_services.task_decide(
            task_id=open_task(application).pk,
            by=reviewer_my,
            decision="not_accept",
            opinion="申请事项不属于本机关职权范围",
            grounds=["N2"],  # its grounds printed, the document is signed all the same
        )
    documents = list(Certificate.objects.filter(application_id=application.pk))
    assert signatures_of(documents) == {DocumentKind.NON_ACCEPTANCE: "密云区园林绿化局"}


def test_a_revoked_approval_is_signed_again(
    signed_application, approver, django_capture_on_commit_callbacks
):
    before = approval_of(signed_application).pdf_sha256
    with django_capture_on_commit_callbacks(execute=True):
        revoke_heard(application=signed_application, by=approver, reason="违规作业")
    certificate = approval_of(signed_application)
    pdf = pdf_of(certificate)
    assert certificate.pdf_sha256 != before and certificate.signed_at is not None
    assert check(pdf).intact
    assert "已撤销" in pdf_text(pdf)
    signed = AuditEvent.objects.filter(
        action=AuditAction.CERTIFICATE_SIGNED, details__number=certificate.number
    )
    assert signed.count() == 2
    assert audit_verify().ok


def test_a_missing_key_leaves_the_document_unsigned_until_the_tick(
    applicant_my,
    reviewer_my,
    approver,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
    caplog,
):
    settings.PERMITS_DOCUMENT_SIGNING_DIR = tmp_path
    settings.PERMITS_DOCUMENT_SIGNING_AUTOCREATE = False
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = approval_of(application)
    assert certificate.signed_at is None  # the decision itself stands
    assert "stays unsigned" in caplog.text and application.lead_agency.code in caplog.text
    assert tick()["signed documents"] == 0

    settings.PERMITS_DOCUMENT_SIGNING_AUTOCREATE = True  # the administrator installs the key
    assert tick()["signed documents"] == 2  # the approval and the acceptance notice
    assert tick()["signed documents"] == 0
    assert check(pdf_of(certificate)).intact


def test_a_file_that_is_not_the_recorded_one_is_not_signed(applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    certificate = approval_of(application)
    certificate.pdf.save("swapped.pdf", ContentFile(b"%PDF-1.4 swapped"), save=True)
    assert signing.certificate_sign(certificate.pk) is False
    certificate.refresh_from_db()
    assert certificate.signed_at is None


def test_the_verification_page_says_who_signed(signed_application, client):
    certificate = approval_of(signed_application)
    response = client.get(f"/verify/{certificate.number}/", {"code": certificate.check_code})
    assert response.status_code == 200
    text = response.content.decode()
    assert signed_application.lead_agency.name in text and 'id="verify-signature"' in text
    assert "Not signed yet" not in text and "尚未签名" not in text
    # Without the check code nothing about the document's details shows.
    anonymous = client.get(f"/verify/{certificate.number}/").content.decode()
    assert 'id="verify-signature"' not in anonymous


def test_the_deploy_check_names_agencies_without_a_key(settings, tmp_path, reference_data):
    from documents.checks import document_signing_keys_check

    settings.PERMITS_DOCUMENT_SIGNING_DIR = tmp_path
    settings.PERMITS_DOCUMENT_SIGNING_AUTOCREATE = False
    [warning] = document_signing_keys_check()
    assert warning.id == "documents.W001" and "bj-forestry" in warning.msg
    assert "bj-audit" not in warning.msg  # auditors issue no decisions
    for code in Agency.objects.exclude(kind="audit").values_list("code", flat=True):
        (tmp_path / f"{code}.key.pem").write_text("key")
        (tmp_path / f"{code}.cert.pem").write_text("certificate")
    assert document_signing_keys_check() == []


def test_the_room_given_holds_the_signature_and_too_little_falls_back_to_measuring(
    reference_data, monkeypatch
):
    """``pdf_sign`` gives pyHanko the room for the signature (no dummy signature to measure
    it), little more than the signature takes; given too little, it lets pyHanko measure."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "approval")
    canvas.save()
    pdf = buffer.getvalue()
    signer = signing.agency_signer(Agency.objects.filter(level="municipal").first())
    signed = signing.pdf_sign(pdf, signer, reason="批准", location="北京市")
    result = check(signed)
    assert result.signed and result.intact and result.trusted and result.covers_whole_file
    # The unused room is written as zeros: a few KiB at most.
    assert 0 < len(signed) - len(pdf) < signing._room(signer) + 8192

    monkeypatch.setattr(signing, "_room", lambda signer: 64)
    measured = signing.pdf_sign(pdf, signer, reason="批准", location="北京市")
    assert check(measured).intact and check(measured).trusted


def test_signing_and_checking_work_inside_a_running_event_loop(reference_data):
    """pyHanko's synchronous calls start their own event loop; inside a running one (an ASGI
    server's thread, a Playwright-driven test) they refused, and the document stayed unsigned."""
    import asyncio

    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "approval")
    canvas.save()
    signer = signing.agency_signer(Agency.objects.filter(level="municipal").first())

    async def inside_a_loop():
        signed = signing.pdf_sign(buffer.getvalue(), signer, reason="批准", location="北京市")
        return signed, check(signed)

    signed, result = asyncio.run(inside_a_loop())
    assert result.signed and result.intact and result.trusted and result.covers_whole_file
    assert signed.startswith(b"%PDF")


def test_the_signed_attributes_are_pyhankos_own(reference_data):
    """The signer prepares its signing-certificate attribute once; the signed attributes it
    gives a PAdES signature are byte for byte those pyHanko builds itself for the same key."""
    import asyncio

    from pyhanko.sign import signers

    signer = signing.agency_signer(Agency.objects.filter(level="municipal").first())
    plain = signers.SimpleSigner(
        signing_cert=signer.signing_cert,
        signing_key=signer.signing_key,
        cert_registry=signer.cert_registry,
    )
    digest = hashlib.sha256(b"document").digest()

    def signed_attributes(of: signers.SimpleSigner) -> bytes:
        attributes = asyncio.run(of.signed_attrs(digest, "sha256", use_pades=True))
        return attributes.dump()

    assert signer.signed_attr_prov_spec is not None and plain.signed_attr_prov_spec is None
    assert signed_attributes(signer) == signed_attributes(plain)


def test_a_signer_is_read_once_and_again_when_its_key_is_replaced(
    settings, tmp_path, reference_data
):
    settings.PERMITS_DOCUMENT_SIGNING_DIR = tmp_path
    settings.PERMITS_DOCUMENT_SIGNING_AUTOCREATE = True
    agency = Agency.objects.filter(level="municipal").first()
    first = signing.agency_signer(agency)
    assert signing.agency_signer(agency) is first
    (tmp_path / f"{agency.code}.key.pem").unlink()  # the administrator installs a new pair
    replaced = signing.agency_signer(agency)
    assert replaced is not first
    assert replaced.signing_cert.dump() != first.signing_cert.dump()
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "approval")
    canvas.save()
    signed = signing.pdf_sign(buffer.getvalue(), replaced, reason="批准", location="北京市")
    assert check(signed).intact and check(signed).trusted

    (tmp_path / f"{agency.code}.cert.pem").write_text("certificate")  # a broken installation
    with pytest.raises(signing.SigningKeyMissing):
        signing.agency_signer(agency)
