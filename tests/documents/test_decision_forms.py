"""Issue 46 items 3, 4 and 9: what each decision is in law (a licence, or a design's 批复) as the
legal office's data, and the statutory basis every printed decision and supervision notice
names, read back from the rendered PDFs."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from audit.models import AuditEvent
from documents import content, forms
from documents.models import ActForm, DecisionForm, DocumentKind
from documents.notices import notice_issue
from roles.models import Agency
from tests.factories import (
    decide,
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
LICENSING_LAW = "《中华人民共和国行政许可法》"


@pytest.fixture(autouse=True)
def _in_2026(time_machine, reference_data):
    time_machine.move_to(datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), tick=False)


def text_of(certificate) -> str:
    return "".join(pdf_text(document_pdf(certificate)).split())


def flat(value: str) -> str:
    return "".join(value.split())


def approved_design(applicant_my, reviewer_my, approver, **fields):
    draft = tending_draft(by=applicant_my, **fields)
    application = decide(submit_accepted(application=draft, by=applicant_my), reviewer_my)
    return decide(application, approver, "approve", "同意按作业设计实施")


def approved_occupation(applicant_my, reviewer_my, approver, **fields):
    draft = occupation_draft(by=applicant_my, **fields)
    application = decide(submit_accepted(application=draft, by=applicant_my), reviewer_my)
    application = decide(application, persona("muni_plan"), "agree", "同意", "bj-planning")
    return decide(application, approver, "approve", "同意使用林地")


def approval_of(application):
    return application.certificates.get(document_kind=DocumentKind.APPROVAL)


# --- Item 3: a tending design's approval is a 批复 --------------------------------------------


def test_the_legal_office_holds_a_tending_design_approval_as_a_pifu():
    for jurisdiction in ("110000", "120000"):
        row = DecisionForm.objects.get(jurisdiction_id=jurisdiction, kind="tending")
        assert row.form == ActForm.APPROVAL
        assert "实施方案" in row.requiring_provision
        # The reading says why: art. 17, and that no regulation was found.
        assert "第十七条" in row.reading and "未找到" in row.reading
    for kind in ("occupation", "introduction"):
        assert DecisionForm.objects.get(jurisdiction_id="110000", kind=kind).form == "licence"


def test_a_tending_design_is_approved_by_a_pifu_under_the_forest_law(
    applicant_my, reviewer_my, approver
):
    text = text_of(approval_of(approved_design(applicant_my, reviewer_my, approver)))
    assert "天然林抚育作业设计批复" in text and "审批决定书" not in text
    assert "本机关同意按该作业设计实施。批复事项及要求如下：" in text
    assert "批复事项" in text and "批复要求" in text and "许可条件" not in text
    # Its basis: the programme document it follows, never as a statutory condition; the
    # Licensing Law neither as its basis nor for its supervision.
    provision = forms.DEFAULTS[("110000", "tending")][1]
    assert flat(f"依据：{provision}") in text and "法律依据" not in text
    assert "本批复不是林木采伐许可证" in text
    assert "法定条件" not in text and "行政许可" not in text and LICENSING_LAW not in text
    assert "依照《中华人民共和国森林法》第六十六条进行的监督检查。特此批复。" in text


def test_a_refused_design_is_not_approved_under_the_programme(applicant_my, reviewer_my):
    draft = tending_draft(by=applicant_my)
    application = decide(
        submit_accepted(application=draft, by=applicant_my), reviewer_my, "reject", "坡度过大"
    )
    text = text_of(application.certificates.get(document_kind=DocumentKind.REFUSAL))
    assert "天然林抚育作业设计不予批准决定书" in text
    assert "本机关决定不予批准该作业设计。" in text and "不予批准的理由" in text
    assert "行政许可" not in text
    # The remedies stay: a 批复 is an administrative act.
    assert "申请行政复议" in text and "提起行政诉讼" in text


def test_when_the_legal_office_finds_a_regulation_the_design_approval_is_a_licence(
    applicant_my, reviewer_my, approver
):
    DecisionForm.objects.filter(jurisdiction_id="110000", kind="tending").update(
        form=ActForm.LICENCE, requiring_provision="《某市森林条例》第二十条“……”"
    )
    text = text_of(approval_of(approved_design(applicant_my, reviewer_my, approver)))
    assert "天然林抚育作业设计审批决定书" in text
    assert "经审查，该申请符合《某市森林条例》第二十条“……”规定的条件和标准。" in text
    assert "本机关决定准予行政许可。许可事项及条件如下：" in text
    assert f"{LICENSING_LAW}第三十八条第一款" in text


def test_a_pifu_is_revoked_as_one_by_analogy_with_the_licensing_law(
    applicant_my, reviewer_my, approver
):
    application = approved_design(applicant_my, reviewer_my, approver)
    agency = Agency.objects.get(code="bj-forestry")
    notice = notice_issue(
        application=application,
        kind=DocumentKind.REVOCATION,
        agency=agency,
        signed_by_name="审批人",
        reason="复核查明小班现状与设计不符",
        extra={
            "ground_reference": f"{LICENSING_LAW}第六十九条第一款第（四）项",
            "ground_words": "对不具备申请资格或者不符合法定条件的申请人准予行政许可的",
            "statement_number": "京园林陈〔2026〕0001号",
            "statement_date": date(2026, 5, 20),
            "still_owed": {"ended": ["tending_completion"], "items": []},
        },
    )
    text = text_of(notice)
    assert "撤销批复决定书" in text and "撤销行政许可决定书" not in text
    assert "本机关决定撤销该批复" in text and f"参照{LICENSING_LAW}第六十九条" in text
    assert "违反法定程序" not in text
    # Not a 注销 under art. 70: the Licensing Law does not govern a 批复.
    assert "第七十条第（四）项" not in text and "一并予以注销" in text
    assert "该批复终止后不得再实施作业" in text and "该行政许可" not in text


def test_the_legal_office_edit_is_audited(django_user_model):
    office = django_user_model.objects.create_superuser("legal_office", password="x")
    row = DecisionForm.objects.get(jurisdiction_id="120000", kind="tending")
    before = AuditEvent.objects.count()
    row.form = ActForm.LICENCE
    forms.decision_form_save(row=row, by=office)
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.details["before"]["form"] == "approval" and event.details["after"]["form"] == (
        "licence"
    )


# --- Item 4: every decision names its statutory basis -----------------------------------------


def test_a_permanent_occupation_rests_on_the_forest_law_the_regulations_and_order_35(
    applicant_my, reviewer_my, approver
):
    application = approved_occupation(
        applicant_my,
        reviewer_my,
        approver,
        occupation_kind="permanent",
        duration_months=None,
        restoration_plan="",
    )
    approval = approval_of(application)
    text = text_of(approval)
    assert (
        flat(
            "经审查，该申请符合《中华人民共和国森林法》第三十七条第一款、《中华人民共和国森林法实施条例》"
            "第十六条、《建设项目使用林地审核审批管理办法》（国家林业局令第35号）第四条规定的条件和标准。"
        )
        in text
    )
    assert approval.content["document"]["legal_basis"] == (
        "《中华人民共和国森林法》第三十七条第一款；《中华人民共和国森林法实施条例》第十六条；"
        "《建设项目使用林地审核审批管理办法》（国家林业局令第35号）第四条；《建设项目使用林地审核审批"
        "管理办法》（国家林业局令第35号）第二十一条、第二十五条；《中华人民共和国行政许可法》第三十八条"
        "第一款"
    )
    assert "第二十一条、第二十五条" in text and "第三十八条第一款" in text
    assert "实施方案" not in text


def test_a_temporary_use_rests_on_article_38_and_article_17(applicant_my, reviewer_my, approver):
    text = text_of(approval_of(approved_occupation(applicant_my, reviewer_my, approver)))
    assert "《中华人民共和国森林法》第三十八条" in text
    assert "《中华人民共和国森林法实施条例》第十七条" in text
    assert "第三十七条" not in text and "第二十五条" not in text and "实施方案" not in text


def test_an_occupation_refusal_names_the_statutory_conditions_not_met(applicant_my, reviewer_my):
    draft = occupation_draft(by=applicant_my)
    application = decide(
        submit_accepted(application=draft, by=applicant_my), reviewer_my, "reject", "选址不当"
    )
    text = text_of(application.certificates.get(document_kind=DocumentKind.REFUSAL))
    assert (
        flat(
            "经审查，该申请不符合《中华人民共和国森林法》第三十八条、《中华人民共和国森林法实施条例》"
            "第十七条、《建设项目使用林地审核审批管理办法》（国家林业局令第35号）第四条规定的条件和标准"
        )
        in text
    )
    assert f"{LICENSING_LAW}第三十八条第二款" in text


def test_an_introduction_rests_on_the_biosecurity_law_not_on_an_action_plan(applicant_my):
    application = decide(
        submit_accepted(application=introduction_draft(by=applicant_my), by=applicant_my),
        persona("district_agri_my"),
    )
    application = decide(application, persona("muni_forest_cs"), "agree", "", "bj-forestry")
    application = decide(application, persona("muni_eco"), "agree", "风险可控", "bj-ecology")
    application = decide(application, persona("muni_agri"), "approve", "准予引入")
    text = text_of(approval_of(application))
    assert "符合《中华人民共和国生物安全法》第六十条第三款规定的条件和标准" in text
    assert "行动计划" not in text


# --- Item 9 (and 3): what supervision rests on ------------------------------------------------


def _rectification(application, agency_code: str):
    return notice_issue(
        application=application,
        kind=DocumentKind.RECTIFICATION_NOTICE,
        agency=Agency.objects.get(code=agency_code),
        signed_by_name="检查人",
        reason="未按期报送监测报告",
        items=["补报监测报告"],
        extra={"deadline": date(2026, 7, 1)},
    )


def test_an_introduction_is_ordered_to_rectify_under_the_biosecurity_law(applicant_my):
    draft = introduction_draft(by=applicant_my)
    application = submit_accepted(application=draft, by=applicant_my)
    text = text_of(_rectification(application, "bj-agriculture"))
    assert "根据《中华人民共和国生物安全法》第二十五条的规定，责令你单位" in text
    assert "法律依据：《中华人民共和国生物安全法》第二十五条、第二十六条" in text
    assert "第六十六条" not in text


def test_a_design_is_ordered_to_rectify_under_the_forest_law(applicant_my, reviewer_my, approver):
    application = approved_design(applicant_my, reviewer_my, approver)
    text = text_of(_rectification(application, "110118-forestry"))
    assert "根据《中华人民共和国森林法》第六十六条的规定，责令你单位" in text
    assert LICENSING_LAW not in text


def test_an_occupation_is_still_ordered_under_article_66_of_the_licensing_law(applicant_my):
    application = submit_accepted(application=occupation_draft(by=applicant_my), by=applicant_my)
    text = text_of(_rectification(application, "110118-forestry"))
    assert f"根据{LICENSING_LAW}第六十六条的规定，责令你单位" in text


def test_every_classification_has_its_provision():
    for (jurisdiction, kind), (form, provision, reading) in forms.DEFAULTS.items():
        assert form in ActForm.values and provision and reading, (jurisdiction, kind)
    assert content.FOREST_SUPERVISION == "《中华人民共和国森林法》第六十六条"


def test_an_inspection_of_a_design_rests_on_the_forest_law(applicant_my, reviewer_my, approver):
    application = approved_design(applicant_my, reviewer_my, approver)
    report = notice_issue(
        application=application,
        kind=DocumentKind.INSPECTION_REPORT,
        agency=Agency.objects.get(code="110118-forestry"),
        signed_by_name="检查人",
        reason="作业与设计相符",
        extra={
            "inspection_kind": "completion",
            "inspected_on": date(2026, 6, 1),
            "inspectors": ["甲", "乙"],
            "sample": ["12-3"],
            "outcome": "pass",
        },
    )
    text = text_of(report)
    assert "根据《中华人民共和国森林法》第六十六条、第六十七条的规定，本机关于" in text
    assert LICENSING_LAW not in text


# --- Item 3: the acceptance stage of a 批复 follows the DecisionForm ---------------------------

TWO_TIER = {
    "procedure": "two_tier",
    "deciding_agency": "北京市园林绿化局",
    "forwards": True,
    "forward_working_days": 20,
    "forward_due_date": date(2026, 6, 29),
    "decision_working_days": 20,
    "decision_due_date": date(2026, 7, 27),
    "extension_working_days": 10,
}


def _notice(application, kind, **kwargs):
    return notice_issue(
        application=application,
        kind=kind,
        agency=Agency.objects.get(code="110118-forestry"),
        signed_by_name="王审核",
        **kwargs,
    )


def _design_submitted(applicant_my):
    from workflows.services import application_submit

    return application_submit(application=tending_draft(by=applicant_my), by=applicant_my)


def test_a_design_is_accepted_under_the_agencys_commitment_not_the_licensing_law(applicant_my):
    notice = _notice(
        _design_submitted(applicant_my), DocumentKind.ACCEPTANCE_NOTICE, extra=TWO_TIER
    )
    text = text_of(notice)
    assert "本机关决定予以受理，受理日期为2026年6月1日" in text
    assert (
        "本申请由本机关初步审查后报北京市园林绿化局批复。本机关承诺自受理之日起20个工作日内审查完毕，"
        "即于2026年6月29日前将初步审查意见和全部申请材料报送北京市园林绿化局。"
    ) in text
    assert (
        "北京市园林绿化局承诺自收到上述材料之日起20个工作日内作出批复，最迟于2026年7月27日前作出；"
        "不能按期作出的，经北京市园林绿化局负责人批准，可以延长10个工作日"
    ) in text
    assert "不计算在上述承诺时限内" in text
    # It rests on what the 批复 rests on, labelled 依据: no Licensing Law, no licence.
    provision = forms.DEFAULTS[("110000", "tending")][1]
    assert flat(f"依据：{provision}") in text and "法律依据" not in text
    assert LICENSING_LAW not in text and "行政许可" not in text and "第四十二条" not in text
    assert notice.content["document"]["statutory"] is False


def test_a_design_accepted_in_its_own_district_promises_the_districts_date(applicant_my):
    extra = {**TWO_TIER, "forwards": False, "deciding_agency": "密云区园林绿化局"}
    notice = _notice(_design_submitted(applicant_my), DocumentKind.ACCEPTANCE_NOTICE, extra=extra)
    text = text_of(notice)
    assert "本机关承诺自受理之日起20个工作日内作出批复，即于2026年7月27日前作出；" in text
    assert "经本机关负责人批准，可以延长10个工作日" in text and LICENSING_LAW not in text


def test_a_design_accepted_on_the_real_route_prints_the_commitment(applicant_my):
    accepted = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    notice = accepted.certificates.get(document_kind=DocumentKind.ACCEPTANCE_NOTICE)
    text = text_of(notice)
    assert "承诺" in text and "个工作日内" in text and "作出批复" in text
    assert LICENSING_LAW not in text and "行政许可" not in text


def test_when_the_design_is_a_licence_its_acceptance_cites_the_licensing_law(applicant_my):
    DecisionForm.objects.filter(jurisdiction_id="110000", kind="tending").update(
        form=ActForm.LICENCE, requiring_provision="《某市森林条例》第二十条“……”"
    )
    text = text_of(
        _notice(_design_submitted(applicant_my), DocumentKind.ACCEPTANCE_NOTICE, extra=TWO_TIER)
    )
    assert f"根据{LICENSING_LAW}第三十二条第一款第（五）项的规定，本机关决定予以受理" in text
    assert (
        f"根据{LICENSING_LAW}第四十二条第一款的规定，北京市园林绿化局自收到上述材料之日起" in text
    )
    assert "作出行政许可决定" in text and "承诺" not in text
    assert (
        f"法律依据：{LICENSING_LAW}第三十二条、第三十五条、第四十二条、第四十三条、第四十五条"
        in text
    )


def test_a_design_is_returned_for_correction_without_the_licensing_law(applicant_my):
    items = [{"field": "area_ha", "message": "面积与小班调查表不一致"}]
    text = text_of(
        _notice(_design_submitted(applicant_my), DocumentKind.CORRECTION_NOTICE, items=items)
    )
    assert "申请材料不齐全或者不符合要求。现一次性告知你单位需要补正的全部内容。" in text
    provision = forms.DEFAULTS[("110000", "tending")][1]
    assert flat(f"依据：{provision}") in text and LICENSING_LAW not in text
    _licence()
    text = text_of(
        _notice(_design_submitted(applicant_my), DocumentKind.CORRECTION_NOTICE, items=items)
    )
    assert f"根据{LICENSING_LAW}第三十二条第一款第（四）项的规定，现一次性告知" in text


def _licence() -> None:
    """The legal office finds the regulation: the row saved as the admin saves it (the cached
    forms are dropped)."""
    row = DecisionForm.objects.get(jurisdiction_id="110000", kind="tending")
    row.form = ActForm.LICENCE
    row.save()


def _not_accepted_design(applicant_my, reviewer_my, grounds):
    from tests.factories import committed
    from workflows.engine import open_tasks
    from workflows.services import task_decide

    application = _design_submitted(applicant_my)
    task = open_tasks(application=application).get()
    committed(
        task_decide,
        task_id=task.pk,
        by=reviewer_my,
        decision="not_accept",
        opinion="应向北京市园林绿化局申请",
        grounds=grounds,
    )
    return text_of(application.certificates.get(document_kind=DocumentKind.NON_ACCEPTANCE))


def test_a_design_not_accepted_names_its_grounds_without_the_licensing_law(
    applicant_my, reviewer_my
):
    text = _not_accepted_design(applicant_my, reviewer_my, ["N2"])
    assert "不予受理的情形" in text and "1.申请事项依法不属于本机关职权范围。" in text
    assert "本机关决定不予受理该申请。请你单位向依法有权受理该申请的有关行政机关提出申请。" in text
    assert LICENSING_LAW not in text and "第三十二条" not in text
    # The remedies stay: a refusal to accept is an administrative act.
    assert "申请行政复议" in text and "《中华人民共和国行政复议法》第二十条" in text


def test_a_licensed_design_not_accepted_cites_article_32(applicant_my, reviewer_my):
    _licence()
    text = _not_accepted_design(applicant_my, reviewer_my, ["N2"])
    assert f"{LICENSING_LAW}第三十二条第一款第（二）项" in text and "不予受理的依据" in text


# --- Item 3: the notices while the review runs and the holder's requests read the form -------

SPECIAL = {"procedure_kind": "expert_review", "started_on": date(2026, 6, 1)}
REQUEST = {"requested_on": date(2026, 6, 1), "request_reason": "作业小班调整"}


def _no_licensing_law(text: str) -> None:
    assert LICENSING_LAW not in text and "行政许可" not in text and "法律依据" not in text
    provision = forms.DEFAULTS[("110000", "tending")][1]
    assert flat(f"依据：{provision}") in text


def test_a_designs_extension_extends_the_commitment_not_the_statutory_period(applicant_my):
    extension = {"due_date": date(2026, 8, 10)}
    notice = _notice(
        _design_submitted(applicant_my),
        DocumentKind.EXTENSION_NOTICE,
        reason="需现场核查作业小班",
        extra=extension,
    )
    text = text_of(notice)
    assert "本机关正在审查。因需现场核查作业小班，本机关需要延长办理时限。" in text
    assert (
        "经本机关负责人批准，承诺时限延长10个工作日，本机关将于2026年8月10日前作出批复。"
        "特将延长的理由告知你单位。"
    ) in text
    assert "第四十二条" not in text and "作出决定" not in text
    _no_licensing_law(text)
    assert notice.content["document"]["statutory"] is False
    _licence()
    text = text_of(
        _notice(
            _design_submitted(applicant_my),
            DocumentKind.EXTENSION_NOTICE,
            reason="需现场核查作业小班",
            extra=extension,
        )
    )
    assert f"根据{LICENSING_LAW}第四十二条第一款的规定，经本机关负责人批准，办理期限延长" in text
    assert "本机关将于2026年8月10日前作出决定。" in text and "作出批复" not in text


def test_a_designs_expert_review_pauses_the_commitment_not_article_45(applicant_my):
    text = text_of(
        _notice(
            _design_submitted(applicant_my),
            DocumentKind.SPECIAL_PROCEDURE_NOTICE,
            reason="作业设计涉及珍稀植物群落",
            extra={**SPECIAL, "expected_working_days": 15},
        )
    )
    assert (
        "专家评审所需时间不计算在本机关承诺的办理时限内。专家评审自2026年6月1日开始，"
        "预计需要15个工作日"
    ) in text
    assert "第四十五条" not in text
    _no_licensing_law(text)


def test_a_designs_change_is_granted_as_a_pifu(applicant_my, reviewer_my, approver):
    application = approved_design(applicant_my, reviewer_my, approver)
    change = {
        **REQUEST,
        "request_kind": "change",
        "outcome": "granted",
        "changes": [{"label": "面积（公顷）", "from": "12.5", "to": "10"}],
        "superseded_number": "京园林批〔2026〕0001号",
    }
    notice = _notice(application, DocumentKind.CHANGE_DECISION, extra=change)
    text = text_of(notice)
    assert notice.content["document"]["title"] == "准予变更批复决定书"
    assert "经审查，申请变更的事项符合要求，未扩大批准的范围、地点、对象或者期限。" in text
    assert "本机关决定准予变更。" in text and "该批复以本决定为准" in text
    assert "第四十九条" not in text
    _no_licensing_law(text)
    # The remedies stay: the change decision is an administrative act.
    assert "申请行政复议" in text
    refused = _notice(
        application,
        DocumentKind.CHANGE_DECISION,
        reason="调整后的小班不在作业范围内",
        extra={**change, "outcome": "refused"},
    )
    text = text_of(refused)
    assert refused.content["document"]["title"] == "不予变更批复决定书"
    assert "本机关决定不予变更。该批复按原决定继续有效。" in text
    _no_licensing_law(text)


def test_a_designs_renewal_is_granted_or_deemed_as_a_pifu(applicant_my, reviewer_my, approver):
    application = approved_design(applicant_my, reviewer_my, approver)
    renewal = {
        **REQUEST,
        "request_kind": "renewal",
        "outcome": "granted",
        "old_until": date(2026, 12, 31),
        "valid_from": date(2027, 1, 1),
        "valid_until": date(2027, 6, 30),
        "superseded_number": "京园林批〔2026〕0001号",
    }
    granted = _notice(application, DocumentKind.RENEWAL_DECISION, extra=renewal)
    text = text_of(granted)
    assert granted.content["document"]["title"] == "准予延续批复决定书"
    assert "经审查，该申请符合延续的条件。本机关决定准予延续。" in text
    assert "延续后的批复有效期自2027年1月1日至2027年6月30日" in text
    assert "第五十条" not in text
    _no_licensing_law(text)
    deemed = text_of(
        _notice(application, DocumentKind.RENEWAL_DECISION, extra={**renewal, "outcome": "deemed"})
    )
    # The engine renews a 批复 not decided in time as it renews a licence: by analogy only.
    assert (
        f"参照{LICENSING_LAW}第五十条第二款“逾期未作决定的，视为准予延续”的规定，该批复视为准予延续。"
    ) in deemed
    provision = forms.DEFAULTS[("110000", "tending")][1]
    assert flat(f"依据：{provision}") in deemed and "法律依据" not in deemed


def test_a_designs_request_is_accepted_and_refused_without_the_licensing_law(
    applicant_my, reviewer_my, approver
):
    application = approved_design(applicant_my, reviewer_my, approver)
    renewal = {**REQUEST, "request_kind": "renewal", "old_until": date(2026, 12, 31)}
    accepted = text_of(
        _notice(
            application,
            DocumentKind.ACCEPTANCE_NOTICE,
            extra={**renewal, "decision_due_date": date(2026, 6, 20)},
        )
    )
    assert "申请材料齐全、符合要求。本机关决定予以受理，受理日期为" in accepted
    assert "第三十二条" not in accepted and "第四十二条" not in accepted
    assert f"参照{LICENSING_LAW}第五十条第二款的规定，本机关应当在该批复有效期届满" in accepted
    refused = text_of(
        _notice(application, DocumentKind.NON_ACCEPTANCE, reason="材料不属于本批复", extra=renewal)
    )
    assert "本机关决定不予受理该申请。该批复不因本决定而改变。" in refused
    _no_licensing_law(refused)


def test_a_designs_surrender_cancels_the_pifu(applicant_my, reviewer_my, approver):
    application = approved_design(applicant_my, reviewer_my, approver)
    notice = _notice(
        application,
        DocumentKind.CANCELLATION_NOTICE,
        extra={**REQUEST, "request_kind": "surrender", "request_reason": "不再实施作业"},
    )
    text = text_of(notice)
    assert notice.content["document"]["title"] == "注销批复通知书"
    assert "经审查，本机关同意你单位放弃该批复。" in text
    assert "根据你单位的申请，本机关注销该批复，该批复自本通知作出之日起失效。" in text
    assert "第七十条" not in text
    assert "依据：批复持有单位的注销申请" in text and LICENSING_LAW not in text
    assert "行政许可" not in text and "法律依据" not in text


def test_a_licensed_designs_change_still_cites_article_49(applicant_my, reviewer_my, approver):
    _licence()
    application = approved_design(applicant_my, reviewer_my, approver)
    text = text_of(
        _notice(
            application,
            DocumentKind.CHANGE_DECISION,
            extra={**REQUEST, "request_kind": "change", "outcome": "granted", "changes": []},
        )
    )
    assert f"根据{LICENSING_LAW}第四十九条的规定，本机关决定准予变更。" in text
    assert "法律依据" in text


def test_a_hearing_on_a_design_follows_the_licensing_law_by_analogy_only(applicant_my):
    application = _design_submitted(applicant_my)
    offer = {"working_days": 5, "due_date": date(2026, 6, 8), "held_working_days": 20}
    notice = text_of(
        _notice(
            application,
            DocumentKind.HEARING_NOTICE,
            reason="作业区邻近村庄水源地，本机关认为需要听证",
            extra=offer,
        )
    )
    assert (
        f"参照{LICENSING_LAW}第四十六条“" in notice and "现告知你单位享有要求听证的权利" in notice
    )
    assert "听证所需时间不计算在本机关承诺的办理时限内；本机关将根据听证笔录作出批复。" in notice
    assert "行政许可办理期限" not in notice and "作出行政许可决定。" not in notice.split("“")[-1]
    provision = forms.DEFAULTS[("110000", "tending")][1]
    assert flat(f"依据：{provision}") in notice and "法律依据" not in notice
    held = {
        "held_on": date(2026, 6, 20),
        "presiding_name": "赵主持",
        "requesters": ["密云区国有林场"],
        "hold_by": date(2026, 6, 15),
        "late_reason": "主持人出差",
    }
    record = text_of(
        _notice(application, DocumentKind.HEARING_RECORD, reason="申请人陈述：…", extra=held)
    )
    assert "本听证应当于2026年6月15日前举行；本机关逾期举行听证，逾期原因：主持人出差。" in record
    assert (
        "本机关将根据本听证笔录作出批复。" in record and f"参照{LICENSING_LAW}第四十八条" in record
    )
    assert flat(f"依据：{provision}") in record and "法律依据" not in record
    # The 批复 itself says it rests on the record, without art. 48(2)'s licence words.
    assert content.hearing_cited(
        [(date(2026, 6, 20), "密园林听〔2026〕0001号")], licence=False
    ) == [
        "本案已举行听证：2026年6月20日（听证笔录编号：密园林听〔2026〕0001号）。本批复根据听证笔录作出。"
    ]
