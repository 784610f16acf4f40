"""补种 as an obligation with its own inspection, and the periods passed (issue 48 item 5): the
inspection through its service and the API, its refusals, the close it holds back, and the tick
telling the heads once of each period passed."""

import hashlib
import io
from datetime import date, datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from audit.models import AuditEvent
from core.errors import InvalidInput, NotVisible, StateConflict
from core.messages import (
    MSG_CASE_REPLANT_NOT_ACCEPTED,
    MSG_CASE_REPLANT_NOTES,
    MSG_CASE_REPLANT_POSITION,
    MSG_CASE_TWO_OFFICERS,
)
from enforcement import services, serving
from enforcement.jobs import cases_overdue_report
from enforcement.models import Case, CaseDocumentKind, CaseStatus, ReplantingInspection
from permits.models import Notification
from workflows import tick

pytestmark = pytest.mark.django_db

PERSON = {"name": "张三丰", "id_number": "11010519491231002X", "address": "北京市密云区溪翁庄镇"}
OFFICERS = ["district_my", "district_my2"]
POINT = {"type": "Point", "coordinates": [116.85, 40.42]}


@pytest.fixture
def officers(articles, head_my, reviewer_my, reviewer_my2):
    return head_my, reviewer_my, reviewer_my2


def decided(head_my, reviewer_my, *, fine="6000", trees=36, party=PERSON) -> Case:
    """A case of 滥伐 decided today: a fine and 36 trees to replant."""
    case, _ = services.case_open(source="manual", facts="滥伐林木12株", by=head_my)
    services.case_register(case_id=case.pk, by=head_my, party=party)
    services.case_evidence(
        case_id=case.pk,
        by=reviewer_my,
        officers=OFFICERS,
        evidence=[{"kind": "measurement", "description": "伐桩12个"}],
    )
    penalty = {"article": "forest-76-2", "fine": fine, "base_value": "1500", "replant_trees": trees}
    services.case_prior_notice(case_id=case.pk, by=reviewer_my, **penalty)
    services.case_statement(case_id=case.pk, by=reviewer_my, waived=True)
    services.case_decide(
        case_id=case.pk, by=head_my, outcome="penalty", reasons="滥伐事实清楚", **penalty
    )
    # Handed over on the spot (行政处罚法 art. 61): the fine's fifteen days run from today.
    serving.case_serve(
        case_id=case.pk,
        by=reviewer_my,
        document=case.documents.get(kind="penalty_decision").pk,
        method="direct",
        served_on=timezone.localdate(),
        recipient=party["name"],
    )
    return Case.objects.get(pk=case.pk)


def inspect(case, by, **values):
    body = {
        "checked_on": date.today(),
        "officers": OFFICERS,
        "trees_alive": 36,
        "passed": True,
        "notes": "",
        "position": POINT,
        **values,
    }
    return services.case_replanting_inspect(case_id=case.pk, by=by, **body)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (34, 120, 50)).save(out, "PNG")
    return out.getvalue()


def test_a_failed_check_keeps_the_obligation_open_and_holds_the_close(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    services.case_execute(case_id=case.pk, by=reviewer_my, fine_paid_on=date.today())
    case = services.case_execute(
        case_id=case.pk, by=reviewer_my, replanted_on=date.today(), replanted_trees=36
    )
    assert case.status == CaseStatus.EXECUTED
    # The party says it replanted: the case is still not closed before the check on the ground.
    with pytest.raises(StateConflict) as refused:
        services.case_close(case_id=case.pk, by=head_my)
    assert refused.value.problems[0].code == "replanting_not_accepted"
    assert refused.value.problems[0].message == str(MSG_CASE_REPLANT_NOT_ACCEPTED)

    failed = inspect(case, reviewer_my, trees_alive=20, passed=False, notes="成活率不足，缺16株")
    case = Case.objects.get(pk=case.pk)
    assert failed.next_due == date.today() + timedelta(days=90)  # the standard's default
    assert case.replant_due == failed.next_due and case.replant_accepted_on is None
    assert failed.due_before == date.today() + timedelta(days=180)
    assert [p.username for p in failed.officers.all()] == OFFICERS
    record = failed.document
    assert record.kind == CaseDocumentKind.REPLANTING_INSPECTION and "补验" in record.number
    printed = "".join(record.content["document"]["paragraphs"])
    assert "成活株数：20株" in printed and "不合格" in printed and "第八十一条" in printed
    with pytest.raises(StateConflict):
        services.case_close(case_id=case.pk, by=head_my)

    passed = inspect(case, reviewer_my, trees_alive=40)
    case = Case.objects.get(pk=case.pk)
    assert passed.passed and passed.next_due is None
    assert case.replant_accepted_on == date.today()
    # A second record of the same kind: one per inspection.
    assert case.documents.filter(kind=CaseDocumentKind.REPLANTING_INSPECTION).count() == 2
    case = services.case_close(case_id=case.pk, by=head_my, note="补种验收合格")
    assert case.status == CaseStatus.CLOSED

    events = AuditEvent.objects.filter(action="case_replanting_inspected").order_by("seq")
    assert [e.details["passed"] for e in events] == [False, True]
    assert events[0].details["next_due"] == failed.next_due.isoformat()
    assert events[0].details["position"] == POINT
    assert events[0].details["document_number"] == record.number
    told = Notification.objects.filter(recipient=head_my, message__contains="补种验收")
    assert told.count() == 2


def test_a_passing_check_executes_a_decision_whose_fine_is_paid(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    services.case_execute(case_id=case.pk, by=reviewer_my, fine_paid_on=date.today())
    inspect(case, reviewer_my, trees_alive=36)
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.EXECUTED
    assert case.replanted_on == date.today() and case.replanted_trees == 36
    assert services.case_close(case_id=case.pk, by=head_my).status == CaseStatus.CLOSED


def test_the_refusals_change_nothing(officers, reviewer_yq):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    with pytest.raises(InvalidInput) as refused:
        inspect(case, reviewer_my, officers=["district_my"])
    assert refused.value.problems[0].message == str(MSG_CASE_TWO_OFFICERS)
    with pytest.raises(InvalidInput) as refused:
        inspect(
            case,
            reviewer_my,
            checked_on=date.today() + timedelta(days=1),
            trees_alive=10,
            position={"type": "Point", "coordinates": [2.35, 48.85]},
        )
    fields = {p.field for p in refused.value.problems}
    assert fields == {"checked_on", "trees_alive", "position"}
    assert str(MSG_CASE_REPLANT_POSITION) in [p.message for p in refused.value.problems]
    with pytest.raises(InvalidInput) as refused:
        inspect(case, reviewer_my, passed=False, trees_alive=10)
    assert refused.value.problems[0].message == str(MSG_CASE_REPLANT_NOTES)
    with pytest.raises(InvalidInput):
        inspect(case, reviewer_my, passed="yes")
    with pytest.raises(NotVisible):
        inspect(case, reviewer_yq)
    assert not ReplantingInspection.objects.exists()
    assert not AuditEvent.objects.filter(action="case_replanting_inspected").exists()

    inspect(case, reviewer_my)
    with pytest.raises(StateConflict) as refused:
        inspect(case, reviewer_my)
    assert refused.value.problems[0].code == "replanting_accepted"


def test_a_decision_without_replanting_has_nothing_to_inspect(officers):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my, trees=0)
    with pytest.raises(StateConflict) as refused:
        inspect(case, reviewer_my)
    assert refused.value.problems[0].code == "no_replanting"


def test_the_api_records_a_check_with_its_photos(officers, reviewer_yq):
    head_my, reviewer_my, _ = officers
    case = decided(head_my, reviewer_my)
    client = APIClient()
    client.force_authenticate(reviewer_my)
    url = f"/api/v1/cases/{case.pk}/replanting-inspection/"
    png = _png()
    answer = client.post(
        url,
        {
            "checked_on": date.today().isoformat(),
            "officers": OFFICERS,
            "trees_alive": "30",
            "passed": "false",
            "notes": "缺6株",
            "position": '{"type": "Point", "coordinates": [116.85, 40.42]}',
            "photos": [SimpleUploadedFile("补种.png", png, content_type="image/png")],
        },
        format="multipart",
    )
    assert answer.status_code == 200, answer.content
    (check,) = answer.json()["replanting_inspections"]
    assert check["passed"] is False and check["trees_alive"] == 30
    assert check["position"] == POINT and check["officers"] == OFFICERS
    assert answer.json()["replant_due"] == check["next_due"]
    (photo_id,) = check["photos"]
    download = client.get(f"/api/v1/cases/{case.pk}/files/{photo_id}/")
    assert b"".join(download.streaming_content) == png
    event = AuditEvent.objects.get(action="case_replanting_inspected")
    assert event.details["photos"] == [hashlib.sha256(png).hexdigest()]

    body = {"checked_on": date.today().isoformat(), "officers": OFFICERS, "passed": True}
    short = client.post(url, {**body, "trees_alive": 10}, format="json")
    assert short.status_code == 400 and short.json()["errors"][0]["field"] == "trees_alive"
    unknown = client.post(url, {**body, "trees_alive": 36, "colour": "green"}, format="json")
    assert unknown.status_code == 400
    outsider = APIClient()
    outsider.force_authenticate(reviewer_yq)
    assert outsider.post(url, {**body, "trees_alive": 36}, format="json").status_code == 404
    done = client.post(url, {**body, "trees_alive": 36}, format="json")
    assert done.status_code == 200 and done.json()["replant_accepted_on"] == body["checked_on"]
    assert client.post(url, {**body, "trees_alive": 36}, format="json").status_code == 409


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9)))


def test_the_tick_tells_the_heads_once_of_each_period_passed(officers):
    head_my, reviewer_my, _ = officers
    late, _ = services.case_open(source="manual", facts="擅自开垦林地", by=head_my)
    case = decided(head_my, reviewer_my)
    today = date.today()

    def told(period):
        return AuditEvent.objects.filter(action="case_overdue", details__period=period)

    assert cases_overdue_report(_at(today)) == 0
    # 25 days on: the first case not registered (15 working days), the fine unpaid (15 days).
    assert cases_overdue_report(_at(today + timedelta(days=25))) == 2
    assert told("register").get().details["case_id"] == late.pk
    assert told("fine").get().details["case_id"] == case.pk
    assert cases_overdue_report(_at(today + timedelta(days=26))) == 0  # once each
    heads = Notification.objects.filter(recipient=head_my, kind="overdue")
    assert heads.count() == 2 and heads.filter(message__contains="罚款逾期未缴纳").exists()
    # 100 days on: the first case not decided within 90 days of registration either.
    services.case_register(case_id=late.pk, by=head_my, party=PERSON)
    assert tick.tick(_at(today + timedelta(days=100)))["enforcement periods passed"] == 1
    assert told("decision").get().details["case_id"] == late.pk
    # The replanting past its 180 days; a failed check sets a new day, told again once passed.
    assert cases_overdue_report(_at(today + timedelta(days=181))) == 1
    inspect(case, reviewer_my, trees_alive=5, passed=False, notes="大部分未成活")
    case = Case.objects.get(pk=case.pk)
    assert case.overdue_told["replanting"] == (today + timedelta(days=180)).isoformat()
    assert cases_overdue_report(_at(today + timedelta(days=90))) == 0
    assert cases_overdue_report(_at(today + timedelta(days=91))) == 1
    assert told("replanting").count() == 2
    client = APIClient()
    client.force_authenticate(head_my)
    assert client.get(f"/api/v1/cases/{case.pk}/").json()["overdue"] == []
    Case.objects.filter(pk=case.pk).update(fine_due=today - timedelta(days=1))
    assert client.get(f"/api/v1/cases/{case.pk}/").json()["overdue"] == ["fine"]


def test_the_pages_show_overdue_and_record_a_check(client, officers):
    head_my, reviewer_my, _ = officers
    late, _ = services.case_open(source="manual", facts="擅自开垦林地", by=head_my)
    Case.objects.filter(pk=late.pk).update(register_due=date.today() - timedelta(days=1))
    case = decided(head_my, reviewer_my)
    client.force_login(reviewer_my)
    listing = client.get("/cases/").content.decode()
    assert listing.count("permits-badge--overdue") == 1 and "未及时立案" in listing
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'value="replanting_inspection"' in page and 'enctype="multipart/form-data"' in page
    alone = {
        "action": "replanting_inspection",
        "checked_on": date.today().isoformat(),
        "officers": "district_my",
        "trees_alive": "36",
        "passed": "1",
    }
    refused = client.post(f"/cases/{case.pk}/", alone)
    assert refused.status_code == 200 and "执法人员不得少于两人" in refused.content.decode()
    assert not ReplantingInspection.objects.exists()
    answer = client.post(
        f"/cases/{case.pk}/",
        {
            "action": "replanting_inspection",
            "checked_on": date.today().isoformat(),
            "officers": "district_my, district_my2",
            "trees_alive": "36",
            "passed": "1",
            "notes": "",
            "longitude": "116.85",
            "latitude": "40.42",
            "photos": [SimpleUploadedFile("补种.png", _png(), content_type="image/png")],
        },
    )
    assert answer.status_code == 302
    check = ReplantingInspection.objects.get()
    assert check.passed and check.position == POINT and check.photos.count() == 1
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'value="replanting_inspection"' not in page and "补种验收记录" in page
