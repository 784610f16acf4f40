"""The written 核定 of a restoration fee the notice left 待核定 (docs/legal-basis.md "The
restoration fee", issue 46): the deciding agency determines the amount with its reason before
the payment, in a numbered 森林植被恢复费核定通知书 served on the applicant (one act: the audit
event, the notice, the notification); the payment is then checked against it; a second
determination only as a correction with its reason."""

from decimal import Decimal

import pytest
from django.utils import timezone

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.errors import InvalidInput, NotAllowed, NotVisible, StateConflict
from core.messages import (
    MSG_DETERMINATION_REASON,
    MSG_DETERMINED_AMOUNT,
    MSG_FEE_STATED,
)
from documents.models import Certificate, DocumentKind
from permits.choices import NotificationKind, Status
from permits.models import Notification
from tests.factories import document_pdf
from tests.factories import municipal_decide as municipal
from tests.factories import occupation_at_municipal as at_municipal
from tests.pdftools import pdf_text
from workflows import services
from workflows.models import RestorationFee

pytestmark = pytest.mark.django_db

PERMANENT_OTHER = {
    "occupation_kind": "permanent",
    "duration_months": None,
    "land_category": "other",
}
REASON = "该地块为林区道路旁的其他林地，参照宜林地标准每平方米3元核定：1.2公顷×10000×3元。"


def undetermined(applicant_my, reviewer_my, muni_plan, approver):
    application = at_municipal(applicant_my, reviewer_my, muni_plan, **PERMANENT_OTHER)
    municipal(application, approver, "approve")
    fee = RestorationFee.objects.get(application_id=application.pk)
    assert fee.amount_due is None and fee.status == "due"
    return application


def determine(application, by, **values):
    body = {"amount": "36000.00", "reason": REASON} | values
    return services.fee_determine(application_id=application.pk, by=by, **body)


def text_of(certificate) -> str:
    return "".join(pdf_text(document_pdf(certificate)).split())


def test_the_agency_determines_the_fee_in_a_notice_served_on_the_applicant(
    applicant_my, reviewer_my, muni_plan, approver
):
    application = undetermined(applicant_my, reviewer_my, muni_plan, approver)
    events = AuditEvent.objects.count()
    determine(application, approver)
    fee = RestorationFee.objects.get(application_id=application.pk)
    assert fee.amount_due == Decimal("36000.00") and fee.determination_reason == REASON
    notice = fee.determination
    assert notice.document_kind == DocumentKind.FEE_DETERMINATION
    assert notice.number.startswith("京园林核〔") and notice.issuing_agency.code == "bj-forestry"
    # One act: its event, its notice, the applicant told.
    event = AuditEvent.objects.get(action=AuditAction.FEE_DETERMINED)
    assert AuditEvent.objects.count() == events + 1
    assert event.actor == approver and event.opinion == REASON
    assert event.details["amount"] == "36000.00" and event.details["notice"] == notice.number
    assert event.details["corrects"] is None
    told = Notification.objects.get(
        recipient=applicant_my, kind=NotificationKind.FEE_DUE, message__contains="核定"
    )
    assert "36,000.00" in told.message and notice.number in told.message
    text = text_of(notice)
    for words in (
        "森林植被恢复费核定通知书",
        f"出具的森林植被恢复费缴纳通知书（{fee.notice.number}）未载明应缴金额（待核定）",
        "核定事项",
        "林地类别：其他（征收标准表中没有对应标准）。",
        f"核定的理由和计算：{REASON}",
        "核定金额：人民币36,000.00元。",
        "请你单位自收到本通知书之日起60日内按照核定的金额缴纳森林植被恢复费",
        "本机关登记缴款后向你单位颁发、送达使用林地审核同意书",
        "你单位如对本核定不服，可以自收到本通知书之日起六十日内向北京市人民政府申请行政复议",
        "提起行政诉讼",
        "《森林植被恢复费征收使用管理暂行办法》（财综〔2002〕73号）第四条",
        "（财税〔2015〕122号）二",
        "《中华人民共和国森林法》第三十七条第二款",
    ):
        assert words in text, words


def test_the_payment_is_checked_against_the_amount_determined(
    applicant_my, reviewer_my, muni_plan, approver
):
    application = undetermined(applicant_my, reviewer_my, muni_plan, approver)
    determine(application, approver)
    today = timezone.localdate()
    pay = {"paid_on": today, "receipt_number": "FS-9"}
    with pytest.raises(InvalidInput) as refused:
        services.fee_record(application_id=application.pk, by=approver, amount="30000", **pay)
    assert [p.code for p in refused.value.problems] == ["reason_required"]
    assert "36000.00" in refused.value.problems[0].message
    paid = services.fee_record(application_id=application.pk, by=approver, amount="36000", **pay)
    assert paid.status == Status.APPROVED
    assert RestorationFee.objects.get(application_id=application.pk).reason == ""


def test_bad_input_and_who_may(applicant_my, reviewer_my, muni_plan, approver, outsider):
    application = undetermined(applicant_my, reviewer_my, muni_plan, approver)
    with pytest.raises(InvalidInput) as refused:
        determine(application, approver, amount="-1", reason="  ")
    assert {(p.field, p.message) for p in refused.value.problems} == {
        ("amount", str(MSG_DETERMINED_AMOUNT)),
        ("reason", str(MSG_DETERMINATION_REASON)),
    }
    with pytest.raises(NotVisible):
        determine(application, outsider)
    for who in (reviewer_my, applicant_my):
        with pytest.raises(NotAllowed):
            determine(application, who)
    assert not Certificate.objects.filter(document_kind=DocumentKind.FEE_DETERMINATION).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.FEE_DETERMINED).exists()


def test_a_second_determination_only_corrects_the_first_with_its_reason(
    applicant_my, reviewer_my, muni_plan, approver
):
    application = undetermined(applicant_my, reviewer_my, muni_plan, approver)
    determine(application, approver)
    first = RestorationFee.objects.get(application_id=application.pk).determination
    with pytest.raises(StateConflict) as refused:
        determine(application, approver, amount="30000")
    assert refused.value.problems[0].code == "already_determined"
    assert first.number in refused.value.detail
    determine(
        application,
        approver,
        amount="30000",
        reason="面积复核为1公顷，更正为30000元。",
        correction=True,
    )
    fee = RestorationFee.objects.get(application_id=application.pk)
    assert fee.amount_due == Decimal("30000.00") and fee.determination != first
    text = text_of(fee.determination)
    assert f"本机关此前作出的森林植被恢复费核定通知书（{first.number}）核定有误，现予更正" in text
    event = AuditEvent.objects.filter(action=AuditAction.FEE_DETERMINED).latest("pk")
    assert event.details["corrects"] == first.number


def test_a_computed_fee_is_not_determined_again(applicant_my, reviewer_my, muni_plan, approver):
    application = at_municipal(
        applicant_my, reviewer_my, muni_plan, occupation_kind="permanent", duration_months=None
    )
    municipal(application, approver, "approve")
    with pytest.raises(StateConflict) as refused:
        determine(application, approver)
    assert refused.value.detail == str(MSG_FEE_STATED)


def test_a_welfare_forest_determination_prints_the_rate_factors_and_what_was_open(
    applicant_my, reviewer_my, muni_plan, approver
):
    """The registry's 公益林 小班 against the declaration: the notice prints the rate, the factors
    applied and what was left to determine before the agency's reason (the wording, issued as
    the act issues it, with the figures the act passes)."""
    from documents.notices import notice_issue
    from roles.models import Agency

    application = undetermined(applicant_my, reviewer_my, muni_plan, approver)
    extra = {
        "fee_notice_number": "京园林缴〔2026〕0001号",
        "area_ha": Decimal("1.2"),
        "land_category": "natural_forest",
        "yuan_per_m2": Decimal("10.00"),
        "factors": ["城市规划区的林地，按征收标准的2倍征收（财税〔2015〕122号二（三））。"],
        "undetermined": ["登记簿中小班 12-3 为国家级公益林，申请未申报公益林"],
        "rate_source": "",
        "amount": Decimal("480000.00"),
        "payment_days": 60,
    }
    notice = notice_issue(
        application=application,
        kind=DocumentKind.FEE_DETERMINATION,
        agency=Agency.objects.get(code="bj-forestry"),
        signed_by_name="审批人",
        reason="小班 12-3 为国家级公益林，按2倍计：1.2公顷×10000×10元×2×2。",
        extra=extra,
    )
    text = text_of(notice)
    assert "征收标准：天然林地，每平方米10.00元。" in text
    assert "财税〔2015〕122号二（三）" in text
    assert "待核定事项：登记簿中小班12-3为国家级公益林，申请未申报公益林。" in text
    assert "核定金额：人民币480,000.00元。" in text


def test_a_notice_without_an_amount_sends_the_applicant_to_the_determination(
    applicant_my, reviewer_my, muni_plan, approver
):
    """Issue 46: the fee notice that states no amount (待核定) does not ask the applicant to pay
    "按照本决定书载明的金额": it names the later 核定通知书; one with its amount still does."""
    application = undetermined(applicant_my, reviewer_my, muni_plan, approver)
    text = text_of(RestorationFee.objects.get(application_id=application.pk).notice)
    assert (
        "本决定书即为本机关准予行政许可的书面决定。请你单位在收到本机关的森林植被恢复费核定通知书后，"
        "按照该核定通知书载明的金额和期限缴纳森林植被恢复费，并将缴款凭证（票据号码）提交本机关"
    ) in text
    assert "载明的金额缴纳" not in text.replace("核定通知书载明的金额", "")
    assert "按照本决定书载明的金额" not in text


def test_a_notice_with_its_amount_asks_for_that_amount(
    applicant_my, reviewer_my, muni_plan, approver
):
    application = at_municipal(
        applicant_my, reviewer_my, muni_plan, occupation_kind="permanent", duration_months=None
    )
    municipal(application, approver, "approve")
    fee = RestorationFee.objects.get(application_id=application.pk)
    assert fee.amount_due is not None
    text = text_of(fee.notice)
    assert "请你单位按照本决定书载明的金额缴纳森林植被恢复费，并将缴款凭证" in text
    assert "核定通知书" not in text
