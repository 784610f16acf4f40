import hashlib

import pytest

from audit.models import AuditEvent
from documents.models import DocumentKind
from permits.rules import tending
from permits.rules.base import citation_for_people
from tests.factories import decision_document, revoke_heard, submit_accepted
from workflows import services as task_services
from workflows.engine import open_tasks

from ..factories import document_pdf, tending_draft
from ..pdftools import pdf_text


@pytest.fixture
def decide(committed):
    """A decision as a request makes it: the document is rendered after its commit."""

    def call(application, user, decision, opinion=""):
        task = open_tasks(application=application).get()
        return committed(
            task_services.task_decide, task_id=task.pk, by=user, decision=decision, opinion=opinion
        )[1]

    return call


def _text(certificate) -> str:
    return pdf_text(document_pdf(certificate))


@pytest.fixture
def submitted(applicant_my):
    application = tending_draft(by=applicant_my)
    return submit_accepted(application=application, by=applicant_my)


def test_a_district_refusal_is_issued_by_the_district_agency(submitted, reviewer_my, decide):
    application = decide(submitted, reviewer_my, "reject", "作业设计不符合技术规程")
    refusal = decision_document(application)
    assert refusal.document_kind == DocumentKind.REFUSAL
    assert refusal.number.startswith("京园林抚不许〔")
    issued = AuditEvent.objects.get(
        application_id=application.pk, action="certificate_issued", details__kind="refusal"
    )
    assert issued.agency_name == "密云区园林绿化局"
    text = _text(refusal)
    assert "天然林抚育作业设计不予批准决定书" in text
    assert "作业设计不符合技术规程" in text
    assert "行政复议" in "".join(text.split())  # the line may break inside the word


def test_a_municipal_refusal_is_issued_by_the_municipal_agency(
    submitted, reviewer_my, approver, decide, committed
):
    application = decide(submitted, reviewer_my, "approve")
    application = decide(application, approver, "reject", "与区域规划不符")
    issued = AuditEvent.objects.get(
        application_id=application.pk, action="certificate_issued", details__kind="refusal"
    )
    assert issued.agency_name == "北京市园林绿化局"


def test_revocation_records_the_re_rendered_document(
    submitted, reviewer_my, approver, decide, committed
):
    application = decide(submitted, reviewer_my, "approve")
    application = decide(application, approver, "approve")
    first_hash = decision_document(application).pdf_sha256
    committed(
        revoke_heard,
        application=application,
        by=approver,
        reason="擅自扩大作业范围",
    )
    certificate = application.certificates.get(document_kind=DocumentKind.APPROVAL)
    revoke = AuditEvent.objects.get(application_id=application.pk, action="revoke")
    rerendered = AuditEvent.objects.filter(
        application_id=application.pk, action="certificate_issued", details__revoked=True
    ).get()
    assert certificate.pdf_sha256 != first_hash
    assert revoke.details["number"] == certificate.number
    assert revoke.details["ground"] == "unqualified_applicant"
    assert rerendered.seq > revoke.seq  # rendered after the revocation's commit
    signed = AuditEvent.objects.filter(
        application_id=application.pk,
        action="certificate_signed",
        details__number=certificate.number,
    ).latest("seq")
    assert rerendered.details["pdf_sha256"] == signed.details["unsigned_sha256"]
    assert signed.seq > rerendered.seq and signed.details["pdf_sha256"] == certificate.pdf_sha256
    with certificate.pdf.open("rb") as pdf:
        assert hashlib.sha256(pdf.read()).hexdigest() == certificate.pdf_sha256
    assert "已撤销" in _text(certificate)


def test_revocation_issues_a_revocation_decision(
    submitted, reviewer_my, approver, decide, committed
):
    application = decide(submitted, reviewer_my, "approve")
    application = decide(application, approver, "approve")
    approval = decision_document(application)
    committed(
        revoke_heard,
        application=application,
        by=approver,
        reason="擅自扩大作业范围",
    )
    revocation = application.certificates.get(document_kind=DocumentKind.REVOCATION)
    assert revocation.issuing_agency.code == "bj-forestry"
    text = _text(revocation)
    # A design's 批复 is revoked as one (issue 46 item 3).
    assert "撤销批复决定书" in text
    assert approval.number in text.replace("\n", "")
    assert "擅自扩大作业范围" in text


# --- Issue 26 item 7: the reviewer names the rules a refusal rests on --------------------------


def test_a_refusal_prints_the_grounds_the_reviewer_chose(submitted, reviewer_my, committed):
    # The design turned into a commercial harvest of natural forest since submission: T1 and
    # T5 find it (only rules found against it are grounds, issue 45 item 11).
    detail = submitted.detail
    type(detail).objects.filter(pk=detail.pk).update(
        operation_type="commercial_harvest", forest_origin="natural"
    )
    task = open_tasks(application=submitted).get()
    _task, application = committed(
        task_services.task_decide,
        task_id=task.pk,
        by=reviewer_my,
        decision="reject",
        opinion="作业类型与林分状况不符",
        grounds=["T5", "T1", "T5"],
    )
    record = application.decisions.get(decision="reject")
    assert [g["code"] for g in record.grounds] == ["T5", "T1"]
    assert record.grounds[1]["source"] == tending.SOURCE_000_2_4
    # The event of the decision proves them.
    event = AuditEvent.objects.get(application_id=application.pk, action="reject")
    assert event.details["grounds"] == record.grounds
    text = "".join(_text(decision_document(application)).split())
    assert "不予批准的依据" in text
    for source in (tending.SOURCE_000_2_5_STAND, tending.SOURCE_000_2_4):
        cited = "".join(citation_for_people(source).split())
        assert cited in text
    assert (
        "《北京市天然林保护修复制度实施方案》二（四）：“对全市天然林实行全面禁止商业性采伐”" in text
    )
    assert "000二" not in text and "000《" not in text  # never the file code


def test_a_refusal_without_grounds_prints_no_basis_section(submitted, reviewer_my, decide):
    application = decide(submitted, reviewer_my, "reject", "作业设计不符合技术规程")
    assert application.decisions.get(decision="reject").grounds == []
    assert "不予许可的依据" not in _text(decision_document(application))
