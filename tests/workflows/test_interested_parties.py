"""Interested parties (利害关系人, product.md §16 L14; Administrative Licensing Law art. 36; 35号令
art. 21): the district step of an occupation of 小班 held by another organisation approves only
once a reviewer confirmed a compensation agreement names each holder, or it was told by a
利害关系人告知书 and answered or let its period, counted from service (issue 46), lapse."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, NotVisible, StateConflict
from core.messages import MSG_UNRESOLVED
from documents.models import DocumentKind
from documents.notices import ARTICLE_36, REGULATION_35_ARTICLE_21
from permits.choices import NotificationKind, Status
from permits.models import Notification
from permits.services import attachment_add
from roles.models import Role
from tests.factories import (
    COMPANY_CODE,
    COMPANY_NAME,
    VILLAGE_CODE,
    VILLAGE_NAME,
    accept,
    committed,
    document_pdf,
    member,
    occupation_draft,
    open_task_of,
    pdf_upload,
    site_check,
    tending_draft,
    village_occupation_draft,
)
from tests.pdftools import pdf_text
from workflows import services
from workflows.models import InterestedPartyNotice, Route
from workflows.selectors import interested_parties_of

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 6, 8, 10, tzinfo=SHANGHAI)  # a plain working week follows


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)


def under_review(applicant, reviewer, *agreements: str, company: bool = False):
    """Under the 密云 district's review, site checked, on the village's 小班 12-3 (and the
    company's 12-5), with the compensation agreements named attached before submission."""
    draft = village_occupation_draft(by=applicant, company=company)
    for name in agreements:
        attachment_add(
            application=draft,
            by=applicant,
            kind="compensation_agreement",
            upload=pdf_upload(name),
        )
    application = accept(services.application_submit(application=draft, by=applicant))
    site_check(application, reviewer)
    return application


@pytest.fixture
def occupation(applicant_my, reviewer_my, reviewer_my2):
    return under_review(applicant_my, reviewer_my)


def approve(application, by):
    return services.task_decide(
        task_id=open_task_of(application).pk, by=by, decision="approve", opinion="同意上报"
    )[1]


def notify(application, by, code=VILLAGE_CODE, **kwargs):
    return committed(
        services.interested_party_notify,
        task_id=open_task_of(application).pk,
        by=by,
        holder_credit_code=code,
        **kwargs,
    )


def serve(notice, by, day="2026-06-08"):
    return services.interested_party_served(notice_id=notice.pk, by=by, served_on=day)


def confirm(application, by, agreement=..., code=VILLAGE_CODE):
    if agreement is ...:
        agreement = application.attachments.get(kind="compensation_agreement").pk
    return services.compensation_agreement_confirm(
        task_id=open_task_of(application).pk,
        by=by,
        attachment_id=agreement,
        holder_credit_code=code,
    )


def answer(notice, by, **overrides):
    values = {"answer": "同意使用，补偿事宜另行协商。", "answered_on": date(2026, 6, 8)}
    return services.interested_party_answer(notice_id=notice.pk, by=by, **(values | overrides))


def test_the_gate_names_each_unresolved_holder(occupation, reviewer_my):
    (party,) = interested_parties_of(occupation)
    assert (party.name, party.credit_code, party.compartments) == (
        VILLAGE_NAME,
        VILLAGE_CODE,
        ("12-3",),
    )
    assert not party.resolved and party.notice is None
    with pytest.raises(StateConflict) as refused:
        approve(occupation, reviewer_my)
    (problem,) = refused.value.problems
    assert problem.code == "interested_parties_unresolved"
    assert VILLAGE_NAME in str(problem.message) and VILLAGE_CODE in str(problem.message)
    assert VILLAGE_NAME in str(refused.value.detail)
    occupation.refresh_from_db()
    assert occupation.status == Status.DISTRICT_REVIEW


def test_an_agreement_resolves_the_holder_only_once_a_reviewer_confirms_it(
    applicant_my, reviewer_my, reviewer_my2
):
    # Issue 46: a file named after the holder (or its code) resolves nothing by its name.
    for name in (f"补偿协议（{VILLAGE_NAME}）.pdf", f"compensation-{VILLAGE_CODE}.pdf"):
        named = under_review(applicant_my, reviewer_my, name)
        assert not interested_parties_of(named)[0].resolved
    with pytest.raises(StateConflict):
        approve(named, reviewer_my)
    confirmation = confirm(named, reviewer_my)
    assert (confirmation.holder_credit_code, confirmation.confirmed_by) == (
        VILLAGE_CODE,
        reviewer_my,
    )
    assert confirmation.agency.code == "110118-forestry"
    (party,) = interested_parties_of(named)
    assert party.compensation_agreement and party.resolved
    event = AuditEvent.objects.get(action=AuditAction.COMPENSATION_AGREEMENT_CONFIRMED)
    assert event.details["holder"] == {"name": VILLAGE_NAME, "credit_code": VILLAGE_CODE}
    assert event.details["attachment"]["id"] == confirmation.attachment_id
    assert event.actor == reviewer_my
    assert approve(named, reviewer_my).status == Status.CONSULTATION


def test_the_confirmation_is_checked(applicant_my, reviewer_my, reviewer_yq, reviewer_my2):
    application = under_review(applicant_my, reviewer_my, "补偿协议.pdf")
    site_plan = application.attachments.exclude(kind="compensation_agreement").first()
    for agreement in ("x", None, 10**9, *([site_plan.pk] if site_plan else [])):
        with pytest.raises(InvalidInput) as refused:
            confirm(application, reviewer_my, agreement=agreement)
        assert [p.field for p in refused.value.problems] == ["attachment_id"], agreement
    with pytest.raises(InvalidInput) as refused:
        confirm(application, reviewer_my, code=COMPANY_CODE)
    assert refused.value.problems[0].code == "not_a_party"
    with pytest.raises(NotVisible):
        confirm(application, reviewer_yq)
    with pytest.raises(NotVisible):
        confirm(application, applicant_my)
    confirm(application, reviewer_my)
    with pytest.raises(StateConflict) as refused:
        confirm(application, reviewer_my)
    assert refused.value.problems[0].code == "compensation_agreement_confirmed"


def test_a_notice_and_its_answer_resolve_the_holder(occupation, reviewer_my, applicant_my):
    notice = notify(occupation, reviewer_my)
    # Its period runs from service: no due date until the day served is recorded.
    assert (notice.issued_on, notice.answer_due_date) == (date(2026, 6, 8), None)
    assert (notice.holder_name, notice.holder_credit_code) == (VILLAGE_NAME, VILLAGE_CODE)
    assert notice.agency.code == "110118-forestry" and notice.created_by == reviewer_my
    (party,) = interested_parties_of(occupation)
    assert party.status == "unserved" and not party.resolved
    with pytest.raises(StateConflict) as refused:
        approve(occupation, reviewer_my)
    assert "2026-06-08" in str(refused.value.problems[0].message)
    served = serve(notice, reviewer_my)
    assert (served.served_on, served.answer_due_date) == (date(2026, 6, 8), date(2026, 6, 15))
    assert served.served_recorded_by == reviewer_my
    (party,) = interested_parties_of(occupation)
    assert party.status == "awaiting" and not party.resolved
    with pytest.raises(StateConflict) as refused:
        approve(occupation, reviewer_my)
    assert "2026-06-15" in str(refused.value.problems[0].message)
    answered = answer(notice, reviewer_my)
    assert answered.answered_on == date(2026, 6, 8) and answered.answer_recorded_by == reviewer_my
    assert interested_parties_of(occupation)[0].status == "answered"
    told = Notification.objects.filter(
        kind=NotificationKind.INTERESTED_PARTY, recipient=applicant_my
    )
    assert told.count() == 3
    assert approve(occupation, reviewer_my).status == Status.CONSULTATION


def test_the_lapse_of_five_working_days_resolves_the_holder(occupation, reviewer_my, time_machine):
    notice = serve(notify(occupation, reviewer_my), reviewer_my)
    time_machine.move_to(datetime(2026, 6, 15, 18, tzinfo=SHANGHAI), tick=False)
    assert interested_parties_of(occupation)[0].status == "awaiting"  # its last day
    with pytest.raises(StateConflict):
        approve(occupation, reviewer_my)
    time_machine.move_to(datetime(2026, 6, 16, 9, tzinfo=SHANGHAI), tick=False)
    (party,) = interested_parties_of(occupation)
    assert party.status == "lapsed" and party.resolved and party.notice == notice
    assert approve(occupation, reviewer_my).status == Status.CONSULTATION


def test_the_period_is_route_data_frozen_at_submission(applicant_my, reviewer_my):
    Route.objects.filter(jurisdiction_id="110000", kind="occupation").update(
        interested_party_working_days=10
    )
    draft = village_occupation_draft(by=applicant_my)
    application = accept(services.application_submit(application=draft, by=applicant_my))
    Route.objects.update(interested_party_working_days=3)  # after submission: no effect
    notice = serve(notify(application, reviewer_my), reviewer_my)
    # Ten working days after Monday 8 June: the Dragon Boat Festival (Friday 19 June) is not
    # counted.
    assert notice.answer_due_date == date(2026, 6, 23)


def test_a_holder_is_told_once_until_it_answers_or_its_period_lapses(
    occupation, reviewer_my, time_machine
):
    first = notify(occupation, reviewer_my)
    with pytest.raises(StateConflict) as refused:
        notify(occupation, reviewer_my)
    assert refused.value.problems[0].code == "interested_party_notified"
    serve(first, reviewer_my)
    with pytest.raises(StateConflict) as refused:
        notify(occupation, reviewer_my)
    assert refused.value.problems[0].code == "interested_party_notified"
    time_machine.move_to(datetime(2026, 6, 16, 9, tzinfo=SHANGHAI), tick=False)
    again = notify(occupation, reviewer_my)  # lapsed: may be told again
    assert InterestedPartyNotice.objects.count() == 2
    assert interested_parties_of(occupation)[0].notice == again


def test_only_holders_of_the_site_are_told(occupation, reviewer_my):
    for code, expected in ((COMPANY_CODE, "not_a_party"), ("", "required"), (None, "required")):
        with pytest.raises(InvalidInput) as refused:
            notify(occupation, reviewer_my, code=code)
        (problem,) = refused.value.problems
        assert (problem.field, problem.code) == ("holder_credit_code", expected)
    assert not InterestedPartyNotice.objects.exists()
    # The code is read as the standard writes it.
    assert notify(occupation, reviewer_my, code=f" {VILLAGE_CODE.lower()} ").pk


def test_who_may_tell_and_where(
    occupation, applicant_my, reviewer_my, reviewer_yq, head_my, approver
):
    with pytest.raises(NotVisible):
        notify(occupation, reviewer_yq)
    with pytest.raises(NotVisible):
        notify(occupation, applicant_my)
    auditor = member(role=Role.AUDITOR, agency_code="bj-audit")
    with pytest.raises(NotAllowed):
        notify(occupation, auditor)
    notice = notify(occupation, head_my)  # the head of the agency may
    with pytest.raises(NotAllowed):
        answer(notice, auditor)
    with pytest.raises(NotVisible):
        answer(notice, reviewer_yq)
    with pytest.raises(NotVisible):
        services.interested_party_answer(
            notice_id="x", by=reviewer_my, answer="a", answered_on="2026-06-08"
        )
    answer(notice, reviewer_my)
    with pytest.raises(StateConflict) as refused:
        answer(notice, reviewer_my)
    assert refused.value.problems[0].code == "interested_party_answered"
    district_task = open_task_of(occupation)
    approve(occupation, reviewer_my)
    with pytest.raises(StateConflict) as refused:  # the district task is closed
        services.interested_party_notify(
            task_id=district_task.pk, by=reviewer_my, holder_credit_code=VILLAGE_CODE
        )
    assert refused.value.problems[0].code == "task_closed"


def test_not_at_other_steps_or_kinds(applicant_my, reviewer_my):
    tending = accept(
        services.application_submit(application=tending_draft(by=applicant_my), by=applicant_my)
    )
    with pytest.raises(StateConflict) as refused:
        notify(tending, reviewer_my)
    assert refused.value.problems[0].code == "not_an_interested_party_step"
    assert interested_parties_of(tending) == []


def test_an_occupation_of_its_own_land_has_no_parties(applicant_my, reviewer_my):
    application = accept(
        services.application_submit(application=occupation_draft(by=applicant_my), by=applicant_my)
    )
    assert interested_parties_of(application) == []
    site_check(application, reviewer_my)
    assert approve(application, reviewer_my).status == Status.CONSULTATION


def test_two_holders_each_need_resolving(applicant_my, reviewer_my, reviewer_my2):
    application = under_review(
        applicant_my, reviewer_my, f"补偿协议-{COMPANY_NAME}.pdf", company=True
    )
    assert [p.name for p in interested_parties_of(application)] == [VILLAGE_NAME, COMPANY_NAME]
    confirm(application, reviewer_my, code=COMPANY_CODE)
    with pytest.raises(StateConflict) as refused:
        approve(application, reviewer_my)
    (problem,) = refused.value.problems
    assert VILLAGE_NAME in str(problem.message) and COMPANY_NAME not in str(problem.message)
    answer(notify(application, reviewer_my), reviewer_my)
    assert approve(application, reviewer_my).status == Status.CONSULTATION


def test_the_answer_is_checked(occupation, reviewer_my):
    notice = notify(occupation, reviewer_my)
    with pytest.raises(InvalidInput) as refused:
        answer(notice, reviewer_my, answer=" ", answered_on="2026-06-08")
    assert [p.field for p in refused.value.problems] == ["answer"]
    for day in ("2026-06-07", "2026-06-08x", "2026-13-01", date(2026, 6, 9), None):
        with pytest.raises(InvalidInput) as refused:
            answer(notice, reviewer_my, answered_on=day)
        assert [p.field for p in refused.value.problems] == ["answered_on"], day
    with pytest.raises(InvalidInput) as refused:
        answer(notice, reviewer_my, answer="意" * 4001)
    assert refused.value.problems[0].code == "max_length"
    notice.refresh_from_db()
    assert notice.answered_on is None and not notice.answer


def test_the_notice_is_numbered_signed_and_addressed_to_the_holder(occupation, reviewer_my):
    notice = notify(occupation, reviewer_my)
    certificate = notice.notice
    assert certificate.document_kind == DocumentKind.INTERESTED_PARTY_NOTICE
    assert certificate.issuing_agency.code == "110118-forestry"
    assert "利" in certificate.number and certificate.check_code
    assert certificate.content["document"]["addressee"] == VILLAGE_NAME
    pdf = document_pdf(certificate)
    certificate.refresh_from_db()
    assert certificate.pdf_sha256 or certificate.pdf
    text = pdf_text(pdf).replace("\n", "").replace(" ", "")
    assert "利害关系人告知书" in text and VILLAGE_NAME in text
    assert occupation.reference in text and "12-3小班" in text
    for quoted in (ARTICLE_36, REGULATION_35_ARTICLE_21):
        assert quoted in text
    # The period runs from service (issue 46): the notice prints no date it cannot know.
    assert "自本告知书送达之日起5个工作日内" in text and "密云区园林绿化局" in text
    assert "2026年6月15日" not in text
    assert b"/ByteRange" in pdf  # PAdES-signed


def test_each_act_is_audited(occupation, reviewer_my):
    notice = notify(occupation, reviewer_my)
    serve(notice, reviewer_my)
    answer(notice, reviewer_my)
    told = AuditEvent.objects.get(action=AuditAction.INTERESTED_PARTY_NOTIFIED)
    assert told.details["holder"] == {"name": VILLAGE_NAME, "credit_code": VILLAGE_CODE}
    assert told.details["answer_working_days"] == 5
    served = AuditEvent.objects.get(action=AuditAction.INTERESTED_PARTY_SERVED)
    assert served.details["served_on"] == "2026-06-08"
    assert served.details["answer_due_date"] == "2026-06-15"
    assert served.actor == reviewer_my
    assert told.details["notice"] == notice.notice.number
    assert told.details["compartments"] == ["12-3"]
    answered = AuditEvent.objects.get(action=AuditAction.INTERESTED_PARTY_ANSWERED)
    assert answered.details["answered_on"] == "2026-06-08"
    assert answered.details["after_the_period"] is False
    assert answered.opinion == "同意使用，补偿事宜另行协商。"


def test_the_default_period_is_five_working_days():
    assert Route._meta.get_field("interested_party_working_days").default == 5
    assert MSG_UNRESOLVED


def test_a_notice_not_served_never_lapses_and_its_period_runs_from_service(
    occupation, reviewer_my, time_machine
):
    notice = notify(occupation, reviewer_my)
    time_machine.move_to(datetime(2026, 7, 6, 9, tzinfo=SHANGHAI), tick=False)
    (party,) = interested_parties_of(occupation)
    assert party.status == "unserved" and not party.resolved
    # Served on Friday 3 July (recorded the Monday after): five working days from then.
    served = serve(notice, reviewer_my, day="2026-07-03")
    assert served.answer_due_date == date(2026, 7, 10)
    assert interested_parties_of(occupation)[0].status == "awaiting"
    with pytest.raises(StateConflict) as refused:
        serve(notice, reviewer_my, day="2026-07-03")
    assert refused.value.problems[0].code == "interested_party_served"


def test_the_day_served_is_checked(occupation, reviewer_my, reviewer_yq, applicant_my):
    notice = notify(occupation, reviewer_my)
    for day in ("2026-06-07", "2026-06-09", "x", None):
        with pytest.raises(InvalidInput) as refused:
            serve(notice, reviewer_my, day=day)
        assert [p.field for p in refused.value.problems] == ["served_on"], day
    for outsider in (reviewer_yq, applicant_my):
        with pytest.raises(NotVisible):
            serve(notice, outsider)
    notice.refresh_from_db()
    assert notice.served_on is None and notice.answer_due_date is None
