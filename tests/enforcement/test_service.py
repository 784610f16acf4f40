"""The service (送达) of a case's documents and what it starts (行政处罚法 arts. 59, 61, 64(1),
67(3)): the party's address on the decision, the notice's period and the fine's day counted
from receipt, 待送达 until then; the large-fine threshold's bound held as data (art. 63)."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.utils import timezone, translation

from audit.models import AuditEvent
from core.credit_codes import credit_code_check_character
from core.errors import InvalidInput, NotAllowed, NotVisible, StateConflict
from core.messages import (
    MSG_CASE_NOTICE_NOT_SERVED,
    MSG_CASE_PARTY_ADDRESS,
    MSG_CASE_SERVICE_CONSENT,
    MSG_CASE_SERVICE_DAY,
    MSG_CASE_SERVICE_DOCUMENT,
    MSG_CASE_SERVICE_GROUND,
    MSG_CASE_SERVICE_GROUND_OTHER,
    MSG_CASE_SERVICE_NOTE,
    MSG_CASE_SERVICE_REFERENCE,
    MSG_CASE_SERVICE_WITNESS,
)
from enforcement import law, selectors, services, serving
from enforcement.law import Standard
from enforcement.models import (
    Case,
    CaseDocumentKind,
    CaseService,
    CaseStatus,
    EnforcementStandard,
)
from roles.models import Agency
from tests.enforcement.test_cases import EVIDENCE, client_of, opened
from workflows.deadlines import add_working_days

pytestmark = pytest.mark.django_db

ADDRESS = "北京市密云区溪翁庄镇金叵罗村8号"
PERSON = {"name": "张三丰", "id_number": "11010519491231002X"}
PENALTY = {"article": "forest-76-2", "fine": "6000", "base_value": "1500", "replant_trees": 36}
DECISION = {"outcome": "penalty", "reasons": "滥伐事实清楚，证据确凿", **PENALTY}


@pytest.fixture
def officers(articles, head_my, reviewer_my, reviewer_my2):
    return head_my, reviewer_my, reviewer_my2


def notified(head_my, reviewer_my, party=None):
    case = opened(head_my)
    services.case_register(case_id=case.pk, by=head_my, party=party or PERSON)
    services.case_evidence(
        case_id=case.pk, by=reviewer_my, officers=["district_my", "district_my2"], evidence=EVIDENCE
    )
    return services.case_prior_notice(case_id=case.pk, by=reviewer_my, **PENALTY)


def document_of(case, kind):
    return case.documents.get(kind=kind)


def serve(case, by, kind, day=None, **facts):
    facts = {"method": "direct", "recipient": "张三丰", **facts}
    return serving.case_serve(
        case_id=case.pk,
        by=by,
        document=document_of(case, kind).pk,
        served_on=day or timezone.localdate(),
        **facts,
    )


def printed(case, kind):
    document = document_of(case, kind).content["document"]
    return "".join([*document["paragraphs"], *document.get("closing", [])])


def decided(officers, **decision):
    head_my, reviewer_my, _ = officers
    case = notified(head_my, reviewer_my, party={**PERSON, "address": ADDRESS})
    services.case_statement(case_id=case.pk, by=reviewer_my, waived=True)
    return services.case_decide(case_id=case.pk, by=head_my, **{**DECISION, **decision})


# ------------------------------------------------------------------------ party's address


def test_the_address_given_at_registration_is_printed_and_stored_encrypted(officers):
    head_my, reviewer_my, _ = officers
    case = notified(head_my, reviewer_my, party={**PERSON, "address": f"  {ADDRESS} "})
    assert Case.objects.get(pk=case.pk).party_address == ADDRESS
    assert f"地址：{ADDRESS}" in printed(case, CaseDocumentKind.PENALTY_PRIOR_NOTICE)
    stored = Case.objects.filter(pk=case.pk).values_list("party_address", flat=True)
    # The column holds ciphertext: read raw, it is not the address.
    with connection.cursor() as cursor:
        cursor.execute("SELECT party_address FROM enforcement_case WHERE id = %s", [case.pk])
        raw = cursor.fetchone()[0]
    assert ADDRESS not in raw and list(stored) == [ADDRESS]


@pytest.mark.parametrize(
    "address", [123, "北" * 201, "第一行\n第二行", ["北京"]], ids=["number", "long", "two", "list"]
)
def test_a_bad_address_at_registration_is_refused_on_its_field(officers, address):
    head_my, _, _ = officers
    case = opened(head_my)
    with pytest.raises(InvalidInput) as refused:
        services.case_register(case_id=case.pk, by=head_my, party={**PERSON, "address": address})
    assert refused.value.problems[0].field == "party.address"
    assert refused.value.problems[0].message == str(MSG_CASE_PARTY_ADDRESS)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.OPENED


def test_no_decision_without_the_address_and_nothing_changes(officers):
    head_my, reviewer_my, _ = officers
    case = notified(head_my, reviewer_my)
    services.case_statement(case_id=case.pk, by=reviewer_my, waived=True)
    with pytest.raises(InvalidInput) as refused:
        services.case_decide(case_id=case.pk, by=head_my, **DECISION)
    problem = refused.value.problems[0]
    assert (problem.field, problem.code) == ("party_address", "required")
    assert problem.message == str(MSG_CASE_PARTY_ADDRESS)
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.NOTIFIED and case.decided_at is None
    assert not case.documents.filter(kind=CaseDocumentKind.PENALTY_DECISION).exists()
    assert not AuditEvent.objects.filter(action="case_decided").exists()
    for blank in ("", "   "):
        with pytest.raises(InvalidInput):
            services.case_decide(case_id=case.pk, by=head_my, party_address=blank, **DECISION)
    case = services.case_decide(case_id=case.pk, by=head_my, party_address=ADDRESS, **DECISION)
    assert case.party_address == ADDRESS
    assert f"地址：{ADDRESS}" in printed(case, CaseDocumentKind.PENALTY_DECISION)
    event = AuditEvent.objects.get(action="case_decided")
    assert event.details["party_address_given"] is True


def test_a_no_penalty_decision_names_the_address_too(officers):
    case = decided(
        officers,
        outcome="no_penalty",
        no_penalty_ground="minor_corrected",
        article=None,
        fine=None,
        replant_trees=0,
    )
    assert f"地址：{ADDRESS}" in printed(case, CaseDocumentKind.NO_PENALTY_DECISION)


def test_the_api_takes_the_address_and_shows_it(officers):
    head_my, _, _ = officers
    case = opened(head_my)
    url = f"/api/v1/cases/{case.pk}/"
    answer = client_of(head_my).post(
        url + "register/", {"party": {**PERSON, "address": ADDRESS}}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["party"]["address"] == ADDRESS
    case = opened(head_my, facts="擅自采伐林木3株")
    long = client_of(head_my).post(
        f"/api/v1/cases/{case.pk}/register/",
        {"party": {**PERSON, "address": "北" * 201}},
        format="json",
    )
    assert long.status_code == 400
    assert long.json()["errors"][0]["field"] == "party.address"


# ------------------------------------------------------------------ the notice's service


def test_the_notice_period_runs_from_its_service(officers):
    head_my, reviewer_my, _ = officers
    case = notified(head_my, reviewer_my)
    assert case.statement_due is None
    notice = printed(case, CaseDocumentKind.PENALTY_PRIOR_NOTICE)
    assert (
        "自收到本告知书之日起五个工作日内" in notice
        and "年" not in notice.split("陈述、申辩的权利")[1]
    )
    with pytest.raises(StateConflict) as waiting:
        services.case_decide(case_id=case.pk, by=head_my, party_address=ADDRESS, **DECISION)
    assert waiting.value.problems[0].code == "notice_not_served"
    assert str(MSG_CASE_NOTICE_NOT_SERVED) in str(waiting.value.detail)
    later = timezone.localdate() + timedelta(days=10)
    with time_machine.travel(later, tick=False):
        service = serve(case, reviewer_my, CaseDocumentKind.PENALTY_PRIOR_NOTICE)
    case = Case.objects.get(pk=case.pk)
    assert case.statement_due == add_working_days(later, 5)
    assert service.receipt.kind == CaseDocumentKind.SERVICE_RECEIPT
    event = AuditEvent.objects.get(action="case_served")
    assert event.details["statement_due"] == case.statement_due.isoformat()
    assert event.details["document_number"] == document_of(case, "penalty_prior_notice").number


def test_a_hearing_asked_within_five_working_days_of_receipt_is_in_time(officers):
    head_my, reviewer_my, _ = officers
    code = "91110228MA01ABCD1"
    party = {"name": "密云某公司", "credit_code": code + credit_code_check_character(code)}
    case = opened(head_my)
    services.case_register(case_id=case.pk, by=head_my, party=party)
    services.case_evidence(
        case_id=case.pk, by=reviewer_my, officers=["district_my", "district_my2"], evidence=EVIDENCE
    )
    case = services.case_prior_notice(
        case_id=case.pk, by=reviewer_my, article="forest-76-1", fine="150000", base_value="20000"
    )
    assert case.hearing_right
    assert "要求听证的，应当自收到本告知书之日起五个工作日内提出" in printed(
        case, CaseDocumentKind.PENALTY_PRIOR_NOTICE
    )
    issued = timezone.localdate()
    # Served a week after the issue: five working days from the issue are gone, not from receipt.
    served = issued + timedelta(days=7)
    with time_machine.travel(served, tick=False):
        serve(case, reviewer_my, CaseDocumentKind.PENALTY_PRIOR_NOTICE, recipient="公司收发员")
    due = Case.objects.get(pk=case.pk).statement_due
    assert due == add_working_days(served, 5) and due > add_working_days(issued, 5)
    with (
        time_machine.travel(due + timedelta(days=1), tick=False),
        pytest.raises(StateConflict) as late,
    ):
        services.case_statement(case_id=case.pk, by=reviewer_my, hearing_requested=True)
    assert late.value.problems[0].code == "hearing_request_late"
    with time_machine.travel(due, tick=False):
        case = services.case_statement(case_id=case.pk, by=reviewer_my, hearing_requested=True)
    assert case.statement_kind == "hearing_requested"


def test_the_notice_cannot_be_served_once_decided(officers):
    head_my, _, _ = officers
    case = decided(officers)
    assert serving.servable_documents(case) == [
        document_of(case, CaseDocumentKind.PENALTY_DECISION)
    ]
    with pytest.raises(StateConflict) as refused:
        serve(case, head_my, CaseDocumentKind.PENALTY_PRIOR_NOTICE)
    assert refused.value.problems[0].code == "wrong_status"


# ---------------------------------------------------------------- the decision's service


def test_the_fine_waits_for_the_decisions_service(officers):
    head_my, reviewer_my, _ = officers
    case = decided(officers)
    assert case.status == CaseStatus.DECIDED and case.fine_due is None
    decision = printed(case, CaseDocumentKind.PENALTY_DECISION)
    assert "罚款请自收到本决定书之日起十五日内缴至指定银行" in decision
    assert "罚款请于" not in decision
    year_later = timezone.localdate() + timedelta(days=365)
    # Unserved: no day, no 加处罚款, never overdue (待送达).
    assert law.surcharge_as_of(case, year_later) == Decimal("0.00")
    assert "fine" not in selectors.case_overdue(case, year_later)
    record = client_of(head_my).get(f"/api/v1/cases/{case.pk}/").json()
    assert record["decision_service"] == "pending" and record["fine_due"] is None
    served = timezone.localdate() + timedelta(days=5)
    with time_machine.travel(served, tick=False):
        serve(
            case,
            reviewer_my,
            CaseDocumentKind.PENALTY_DECISION,
            method="post",
            recipient="张三丰",
            place=ADDRESS,
            reference="EMS1234567890",
        )
    case = Case.objects.get(pk=case.pk)
    assert case.fine_due == served + timedelta(days=15)
    assert law.surcharge_as_of(case, case.fine_due) == Decimal("0.00")
    assert law.surcharge_as_of(case, case.fine_due + timedelta(days=1)) == Decimal("180.00")
    record = client_of(head_my).get(f"/api/v1/cases/{case.pk}/").json()
    assert record["decision_service"] == "served"
    assert record["fine_due"] == case.fine_due.isoformat()
    assert record["services"][0]["method"] == "post"
    assert record["services"][0]["reference"] == "EMS1234567890"
    receipt = printed(case, CaseDocumentKind.SERVICE_RECEIPT)
    assert "送达方式：" in receipt and "EMS1234567890" in receipt and ADDRESS in receipt


def test_the_pages_show_pending_service_and_record_it(officers, client):
    head_my, reviewer_my, _ = officers
    case = decided(officers)
    client.force_login(reviewer_my)
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="case-decision-unserved"' in text and 'id="act-service"' in text
    decision = document_of(case, CaseDocumentKind.PENALTY_DECISION)
    answer = client.post(
        f"/cases/{case.pk}/",
        {
            "action": "service",
            "document": str(decision.pk),
            "method": "direct",
            "served_on": timezone.localdate().isoformat(),
            "recipient": "张三丰",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    case = Case.objects.get(pk=case.pk)
    assert case.fine_due == timezone.localdate() + timedelta(days=15)
    text = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="case-services"' in text and 'id="case-decision-unserved"' not in text


# -------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("facts", "field", "message"),
    [
        ({"method": "left", "place": ADDRESS}, "witness", MSG_CASE_SERVICE_WITNESS),
        ({"method": "post", "place": ADDRESS}, "reference", MSG_CASE_SERVICE_REFERENCE),
        (
            {"method": "electronic", "reference": "a@b.cn"},
            "consent_signed",
            MSG_CASE_SERVICE_CONSENT,
        ),
        (
            {"method": "electronic", "reference": "a@b.cn", "consent_signed": "yes"},
            "consent_signed",
            MSG_CASE_SERVICE_CONSENT,
        ),
        (
            {"method": "public_notice", "recipient": "", "ground": "whereabouts_unknown"},
            "note",
            MSG_CASE_SERVICE_NOTE,
        ),
        # 民事诉讼法 art. 95: only on one of its two grounds, recorded with the course taken.
        (
            {"method": "public_notice", "recipient": "", "note": "公告张贴于村委会公告栏"},
            "ground",
            MSG_CASE_SERVICE_GROUND,
        ),
        (
            {"method": "public_notice", "note": "公告张贴于村委会公告栏", "ground": "lost"},
            "ground",
            MSG_CASE_SERVICE_GROUND,
        ),
        (
            {"method": "public_notice", "note": "公告张贴于村委会公告栏", "ground": ["x"]},
            "ground",
            MSG_CASE_SERVICE_GROUND,
        ),
        # Another way given a ground is refused, not stripped (no receipt says what was not).
        (
            {"method": "direct", "ground": "other_ways_failed"},
            "ground",
            MSG_CASE_SERVICE_GROUND_OTHER,
        ),
        ({"method": "direct", "recipient": ""}, "recipient", None),
        ({"method": "post", "reference": "EMS1"}, "place", None),
        ({"method": "fax"}, "method", None),
        ({"method": None}, "method", None),
        ({"recipient": ["张三"]}, "recipient", None),
        ({"recipient": "张" * 121}, "recipient", None),
        ({"place": {"x": 1}}, "place", None),
    ],
)
def test_each_way_of_service_needs_its_facts(officers, facts, field, message):
    head_my, reviewer_my, _ = officers
    case = notified(head_my, reviewer_my)
    with pytest.raises(InvalidInput) as refused:
        serve(case, reviewer_my, CaseDocumentKind.PENALTY_PRIOR_NOTICE, **facts)
    fields = {p.field: p for p in refused.value.problems}
    assert field in fields
    if message is not None:
        assert fields[field].message == str(message)
    assert not CaseService.objects.exists()
    assert Case.objects.get(pk=case.pk).statement_due is None
    assert not case.documents.filter(kind=CaseDocumentKind.SERVICE_RECEIPT).exists()


def test_the_ways_that_need_less_are_recorded(officers):
    head_my, reviewer_my, _ = officers
    case = notified(head_my, reviewer_my)
    service = serve(
        case,
        reviewer_my,
        CaseDocumentKind.PENALTY_PRIOR_NOTICE,
        method="left",
        place=ADDRESS,
        recipient="张三丰（拒收）",
        note="拒收，拍照录像记录留置过程",
    )
    assert service.witness == "" and service.method == "left"
    case = decided(officers)
    service = serve(
        case,
        reviewer_my,
        CaseDocumentKind.PENALTY_DECISION,
        method="electronic",
        reference="zhang@example.cn",
        consent_signed=True,
    )
    assert service.consent_signed
    assert "签订确认书" in printed(case, CaseDocumentKind.SERVICE_RECEIPT)


def test_a_public_notice_is_served_thirty_days_after_its_publication(officers):
    # 民事诉讼法 art. 95: 自发出公告之日起，经过三十日，即视为送达; the fine's fifteen days
    # (行政处罚法 art. 67(3)) run from then, not from the day the notice went up.
    head_my, reviewer_my, _ = officers
    case = decided(officers)
    published = timezone.localdate()
    service = serve(
        case,
        reviewer_my,
        CaseDocumentKind.PENALTY_DECISION,
        day=published,
        method="public_notice",
        recipient="",
        ground="whereabouts_unknown",
        note="当事人下落不明，直接、邮寄送达均未果；公告张贴于住所地村委会公告栏",
    )
    assert service.ground == "whereabouts_unknown"
    deemed = published + timedelta(days=30)
    assert service.served_on == deemed
    case = Case.objects.get(pk=case.pk)
    assert case.decision_served_on == deemed
    assert case.fine_due == deemed + timedelta(days=15)
    assert law.surcharge_as_of(case, published + timedelta(days=16)) == Decimal("0.00")
    receipt = printed(case, CaseDocumentKind.SERVICE_RECEIPT)
    assert "视为送达日期" in receipt and "发出公告日期" in receipt
    # Art. 95(2): 应当在案卷中记明原因和经过, the ground in Chinese whoever recorded it.
    assert "公告送达原因：受送达人下落不明" in receipt
    assert "公告送达经过：当事人下落不明，直接、邮寄送达均未果" in receipt
    event = AuditEvent.objects.filter(action="case_served").latest("pk")
    assert event.details["ground"] == "whereabouts_unknown"
    assert event.details["published_on"] == published.isoformat()
    assert event.details["served_on"] == deemed.isoformat()


def test_the_doors_take_a_public_notices_ground(officers, client):
    head_my, reviewer_my, _ = officers
    case = decided(officers)
    decision = document_of(case, CaseDocumentKind.PENALTY_DECISION)
    url = f"/api/v1/cases/{case.pk}/service/"
    body = {
        "document": decision.pk,
        "method": "public_notice",
        "served_on": timezone.localdate().isoformat(),
        "note": "邮寄送达被退回，直接送达未遇；公告张贴于住所地村委会公告栏",
    }
    api = client_of(reviewer_my)
    missing = api.post(url, body, format="json")
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "ground"
    assert missing.json()["errors"][0]["code"] == "required"
    unknown = api.post(url, {**body, "ground": "lost"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "ground"
    other = {**body, "method": "direct", "recipient": "张三丰", "ground": "other_ways_failed"}
    refused = api.post(url, other, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "ground"
    assert not CaseService.objects.exists()
    client.force_login(reviewer_my)
    form = {**body, "action": "service", "document": str(decision.pk)}
    page = client.post(f"/cases/{case.pk}/", form)
    with translation.override("zh-hans"):
        message = str(MSG_CASE_SERVICE_GROUND)
    assert page.status_code == 200 and message in page.content.decode()
    assert not CaseService.objects.exists()
    answer = client.post(f"/cases/{case.pk}/", {**form, "ground": "other_ways_failed"})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert CaseService.objects.get().ground == "other_ways_failed"
    assert "公告送达原因：用其他方式无法送达" in printed(case, CaseDocumentKind.SERVICE_RECEIPT)
    record = api.get(f"/api/v1/cases/{case.pk}/").json()
    assert record["services"][0]["ground"] == "other_ways_failed"
    assert "用其他方式无法送达" in client.get(f"/cases/{case.pk}/").content.decode()


@pytest.mark.parametrize("day", ["2026-13-01", "tomorrow", None, 20260101, "future", "before"])
def test_a_bad_day_is_refused(officers, day):
    head_my, reviewer_my, _ = officers
    case = notified(head_my, reviewer_my)
    today = timezone.localdate()
    value = {"future": today + timedelta(days=1), "before": today - timedelta(days=1)}.get(day, day)
    with pytest.raises(InvalidInput) as refused:
        serving.case_serve(
            case_id=case.pk,
            by=reviewer_my,
            document=document_of(case, "penalty_prior_notice").pk,
            method="direct",
            recipient="张三丰",
            served_on=value,
        )
    assert refused.value.problems[0].field == "served_on"
    assert refused.value.problems[0].message == str(MSG_CASE_SERVICE_DAY)


def test_a_document_not_served_or_of_another_case_is_refused(officers):
    head_my, reviewer_my, _ = officers
    case = notified(head_my, reviewer_my)
    other = notified(head_my, reviewer_my)
    registration = document_of(case, CaseDocumentKind.CASE_REGISTRATION).pk
    elsewhere = document_of(other, CaseDocumentKind.PENALTY_PRIOR_NOTICE).pk
    for document in (registration, elsewhere, "x", None, 10**15, -1, ["1"]):
        with pytest.raises(InvalidInput) as refused:
            serving.case_serve(
                case_id=case.pk,
                by=reviewer_my,
                document=document,
                method="direct",
                recipient="张三丰",
                served_on=timezone.localdate(),
            )
        assert refused.value.problems[0].field == "document"
        assert refused.value.problems[0].message == str(MSG_CASE_SERVICE_DOCUMENT)


def test_a_document_is_served_once(officers):
    head_my, reviewer_my, _ = officers
    case = notified(head_my, reviewer_my)
    serve(case, reviewer_my, CaseDocumentKind.PENALTY_PRIOR_NOTICE)
    due = Case.objects.get(pk=case.pk).statement_due
    with (
        time_machine.travel(timezone.localdate() + timedelta(days=3), tick=False),
        pytest.raises(StateConflict) as again,
    ):
        serve(case, reviewer_my, CaseDocumentKind.PENALTY_PRIOR_NOTICE)
    assert again.value.problems[0].code == "served_already"
    assert Case.objects.get(pk=case.pk).statement_due == due
    assert CaseService.objects.count() == 1


# ------------------------------------------------------------------------ permissions


def test_only_the_cases_officials_serve(officers, reviewer_yq, auditor, outsider, legal_my):
    head_my, reviewer_my, _ = officers
    case = notified(head_my, reviewer_my)
    for user in (reviewer_yq, outsider):
        with pytest.raises(NotVisible):
            serve(case, user, CaseDocumentKind.PENALTY_PRIOR_NOTICE)
    for user in (auditor, legal_my):
        with pytest.raises(NotAllowed):
            serve(case, user, CaseDocumentKind.PENALTY_PRIOR_NOTICE)
    assert not CaseService.objects.exists()
    url = f"/api/v1/cases/{case.pk}/service/"
    body = {
        "document": document_of(case, "penalty_prior_notice").pk,
        "method": "direct",
        "served_on": timezone.localdate().isoformat(),
        "recipient": "张三丰",
    }
    assert client_of(outsider).post(url, body, format="json").status_code == 404
    assert client_of(reviewer_yq).post(url, body, format="json").status_code == 404
    assert client_of(auditor).post(url, body, format="json").status_code == 403
    assert client_of(None).post(url, body, format="json").status_code in (401, 403)
    unknown = client_of(reviewer_my).post(url, {**body, "surprise": 1}, format="json")
    assert unknown.status_code == 400
    bad = client_of(reviewer_my).post(url, {**body, "served_on": "2026-02-30"}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "served_on"
    answer = client_of(head_my).post(url, body, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["statement_due"] == add_working_days(timezone.localdate(), 5).isoformat()
    assert answer.json()["services"][0]["receipt_number"]


# -------------------------------------------------------------- the large-fine threshold


@pytest.mark.parametrize(
    ("inclusive", "fine", "natural_person", "expected"),
    [
        (False, "10000", True, False),  # 超过: the figure itself is not large
        (False, "10000.01", True, True),
        (True, "10000", True, True),  # 以上: the figure is large
        (True, "9999.99", True, False),
        (False, "100000", False, False),
        (False, "100000.01", False, True),
        (True, "100000", False, True),
    ],
)
def test_the_threshold_bound_is_the_standards(inclusive, fine, natural_person, expected):
    standard = Standard(hearing_fine_inclusive=inclusive)
    assert law.hearing_applies(standard, Decimal(fine), natural_person=natural_person) is expected


def test_the_default_reading_cites_its_source():
    standard = Standard()
    assert standard.hearing_fine_inclusive is False
    assert "超过" in standard.hearing_fine_source and "第六十三条" in standard.hearing_fine_source


def test_a_jurisdictions_row_says_whether_the_figure_is_included(officers):
    head_my, reviewer_my, _ = officers
    jurisdiction = Agency.objects.get(code="110118-forestry").jurisdiction_id
    row = EnforcementStandard.objects.create(
        jurisdiction_id=jurisdiction,
        register_working_days=15,
        statement_working_days=5,
        decision_days=90,
        hearing_fine_person=Decimal(5000),
        hearing_fine_organisation=Decimal(50000),
        publication_working_days=7,
        fine_payment_days=15,
        replanting_days=180,
    )
    assert law.standard_of(jurisdiction).hearing_fine_inclusive is False
    assert "超过" in law.standard_of(jurisdiction).hearing_fine_source
    penalty = {"article": "forest-74-1-trees", "fine": "5000", "base_value": "2500"}
    case = opened(head_my)
    services.case_register(case_id=case.pk, by=head_my, party=PERSON)
    services.case_evidence(
        case_id=case.pk, by=reviewer_my, officers=["district_my", "district_my2"], evidence=EVIDENCE
    )
    assert not services.case_prior_notice(case_id=case.pk, by=reviewer_my, **penalty).hearing_right
    row.hearing_fine_inclusive, row.hearing_fine_source = True, "对公民处以5000元以上罚款"
    row.save()
    assert law.standard_of(jurisdiction).hearing_fine_source == "对公民处以5000元以上罚款"
    case = opened(head_my, facts="擅自毁坏林木")
    services.case_register(case_id=case.pk, by=head_my, party=PERSON)
    services.case_evidence(
        case_id=case.pk, by=reviewer_my, officers=["district_my", "district_my2"], evidence=EVIDENCE
    )
    assert services.case_prior_notice(case_id=case.pk, by=reviewer_my, **penalty).hearing_right


def test_chinese_counts():
    from enforcement.papers import chinese_count

    assert [chinese_count(n) for n in (0, 5, 10, 15, 20, 30, 105, 110, 180)] == [
        "零",
        "五",
        "十",
        "十五",
        "二十",
        "三十",
        "一百零五",
        "一百一十",
        "一百八十",
    ]


# ------------------------------------------------------------- art. 61: served in seven days


@pytest.mark.parametrize("outcome", ["penalty", "no_penalty"])
def test_a_decision_not_served_within_seven_working_days_is_overdue_until_served(officers, outcome):
    head_my, reviewer_my, _ = officers
    no_penalty = {"outcome": "no_penalty", "no_penalty_ground": "minor_corrected"}
    case = decided(officers, **(no_penalty if outcome == "no_penalty" else {}))
    today = timezone.localdate()
    serve_by = add_working_days(today, 7)  # art. 61 七日, working days (art. 85)
    assert case.decision_serve_by == serve_by
    assert "service" not in selectors.case_overdue(case, serve_by)
    late = serve_by + timedelta(days=1)
    assert selectors.case_overdue(case, late)["service"] == serve_by
    assert case.pk in selectors.cases_overdue(late)
    kind = (
        CaseDocumentKind.PENALTY_DECISION
        if outcome == "penalty"
        else CaseDocumentKind.NO_PENALTY_DECISION
    )
    serve(case, reviewer_my, kind, day=today)
    case = Case.objects.get(pk=case.pk)
    assert case.decision_served_on == today
    assert "service" not in selectors.case_overdue(case, late)
