"""The seal until an official e-seal is configured (issue 46; 行政许可法 arts. 32, 38, 39): no
document prints "（印章）" as if it were sealed. Wet sealing prints a blank seal area and the
issuing agency records who sealed which paper original when (an audited act); an unsealed
electronic copy says so on every page, and the verification says which."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, NotVisible, StateConflict
from core.messages import MSG_SEAL_STATE_UNSEALED, MSG_SEAL_STATE_WAITING
from documents import seals
from documents.models import CertificateStatus, DocumentKind, DocumentSeal, SealMode
from documents.pdf_files import notice_document
from documents.pdf_layout import (
    SEAL_COLOPHON,
    UNSEALED_MARK,
    WET_SEAL_HINT,
    render_certificate,
    render_notice,
)
from documents.verify import Standing, certificate_verification
from tests.factories import occupation_draft, submit
from tests.pdftools import page_count, pdf_text

from .test_pdf_layout import flat, letter

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_wet_sealed_document_prints_a_blank_seal_area_not_a_seal():
    text = flat(pdf_text(render_certificate(letter(seal="wet"))))
    assert WET_SEAL_HINT in text and flat(SEAL_COLOPHON["wet"]) in text
    assert "（印章）" not in text and UNSEALED_MARK.replace("　", "") not in text


def test_an_unsealed_copy_says_so_on_every_page():
    items = [f"第{i}项条件：作业区内不得使用化学除草剂。" for i in range(1, 40)]
    pdf = render_certificate(letter(seal="unsealed", conditions=items))
    assert page_count(pdf) > 1
    mark = flat(UNSEALED_MARK)
    for page in range(1, page_count(pdf) + 1):
        assert mark in flat(pdf_text(pdf, page)), page
    text = flat(pdf_text(pdf))
    assert flat(SEAL_COLOPHON["unsealed"]) in text and f"（{mark}）" in text
    assert WET_SEAL_HINT not in text and "（印章）" not in text


@pytest.fixture
def acceptance(applicant_my, time_machine):
    time_machine.move_to(datetime(2026, 6, 8, 10, tzinfo=SHANGHAI), tick=False)
    application = submit(occupation_draft(by=applicant_my), applicant_my)
    return application.certificates.get(document_kind=DocumentKind.ACCEPTANCE_NOTICE)


def seal(certificate, by, day="2026-06-08"):
    return seals.document_seal(
        application=certificate.application_id, document_id=certificate.pk, by=by, sealed_on=day
    )


@pytest.mark.django_db
def test_the_installation_setting_is_printed_in_each_document(applicant_my, time_machine):
    with override_settings(PERMITS_SEAL_MODE="unsealed"):
        application = submit(occupation_draft(by=applicant_my), applicant_my)
    notice = application.certificates.get(document_kind=DocumentKind.ACCEPTANCE_NOTICE)
    assert notice.content["document"]["seal"] == "unsealed"
    assert notice.printed_seal == SealMode.UNSEALED
    text = flat(pdf_text(render_notice(notice_document(notice.content))))
    assert flat(UNSEALED_MARK) in text and WET_SEAL_HINT not in text


@pytest.mark.django_db
def test_the_issuing_agency_records_the_seal_once(acceptance, reviewer_my):
    assert acceptance.printed_seal == SealMode.WET
    record = seal(acceptance, reviewer_my)
    assert (record.sealed_on, record.sealed_by, record.agency.code) == (
        date(2026, 6, 8),
        reviewer_my,
        "110118-forestry",
    )
    event = AuditEvent.objects.get(action=AuditAction.DOCUMENT_SEALED)
    assert event.details["document"] == acceptance.number
    assert event.details["sealed_on"] == "2026-06-08"
    assert event.actor == reviewer_my and event.agency.code == "110118-forestry"
    with pytest.raises(StateConflict) as refused:
        seal(acceptance, reviewer_my)
    assert refused.value.problems[0].code == "document_sealed"


@pytest.mark.django_db
def test_who_may_record_a_seal(acceptance, applicant_my, reviewer_yq, auditor):
    with pytest.raises(NotVisible):
        seal(acceptance, reviewer_yq)
    with pytest.raises(NotAllowed):  # sees the application, is not of the agency
        seal(acceptance, applicant_my)
    with pytest.raises(NotAllowed):
        seal(acceptance, auditor)
    assert not DocumentSeal.objects.exists()


@pytest.mark.django_db
def test_the_day_is_checked(acceptance, reviewer_my):
    for day in ("2026-06-07", "2026-06-09", "x", None):
        with pytest.raises(InvalidInput) as refused:
            seal(acceptance, reviewer_my, day=day)
        assert [p.field for p in refused.value.problems] == ["sealed_on"], day


@pytest.mark.django_db
def test_an_unsealed_copy_has_no_original_to_seal(acceptance, reviewer_my):
    acceptance.content = {
        **acceptance.content,
        "document": {**acceptance.content["document"], "seal": "unsealed"},
    }
    acceptance.save(update_fields=["content"])
    with pytest.raises(StateConflict) as refused:
        seal(acceptance, reviewer_my)
    assert refused.value.problems[0].code == "document_not_sealed_by_hand"


@pytest.mark.django_db
def test_the_verification_says_how_the_document_is_sealed(acceptance, reviewer_my):
    def verified():
        return certificate_verification(
            number=acceptance.number,
            code=acceptance.check_code,
            decisions_of=lambda application: [],
            standing_of=lambda certificate: Standing(CertificateStatus.VALID),
        )

    assert verified().seal_data["statement"] == str(MSG_SEAL_STATE_WAITING)
    assert verified().seal_data["sealed"] is False
    seal(acceptance, reviewer_my)
    data = verified().seal_data
    assert data["sealed"] and data["sealed_on"] == date(2026, 6, 8)
    assert "密云区园林绿化局" in data["statement"] and "2026-06-08" in data["statement"]
    acceptance.content = {
        **acceptance.content,
        "document": {**acceptance.content["document"], "seal": "unsealed"},
    }
    acceptance.save(update_fields=["content"])
    assert verified().seal_data == {
        "provider": "wet",
        "state": "unsealed",
        "sealed_at": None,
        "sealed_by": None,
        "mode": "unsealed",
        "sealed": False,
        "sealed_on": None,
        "statement": str(MSG_SEAL_STATE_UNSEALED),
    }
