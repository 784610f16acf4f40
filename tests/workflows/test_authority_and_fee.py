"""Authority by area and the restoration fee (product.md §16 L6, L7; 森林法实施条例 art. 16): a
permanent occupation at or above its land's threshold is forwarded to the national authority,
never approved or refused here; an approved occupation waits for its fee, and only the recorded
payment issues the approval."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, NotVisible, StateConflict
from documents.models import Certificate, DocumentKind
from licensing.revocation import permit_revoke
from permits.choices import NotificationKind, Status
from permits.models import Attachment, Notification
from roles.models import Role
from tests.factories import (
    PERMANENT_LARGE,
    accept,
    decide,
    fee_paid,
    member,
    municipal_decide,
    occupation_at_municipal,
    occupation_draft,
    open_task_of,
    pdf_upload,
)
from workflows import services
from workflows.models import FeeStatus, Forwarding, RestorationFee, Route

pytestmark = pytest.mark.django_db


def test_an_approved_occupation_waits_for_its_fee_and_the_payment_issues_the_approval(
    applicant_my, reviewer_my, muni_plan, approver
):
    application = occupation_at_municipal(applicant_my, reviewer_my, muni_plan)
    application = municipal_decide(application, approver, "approve")
    assert application.status == Status.AWAITING_FEE
    assert not application.certificates.filter(document_kind=DocumentKind.APPROVAL).exists()
    fee = RestorationFee.objects.get(application_id=application.pk)
    # 1.8 ha of planted forest land at 10 yuan/m² (财税〔2015〕122号), infrastructure: ×1.
    assert fee.amount_due == Decimal("180000.00")
    assert fee.notice.document_kind == DocumentKind.FEE_NOTICE
    # Money reads with its thousands grouped, in the notice and the message (issue 45, Low).
    assert "应缴金额：人民币180,000.00元。" in fee.notice.content["document"]["items"]
    told = Notification.objects.get(application_id=application.pk, kind=NotificationKind.FEE_DUE)
    assert "180,000.00" in told.message

    paid = fee_paid(application, approver)
    assert paid.status == Status.APPROVED
    approval = paid.certificates.get(document_kind=DocumentKind.APPROVAL)
    assert approval.number.startswith("京园林地审")
    fee.refresh_from_db()
    assert (fee.status, fee.amount_paid, fee.receipt_number) == (
        FeeStatus.PAID,
        Decimal("180000.00"),
        f"FS-{application.pk:06d}",
    )
    event = AuditEvent.objects.get(application_id=application.pk, action="fee_paid")
    assert (event.from_status, event.to_status) == ("awaiting_fee", "approved")
    assert event.details["amount"] == "180000.00"


def test_a_commercial_project_pays_twice_the_rate(applicant_my, reviewer_my, muni_plan, approver):
    application = occupation_at_municipal(
        applicant_my, reviewer_my, muni_plan, project_type="eco_tourism", area_ha=Decimal("0.5")
    )
    municipal_decide(application, approver, "approve")
    fee = RestorationFee.objects.get(application_id=application.pk)
    assert (fee.yuan_per_m2, fee.factor, fee.amount_due) == (
        Decimal("10.00"),
        Decimal("2.00"),
        Decimal("100000.00"),
    )


def test_a_fee_of_zero_negative_or_different_without_a_reason_is_refused(
    applicant_my, reviewer_my, muni_plan, approver, outsider, head_forest
):
    application = occupation_at_municipal(applicant_my, reviewer_my, muni_plan)
    municipal_decide(application, approver, "approve")
    today = timezone.localdate()

    def pay(by=approver, **values):
        body = {"amount": "180000.00", "paid_on": today, "receipt_number": "FS-1"} | values
        return services.fee_record(application_id=application.pk, by=by, **body)

    for amount in ("0", "-5", "abc", "1.001", True, None):
        with pytest.raises(InvalidInput) as refused:
            pay(amount=amount)
        assert [p.field for p in refused.value.problems] == ["amount"]
    with pytest.raises(InvalidInput) as refused:
        pay(amount="150000.00", paid_on=today + timedelta(days=1), receipt_number=" ")
    assert sorted(p.field for p in refused.value.problems) == [
        "paid_on",
        "reason",
        "receipt_number",
    ]
    with pytest.raises(NotVisible):
        pay(by=outsider)
    with pytest.raises(NotAllowed):  # may see, may not collect
        pay(by=reviewer_my)
    with pytest.raises(NotAllowed):
        pay(by=applicant_my)
    assert application.__class__.objects.get(pk=application.pk).status == Status.AWAITING_FEE

    paid = pay(amount="150000.00", reason="经复核，其中0.3公顷为已依法缴费的原有道路用地。")
    assert paid.status == Status.APPROVED
    fee = RestorationFee.objects.get(application_id=application.pk)
    assert fee.reason.startswith("经复核")
    with pytest.raises(StateConflict):
        pay()


def test_a_receipt_is_kept_as_the_agencys_file(applicant_my, reviewer_my, muni_plan, approver):
    application = occupation_at_municipal(applicant_my, reviewer_my, muni_plan)
    municipal_decide(application, approver, "approve")
    services.fee_record(
        application_id=application.pk,
        by=approver,
        amount="180000.00",
        paid_on=timezone.localdate(),
        receipt_number="京财非税 0012345",
        uploads=[pdf_upload("缴款书.pdf")],
    )
    receipt = Attachment.objects.get(application_id=application.pk, kind="fee_receipt")
    event = AuditEvent.objects.get(application_id=application.pk, action="fee_paid")
    assert event.details["attachments"][0]["sha256"] == receipt.sha256


def test_above_the_threshold_the_municipal_step_forwards_and_records_the_national_decision(
    applicant_my, reviewer_my, muni_plan, approver
):
    application = occupation_at_municipal(applicant_my, reviewer_my, muni_plan, **PERMANENT_LARGE)
    for decision in ("approve", "reject"):
        with pytest.raises(InvalidInput) as refused:
            municipal_decide(application, approver, decision, "同意")
        (problem,) = refused.value.problems
        assert problem.code == "beyond_authority"
        assert "第十六条" in problem.source
    assert application.__class__.objects.get(pk=application.pk).status == Status.MUNICIPAL_REVIEW

    application = municipal_decide(
        application, approver, "forward", "经初步审查，符合用地条件，同意上报。"
    )
    assert application.status == Status.FORWARDED
    forwarding = Forwarding.objects.get(application_id=application.pk)
    assert forwarding.letter.document_kind == DocumentKind.FORWARDING_LETTER
    assert forwarding.letter.content["document"]["addressee"] == "国家林业和草原局"
    assert not application.certificates.filter(document_kind=DocumentKind.APPROVAL).exists()
    assert "record_national_decision" in services_actions(approver, application)

    with pytest.raises(InvalidInput) as refused:
        services.national_decision_record(
            application_id=application.pk,
            by=approver,
            number="",
            decided_on="2020-01-01",
            outcome="maybe",
        )
    assert sorted(p.field for p in refused.value.problems) == [
        "decided_on",
        "files",
        "number",
        "outcome",
    ]
    recorded = services.national_decision_record(
        application_id=application.pk,
        by=approver,
        number="林资许准〔2026〕88号",
        decided_on=timezone.localdate(),
        outcome="approved",
        uploads=[pdf_upload("国家林草局审核同意书.pdf")],
    )
    assert recorded.status == Status.AWAITING_FEE
    fee = RestorationFee.objects.get(application_id=application.pk)
    assert "林资许准〔2026〕88号" in "".join(fee.notice.content["document"]["paragraphs"])
    paid = fee_paid(application, approver)
    assert paid.status == Status.APPROVED
    # The national document is the permit: none printed here.
    assert not paid.certificates.filter(document_kind=DocumentKind.APPROVAL).exists()
    # And the national authority's grant is its own to revoke.
    assert "revoke" not in services_actions(approver, paid)
    with pytest.raises(StateConflict):
        permit_revoke(
            ground="unqualified_applicant", application=paid, by=approver, reason="以欺骗手段取得"
        )
    assert paid.__class__.objects.get(pk=paid.pk).status == Status.APPROVED


def services_actions(user, application):
    from workflows import selectors

    return selectors.application_actions(user=user, application=application)


def test_a_national_refusal_ends_the_application_refused(
    applicant_my, reviewer_my, muni_plan, approver
):
    application = occupation_at_municipal(applicant_my, reviewer_my, muni_plan, **PERMANENT_LARGE)
    municipal_decide(application, approver, "forward", "同意上报。")
    refused = services.national_decision_record(
        application_id=application.pk,
        by=approver,
        number="林资许不准〔2026〕3号",
        decided_on=timezone.localdate(),
        outcome="refused",
        uploads=[pdf_upload("不予许可决定书.pdf")],
    )
    assert refused.status == Status.REJECTED
    assert not RestorationFee.objects.filter(application_id=application.pk).exists()
    assert not refused.certificates.filter(document_kind=DocumentKind.REFUSAL).exists()
    with pytest.raises(StateConflict):
        services.national_decision_record(
            application_id=application.pk,
            by=approver,
            number="x",
            decided_on=timezone.localdate(),
            outcome="approved",
            uploads=[pdf_upload("x.pdf")],
        )


@pytest.mark.parametrize(
    ("fields", "national"),
    [
        ({"forest_category": "shelter", "area_ha": Decimal("10")}, True),  # 以上 counts 10
        ({"forest_category": "special_use", "area_ha": Decimal("9.99")}, False),
        ({"forest_category": "timber", "area_ha": Decimal("12")}, False),
        ({"forest_category": "economic", "area_ha": Decimal("35")}, True),
        ({"forest_category": "other", "area_ha": Decimal("34")}, False),
        ({"forest_category": "", "area_ha": Decimal("10")}, True),  # unstated: the lowest
    ],
)
def test_the_thresholds_of_art_16_by_forest_category(
    applicant_my, reviewer_my, muni_plan, approver, fields, national
):
    values = {**PERMANENT_LARGE, **fields}
    application = occupation_at_municipal(applicant_my, reviewer_my, muni_plan, **values)
    task = open_task_of(application)
    found = services.authority_of(application, task)
    assert found.national is national
    if not national:
        with pytest.raises(InvalidInput) as refused:
            municipal_decide(application, approver, "forward", "同意上报。")
        assert refused.value.problems[0].code == "within_authority"


def test_a_temporary_use_is_never_forwarded_and_the_district_cannot_forward(
    applicant_my, reviewer_my, muni_plan, approver
):
    application = services.application_submit(
        application=occupation_draft(by=applicant_my, area_ha=Decimal("80")), by=applicant_my
    )
    application = accept(application, reviewer_my)
    with pytest.raises(InvalidInput) as refused:
        services.task_decide(
            task_id=open_task_of(application).pk,
            by=reviewer_my,
            decision="forward",
            opinion="上报",
        )
    assert refused.value.problems[0].code == "not_forwardable"


def test_the_thresholds_are_route_data_frozen_at_submission(
    applicant_my, reviewer_my, muni_plan, approver
):
    Route.objects.filter(jurisdiction_id="110000", kind="occupation").update(
        national_threshold_protection_ha=Decimal("20")
    )
    application = occupation_at_municipal(applicant_my, reviewer_my, muni_plan, **PERMANENT_LARGE)
    Route.objects.filter(jurisdiction_id="110000", kind="occupation").update(
        national_threshold_protection_ha=Decimal("5")
    )
    assert not services.authority_of(application, open_task_of(application)).national
    assert municipal_decide(application, approver, "approve").status == Status.AWAITING_FEE


def test_the_head_is_told_once_when_the_fee_is_unpaid_after_sixty_days(
    applicant_my, reviewer_my, muni_plan, approver, head_forest
):
    application = occupation_at_municipal(applicant_my, reviewer_my, muni_plan)
    municipal_decide(application, approver, "approve")
    fee = RestorationFee.objects.get(application_id=application.pk)
    day = fee.demanded_on + timedelta(days=59)
    assert not services.fee_remind(fee_id=fee.pk, today=day)
    day += timedelta(days=1)
    assert services.fee_remind(fee_id=fee.pk, today=day)
    assert not services.fee_remind(fee_id=fee.pk, today=day + timedelta(days=1))
    told = Notification.objects.filter(
        application_id=application.pk, kind=NotificationKind.FEE_UNPAID
    )
    assert [n.recipient for n in told] == [head_forest]
    assert (
        AuditEvent.objects.filter(application_id=application.pk, action="fee_reminded").count() == 1
    )


def test_a_district_final_route_waits_for_the_fee_too(applicant_my, reviewer_my, approver):
    """Where the district step decides (a route without a final agency), its approval of an
    occupation waits for the fee the district agency collects."""
    Route.objects.filter(jurisdiction_id="110000", kind="occupation").update(final_agency=None)
    Route.objects.get(jurisdiction_id="110000", kind="occupation").consultations.all().delete()
    application = services.application_submit(
        application=occupation_draft(by=applicant_my), by=applicant_my
    )
    application = accept(application, reviewer_my)
    application = decide(application, reviewer_my, "approve", "同意", pay_fee=False)
    assert application.status == Status.AWAITING_FEE
    fee = RestorationFee.objects.get(application_id=application.pk)
    assert fee.agency.code == "110118-forestry"
    colleague = member(role=Role.REVIEWER, agency_code="110118-forestry", username="cashier_my")
    assert fee_paid(application, colleague).status == Status.APPROVED
    assert Certificate.objects.filter(
        application_id=application.pk, document_kind=DocumentKind.APPROVAL
    ).exists()


def test_the_tick_tells_the_head_of_an_unpaid_fee_once(
    applicant_my, reviewer_my, muni_plan, approver, head_forest
):
    from datetime import datetime, time

    from workflows.tick import tick

    application = occupation_at_municipal(applicant_my, reviewer_my, muni_plan)
    municipal_decide(application, approver, "approve")
    fee = RestorationFee.objects.get(application_id=application.pk)
    later = timezone.make_aware(datetime.combine(fee.demanded_on + timedelta(days=61), time(9)))
    assert tick(later)["unpaid fees"] == 1
    assert tick(later)["unpaid fees"] == 0
    assert Notification.objects.filter(kind=NotificationKind.FEE_UNPAID).count() == 1


def test_the_queue_page_points_the_deciding_agency_to_what_it_owes(
    client, applicant_my, reviewer_my, muni_plan, approver
):
    from django.urls import reverse

    at_fee = occupation_at_municipal(applicant_my, reviewer_my, muni_plan)
    municipal_decide(at_fee, approver, "approve")
    forwarded = occupation_at_municipal(applicant_my, reviewer_my, muni_plan, **PERMANENT_LARGE)
    municipal_decide(forwarded, approver, "forward", "同意上报。")

    client.force_login(approver)
    page = client.get(reverse("tasks:index")).content.decode()
    assert 'data-after-review="awaiting_fee"' in page
    assert 'data-after-review="forwarded"' in page
    listed = client.get(reverse("applications:index") + "?status=awaiting_fee").content.decode()
    assert at_fee.reference in listed and forwarded.reference not in listed
    client.force_login(reviewer_my)  # the district reviewed, the municipal agency decides
    assert "data-after-review" not in client.get(reverse("tasks:index")).content.decode()
