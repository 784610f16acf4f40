"""Documents rendered after the deciding transaction (product.md §14, issue 10): the decision
allocates the number and stores what the document prints; the PDF is drawn after the commit,
from that content alone, stored and audited once."""

import hashlib
import logging

import pytest

from audit import offline as audit_offline
from audit.models import AuditEvent
from audit.trail import audit_verify
from documents import pdf_files
from documents.casefile import case_file
from documents.models import Certificate, DocumentKind
from tests.factories import committed, revoke_heard, submit_accepted, tending_draft
from workflows import services as task_services
from workflows.engine import open_tasks
from workflows.tick import tick

pytestmark = pytest.mark.django_db


def at_municipal_review(applicant, reviewer):
    application = submit_accepted(application=tending_draft(by=applicant), by=applicant)
    decide(application, reviewer)
    return application


def decide(application, by, decision="approve", opinion="同意"):
    task = open_tasks(application=application).get()
    return task_services.task_decide(task_id=task.pk, by=by, decision=decision, opinion=opinion)[1]


def issued_events(application):
    return AuditEvent.objects.filter(application_id=application.pk, action="certificate_issued")


def approval_of(application) -> Certificate:
    return Certificate.objects.get(application_id=application.pk, document_kind="approval")


def test_the_decision_stores_the_number_and_the_content_but_draws_nothing(
    applicant_my, reviewer_my, approver
):
    application = at_municipal_review(applicant_my, reviewer_my)
    before = issued_events(application).count()

    decide(application, approver)  # no commit: the work after it has not run

    certificate = approval_of(application)
    assert certificate.number.startswith("京园林抚审〔")
    assert certificate.rendered_at is None and not certificate.pdf and not certificate.pdf_sha256
    assert certificate.content["template"] == pdf_files.DECISION
    document = certificate.content["document"]
    assert document["number"] == certificate.number
    assert document["holder"] == "密云区国有林场"
    assert document["site_map"]["plan"]["site"]["geometry"]["type"] == "Polygon"
    assert issued_events(application).count() == before  # audited when it exists


def test_after_the_commit_the_pdf_is_drawn_from_the_content_alone_and_audited(
    applicant_my, reviewer_my, approver
):
    application = at_municipal_review(applicant_my, reviewer_my)
    committed(decide, application, approver)

    certificate = approval_of(application)
    assert certificate.rendered_at is not None
    issued = issued_events(application).get(details__kind=DocumentKind.APPROVAL)
    signed = AuditEvent.objects.get(
        application_id=application.pk,
        action="certificate_signed",
        details__number=certificate.number,
    )
    # What was rendered is what the stored content gives, byte for byte, on any machine.
    unsigned = pdf_files.document_pdf(certificate.content)
    assert issued.details["pdf_sha256"] == hashlib.sha256(unsigned).hexdigest()
    assert signed.details["unsigned_sha256"] == issued.details["pdf_sha256"]
    with certificate.pdf.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == certificate.pdf_sha256
    assert (
        issued.seq
        > AuditEvent.objects.get(
            application_id=application.pk, action="approve", agency_code="bj-forestry"
        ).seq
    )
    assert audit_verify().ok


def test_the_stored_content_round_trips_to_the_same_document(applicant_my, reviewer_my, approver):
    application = at_municipal_review(applicant_my, reviewer_my)
    decide(application, approver)
    content = approval_of(application).content

    document = pdf_files.decision_document(content)

    assert pdf_files.decision_content(document) == content
    assert document.site_map is not None and document.site_map.draw is not None


def test_a_download_before_the_worker_renders_it_once(applicant_my, reviewer_my, approver):
    application = at_municipal_review(applicant_my, reviewer_my)
    decide(application, approver)
    certificate = approval_of(application)

    downloaded = pdf_files.document_rendered(certificate)
    again = pdf_files.document_rendered(Certificate.objects.get(pk=certificate.pk))

    assert downloaded.pdf_sha256 and again.pdf_sha256 == downloaded.pdf_sha256
    assert pdf_files.document_render(certificate.pk) is False  # the worker finds it done
    assert issued_events(application).filter(details__kind="approval").count() == 1


def test_a_renderer_that_fails_after_the_commit_leaves_the_decision_and_the_tick_renders(
    applicant_my, reviewer_my, approver, monkeypatch, caplog
):
    application = at_municipal_review(applicant_my, reviewer_my)

    def broken(content):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(pdf_files, "document_pdf", broken)
    with caplog.at_level(logging.ERROR, logger="core.background"):
        committed(decide, application, approver)
    assert "renderer crashed" in caplog.text

    certificate = approval_of(application)
    assert application.__class__.objects.get(pk=application.pk).status == "approved"
    assert certificate.rendered_at is None  # the number and the decision stand

    monkeypatch.undo()
    assert tick()["rendered documents"] == 1
    certificate.refresh_from_db()
    assert certificate.rendered_at is not None and certificate.signed_at is not None
    assert issued_events(application).filter(details__kind="approval").count() == 1
    assert audit_verify().ok


def test_a_revocation_renders_the_stored_document_again_with_its_mark(
    applicant_my, reviewer_my, approver
):
    application = at_municipal_review(applicant_my, reviewer_my)
    committed(decide, application, approver)
    first = approval_of(application)

    committed(
        revoke_heard,
        application=application.__class__.objects.get(pk=application.pk).detail,
        by=approver,
        reason="擅自扩大作业范围",
    )

    certificate = approval_of(application)
    assert certificate.content["document"]["revoked"] is True
    # Printed after "撤销：" as a sentence of its own; a design's approval is a 批复: 参照.
    revocation = application.certificates.get(document_kind=DocumentKind.REVOCATION)
    assert certificate.content["document"]["revoked_reason"] == (
        f"参照《中华人民共和国行政许可法》第六十九条第一款第（四）项，见{revocation.number}。"
    )
    # The rest of what it prints is what the decision stored, not the record as it is now.
    unchanged = {k: v for k, v in first.content["document"].items() if not k.startswith("revoked")}
    assert {k: certificate.content["document"][k] for k in unchanged} == unchanged
    assert certificate.pdf_sha256 != first.pdf_sha256
    assert certificate.signed_at is not None


def test_the_case_file_of_a_revoked_permit_verifies_offline(
    applicant_my, reviewer_my, approver, tmp_path
):
    """The revocation records the number; the re-rendered file's hash is recorded by the
    certificate_issued event after it, which the offline verifier binds the file to."""
    application = at_municipal_review(applicant_my, reviewer_my)
    committed(decide, application, approver)
    committed(
        revoke_heard,
        application=application.__class__.objects.get(pk=application.pk).detail,
        by=approver,
        reason="擅自扩大作业范围",
    )
    path = tmp_path / "case.zip"
    path.write_bytes(case_file(application))

    assert audit_offline.verify(str(path)).startswith("ok: ")
