"""The decision documents of occupations and introductions (product.md §8), read back as text:
the approval's title, facts, conditions and validity per type; the 不予许可决定书 of every type with
its reasons and the notice of the right to administrative reconsideration or lawsuit."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from documents import content
from documents.models import DocumentKind
from permits.choices import Status
from tests.factories import (
    decide,
    decision_document,
    document_pdf,
    introduction_draft,
    occupation_draft,
    persona,
    submit_accepted,
    tending_draft,
)
from tests.pdftools import pdf_text

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _in_2026(time_machine):
    time_machine.move_to(datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), tick=False)


def text_of(application, kind=DocumentKind.APPROVAL) -> str:
    """The document's text with every line break and space removed: the extracted text wraps CJK
    lines wherever the renderer did, so a phrase may straddle two lines."""
    certificate = application.certificates.get(document_kind=kind)
    return "".join(pdf_text(document_pdf(certificate)).split())


def flat(value: str) -> str:
    return "".join(value.split())


def submit(draft, by):
    return submit_accepted(application=draft, by=by)


@pytest.fixture
def occupation_at_municipal(applicant_my, reviewer_my, muni_plan):
    def make(**fields):
        application = decide(
            submit(occupation_draft(by=applicant_my, **fields), applicant_my), reviewer_my
        )
        return decide(application, muni_plan, "agree", "符合国土空间规划，同意", "bj-planning")

    return make


@pytest.fixture
def introduction_at_municipal(applicant_my):
    def make(**fields):
        draft = introduction_draft(by=applicant_my, **fields)
        application = decide(submit(draft, applicant_my), persona("district_agri_my"))
        application = decide(application, persona("muni_forest_cs"), "agree", "", "bj-forestry")
        return decide(application, persona("muni_eco"), "agree", "风险可控", "bj-ecology")

    return make


# --- 使用林地审核同意书 ---------------------------------------------------------------------------


def test_the_temporary_occupation_approval(occupation_at_municipal, approver):
    application = decide(occupation_at_municipal(), approver, "approve", "准予临时使用林地")
    assert application.status == Status.APPROVED
    certificate = decision_document(application)
    assert certificate.number == "京园林地审〔2026〕0001号"
    text = text_of(application)
    # product.md §16 L16: a temporary use is decided as such (森林法 第三十八条).
    assert "准予临时使用林地行政许可决定书" in text and "使用林地审核同意书" not in text
    assert "临时使用林地审批申请" in text
    assert "不予许可决定书" not in text
    assert certificate.number in text
    for fact in ("密云区穆家峪镇供水管线工程", "京密发改〔2026〕12号", "12个月", "1.8"):
        assert fact in text, fact
    for condition in content.OCCUPATION_CONDITIONS + content.TEMPORARY_OCCUPATION_CONDITIONS:
        assert flat(condition) in text, condition
    assert "2026年6月1日至2027年6月1日" in text
    # Every step, the countersign included, with its agency.
    for agency in ("密云区园林绿化局", "北京市规划和自然资源委员会", "北京市园林绿化局"):
        assert agency in text, agency
    assert "会签" in text
    # 审查经过 keeps the countersigning agency's written opinion beside its decision.
    assert "北京市规划和自然资源委员会" in text and "同意。符合国土空间规划，同意" in text
    # An opinion that only repeats the decision is printed once.
    assert "予以受理。予以受理" not in text and "同意。同意" not in text
    assert "北京绿岭" not in text  # the holder is the applicant organisation of the fixture
    assert application.organisation.name in text


def test_a_permanent_occupation_approval_is_valid_two_years_without_restoration_condition(
    occupation_at_municipal, approver
):
    application = decide(
        occupation_at_municipal(
            occupation_kind="permanent", duration_months=None, restoration_plan=""
        ),
        approver,
    )
    text = text_of(application)
    assert "使用林地审核同意书" in text
    assert "永久" in text
    # 建设项目使用林地审核审批管理办法 art. 25 (product.md §18 B4): two years, and it says so.
    assert "2026年6月1日至2028年6月1日" in text
    assert flat(content.PERMANENT_OCCUPATION_CONDITIONS[0]) in text
    for condition in content.TEMPORARY_OCCUPATION_CONDITIONS:
        assert flat(condition) not in text


def test_the_documents_print_the_chinese_labels_of_their_facts(
    occupation_at_municipal, introduction_at_municipal, approver
):
    occupation = decide(occupation_at_municipal(), approver)
    introduction = decide(introduction_at_municipal(), persona("muni_agri"))
    occupation_text, introduction_text = text_of(occupation), text_of(introduction)
    for label in ("基础设施", "临时", "人工林地"):
        assert label in occupation_text, label
    for label in ("植物", "园林绿化", "林草湿地"):
        assert label in introduction_text, label
    for english in ("Infrastructure", "Temporary", "Plant", "Landscaping", "Forest,"):
        assert english not in occupation_text + introduction_text, english


def test_documents_are_dated_in_beijing_time(occupation_at_municipal, approver, time_machine):
    # 07:30 in Beijing is 23:30 UTC of the day before.
    time_machine.move_to(datetime(2026, 6, 2, 7, 30, tzinfo=SHANGHAI), tick=False)
    application = decide(occupation_at_municipal(), approver)
    text = text_of(application)
    assert "2026年6月2日至2027年6月2日" in text
    assert "2026年6月1日" not in text


# --- 外来物种引入审批决定书 -----------------------------------------------------------------------


def test_the_introduction_approval(introduction_at_municipal):
    application = decide(introduction_at_municipal(), persona("muni_agri"), "approve", "准予引入")
    certificate = decision_document(application)
    assert certificate.number == "京农外引审〔2026〕0001号"
    text = text_of(application)
    assert "外来物种引入审批决定书" in text
    assert "北美红栎" in text
    assert "Quercusrubra" in text
    assert "500.00株" in text or "500株" in text
    assert "监测" in text
    assert "每6个月报送一次监测报告" in text
    assert "监测期2年" in text
    for condition in content.INTRODUCTION_CONDITIONS:
        assert flat(condition) in text, condition
    assert "2026年6月1日至2028年6月1日" in text
    for agency in (
        "密云区农业农村局",
        "北京市园林绿化局",
        "北京市生态环境局",
        "北京市农业农村局",
    ):
        assert agency in text, agency


# --- 不予许可决定书 -------------------------------------------------------------------------------


REMEDY = ("行政复议", "行政诉讼")


def assert_refusal(application, reason: str, prefix: str, issuer: str) -> None:
    assert application.status == Status.REJECTED
    refusal = decision_document(application)
    assert refusal.document_kind == DocumentKind.REFUSAL
    assert refusal.number.startswith(prefix)
    assert refusal.valid_until is None
    text = text_of(application, DocumentKind.REFUSAL)
    assert content.refusal_title(application) in text
    assert flat(reason) in text
    for phrase in REMEDY:
        assert phrase in text
    # The remedy notice names where to go: the reconsideration body and the court.
    assert flat(content.remedy_notice(refusal.issuing_agency)) in text
    assert "人民政府申请行政复议" in text and "人民法院提起行政诉讼" in text
    assert issuer in text
    assert refusal.number in text
    for title in content.TITLES.values():
        assert title not in text
    # Issue 46 item 4: a licence's refusal names the statutory conditions it finds not met and
    # rests on them and art. 38(2); a 批复's, on the provision it follows.
    for clause in content.conditions_basis(application):
        assert flat(clause) in text, clause
    label = "法律依据：" if content.is_licence(application) else "依据："
    assert flat(label + content.decision_basis(application, approval=False)) in text
    if content.is_licence(application):
        assert "不予许可决定书" in text
        assert "《中华人民共和国行政许可法》第三十八条第二款" in text


def test_a_rejected_occupation_gets_a_refusal(occupation_at_municipal, approver):
    reason = "项目拟占用林地位于密云水库一级保护区范围内，选址不符合要求，不予许可。"
    application = decide(occupation_at_municipal(), approver, "reject", reason)
    assert_refusal(application, reason, "京园林地不许〔2026〕", "北京市园林绿化局")


def test_a_district_refusal_of_an_occupation(applicant_my, reviewer_my):
    reason = "立项批准文件与申请项目名称不一致，用地范围图缺少坐标。"
    application = decide(
        submit(occupation_draft(by=applicant_my), applicant_my), reviewer_my, "reject", reason
    )
    assert_refusal(application, reason, "京园林地不许〔2026〕", "密云区园林绿化局")


def test_a_rejected_introduction_gets_a_refusal(introduction_at_municipal):
    reason = "引入地点紧邻密云水库湿地，逸生风险评估不充分，隔离措施不足，不予许可。"
    application = decide(introduction_at_municipal(), persona("muni_agri"), "reject", reason)
    assert_refusal(application, reason, "京农外引不许〔2026〕", "北京市农业农村局")
    # The countersigns appear as steps with their agency, decision and written opinion.
    text = text_of(application, DocumentKind.REFUSAL)
    assert "会签" in text and "北京市生态环境局" in text
    assert "同意。风险可控" in text


def test_a_tending_approval_that_removes_timber_names_the_felling_permit(
    applicant_my, reviewer_my, approver
):
    """product.md §16 L10 (森林法 第五十六条): the approval is not a felling permit and says so."""
    application = decide(submit(tending_draft(by=applicant_my), applicant_my), reviewer_my)
    application = decide(application, approver)
    text = text_of(application)
    assert "天然林抚育作业设计批复" in text
    assert "出材蓄积30立方米" in text and "林木采伐许可证" in text and "第五十六条" in text
    none = decide(
        submit(tending_draft(by=applicant_my, removal_volume_m3=0), applicant_my), reviewer_my
    )
    assert "林木采伐许可证" not in text_of(decide(none, approver))


def test_a_rejected_tending_design_gets_a_refusal(applicant_my, reviewer_my, approver):
    reason = "拟作业小班坡度大于35度，间伐强度偏高，易造成水土流失。"
    application = decide(submit(tending_draft(by=applicant_my), applicant_my), reviewer_my)
    application = decide(application, approver, "reject", reason)
    assert_refusal(application, reason, "京园林抚不许〔2026〕", "北京市园林绿化局")


def test_a_tianjin_introduction_refusal(applicant_jz):
    from tests.factories import tianjin_introduction_draft

    reason = "检疫证明已过有效期。"
    application = submit(tianjin_introduction_draft(by=applicant_jz), applicant_jz)
    application = decide(application, persona("district_agri_jz"))
    application = decide(application, persona("tj_agri"), "reject", reason)
    assert_refusal(application, reason, "津农外引不许〔2026〕", "天津市农业农村委员会")


def test_the_refusal_date_is_the_decision_day(occupation_at_municipal, approver):
    application = decide(occupation_at_municipal(), approver, "reject", "不符合")
    assert decision_document(application).issued_at.date() == date(2026, 6, 1)
