"""Reports from the public (product.md §19 P2): anyone files one (no login, throttled, photos
checked by content) and follows it by its tracking code, which shows the status and the outcome
only; the district forestry agency (and agriculture for an alien species) checks the site with
two or more staff and closes it: unfounded, a permit breach (a rectification ordered), no permit
or referred (an enforcement case). The reporter's contact is read by the handling agencies only,
never in the audit trail."""

import io
import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from audit.models import AuditEvent
from enforcement.models import Case
from permits.models import Notification, SupervisionStandard
from public.models import Report
from supervision.models import Rectification
from tests.factories import decide, square_site, submit_accepted, tending_draft

from .helpers import API

pytestmark = pytest.mark.django_db

MIYUN_POINT = {"type": "Point", "coordinates": [116.85, 40.40]}


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (34, 120, 50)).save(out, "PNG")
    return out.getvalue()


PNG = _png()
CONTACT = "王先生 13800000000"


@pytest.fixture(autouse=True)
def _agencies(reference_data):
    """The districts' agencies that receive reports."""


def _report(client, *, address="127.0.0.1", **overrides):
    body = {
        "kind": "illegal_felling",
        "description": "石城镇后山有人砍伐油松，约二十棵。",
        "site_geometry": MIYUN_POINT,
        "district": "110118",
        "contact": CONTACT,
        **overrides,
    }
    return client.post(f"{API}/public/reports/", body, format="json", REMOTE_ADDR=address)


def _filed(client, **overrides) -> Report:
    answer = _report(client, **overrides)
    assert answer.status_code == 201, answer.content
    return Report.objects.get(tracking_code=answer.json()["tracking_code"])


def _tick(now: str) -> str:
    out = StringIO()
    call_command("permits_tick", "--now", now, stdout=out)
    return out.getvalue()


def test_anyone_files_a_report_and_reads_its_status_and_outcome_only(
    client_for, reviewer_my, head_my
):
    anonymous = client_for()
    with time_machine.travel("2026-11-27 09:00 +0800", tick=False):
        answer = _report(anonymous)
    assert answer.status_code == 201
    assert set(answer.json()) == {"tracking_code"}
    report = Report.objects.get(tracking_code=answer.json()["tracking_code"])
    assert report.agency.code == "110118-forestry" and report.also_agency is None
    # Fifteen working days (data), counted from Friday 27 November 2026.
    assert report.due_on == date(2026, 12, 18)
    assert report.contact == CONTACT
    # Its handling agency's reviewers and head are told; the text of the notice names no one.
    told = Notification.objects.filter(kind="public_report")
    assert {n.recipient.username for n in told} == {"district_my", "head_my"}
    assert all(CONTACT not in n.message for n in told)

    code = report.tracking_code
    status = anonymous.get(f"{API}/public/reports/{code}/")
    assert status.status_code == 200
    assert set(status.json()) == {
        "tracking_code",
        "status",
        "outcome",
        "updated",
        "photos_rejected",
        "case",
    }
    assert status.json()["status"] == "received" and status.json()["outcome"] is None
    # Typed by hand: any case, without hyphens, O for 0.
    typed = code.replace("-", "").lower().replace("0", "o")
    assert anonymous.get(f"{API}/public/reports/{typed}/").json()["tracking_code"] == code
    unknown = anonymous.get(f"{API}/public/reports/ABCD-EFGH-JKMN/")
    malformed = anonymous.get(f"{API}/public/reports/not-a-code/")
    assert unknown.status_code == malformed.status_code == 404
    assert unknown.json() == malformed.json()


def test_a_status_is_never_cached_and_a_malformed_code_costs_an_unknown_ones_query(client_for):
    """Issue 45: a malformed code answered before any query (faster than an unknown one, which
    told them apart); a status answered without ``Cache-Control: no-store``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    anonymous = client_for()
    code = _filed(anonymous).tracking_code
    found = anonymous.get(f"{API}/public/reports/{code}/")
    assert "no-store" in found["Cache-Control"]
    asked = {}
    for name, typed in (("unknown", "ABCD-EFGH-JKMN"), ("malformed", "not-a-code")):
        with CaptureQueriesContext(connection) as queries:
            answer = anonymous.get(f"{API}/public/reports/{typed}/")
        assert answer.status_code == 404 and "no-store" in answer["Cache-Control"]
        asked[name] = [q["sql"] for q in queries if "public_report" in q["sql"]]
    assert len(asked["malformed"]) == len(asked["unknown"]) == 1


def test_an_open_reports_outcome_is_null_not_empty(client_for, reviewer_my):
    """Issue 45: GET /reports/{id}/ answered ``outcome: ""`` where the schema allows a value or
    null."""
    report = _filed(client_for())
    record = client_for(reviewer_my).get(f"{API}/reports/{report.pk}/").json()
    assert "outcome" in record and record["outcome"] is None


def test_the_audit_trail_records_the_report_by_its_hashes_never_the_reporter(client_for):
    report = _filed(client_for(), contact=CONTACT)
    (event,) = AuditEvent.objects.filter(action="report_received")
    assert event.details["report_id"] == report.pk
    assert event.details["contact_given"] is True
    assert len(event.details["description_sha256"]) == 64
    assert event.actor is None and event.client_ip is None
    recorded = json.dumps(
        [event.details, event.opinion, event.snapshot], ensure_ascii=False, default=str
    )
    assert "王先生" not in recorded and "13800000000" not in recorded
    assert "油松" not in recorded  # the text by its hash only


def test_every_problem_of_a_report_at_once_in_chinese(client_for):
    answer = client_for().post(
        f"{API}/public/reports/", {}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert answer.status_code == 400
    fields = {e["field"] for e in answer.json()["errors"]}
    assert {"kind", "description", "site_geometry", "district"} <= fields
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"kind": "arson"}, "kind", "invalid"),
        ({"description": "  "}, "description", "required"),
        ({"description": "砍" * 2001}, "description", "max_length"),
        ({"contact": "1" * 101}, "contact", "max_length"),
        (
            {"site_geometry": {"type": "Point", "coordinates": [121.47, 31.23]}},
            "site_geometry",
            "outside",
        ),
        ({"site_geometry": "not json"}, "site_geometry", "invalid"),
        (
            {
                "site_geometry": {
                    "type": "LineString",
                    "coordinates": [[116.8, 40.4], [116.9, 40.5]],
                }
            },
            "site_geometry",
            None,
        ),
        ({"district": "310101"}, "district", "invalid"),
        ({"district": "120119"}, "district", "elsewhere"),
        ({"district": ["110118"]}, "district", None),
    ],
)
def test_a_bad_value_is_named_and_nothing_is_stored(
    client_for, reference_data, overrides, field, code
):
    answer = _report(client_for(), **overrides)
    assert answer.status_code == 400, answer.content
    problems = [e for e in answer.json()["errors"] if e["field"] == field]
    assert problems, answer.json()
    if code:
        assert problems[0]["code"] == code
    assert Report.objects.count() == 0


def test_an_unknown_field_is_refused(client_for, reference_data):
    answer = _report(client_for(), reporter_ip="1.2.3.4")
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["code"] == "unknown_field"


def _multipart(client, photos, **overrides):
    body = {
        "kind": "alien_species",
        "description": "水库边有人放生牛蛙。",
        "site_geometry": json.dumps(MIYUN_POINT),
        "district": "110118",
        "photos": photos,
        **overrides,
    }
    return client.post(f"{API}/public/reports/", body, format="multipart")


def test_photos_are_checked_by_content_and_a_refusal_stores_nothing(
    client_for, reference_data, settings
):
    disguised = SimpleUploadedFile("photo.jpg", b"%PDF-1.7\n%...", content_type="image/jpeg")
    answer = _multipart(client_for(), [disguised])
    assert answer.status_code == 400
    assert answer.json()["errors"][0] == {
        "field": "photos",
        "code": "unsupported_type",
        "message": answer.json()["errors"][0]["message"],
        "rule": None,
        "source": None,
    }
    many = [SimpleUploadedFile(f"p{i}.png", PNG, content_type="image/png") for i in range(4)]
    assert _multipart(client_for(), many).json()["errors"][0]["code"] == "too_many"
    big = SimpleUploadedFile("big.png", PNG + b"\0" * (5 * 1024 * 1024), content_type="image/png")
    assert _multipart(client_for(), [big]).json()["errors"][0]["code"] == "too_large"
    assert Report.objects.count() == 0


def test_an_alien_species_is_for_agriculture_too_and_photos_are_read_by_the_handlers_only(
    client_for,
    reviewer_my,
    agriculture_reviewer_my,
    reviewer_yq,
    applicant_my,
    auditor,
    django_capture_on_commit_callbacks,
):
    photo = SimpleUploadedFile("frog.png", PNG, content_type="image/png")
    with django_capture_on_commit_callbacks() as clean_up:
        answer = _multipart(client_for(), [photo])
    (stored,) = Report.objects.get(tracking_code=answer.json()["tracking_code"]).photos.all()
    url = f"{API}/reports/{stored.report_id}/photos/{stored.pk}/"
    # As received, the photo is quarantined: nobody reads it before its clean copy is made.
    assert stored.quarantined and client_for(reviewer_my).get(url).status_code == 404
    for work in clean_up:
        work()
    assert answer.status_code == 201, answer.content
    report = Report.objects.get(tracking_code=answer.json()["tracking_code"])
    assert report.also_agency.kind == "agriculture"
    (stored,) = report.photos.all()
    url = f"{API}/reports/{report.pk}/photos/{stored.pk}/"
    for handler in (reviewer_my, agriculture_reviewer_my):
        assert client_for(handler).get(f"{API}/reports/{report.pk}/").status_code == 200
        got = client_for(handler).get(url)
        assert got.status_code == 200 and got["Content-Type"] == "image/png"
        assert b"".join(got.streaming_content) == PNG
    for stranger in (reviewer_yq, applicant_my, auditor):
        assert client_for(stranger).get(f"{API}/reports/").json()["results"] == []
        assert client_for(stranger).get(f"{API}/reports/{report.pk}/").status_code == 404
        assert client_for(stranger).get(url).status_code == 404
    assert client_for().get(f"{API}/reports/").status_code == 401


def test_a_photo_that_does_not_decode_is_rejected_and_both_sides_are_told(
    client_for, reviewer_my, django_capture_on_commit_callbacks
):
    """Issue 45: a photo whose header passes but whose pixels do not decode, found by the work
    after the commit, is not dropped silently: the reporter's status counts it, the handling
    agency reads it as rejected (no file, no url)."""
    broken = PNG[: PNG.index(b"IDAT") + 6]  # a valid header, then the pixels cut short
    photos = [
        SimpleUploadedFile(name, data, content_type="image/png")
        for name, data in (("good.png", PNG), ("broken.png", broken))
    ]
    with django_capture_on_commit_callbacks(execute=True):
        answer = _multipart(client_for(), photos)
    assert answer.status_code == 201, answer.content
    code = answer.json()["tracking_code"]
    status = client_for().get(f"{API}/public/reports/{code}/").json()
    assert status["photos_rejected"] == 1
    report = Report.objects.get(tracking_code=code)
    record = client_for(reviewer_my).get(f"{API}/reports/{report.pk}/").json()
    good, rejected = record["photos"]
    assert (good["rejected"], rejected["rejected"], rejected["url"]) == (False, True, None)
    assert client_for(reviewer_my).get(good["url"]).status_code == 200
    gone = f"{API}/reports/{report.pk}/photos/{rejected['id']}/"
    assert client_for(reviewer_my).get(gone).status_code == 404


def test_the_handling_agency_reads_the_contact_the_list_does_not(client_for, reviewer_my):
    report = _filed(client_for())
    (item,) = client_for(reviewer_my).get(f"{API}/reports/").json()["results"]
    assert set(item) == {"id", "tracking_code", "kind", "status", "district", "created", "due_on"}
    record = client_for(reviewer_my).get(f"{API}/reports/{report.pk}/").json()
    assert record["contact"] == CONTACT
    assert record["screening"]["permitted_here"] is False


def _check(client, report, **overrides):
    body = {
        "checked_on": date.today().isoformat(),
        "inspectors": ["district_my", "district_my2"],
        "findings": "现场发现新伐桩二十一个。",
        **overrides,
    }
    return client.post(f"{API}/reports/{report.pk}/site-check/", body, format="json")


def test_the_whole_path_site_check_then_unfounded(
    client_for, reviewer_my, reviewer_my2, reviewer_yq
):
    report = _filed(client_for())
    officer = client_for(reviewer_my)
    closing = {"outcome": "unfounded", "findings": "伐桩为去年经批准的抚育采伐所留。"}
    assert (
        officer.post(f"{API}/reports/{report.pk}/close/", closing, format="json").status_code == 409
    )
    assert _check(client_for(reviewer_yq), report).status_code == 404
    checked = _check(officer, report)
    assert checked.status_code == 200, checked.content
    assert checked.json()["status"] == "site_checked"
    assert [p["username"] for p in checked.json()["inspectors"]] == ["district_my", "district_my2"]
    assert _check(officer, report).status_code == 409
    closed = officer.post(f"{API}/reports/{report.pk}/close/", closing, format="json")
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed" and closed.json()["outcome"] == "unfounded"
    assert (
        officer.post(f"{API}/reports/{report.pk}/close/", closing, format="json").status_code == 409
    )
    public = client_for().get(f"{API}/public/reports/{report.tracking_code}/").json()
    assert public["status"] == "closed" and public["outcome"] == "unfounded"
    assert "伐桩" not in json.dumps(public, ensure_ascii=False)
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-3:] == ["report_received", "report_site_checked", "report_closed"]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"inspectors": ["district_my"]}, "inspectors", "too_few"),
        ({"inspectors": ["district_my", "district_yq"]}, "inspectors", "not_agency_staff"),
        ({"checked_on": "2099-01-01"}, "checked_on", "invalid"),
        ({"checked_on": "2020-01-01"}, "checked_on", "before_received"),
        ({"findings": ""}, "findings", "required"),
    ],
)
def test_a_site_check_needs_two_staff_a_day_and_findings(
    client_for, reviewer_my, reviewer_my2, reviewer_yq, overrides, field, code
):
    report = _filed(client_for())
    answer = _check(client_for(reviewer_my), report, **overrides)
    assert answer.status_code == 400
    assert (answer.json()["errors"][0]["field"], answer.json()["errors"][0]["code"]) == (
        field,
        code,
    )
    report = Report.objects.get(pk=report.pk)
    assert report.status == "received"


@pytest.fixture
def permit(applicant_my, reviewer_my, approver):
    # In 密云 (the factories' default sites run east past Beijing as a worker makes more).
    site = square_site(Decimal("12.5"), lon=116.90, lat=40.45)
    draft = tending_draft(by=applicant_my, site_geometry=site)
    application = submit_accepted(application=draft, by=applicant_my)
    return decide(decide(application, reviewer_my), approver)


def test_a_breach_of_a_permit_orders_its_correction(client_for, permit, reviewer_my, reviewer_my2):
    ring = permit.site_geometry["coordinates"][0]
    inside = {
        "type": "Point",
        "coordinates": [(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2],
    }
    report = _filed(client_for(), site_geometry=inside)
    assert report.screening["permitted_here"] is True
    assert report.screening["permits"][0]["reference"] == permit.reference
    officer = client_for(reviewer_my)
    assert _check(officer, report).status_code == 200
    order = "立即停止超出设计范围的采伐，补植被伐林木。"
    body = {"outcome": "permit_breach", "findings": "超出设计范围采伐。", "order": order}
    missing = officer.post(f"{API}/reports/{report.pk}/close/", body, format="json")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "application"
    closed = officer.post(
        f"{API}/reports/{report.pk}/close/",
        {**body, "application": permit.reference},
        format="json",
    )
    assert closed.status_code == 200, closed.content
    assert closed.json()["application"] == permit.reference
    rectification = Rectification.objects.get(pk=closed.json()["rectification"])
    assert rectification.application_id == permit.pk and rectification.notice is not None
    assert rectification.items == [{"message": order}]
    # The holder is not told anyone reported it: the report's event is not on the permit's
    # history, and the notice prints the correction ordered, not the report's findings.
    event = AuditEvent.objects.get(action="report_closed")
    assert event.application_id is None and event.details["application"] == permit.reference
    assert "超出设计范围采伐。" not in json.dumps(rectification.notice.content, ensure_ascii=False)


def test_a_permit_is_named_only_with_a_breach_and_only_one_in_force_of_the_agency(
    client_for, permit, reviewer_my, reviewer_my2, applicant_my
):
    report = _filed(client_for())
    officer = client_for(reviewer_my)
    _check(officer, report)
    wrong = officer.post(
        f"{API}/reports/{report.pk}/close/",
        {"outcome": "unfounded", "findings": "无", "application": permit.reference},
        format="json",
    )
    assert wrong.json()["errors"][0]["code"] == "not_allowed"
    draft = tending_draft(by=applicant_my)
    not_a_permit = officer.post(
        f"{API}/reports/{report.pk}/close/",
        {"outcome": "permit_breach", "findings": "无", "application": draft.pk},
        format="json",
    )
    assert not_a_permit.json()["errors"][0]["field"] == "application"
    report = Report.objects.get(pk=report.pk)
    assert report.status == "site_checked"


def test_no_permit_opens_an_enforcement_case(client_for, reviewer_my, reviewer_my2):
    report = _filed(client_for())
    officer = client_for(reviewer_my)
    _check(officer, report)
    closed = officer.post(
        f"{API}/reports/{report.pk}/close/",
        {"outcome": "no_permit", "findings": "无审批手续擅自采伐。"},
        format="json",
    )
    assert closed.status_code == 200
    # The 林业行政处罚 case (issue 48), the one record of it, the report its source, waiting to
    # be registered, not to be referred.
    case = Case.objects.get()
    assert (case.source, case.source_id) == ("report", str(report.pk))
    assert case.status == "opened" and case.agency.code == "110118-forestry"
    assert case.to_refer is False
    answered = closed.json()["case"]
    assert (answered["id"], answered["number"], answered["status"]) == (
        case.pk,
        case.number,
        "opened",
    )
    assert answered["referred_to_police"] is False
    event = AuditEvent.objects.get(action="report_closed")
    assert event.details["case_id"] == case.pk and event.details["referred_to_police"] is False
    assert event.details["enforcement_case"] == {"id": case.pk, "number": case.number}
    assert officer.get(f"{API}/cases/{case.pk}/").status_code == 200


def test_a_referral_to_the_police_is_the_heads(client_for, reviewer_my, reviewer_my2, head_my):
    report = _filed(client_for())
    _check(client_for(reviewer_my), report)
    body = {"outcome": "referred", "findings": "采伐株数达到刑事立案标准。"}
    refused = client_for(reviewer_my).post(f"{API}/reports/{report.pk}/close/", body, format="json")
    assert refused.status_code == 403
    assert Report.objects.get(pk=report.pk).status == "site_checked"
    closed = client_for(head_my).post(f"{API}/reports/{report.pk}/close/", body, format="json")
    assert closed.status_code == 200, closed.content
    assert closed.json()["case"]["referred_to_police"] is True
    assert AuditEvent.objects.get(action="report_closed").details["referred_to_police"] is True
    # Issue 48: the case of a report closed as referred is marked to be referred to the police.
    assert Case.objects.get(source="report", source_id=str(report.pk)).to_refer is True


def test_reports_are_throttled_per_address_and_status_per_code(
    client_for, reference_data, settings
):
    settings.PERMITS_PUBLIC_RATES = {
        "report": {"address": "2/h", "address_daily": "20/d"},
        "report_attempt": {"address": "100/h"},
        "status": {"address": "100/h", "code": "3/h"},
    }
    anonymous = client_for()
    first = _report(anonymous)
    assert _report(anonymous).status_code == 201
    refused = _report(anonymous)
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["code"] == "throttled"
    assert Report.objects.count() == 2
    # Another address is counted apart.
    assert _report(anonymous, address="10.0.0.9").status_code == 201
    code = first.json()["tracking_code"]
    for _ in range(3):
        assert anonymous.get(f"{API}/public/reports/{code}/").status_code == 200
    assert anonymous.get(f"{API}/public/reports/{code}/").status_code == 429
    # Unknown codes are counted per address like known ones: probing many codes is throttled too.


def test_a_report_refused_for_a_bad_field_takes_no_place_in_the_limit(
    client_for, reference_data, settings
):
    settings.PERMITS_PUBLIC_RATES = {
        "report": {"address": "1/h", "address_daily": "20/d"},
        "report_attempt": {"address": "100/h"},
        "status": {"address": "100/h", "code": "100/h"},
    }
    anonymous = client_for()
    for _ in range(3):
        assert _report(anonymous, description="").status_code == 400
    assert _report(anonymous).status_code == 201
    assert _report(anonymous).status_code == 429
    assert Report.objects.count() == 1


def test_a_report_past_its_days_tells_the_heads_once(client_for, reviewer_my, head_my):
    with time_machine.travel("2026-11-27 09:00 +0800", tick=False):
        report = _filed(client_for())
    assert "reports from the public late: 0" in _tick("2026-12-18T20:00:00+08:00")
    assert "reports from the public late: 1" in _tick("2026-12-19T01:00:00+08:00")
    assert "reports from the public late: 0" in _tick("2026-12-19T02:00:00+08:00")
    (told,) = Notification.objects.filter(kind="public_report_late")
    assert told.recipient == head_my
    report = Report.objects.get(pk=report.pk)
    assert report.overdue_notified_at is not None
    assert AuditEvent.objects.filter(action="report_late").count() == 1


def test_the_district_is_found_from_the_sub_compartments_when_not_named(client_for, reference_data):
    answer = _report(client_for(), district="")
    # No 小班 registry in this test: the district must be named.
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "district"


def test_an_upload_stream_that_is_not_a_file_is_refused(client_for, reference_data):
    answer = _multipart(client_for(), "not a file")
    assert answer.status_code == 400
    assert Report.objects.count() == 0


def test_the_status_page_of_a_report_names_no_one(client_for, reviewer_my):
    report = _filed(client_for())
    body = client_for().get(f"{API}/public/reports/{report.tracking_code}/").content.decode()
    for secret in ("王先生", "油松", "116.85", "district_my", "110118"):
        assert secret not in body


def test_a_photo_is_kept_without_its_camera_data(
    client_for, reviewer_my, django_capture_on_commit_callbacks
):
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x013B] = "王小明"  # Artist
    original = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(original, "JPEG", exif=exif.tobytes())
    assert b"PhoneMaker" in original.getvalue()
    photo = SimpleUploadedFile("p.jpg", original.getvalue(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        answer = _multipart(client_for(), [photo], kind="illegal_felling")
    assert answer.status_code == 201, answer.content
    (stored,) = Report.objects.get(tracking_code=answer.json()["tracking_code"]).photos.all()
    kept = stored.file.read()
    assert kept.startswith(b"\xff\xd8") and b"PhoneMaker" not in kept and b"Exif" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert image.size == (8, 6) and not image.getexif()


def test_a_file_that_only_starts_like_a_photo_is_refused(client_for, reference_data):
    polyglot = b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>"
    answer = _multipart(client_for(), [SimpleUploadedFile("x.jpg", polyglot)])
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["code"] == "unsupported_type"


def test_a_place_on_another_districts_sub_compartments_is_refused_for_this_one(client_for):
    from tests.factories import PARTIES_LAT, PARTIES_LON, parties_registry

    parties_registry()  # 密云's 小班 12-3 and 12-4
    on_miyun = {"type": "Point", "coordinates": [PARTIES_LON + 0.005, PARTIES_LAT + 0.005]}
    wrong = _report(client_for(), site_geometry=on_miyun, district="110119")
    assert wrong.status_code == 400
    (problem,) = wrong.json()["errors"]
    assert problem["field"] == "district" and "密云区" in problem["message"]
    # Without a district, the 小班 says whose it is.
    right = _filed(client_for(), site_geometry=on_miyun, district="")
    assert right.district_id == "110118"
    assert right.screening["parcels"][0]["compartment"] == "12-3"


def test_a_report_of_another_district_is_sent_on_before_its_site_check(
    client_for, reviewer_my, reviewer_yq
):
    report = _filed(client_for(), district="110118")
    officer = client_for(reviewer_my)
    url = f"{API}/reports/{report.pk}/transfer/"
    same = officer.post(url, {"district": "110118", "reason": "x"}, format="json")
    assert same.status_code == 400 and same.json()["errors"][0]["code"] == "same"
    assert officer.post(url, {"district": "110119"}, format="json").status_code == 400
    assert (
        client_for(reviewer_yq).post(url, {"district": "110119", "reason": "x"}).status_code == 404
    )
    sent = officer.post(url, {"district": "110119", "reason": "地点在延庆区境内。"}, format="json")
    assert sent.status_code == 204
    moved = Report.objects.get(pk=report.pk)
    assert moved.agency.code == "110119-forestry" and moved.district_id == "110119"
    assert officer.get(f"{API}/reports/{report.pk}/").status_code == 404
    assert client_for(reviewer_yq).get(f"{API}/reports/{report.pk}/").json()["contact"] == CONTACT
    assert Notification.objects.filter(recipient=reviewer_yq, kind="public_report").exists()
    assert AuditEvent.objects.filter(action="report_transferred").count() == 1


def test_forestry_and_agriculture_check_an_alien_species_together(
    client_for, reviewer_my, agriculture_reviewer_my
):
    answer = _multipart(client_for(), [])
    report = Report.objects.get(tracking_code=answer.json()["tracking_code"])
    together = [reviewer_my.username, agriculture_reviewer_my.username]
    checked = _check(client_for(agriculture_reviewer_my), report, inspectors=together)
    assert checked.status_code == 200, checked.content


def test_the_head_refers_and_the_audit_says_so(client_for, reviewer_my, reviewer_my2, head_my):
    report = _filed(client_for())
    _check(client_for(reviewer_my), report)
    client_for(head_my).post(
        f"{API}/reports/{report.pk}/close/",
        {"outcome": "referred", "findings": "涉嫌滥伐林木罪。"},
        format="json",
    )
    assert AuditEvent.objects.get(action="report_closed").role == "head"


def _closed(client_for, reviewer, **overrides) -> Report:
    report = _filed(client_for(), **overrides)
    officer = client_for(reviewer)
    assert _check(officer, report).status_code == 200
    closing = {"outcome": "unfounded", "findings": "伐桩为去年经批准的抚育采伐所留。"}
    closed = officer.post(f"{API}/reports/{report.pk}/close/", closing, format="json")
    assert closed.status_code == 200, closed.content
    return Report.objects.get(pk=report.pk)


def test_the_contact_is_erased_the_standards_days_after_closing(
    client_for, reviewer_my, reviewer_my2
):
    """个人信息保护法 art. 47(1): the purpose achieved, the contact goes (30 days by default,
    data); the report, its findings and outcome stay; an open report keeps its contact."""
    with time_machine.travel("2026-11-27 09:00 +0800", tick=False):
        closed = _closed(client_for, reviewer_my)
        still_open = _filed(client_for(), contact="李女士 13900000000")
    assert "reporters' contacts erased: 0" in _tick("2026-12-27T08:59:00+08:00")
    assert Report.objects.get(pk=closed.pk).contact == CONTACT
    assert "reporters' contacts erased: 1" in _tick("2026-12-27T09:01:00+08:00")
    assert "reporters' contacts erased: 0" in _tick("2026-12-27T10:00:00+08:00")
    erased = Report.objects.get(pk=closed.pk)
    assert erased.contact == "" and erased.contact_erased_at is not None
    assert erased.outcome == "unfounded" and erased.findings
    assert Report.objects.get(pk=still_open.pk).contact == "李女士 13900000000"
    (event,) = AuditEvent.objects.filter(action="report_contact_erased")
    assert event.details["report_id"] == closed.pk and event.actor is None
    assert event.role == "system"
    assert "王先生" not in json.dumps([event.details, event.snapshot], ensure_ascii=False)
    record = client_for(reviewer_my).get(f"{API}/reports/{closed.pk}/").json()
    assert record["contact"] == "" and record["contact_erased_at"] is not None
    browser = client_for()
    browser.force_login(reviewer_my)
    page = browser.get(f"/reports/{closed.pk}/").content.decode()
    assert "王先生" not in page and "2026-12-27" in page


def test_a_case_or_referral_keeps_the_contact_to_tell_the_reporter(
    client_for, reviewer_my, reviewer_my2, head_my
):
    """Issue 46, Low: a report closed on an enforcement case or a referral goes on after the
    closing; the reporter is still told its outcome, so the contact is not erased."""
    with time_machine.travel("2026-11-27 09:00 +0800", tick=False):
        case = _closed(client_for, reviewer_my)
        Report.objects.filter(pk=case.pk).update(outcome="no_permit")
        referred = _closed(client_for, reviewer_my)
        Report.objects.filter(pk=referred.pk).update(outcome="referred")
        unfounded = _closed(client_for, reviewer_my)
    assert "reporters' contacts erased: 1" in _tick("2027-02-27T09:00:00+08:00")
    assert Report.objects.get(pk=case.pk).contact == CONTACT
    assert Report.objects.get(pk=referred.pk).contact == CONTACT
    assert Report.objects.get(pk=unfounded.pk).contact == ""


def test_a_bureau_sets_the_days_a_contact_is_kept(client_for, reviewer_my, reviewer_my2):
    SupervisionStandard.objects.create(jurisdiction_id="110000", report_contact_days=0)
    with time_machine.travel("2026-11-27 09:00 +0800", tick=False):
        closed = _closed(client_for, reviewer_my)
        # The reporter is told on the form how long the contact is kept.
        form = client_for().get("/public/reports/new/?district=110118").content.decode()
    assert 'id="report-privacy"' in form
    assert "reporters' contacts erased: 1" in _tick("2026-11-27T09:05:00+08:00")
    assert Report.objects.get(pk=closed.pk).contact == ""
    # An anonymous report has nothing to erase.
    with time_machine.travel("2026-11-27 10:00 +0800", tick=False):
        anonymous = _closed(client_for, reviewer_my, contact="")
    assert "reporters' contacts erased: 0" in _tick("2026-11-28T09:00:00+08:00")
    assert Report.objects.get(pk=anonymous.pk).contact_erased_at is None


def test_a_decompression_bomb_is_a_400_naming_the_photos(client_for, reference_data):
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (9000, 9000)).save(out, "PNG")  # 81 MP in a few kilobytes
    answer = _multipart(client_for(), [SimpleUploadedFile("bomb.png", out.getvalue())])
    assert answer.status_code == 400, answer.content
    (error,) = answer.json()["errors"]
    assert (error["field"], error["code"]) == ("photos", "too_many_pixels")
    assert not Report.objects.exists()
