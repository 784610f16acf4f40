"""The hearing where the engine finds 重大利益 (product.md §16 L16; Administrative Licensing Law
art. 47): an occupation of 小班 another organisation holds offers it to the applicant and to
that holder, each with its 听证权利告知书; the holder's request, received on paper, is recorded
by the agency; the 利害关系人告知书 itself states the right."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.errors import InvalidInput, StateConflict
from documents.models import DocumentKind
from documents.notices.hearings import ARTICLE_47
from permits.choices import NotificationKind
from permits.models import Notification
from tests.factories import (
    VILLAGE_CODE,
    VILLAGE_NAME,
    accept,
    committed,
    document_pdf,
    open_task_of,
    village_occupation_draft,
)
from tests.pdftools import pdf_text
from workflows import services
from workflows.models import Route, SpecialProcedure

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 6, 8, 10, tzinfo=SHANGHAI)  # a plain working week follows


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def occupation(applicant_my):
    draft = village_occupation_draft(by=applicant_my)
    return accept(services.application_submit(application=draft, by=applicant_my))


def offer(application, by, **kwargs):
    return committed(services.hearing_offer, task_id=open_task_of(application).pk, by=by, **kwargs)


def flat(pdf: bytes) -> str:
    return pdf_text(pdf).replace("\n", "").replace(" ", "")


def test_the_applicant_and_the_holder_are_each_told(occupation, reviewer_my, applicant_my):
    hearing = offer(occupation, reviewer_my)
    applicant, holder = hearing.notices.order_by("pk")
    assert (applicant.holder_credit_code, holder.holder_credit_code) == ("", VILLAGE_CODE)
    assert holder.addressee_name == VILLAGE_NAME
    # 8 June + 5 working days (the route's, art. 47).
    assert applicant.request_due_date == holder.request_due_date == date(2026, 6, 15)
    for notice in (applicant, holder):
        assert notice.notice.document_kind == DocumentKind.HEARING_NOTICE
        assert notice.notice.content["document"]["addressee"] == notice.addressee_name
    text = flat(document_pdf(holder.notice))
    assert VILLAGE_NAME in text and "12-3小班" in text and ARTICLE_47 in text
    assert "重大利益关系" in text and "2026年6月15日" in text
    assert Notification.objects.filter(
        kind=NotificationKind.HEARING, recipient=applicant_my
    ).exists()


def test_the_periods_are_the_routes(occupation, reviewer_my):
    # Frozen at submission: a route changed later does not move this application's period.
    Route.objects.filter(kind="occupation").update(hearing_request_working_days=10)
    hearing = offer(occupation, reviewer_my)
    assert hearing.notices.first().request_due_date == date(2026, 6, 15)


def test_the_agency_records_the_holders_request(occupation, reviewer_my, applicant_my):
    offer(occupation, reviewer_my)
    with pytest.raises(InvalidInput) as refused:
        services.hearing_request(
            application=occupation, by=applicant_my, holder_credit_code=VILLAGE_CODE
        )
    assert refused.value.problems[0].field == "holder_credit_code"
    hearing = committed(
        services.hearing_request,
        application=occupation,
        by=reviewer_my,
        holder_credit_code=VILLAGE_CODE,
        requested_on="2026-06-08",
    )
    assert hearing.requested_on == date(2026, 6, 8)
    # 20 working days after the request (art. 47, the route's figure; 端午 19 June is off).
    assert hearing.hold_by == date(2026, 7, 7)
    procedure = SpecialProcedure.objects.get(pk=hearing.procedure_id)
    assert procedure.kind == "hearing" and procedure.is_open
    with pytest.raises(StateConflict) as refused:
        services.hearing_request(
            application=occupation, by=reviewer_my, holder_credit_code=VILLAGE_CODE
        )
    assert refused.value.problems[0].code == "hearing_requested"
    # The applicant's own request joins the same hearing.
    committed(services.hearing_request, application=occupation, by=applicant_my)
    assert hearing.notices.filter(requested_on__isnull=False).count() == 2


def test_the_interested_party_notice_states_the_right_to_a_hearing(occupation, reviewer_my):
    notice = committed(
        services.interested_party_notify,
        task_id=open_task_of(occupation).pk,
        by=reviewer_my,
        holder_credit_code=VILLAGE_CODE,
    )
    text = flat(document_pdf(notice.notice))
    assert "享有要求听证的权利" in text and "第四十七条" in text and "听证权利告知书" in text
