"""The restoration fee's notice and factors (issue 46 item 6): a temporary use's fee rests on
财综〔2002〕73号 art. 4; the doublings of 财税〔2015〕122号 二 for 国家和省级公益林 and for the city
planning area are computed from the declared facts (rates and factors data of ``FeeRate``),
the commercial factor only outside the planning area; the registry's 公益林 小班 against a
declaration of none force the agency's recorded decision; an exemption of 三 waives the fee;
the notice is the written 准予 decision the applicant holds until it pays (art. 44) and carries
the remedies; a forwarded occupation's names the national decision handed over on payment."""

import json
from decimal import Decimal

import pytest
from django.utils import timezone

from documents.models import DocumentKind
from permits.choices import Status
from permits.rules.authority import fee_compute
from tests.factories import PERMANENT_LARGE, fee_paid, pdf_upload
from tests.factories import municipal_decide as municipal
from tests.factories import occupation_at_municipal as at_municipal
from workflows import services
from workflows.models import FeeRate, RestorationFee

pytestmark = pytest.mark.django_db

PERMANENT_SMALL = {"occupation_kind": "permanent", "duration_months": None}
RATE = {
    "yuan_per_m2": Decimal(10),
    "commercial_factor": Decimal(2),
    "welfare_factor": Decimal(2),
    "urban_factor": Decimal(2),
    "source": "122号",
}


def _notice(application) -> tuple[RestorationFee, str]:
    fee = RestorationFee.objects.get(application_id=application.pk)
    return fee, json.dumps(fee.notice.content, ensure_ascii=False)


def test_a_permanent_uses_fee_notice_is_the_written_grant_with_its_remedies(
    applicant_my, reviewer_my, muni_plan, approver
):
    application = at_municipal(applicant_my, reviewer_my, muni_plan, **PERMANENT_SMALL)
    municipal(application, approver, "approve")
    fee, text = _notice(application)
    assert (
        fee.notice.content["document"]["title"] == "准予行政许可决定书（森林植被恢复费缴纳通知书）"
    )
    for words in (
        "本机关决定准予行政许可",
        "本决定书即为本机关准予行政许可的书面决定",
        "第四十四条的规定自登记之日起十日内向你单位颁发、送达使用林地审核同意书",
        "《中华人民共和国森林法》第三十七条第二款",
        "《中华人民共和国森林法实施条例》第十六条第（一）项",
        "六十日内向北京市人民政府申请行政复议",
        "提起行政诉讼",
    ):
        assert words in text, words
    assert "财综〔2002〕73号" not in text


def test_a_temporary_uses_fee_cites_the_rules_that_name_temporary_use(
    applicant_my, reviewer_my, muni_plan, approver
):
    application = at_municipal(applicant_my, reviewer_my, muni_plan)
    municipal(application, approver, "approve")
    _fee, text = _notice(application)
    assert "《森林植被恢复费征收使用管理暂行办法》（财综〔2002〕73号）第四条" in text
    assert "需要占用、征用或者临时占用林地" in text
    assert "第十六条" not in text and "第三十七条" not in text


@pytest.mark.parametrize(
    ("declared", "factor", "printed"),
    [
        ({"public_welfare_forest": True}, "2", ["二（二）"]),
        ({"urban_planning_area": True}, "2", ["二（三）"]),
        (
            {"public_welfare_forest": True, "urban_planning_area": True},
            "4",
            ["二（二）", "二（三）"],
        ),
        # Inside the planning area the commercial factor does not apply (二（四）: 以外).
        ({"urban_planning_area": True, "project_type": "commercial"}, "2", ["二（三）"]),
        ({"project_type": "commercial"}, "2", ["二（四）"]),
        ({"public_welfare_forest": True, "project_type": "mining"}, "4", ["二（二）", "二（四）"]),
    ],
)
def test_the_doublings_of_122_are_computed(declared, factor, printed):
    computed = fee_compute({"area_ha": Decimal("0.1"), **declared}, RATE)
    assert computed is not None
    assert computed.factor == Decimal(factor)
    assert computed.amount == Decimal(1000) * 10 * Decimal(factor)
    assert [line.split("财税〔2015〕122号")[1][:4] for line in computed.factors] == printed


def test_the_registrys_welfare_forest_against_a_declaration_of_none_is_left_to_the_agency():
    parcels = ({"compartment": "12-3", "welfare_grade": "national"},)
    computed = fee_compute({"area_ha": Decimal("0.1"), "parcels": parcels}, RATE)
    assert computed is not None and computed.amount is None
    assert "小班 12-3" in computed.undetermined[0]
    declared = {"area_ha": Decimal("0.1"), "parcels": parcels, "public_welfare_forest": True}
    assert fee_compute(declared, RATE).amount == Decimal("20000.00")


def test_the_factors_are_the_legal_offices_data(applicant_my, reviewer_my, muni_plan, approver):
    FeeRate.objects.filter(jurisdiction_id="110000").update(welfare_factor=Decimal("3"))
    application = at_municipal(
        applicant_my, reviewer_my, muni_plan, public_welfare_forest=True, area_ha=Decimal("0.5")
    )
    municipal(application, approver, "approve")
    fee, text = _notice(application)
    assert (fee.factor, fee.amount_due) == (Decimal("3.00"), Decimal("150000.00"))
    assert "国家和省级公益林林地，按征收标准的3倍征收（财税〔2015〕122号二（二））。" in text
    assert "应缴金额：人民币150,000.00元。" in text


def test_an_exempt_project_is_approved_without_a_fee(
    applicant_my, reviewer_my, muni_plan, approver
):
    application = at_municipal(applicant_my, reviewer_my, muni_plan, fee_exemption="village_public")
    approved = municipal(application, approver, "approve")
    assert approved.status == Status.APPROVED
    assert not RestorationFee.objects.filter(application_id=application.pk).exists()
    assert approved.certificates.filter(document_kind=DocumentKind.APPROVAL).exists()


def test_a_forwarded_occupations_notice_promises_the_national_decision(
    applicant_my, reviewer_my, muni_plan, approver
):
    application = at_municipal(applicant_my, reviewer_my, muni_plan, **PERMANENT_LARGE)
    application = municipal(application, approver, "forward", "经初步审查，同意上报。")
    services.national_decision_record(
        application_id=application.pk,
        by=approver,
        number="林资许准〔2026〕88号",
        decided_on=timezone.localdate(),
        outcome="approved",
        uploads=[pdf_upload("国家林草局审核同意书.pdf")],
    )
    fee, text = _notice(application)
    assert fee.notice.content["document"]["title"] == "森林植被恢复费缴纳通知书"
    assert "送达国务院林业主管部门的审核同意文件（林资许准〔2026〕88号）" in text
    assert "本机关不另行核发审核同意书" in text
    assert "本决定书即为" not in text and "颁发、送达使用林地审核同意书" not in text
    assert "如对本通知书载明的森林植被恢复费不服" in text
    assert fee_paid(application, approver).status == Status.APPROVED


def test_a_factors_edit_is_audited(reference_data, approver):
    from audit.models import AuditEvent

    rate = FeeRate.objects.filter(jurisdiction_id="110000").first()
    rate.urban_factor = Decimal("2.5")
    services.fee_rate_save(rate=rate, by=approver)
    event = AuditEvent.objects.filter(action="fee_rate_changed").latest("pk")
    assert (event.details["before"]["urban_factor"], event.details["after"]["urban_factor"]) == (
        "2.00",
        "2.5",
    )
    assert event.details["after"]["welfare_factor"] == "2.00"
