"""Enforcement cases (issue 48 item 5): the acts through their services and the API, the bad
inputs, who sees what, and what the documents print."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation
from rest_framework.test import APIClient

from audit.models import AuditEvent
from core.credit_codes import credit_code_check_character
from core.errors import InvalidInput, NotAllowed, StateConflict
from core.messages import MSG_CASE_TWO_OFFICERS
from enforcement import hearings, services, serving
from enforcement.models import Case, CaseDocumentKind, CaseStatus
from enforcement.selectors import masked_id_number
from forest_watch.matching import patch_layer_match
from forest_watch.models import Patch
from permits.models import Notification
from tests.forest_watch.helpers import box, import_patches, props

# A valid resident id number (its check character computed) and credit code.
ID_NUMBER = "11010519491231002X"
PERSON = {"name": "张三丰", "id_number": ID_NUMBER, "address": "北京市密云区溪翁庄镇"}
EVIDENCE = [
    {"kind": "photo", "description": "现场照片3张，伐桩12个"},
    {"kind": "measurement", "description": "实测伐桩直径，折合蓄积4.2立方米"},
    {"kind": "statement", "description": "当事人询问笔录1份"},
]

pytestmark = pytest.mark.django_db


def client_of(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def opened(head_my, facts="擅自采伐林木12株"):
    case, created = services.case_open(source="manual", facts=facts, by=head_my)
    assert created
    return case


def through_notice(head_my, reviewer_my, reviewer_my2, **proposal):
    case = opened(head_my)
    services.case_register(case_id=case.pk, by=head_my, party=PERSON)
    services.case_evidence(
        case_id=case.pk,
        by=reviewer_my,
        officers=["district_my", "district_my2"],
        evidence=EVIDENCE,
    )
    proposal = proposal or {
        "article": "forest-76-2",
        "fine": "6000",
        "base_value": "1500",
        "replant_trees": 36,
    }
    return services.case_prior_notice(case_id=case.pk, by=reviewer_my, **proposal)


def a_patch():
    """A change patch of 密云, matched and assigned to its forestry agency."""
    layer = import_patches(
        (box(116.80, 40.40, 0.002, 0.002), props("E-1", before_date="2026-02-01"))
    )
    patch_layer_match(layer.pk)
    return Patch.objects.select_related("agency").get(layer=layer)


@pytest.fixture
def officers(articles, head_my, reviewer_my, reviewer_my2):
    return head_my, reviewer_my, reviewer_my2


def test_a_case_carried_to_a_paid_fine_and_replanting(officers, committed):
    head_my, reviewer_my, reviewer_my2 = officers
    case = through_notice(head_my, reviewer_my, reviewer_my2)
    assert case.status == CaseStatus.NOTIFIED
    # 6,000 yuan to a natural person is below the large-fine threshold: no hearing, no review.
    assert not case.hearing_right and not case.legal_review_required
    services.case_statement(case_id=case.pk, by=reviewer_my, statement="树木系自家所种")
    case = services.case_decide(
        case_id=case.pk,
        by=head_my,
        outcome="penalty",
        article="forest-76-2",
        fine="6000",
        base_value="1500",
        replant_trees=36,
        reasons="滥伐事实清楚，证据确凿",
    )
    assert case.status == CaseStatus.DECIDED and case.published_at is not None
    case = services.case_execute(case_id=case.pk, by=reviewer_my, fine_paid_on=date.today())
    assert case.status == CaseStatus.DECIDED  # the replanting is still owed
    case = services.case_execute(
        case_id=case.pk, by=reviewer_my, replanted_on=date.today(), replanted_trees=36
    )
    assert case.status == CaseStatus.EXECUTED
    services.case_replanting_inspect(
        case_id=case.pk,
        by=reviewer_my,
        checked_on=date.today(),
        officers=["district_my", "district_my2"],
        trees_alive=36,
        passed=True,
    )
    case = services.case_close(case_id=case.pk, by=head_my, note="罚款已缴，补种验收合格")
    assert case.status == CaseStatus.CLOSED
    kinds = list(case.documents.values_list("kind", flat=True))
    assert kinds == [
        CaseDocumentKind.CASE_REGISTRATION,
        CaseDocumentKind.PENALTY_PRIOR_NOTICE,
        CaseDocumentKind.PENALTY_DECISION,
        CaseDocumentKind.REPLANTING_INSPECTION,
    ]
    actions = list(
        AuditEvent.objects.filter(details__case_id=case.pk)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "case_opened",
        "case_registered",
        "case_evidence",
        "case_notified",
        "case_statement",
        "case_decided",
        "case_executed",
        "case_executed",
        "case_replanting_inspected",
        "case_closed",
    ]
    assert Notification.objects.filter(recipient=head_my, message__contains=case.number).exists()


def test_the_decision_prints_facts_evidence_article_penalty_and_remedies(officers):
    head_my, reviewer_my, reviewer_my2 = officers
    case = through_notice(head_my, reviewer_my, reviewer_my2)
    services.case_statement(case_id=case.pk, by=reviewer_my, waived=True)
    services.case_decide(
        case_id=case.pk,
        by=head_my,
        outcome="penalty",
        article="forest-76-2",
        fine="6000",
        base_value="1500",
        replant_trees=36,
        reasons="滥伐事实清楚",
    )
    decision = case.documents.get(kind=CaseDocumentKind.PENALTY_DECISION).content["document"]
    printed = "".join([*decision["paragraphs"], *decision["grounds"], *decision["closing"]])
    assert decision["title"] == "林业行政处罚决定书"
    assert "擅自采伐林木12株" in printed  # the facts
    assert "当事人询问笔录1份" in printed  # the evidence
    assert "《中华人民共和国森林法》第七十六条第二款" in printed  # the article violated
    assert "滥伐林木的，由县级以上人民政府林业主管部门责令限期" in printed  # quoted
    assert "罚款6,000.00元" in printed and "补种树木36株" in printed  # the penalty
    assert "申请行政复议" in printed and "提起行政诉讼" in printed  # the remedies
    assert "你如对本决定不服" in printed  # a natural person is addressed as one
    assert ID_NUMBER not in printed and masked_id_number(ID_NUMBER) in printed
    assert "第五十七条" in decision["legal_basis"]
    assert decision["seal"] in ("wet", "unsealed")
    notice = case.documents.get(kind=CaseDocumentKind.PENALTY_PRIOR_NOTICE).content["document"]
    told = "".join(notice["closing"])
    assert "陈述、申辩" in told and "听证" not in told


def test_one_officer_alone_is_refused_and_changes_nothing(officers):
    head_my, reviewer_my, _ = officers
    case = opened(head_my)
    services.case_register(case_id=case.pk, by=head_my, party=PERSON)
    for names in (["district_my"], ["district_my", "district_my"], []):
        with pytest.raises(InvalidInput) as refused:
            services.case_evidence(
                case_id=case.pk, by=reviewer_my, officers=names, evidence=EVIDENCE
            )
        assert refused.value.problems[0].message == str(MSG_CASE_TWO_OFFICERS)
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.REGISTERED and case.evidence == []


def test_an_officer_of_another_agency_is_refused(officers, reviewer_yq):
    head_my, reviewer_my, _ = officers
    case = opened(head_my)
    services.case_register(case_id=case.pk, by=head_my, party=PERSON)
    with pytest.raises(InvalidInput) as refused:
        services.case_evidence(
            case_id=case.pk,
            by=reviewer_my,
            officers=["district_my", "district_yq"],
            evidence=EVIDENCE,
        )
    assert "district_yq" in refused.value.problems[0].message


def test_a_fine_outside_the_article_is_refused_naming_it(officers):
    head_my, reviewer_my, reviewer_my2 = officers
    with pytest.raises(InvalidInput) as refused:
        through_notice(
            head_my,
            reviewer_my,
            reviewer_my2,
            article="forest-76-1",
            fine="1000",
            base_value="1500",
        )
    problem = refused.value.problems[0]
    assert problem.field == "fine"
    assert "《中华人民共和国森林法》第七十六条第一款" in problem.message
    assert "7,500.00" in problem.message and "15,000.00" in problem.message
    case = Case.objects.get()
    assert (
        case.status == CaseStatus.INVESTIGATED
        and not case.documents.filter(kind="penalty_prior_notice").exists()
    )


def test_a_biosafety_fine_is_an_amount(officers):
    head_my, reviewer_my, reviewer_my2 = officers
    with pytest.raises(InvalidInput) as refused:
        through_notice(head_my, reviewer_my, reviewer_my2, article="biosafety-81-1", fine="300000")
    assert "生物安全法" in refused.value.problems[0].message


def test_the_decision_waits_for_the_statement_period(officers):
    head_my, reviewer_my, reviewer_my2 = officers
    case = through_notice(head_my, reviewer_my, reviewer_my2)
    decision = {
        "case_id": case.pk,
        "by": head_my,
        "outcome": "penalty",
        "article": "forest-76-2",
        "fine": "6000",
        "base_value": "1500",
        "replant_trees": 36,
        "reasons": "滥伐",
    }
    with pytest.raises(StateConflict):
        services.case_decide(**decision)
    serving.case_serve(
        case_id=case.pk,
        by=reviewer_my,
        document=case.documents.get(kind="penalty_prior_notice").pk,
        method="direct",
        served_on=date.today(),
        recipient="张三丰",
    )
    with pytest.raises(StateConflict):
        services.case_decide(**decision)
    case = Case.objects.get(pk=case.pk)
    assert (
        case.status == CaseStatus.NOTIFIED
        and not case.documents.filter(kind="penalty_decision").exists()
    )
    with time_machine.travel(case.statement_due + timedelta(days=1), tick=False):
        assert services.case_decide(**decision).status == CaseStatus.DECIDED


def test_a_large_fine_offers_a_hearing_and_needs_its_legal_review(officers, legal_my):
    head_my, reviewer_my, reviewer_my2 = officers
    case = through_notice(
        head_my, reviewer_my, reviewer_my2, article="forest-76-1", fine="15000", base_value="2000"
    )
    assert case.hearing_right and case.legal_review_required
    notice = case.documents.get(kind=CaseDocumentKind.PENALTY_PRIOR_NOTICE).content["document"]
    assert "要求举行听证" in "".join(notice["closing"])
    services.case_statement(case_id=case.pk, by=reviewer_my, hearing_requested=True)
    # The hearing waived (art. 64(6)): the legal review is still required (art. 58(2)).
    hearings.case_hearing_record(case_id=case.pk, by=reviewer_my, waived=True)
    decision = {
        "case_id": case.pk,
        "by": head_my,
        "outcome": "penalty",
        "article": "forest-76-1",
        "fine": "15000",
        "base_value": "2000",
        "reasons": "盗伐",
    }
    with pytest.raises(StateConflict) as waiting:
        services.case_decide(**decision)
    assert "法制审核" in str(waiting.value.detail) or "art. 58" in str(waiting.value.detail)
    with pytest.raises(NotAllowed):  # a head is not the legal reviewer
        services.case_legal_review(case_id=case.pk, by=head_my, passed=True, opinion="同意")
    services.case_legal_review(
        case_id=case.pk, by=legal_my, passed=True, opinion="事实清楚，适用法律正确"
    )
    assert services.case_decide(**decision).status == CaseStatus.DECIDED


def test_a_decision_heavier_than_the_notice_is_refused(officers):
    head_my, reviewer_my, reviewer_my2 = officers
    case = through_notice(head_my, reviewer_my, reviewer_my2)
    services.case_statement(case_id=case.pk, by=reviewer_my, waived=True)
    with pytest.raises(StateConflict):
        services.case_decide(
            case_id=case.pk,
            by=head_my,
            outcome="penalty",
            article="forest-76-2",
            fine="7000",
            base_value="1500",
            reasons="滥伐",
        )


def test_no_penalty_prints_its_own_decision_on_the_one_ground_found(officers):
    head_my, reviewer_my, reviewer_my2 = officers
    case = through_notice(head_my, reviewer_my, reviewer_my2)
    services.case_statement(case_id=case.pk, by=reviewer_my, statement="系初次违法且已主动补种")
    decide = {"case_id": case.pk, "by": head_my, "outcome": "no_penalty", "reasons": "首违"}
    # No ground, or one that is not on the list: 400 on the field, nothing decided.
    for ground in (None, "", "lenient"):
        with pytest.raises(InvalidInput) as refused:
            services.case_decide(**decide, no_penalty_ground=ground)
        assert refused.value.problems[0].field == "no_penalty_ground"
    assert Case.objects.get(pk=case.pk).status == CaseStatus.NOTIFIED
    services.case_decide(**decide, no_penalty_ground="first_minor")
    case = Case.objects.get(pk=case.pk)
    assert case.no_penalty_ground == "first_minor"
    document = case.documents.get(kind=CaseDocumentKind.NO_PENALTY_DECISION).content["document"]
    assert document["title"] == "不予行政处罚决定书"
    # The one article of the ground found, with its words; not the list of every ground.
    cited = "《中华人民共和国行政处罚法》第三十三条第一款、第五十七条第一款第（二）项"
    assert document["legal_basis"] == cited
    assert document["grounds"] == [
        f"{cited}：违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果"
        "轻微并及时改正的，可以不予行政处罚。"
    ]
    text = "".join(document["paragraphs"])
    assert "本机关决定不予行政处罚" in text
    assert "第三十三条第二款" not in text and "第三十条" not in text
    event = AuditEvent.objects.get(action="case_decided")
    assert event.details["no_penalty_ground"] == "first_minor"
    assert services.case_close(case_id=case.pk, by=head_my).status == CaseStatus.CLOSED


def test_a_ground_of_a_natural_person_is_refused_for_an_organisation(officers):
    head_my, reviewer_my, reviewer_my2 = officers
    case = opened(head_my)
    code17 = "91110228MA01ABCD1"
    party = {"name": "密云某建材公司", "credit_code": code17 + credit_code_check_character(code17)}
    services.case_register(case_id=case.pk, by=head_my, party={**party, "address": "密云区"})
    services.case_evidence(
        case_id=case.pk, by=reviewer_my, officers=["district_my", "district_my2"], evidence=EVIDENCE
    )
    services.case_prior_notice(
        case_id=case.pk, by=reviewer_my, article="forest-76-2", fine="6000", base_value="1500"
    )
    services.case_statement(case_id=case.pk, by=reviewer_my, waived=True)
    decide = {"case_id": case.pk, "by": head_my, "outcome": "no_penalty", "reasons": "无过错"}
    for ground in ("under_fourteen", "incapable"):
        with pytest.raises(InvalidInput) as refused:
            services.case_decide(**decide, no_penalty_ground=ground)
        assert refused.value.problems[0].field == "no_penalty_ground"
    case = services.case_decide(**decide, no_penalty_ground="no_fault")
    document = case.documents.get(kind=CaseDocumentKind.NO_PENALTY_DECISION).content["document"]
    assert document["legal_basis"] == "《中华人民共和国行政处罚法》第三十三条第二款"


def test_a_decision_is_printed_in_chinese_whatever_language_the_head_works_in(officers):
    head_my, reviewer_my, reviewer_my2 = officers
    case = through_notice(head_my, reviewer_my, reviewer_my2)
    services.case_statement(case_id=case.pk, by=reviewer_my, statement="系初次违法")
    with translation.override("en"):
        services.case_decide(
            case_id=case.pk,
            by=head_my,
            outcome="no_penalty",
            reasons="首违",
            no_penalty_ground="first_minor",
        )
    document = case.documents.get(kind=CaseDocumentKind.NO_PENALTY_DECISION).content["document"]
    text = "".join(document["paragraphs"])
    assert "Statement" not in text and "first offence" not in text.lower()
    assert re.search(r"当事人陈述、申辩及听证情况：[\u4e00-\u9fff]", text), text


def test_only_the_head_registers_and_a_bad_party_is_refused(officers):
    head_my, reviewer_my, _ = officers
    case = opened(head_my)
    with pytest.raises(NotAllowed):
        services.case_register(case_id=case.pk, by=reviewer_my, party=PERSON)
    with pytest.raises(InvalidInput) as refused:
        services.case_register(
            case_id=case.pk, by=head_my, party={"name": "某公司", "credit_code": "123"}
        )
    assert refused.value.problems[0].field == "party.credit_code"
    with pytest.raises(InvalidInput):
        services.case_register(
            case_id=case.pk, by=head_my, party={"name": "李四", "id_number": "110105194912310021"}
        )
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.OPENED and not case.documents.exists()


def test_a_report_not_closed_as_no_permit_opens_no_case(officers):
    head_my, *_ = officers
    with pytest.raises(InvalidInput):
        services.case_open(source="report", source_id="999999", facts="x", by=head_my)
    with pytest.raises(InvalidInput):
        services.case_open(source="report", source_id="", facts="x", by=head_my)
    with pytest.raises(InvalidInput):
        services.case_open(source="rumour", source_id="1", facts="x", by=head_my)


def test_a_patch_opens_one_case_however_often_it_is_asked(officers):
    head_my, reviewer_my, _ = officers
    patch = a_patch()
    first, created = services.case_open(
        source="patch", source_id=patch.pk, facts="图斑", by=head_my
    )
    again, created_again = services.case_open(
        source="patch", source_id=patch.pk, facts="图斑", by=reviewer_my
    )
    assert first.agency == patch.agency
    assert created and not created_again and again.pk == first.pk
    assert Case.objects.count() == 1


# ------------------------------------------------------------------------------ the API


def test_the_api_carries_a_case_and_lists_the_documents(officers, auditor, outsider, reviewer_yq):
    head_my, reviewer_my, _ = officers
    answer = client_of(head_my).post(
        "/api/v1/cases/",
        {"source": "manual", "facts": "擅自改变林地用途，建设看护房"},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    case_id = answer.json()["id"]
    assert answer.json()["number"].startswith("密园林罚案〔")
    url = f"/api/v1/cases/{case_id}/"
    code17 = "91110228MA01ABCD1"
    credit_code = code17 + credit_code_check_character(code17)
    answer = client_of(head_my).post(
        url + "register/",
        {"party": {"name": "密云某建材公司", "credit_code": credit_code}},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["party"] == {
        "name": "密云某建材公司",
        "address": "",
        "credit_code": credit_code,
        "id_number": "",
        "natural_person": False,
    }
    alone = client_of(reviewer_my).post(
        url + "evidence/", {"officers": ["district_my"], "evidence": EVIDENCE}, format="json"
    )
    assert alone.status_code == 400
    assert alone.json()["errors"][0]["field"] == "officers"
    for user in (auditor, head_my):
        assert client_of(user).get(url).status_code == 200
    for user in (outsider, reviewer_yq):
        assert client_of(user).get(url).status_code == 404
        assert client_of(user).get(url + "documents/").status_code == 404
    assert client_of(auditor).post(url + "close/", {}, format="json").status_code == 403
    assert client_of(None).get(url).status_code in (401, 403)
    documents = client_of(auditor).get(url + "documents/").json()
    assert [d["kind"] for d in documents] == ["case_registration"]
    listed = client_of(reviewer_yq).get("/api/v1/cases/").json()
    assert listed["count"] == 0
    pdf = client_of(head_my).get(url + f"documents/{documents[0]['id']}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_public_list_masks_a_natural_person(officers, committed):
    head_my, reviewer_my, reviewer_my2 = officers
    case = through_notice(head_my, reviewer_my, reviewer_my2)
    services.case_statement(case_id=case.pk, by=reviewer_my, waived=True)
    services.case_decide(
        case_id=case.pk,
        by=head_my,
        outcome="penalty",
        article="forest-76-2",
        fine="6000",
        base_value="1500",
        replant_trees=36,
        reasons="滥伐",
    )
    answer = client_of(None).get("/api/v1/public/penalties/")
    assert answer.status_code == 200
    (row,) = answer.json()["results"]
    assert row["party"] == "张**" and "张三丰" not in answer.content.decode()
    assert ID_NUMBER not in answer.content.decode()
    assert row["article"] == "《中华人民共和国森林法》第七十六条第二款"
    assert Decimal(row["fine"]) == Decimal(6000)


def test_a_fine_may_be_omitted_only_where_the_article_allows_it(officers):
    """森林法 art. 76(2) 滥伐 "可以处" allows no fine; art. 76(1) 盗伐 "并处" does not."""
    head_my, reviewer_my, reviewer_my2 = officers
    case = through_notice(
        head_my, reviewer_my, reviewer_my2, article="forest-76-2", fine="0", replant_trees=20
    )
    assert case.status == CaseStatus.NOTIFIED and case.proposed["fine"] == "0.00"
    with pytest.raises(InvalidInput) as refused:
        through_notice(
            head_my, reviewer_my, reviewer_my2, article="forest-76-1", fine="0", base_value="100"
        )
    assert "第七十六条第一款" in refused.value.problems[0].message


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (34, 120, 50)).save(out, "PNG")
    return out.getvalue()


def test_evidence_photos_are_kept_hashed_and_cited(officers, reviewer_yq):
    """Multipart: the photos of the site kept with their SHA-256, cited by the evidence item and
    its event, read back by the case's officials only."""
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    head_my, reviewer_my, _ = officers
    case = opened(head_my)
    services.case_register(case_id=case.pk, by=head_my, party=PERSON)
    png = _png()
    photo = SimpleUploadedFile("伐桩.png", png, content_type="image/png")
    answer = client_of(reviewer_my).post(
        f"/api/v1/cases/{case.pk}/evidence/",
        {"officers": ["district_my", "district_my2"], "files": [photo]},
        format="multipart",
    )
    assert answer.status_code == 200, answer.content
    (item,) = answer.json()["evidence"]
    assert item["kind"] == "photo" and item["sha256"] == hashlib.sha256(png).hexdigest()
    event = AuditEvent.objects.get(action="case_evidence")
    assert event.details["evidence"][0]["sha256"] == item["sha256"]
    url = f"/api/v1/cases/{case.pk}/files/{item['file_id']}/"
    download = client_of(head_my).get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == png
    assert client_of(reviewer_yq).get(url).status_code == 404
    alone = client_of(reviewer_my).post(
        f"/api/v1/cases/{case.pk}/evidence/",
        {"officers": ["district_my"], "files": [SimpleUploadedFile("a.png", png)]},
        format="multipart",
    )
    assert alone.status_code == 400 and case.files.count() == 1
