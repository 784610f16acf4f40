"""The notices of product.md §11 as numbered, verifiable documents
(documents.notices)."""

import hashlib
from datetime import date

import pytest
import time_machine

from audit.models import AuditEvent
from core.errors import InvalidInput
from documents.models import ActForm, Certificate, DecisionForm, DocumentKind
from documents.notices import MSG_NO_ITEMS, MSG_NO_REASON, notice_issue
from permits.rules import acceptance
from roles.models import Agency
from workflows.engine import open_tasks
from workflows.services import application_submit, task_decide

from ..factories import committed, document_pdf, tending_draft
from ..pdftools import decode_qr_codes, pdf_text, render_page


def _pdf(certificate) -> bytes:
    return document_pdf(certificate)


def _text(certificate) -> str:
    # Extraction breaks lines where the layout wraps them; the assertions read the running text.
    return pdf_text(_pdf(certificate)).replace("\n", "")


@pytest.fixture
def miyun(reference_data):
    return Agency.objects.get(code="110118-forestry")


@pytest.fixture
def design_a_licence(db, reference_data):
    """The tests using it read the Licensing Law's wording of the acceptance stage on a
    design, so the legal office has found the regulation that makes its approval a licence (a
    批复's wording: tests/documents/test_decision_forms.py)."""
    row = DecisionForm.objects.get(jurisdiction_id="110000", kind="tending")
    row.form = ActForm.LICENCE
    row.save()


@pytest.fixture
def submitted(applicant_my):
    """Submitted, not yet accepted: no notice issued (these tests issue them by hand)."""
    application = tending_draft(by=applicant_my, title="石城镇天然林抚育")
    return application_submit(application=application, by=applicant_my)


def _issue(application, agency, kind, **kwargs):
    return notice_issue(
        application=application, kind=kind, agency=agency, signed_by_name="王审核", **kwargs
    )


TWO_TIER = {
    "procedure": "two_tier",
    "deciding_agency": "北京市园林绿化局",
    "forwards": True,
    "forward_working_days": 20,
    "forward_due_date": date(2026, 12, 21),
    "decision_working_days": 20,
    "decision_due_date": date(2027, 1, 19),
    "extension_working_days": 10,
}


@pytest.mark.usefixtures("design_a_licence")
@time_machine.travel("2026-11-23 10:00 +0800", tick=False)
def test_acceptance_notice_names_the_deciding_agency_and_its_legal_dates(submitted, miyun):
    notice = _issue(submitted, miyun, DocumentKind.ACCEPTANCE_NOTICE, extra=TWO_TIER)
    assert notice.number == "密园林受〔2026〕0001号"
    assert notice.document_kind == DocumentKind.ACCEPTANCE_NOTICE
    assert notice.issuing_agency == miyun
    assert notice.valid_until is None
    text = _text(notice)
    for expected in (
        "密云区园林绿化局",
        "受理通知书",
        "密园林受〔2026〕0001号",
        "密云区国有林场",
        "石城镇天然林抚育",
        submitted.reference,
        "予以受理",
        # Art. 43: the district forwards within twenty working days; art. 42: the deciding
        # agency decides within twenty of receipt, at the latest on the printed date.
        "报北京市园林绿化局决定",
        "2026年12月21日前将初步审查意见",
        "最迟于2027年1月19日前作出",
        "经北京市园林绿化局负责人批准，可以延长10个工作日",
        "第四十五条",
        "补正期间计算在上述期限内",
        "第三十二条",
        "第四十三条",
        "第三十二条、第三十五条、第四十二条、第四十三条、第四十五条",
        "王审核",
        notice.check_code,
        "2026年11月23日",
    ):
        assert expected in text, expected
    assert "本机关将自受理之日起20个工作日内作出行政许可决定" not in text


@pytest.mark.usefixtures("design_a_licence")
@time_machine.travel("2026-11-23 10:00 +0800", tick=False)
def test_acceptance_notice_of_a_joint_route_and_of_a_deciding_district(submitted, miyun):
    joint = _issue(
        submitted,
        miyun,
        DocumentKind.ACCEPTANCE_NOTICE,
        extra={
            **TWO_TIER,
            "procedure": "joint",
            "forwards": False,
            "decision_working_days": 45,
            "extension_working_days": 15,
            "joint_agencies": ["密云区园林绿化局", "北京市园林绿化局"],
            "correction_basis": "《某条例》第十条",
        },
    )
    text = _text(joint)
    for expected in ("联合办理", "45个工作日", "本级人民政府负责人批准", "15个工作日", "第二款"):
        assert expected in text, expected
    assert "依照《某条例》第十条的规定，补正期间不计算在上述期限内" in text
    own = _issue(
        submitted,
        miyun,
        DocumentKind.ACCEPTANCE_NOTICE,
        extra={**TWO_TIER, "forwards": False, "deciding_agency": "密云区园林绿化局"},
    )
    text = _text(own)
    assert "本机关将自受理之日起20个工作日内作出行政许可决定，即于2027年1月19日前作出" in text
    assert "经本机关负责人批准" in text
    # A one-tier procedure cites neither art. 35 nor art. 43, which speak of forwarding to a
    # deciding agency above (issue 46, Low); nor does a joint one.
    assert "第三十五条" not in text and "第四十三条" not in text
    assert "第三十二条、第四十二条、第四十五条" in text
    assert "第三十五条" not in _text(joint) and "第四十三条" not in _text(joint)


def test_the_qr_code_opens_the_verification_with_the_check_code(submitted, miyun):
    notice = _issue(submitted, miyun, DocumentKind.ACCEPTANCE_NOTICE)
    codes = decode_qr_codes(render_page(_pdf(notice)))
    assert len(codes) == 1
    assert f"code={notice.check_code}" in codes[0].text
    assert "/verify/" in codes[0].text


@pytest.mark.usefixtures("design_a_licence")
def test_correction_notice_lists_every_item_with_its_label(submitted, miyun):
    items = [
        {"field": "area_ha", "attachment_kind": None, "message": "面积与小班调查表不一致"},
        {"field": None, "attachment_kind": "site_map", "message": "缺少比例尺"},
        {"field": "", "attachment_kind": "", "message": "请补充村委会意见"},
        {"field": "dominant_species", "attachment_kind": None, "message": "请填写拉丁名"},
    ]
    notice = _issue(submitted, miyun, DocumentKind.CORRECTION_NOTICE, items=items)
    assert notice.number.startswith("密园林补〔")
    text = _text(notice)
    assert "补正告知书" in text
    assert "一次性告知" in text
    assert "第三十二条第一款第（四）项" in text
    assert "1. 面积（公顷）：面积与小班调查表不一致" in text
    assert "2. 附件“位置图”：缺少比例尺" in text
    assert "3. 请补充村委会意见" in text
    assert "4. 优势树种：请填写拉丁名" in text


def test_a_correction_notice_without_items_is_refused(submitted, miyun):
    with pytest.raises(InvalidInput) as refused:
        _issue(submitted, miyun, DocumentKind.CORRECTION_NOTICE, items=[])
    assert refused.value.detail == MSG_NO_ITEMS
    assert not Certificate.objects.exists()


def test_non_acceptance_gives_reasons_and_the_remedy(submitted, miyun):
    miyun.litigation_court = "北京铁路运输法院"  # the agency's data, as its legal office sets it
    miyun.save(update_fields=["litigation_court"])
    notice = _issue(
        submitted, miyun, DocumentKind.NON_ACCEPTANCE, reason="申请事项不属于本机关职权范围"
    )
    assert notice.number.startswith("密园林不受〔")
    text = _text(notice)
    assert "不予受理决定书" in text
    assert "申请事项不属于本机关职权范围" in text
    assert "六十日内向北京市密云区人民政府申请行政复议" in text
    assert "六个月内向北京铁路运输法院提起行政诉讼" in text  # the court, by name


def test_the_court_is_never_guessed_from_the_district(submitted, miyun):
    """Issue 46 item 14: Beijing's administrative cases are under a centralised jurisdiction,
    so a district agency without its court set does not print its district's court."""
    notice = _issue(submitted, miyun, DocumentKind.NON_ACCEPTANCE, reason="不属于本机关职权范围")
    text = _text(notice)
    assert "密云区人民法院" not in text
    assert "六个月内向有管辖权的人民法院提起行政诉讼" in text
    assert "六十日内向北京市密云区人民政府申请行政复议" in text  # the 本级人民政府 stays


# --- Issue 26 item 7: a non-acceptance prints the grounds of art. 32 the reviewer chose -------


def _not_accepted(application, reviewer, grounds, opinion="申请事项应向北京市园林绿化局申请"):
    """Decided as a request decides: the decision of non-acceptance rendered after the commit."""
    task = open_tasks(application=application).get()
    committed(
        task_decide,
        task_id=task.pk,
        by=reviewer,
        decision="not_accept",
        opinion=opinion,
        grounds=grounds,
    )
    return Certificate.objects.get(
        application_id=application.pk, document_kind=DocumentKind.NON_ACCEPTANCE
    )


def _running(certificate) -> str:
    """The text without the breaks and spaces where the layout wraps the lines."""
    return "".join(_text(certificate).split())


@pytest.mark.usefixtures("design_a_licence")
def test_a_non_acceptance_prints_its_grounds_with_the_clauses_and_where_to_apply(
    submitted, reviewer_my
):
    text = _running(_not_accepted(submitted, reviewer_my, ["N2"]))
    assert "不予受理决定书" in text
    assert "1.申请事项应向北京市园林绿化局申请。" in text  # the reviewer's reasons
    assert "不予受理的依据" in text
    assert (
        "1.申请事项依法不属于本机关职权范围（《中华人民共和国行政许可法》第三十二条第一款第（二）项："
        "“申请事项依法不属于本行政机关职权范围的，应当即时作出不予受理的决定，"
        "并告知申请人向有关行政机关申请”）。"
    ) in text
    assert "根据上述规定，本机关决定不予受理该申请。" in text
    # Art. 32 para. 1 (2): the applicant is told to apply to the agency that may decide.
    assert "".join(acceptance.TELL_APPLY_ELSEWHERE.split()) in text
    assert "六十日内向北京市密云区人民政府申请行政复议" in text


@pytest.mark.usefixtures("design_a_licence")
def test_each_ground_is_printed_once_in_the_order_chosen(submitted, reviewer_my):
    text = _running(_not_accepted(submitted, reviewer_my, ["N1", "N2", "N1"], opinion="无需许可"))
    first = text.index("1.申请事项依法不需要取得行政许可（")
    second = text.index("2.申请事项依法不属于本机关职权范围（")
    assert first < second
    assert "“申请事项依法不需要取得行政许可的，应当即时告知申请人不受理”" in text
    assert "3.申请事项" not in text


@pytest.mark.usefixtures("design_a_licence")
def test_a_ground_other_than_competence_tells_nowhere_to_apply(submitted, reviewer_my):
    text = _running(_not_accepted(submitted, reviewer_my, ["N1"], opinion="无需许可"))
    assert "第三十二条第一款第（一）项" in text
    assert "向依法有权受理该申请的有关行政机关提出申请" not in text


@pytest.mark.usefixtures("design_a_licence")
def test_a_non_acceptance_without_grounds_prints_no_basis_section(submitted, reviewer_my):
    text = _running(_not_accepted(submitted, reviewer_my, None, opinion="不符合受理条件"))
    assert "不予受理的依据" not in text
    decided = "根据《中华人民共和国行政许可法》第三十二条第一款的规定，本机关决定不予受理该申请。"
    assert decided in text
    assert "有关行政机关提出申请" not in text


def test_a_non_acceptance_needs_a_reason(submitted, miyun):
    with pytest.raises(InvalidInput) as refused:
        _issue(submitted, miyun, DocumentKind.NON_ACCEPTANCE, reason="  ")
    assert refused.value.detail == MSG_NO_REASON


@pytest.mark.usefixtures("design_a_licence")
def test_extension_notice_gives_the_reason_and_the_new_due_date(submitted, miyun):
    notice = _issue(
        submitted,
        miyun,
        DocumentKind.EXTENSION_NOTICE,
        reason="需现场核查作业小班",
        extra={"due_date": date(2027, 1, 8)},
    )
    text = _text(notice)
    assert "延期告知书" in text
    assert "需现场核查作业小班" in text
    assert "10个工作日" in text
    assert "2027年1月8日" in text
    assert "第四十二条" in text
    # Art. 42's words: the reason and the new deadline, not "cannot decide in time".
    assert "因需现场核查作业小班，本机关需要延长办理期限。" in text
    assert "办理期限延长10个工作日，本机关将于2027年1月8日前作出决定。" in text
    assert "不能在法定期限内作出决定" not in text


@pytest.mark.parametrize(
    ("kind", "reason", "printed", "never"),
    [
        # A reason ending in its own stop is set inside the notice's sentence: no "。，".
        (
            DocumentKind.EXTENSION_NOTICE,
            "需论证作业的必要性。",
            "因需论证作业的必要性，本机关",
            "。，",
        ),
        (DocumentKind.EXTENSION_NOTICE, "需现场核查；", "因需现场核查，本机关", "；，"),
        # A reason that ends the sentence gets its stop, once.
        (DocumentKind.REVOCATION, "擅自扩大作业范围", "经查：擅自扩大作业范围。", "范围。。"),
        (DocumentKind.REVOCATION, "擅自扩大作业范围。", "经查：擅自扩大作业范围。", "范围。。"),
        (DocumentKind.NON_ACCEPTANCE, "不属于本机关职权范围，", "不属于本机关职权范围。", "，。"),
    ],
)
def test_the_reason_is_punctuated_where_it_stands(submitted, miyun, kind, reason, printed, never):
    text = _text(_issue(submitted, miyun, kind, reason=reason))
    assert printed in text and never not in text


def test_revocation_names_the_permit_and_the_municipal_remedy(submitted, reference_data):
    agency = Agency.objects.get(code="bj-forestry")
    notice = _issue(submitted, agency, DocumentKind.REVOCATION, reason="擅自扩大作业范围")
    assert notice.number.startswith("京园林撤〔")
    text = _text(notice)
    # A tending design's 批复 (issue 46 item 3): the Licensing Law followed by analogy.
    assert "撤销批复决定书" in text and "撤销行政许可决定书" not in text
    assert "擅自扩大作业范围" in text
    assert "参照《中华人民共和国行政许可法》第六十九条" in text
    assert "北京市人民政府申请行政复议" in text


def test_each_notice_is_audited_with_its_number_and_hash(submitted, miyun, committed):
    """Numbered in the issuing transaction; rendered, stored and audited after its commit."""
    notice = committed(_issue, submitted, miyun, DocumentKind.ACCEPTANCE_NOTICE)
    notice.refresh_from_db()
    event = AuditEvent.objects.get(
        application_id=submitted.pk, action="certificate_issued", details__number=notice.number
    )
    # Rendered (the unsigned file's hash), then signed by its agency (the stored file's).
    signed = AuditEvent.objects.get(
        application_id=submitted.pk, action="certificate_signed", details__number=notice.number
    )
    assert signed.details["unsigned_sha256"] == event.details["pdf_sha256"]
    assert signed.details["pdf_sha256"] == notice.pdf_sha256 and notice.signed_by == miyun
    assert event.details["kind"] == "acceptance_notice"
    assert event.agency_name == "密云区园林绿化局"
    assert hashlib.sha256(_pdf(notice)).hexdigest() == notice.pdf_sha256


@time_machine.travel("2026-12-30 10:00 +0800")
def test_numbers_are_gap_free_per_agency_kind_and_year(submitted, miyun, reference_data):
    yanqing = Agency.objects.get(code="110119-forestry")
    numbers = [
        _issue(submitted, miyun, DocumentKind.ACCEPTANCE_NOTICE).number,
        _issue(submitted, miyun, DocumentKind.ACCEPTANCE_NOTICE).number,
        _issue(submitted, yanqing, DocumentKind.ACCEPTANCE_NOTICE).number,
        _issue(submitted, miyun, DocumentKind.EXTENSION_NOTICE, reason="复杂").number,
        _issue(submitted, miyun, DocumentKind.ACCEPTANCE_NOTICE).number,
    ]
    assert numbers == [
        "密园林受〔2026〕0001号",
        "密园林受〔2026〕0002号",
        "延园林受〔2026〕0001号",
        "密园林延〔2026〕0001号",
        "密园林受〔2026〕0003号",
    ]
    with time_machine.travel("2027-01-04 10:00 +0800"):
        assert _issue(submitted, miyun, DocumentKind.ACCEPTANCE_NOTICE).number == (
            "密园林受〔2027〕0001号"
        )


def test_a_refused_notice_takes_no_number(submitted, miyun):
    with pytest.raises(InvalidInput):
        _issue(submitted, miyun, DocumentKind.NON_ACCEPTANCE)
    assert _issue(submitted, miyun, DocumentKind.NON_ACCEPTANCE, reason="x").number.endswith(
        "0001号"
    )


def test_an_abbreviation_set_by_the_administrator_opens_the_number(submitted, miyun):
    miyun.document_abbreviation = "密林"
    miyun.save()
    assert _issue(submitted, miyun, DocumentKind.ACCEPTANCE_NOTICE).number.startswith("密林受〔")


@pytest.mark.parametrize(
    ("code", "prefix"),
    [
        ("bj-forestry", "京园林"),
        ("110118-forestry", "密园林"),
        ("110118-agriculture", "密农业"),
        ("tj-forestry", "津规资"),
        ("120119-forestry", "蓟林"),
    ],
)
def test_agency_abbreviations(reference_data, code, prefix):
    assert Agency.objects.get(code=code).document_prefix == prefix


def test_a_derived_abbreviation_needs_no_setting(reference_data):
    agency = Agency.objects.get(code="bj-water")
    agency.document_abbreviation = ""
    assert agency.document_prefix == "京水务"
    agency = Agency.objects.get(code="120119-planning")
    agency.document_abbreviation = ""
    assert agency.document_prefix == "蓟规划"


def test_a_rectification_order_names_itself_in_its_remedies(submitted, miyun):
    """Issue 46, Low: a 责令限期整改通知书 is an order, not a decision: its remedy paragraph does
    not say "如对本决定不服" nor "收到本决定书"."""
    notice = _issue(
        submitted,
        miyun,
        DocumentKind.RECTIFICATION_NOTICE,
        reason="12-3小班实施了间伐",
        items=[{"message": "按设计恢复12-3小班的抚育方式"}],
        extra={"deadline": date(2026, 12, 30)},
    )
    text = _text(notice)
    assert "你单位如对本责令整改不服，可以自收到本通知书之日起六十日内" in text
    assert "本决定" not in text


def test_every_notice_kind_has_its_title_number_code_and_wording():
    """The register of notice kinds: each one, the fee's 核定 included, is issued with its own
    title and number code (no two kinds share a code) and worded by its function."""
    from documents.models import NOTICE_KINDS, VERSION_KINDS
    from documents.notices import NUMBER_CODES, TITLES, WORDING

    kinds = {*NOTICE_KINDS, *VERSION_KINDS[1:]}
    assert DocumentKind.FEE_DETERMINATION in NOTICE_KINDS
    assert kinds == set(TITLES) == set(NUMBER_CODES) == set(WORDING)
    assert len(set(NUMBER_CODES.values())) == len(NUMBER_CODES)
    assert TITLES[DocumentKind.FEE_DETERMINATION] == "森林植被恢复费核定通知书"
    assert NUMBER_CODES[DocumentKind.FEE_DETERMINATION] == "核"
