"""Reports from the public as pages (product.md §19 P2): a citizen files one without an account
and follows it by its code; the handling agency reads it (markup in it stays text), checks the
site and closes it; everyone else gets a 404."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from enforcement.models import Case
from public.models import Report

pytestmark = pytest.mark.django_db

POINT = '{"type": "Point", "coordinates": [116.85, 40.40]}'
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
NEW = reverse("public-report-new")
TRACK = reverse("public-report-track")


def _file(client, **overrides):
    body = {
        "district": "110118",
        "kind": "illegal_felling",
        "description": "后山有人砍树。",
        "site_geometry": POINT,
        "contact": "",
        **overrides,
    }
    return client.post(f"{NEW}?district=110118", body)


def test_the_form_asks_the_district_first_then_shows_its_map(client, reference_data):
    first = client.get(NEW)
    assert first.status_code == 200
    page = first.content.decode()
    assert 'id="report-district-choice"' in page and "<h1" in page
    assert 'name="site_geometry"' not in page
    second = client.get(NEW, {"district": "110118"}).content.decode()
    assert "data-site-draw" in second and "data-allow-point" in second
    assert 'name="site_geometry"' in second and "密云区" in second


def test_a_citizen_files_a_report_and_reads_its_code_and_status(client, reference_data):
    answer = _file(client)
    assert answer.status_code == 302
    report = Report.objects.get()
    # The code never travels in an address (access logs would keep it with the address).
    assert report.tracking_code not in answer["Location"]
    page = client.get(answer["Location"]).content.decode()
    assert report.tracking_code in page and 'id="report-filed"' in page
    assert "后山" not in page  # the text is never shown back on the public side
    assert 'id="report-filed"' not in client.get(answer["Location"]).content.decode()  # once
    # Looked up again later, typed in lower case and posted: status only.
    again = client.post(TRACK, {"code": report.tracking_code.lower()}).content.decode()
    assert 'data-status="received"' in again and 'id="report-filed"' not in again
    unknown = client.post(TRACK, {"code": "ABCD-EFGH-JKMN"})
    assert unknown.status_code == 404 and 'id="report-not-found"' in unknown.content.decode()
    assert client.post(TRACK, {"code": "<b>"}).status_code == 404


def test_the_received_page_names_the_handling_agency_and_its_dates(client, reference_data):
    """Issue 45: the page after filing did not say who handles the report nor by when; a status
    page is never kept by a browser or a proxy."""
    answer = _file(client)
    report = Report.objects.get()
    received = client.get(answer["Location"])
    assert "no-store" in received["Cache-Control"]
    page = received.content.decode()
    receipt = page.split('id="report-receipt">', 1)[1].split("</p>", 1)[0]
    assert report.agency.name in receipt
    assert report.due_on.isoformat() in receipt
    assert timezone.localdate(report.received_at).isoformat() in receipt
    looked_up = client.post(TRACK, {"code": report.tracking_code})
    assert "no-store" in looked_up["Cache-Control"]
    assert 'id="report-receipt"' not in looked_up.content.decode()  # the filer's page only


def test_a_bad_report_keeps_what_was_typed_and_names_each_field(client, reference_data):
    bad = _file(
        client,
        kind="",
        description="后山有人砍树，已经砍了三天。",
        site_geometry='{"type": "Point", "coordinates": [121.47, 31.23]}',
        photos=[SimpleUploadedFile("x.png", b"%PDF-1.7 not an image", content_type="image/png")],
    )
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "后山有人砍树，已经砍了三天。" in page
    assert 'id="error-summary"' in page
    assert Report.objects.count() == 0


def test_the_handling_agency_reads_markup_as_text_and_handles_the_report(
    client, reference_data, reviewer_my, reviewer_my2, reviewer_yq, applicant_my
):
    _file(client, description=HOSTILE, contact=HOSTILE)
    report = Report.objects.get()
    url = reverse("reports:detail", args=[report.pk])
    client.force_login(applicant_my)
    assert client.get(url).status_code in (403, 404)  # no reports pages for applicants at all
    client.force_login(reviewer_yq)
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("reports:index")).content.decode()
    client.force_login(reviewer_my)
    assert url in client.get(reverse("reports:index")).content.decode()
    page = client.get(url).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in page
    assert re.search(r'id="report-contact">[^<]*&lt;script&gt;', page)
    bad = client.post(
        url,
        {
            "action": "check",
            "check-checked_on": "2020-01-01",
            "check-inspectors": ["district_my"],
            "check-findings": "",
        },
    )
    assert bad.status_code == 400
    assert Report.objects.get().status == "received"
    checked = client.post(
        url,
        {
            "action": "check",
            # The day it was received in Beijing (a report received after 16:00 UTC is
            # received the next day there).
            "check-checked_on": timezone.localdate(report.received_at).isoformat(),
            "check-inspectors": ["district_my", "district_my2"],
            "check-findings": "现场无采伐痕迹。",
        },
    )
    assert checked.status_code == 302
    closed = client.post(
        url,
        {"action": "close", "close-outcome": "unfounded", "close-findings": "举报不实。"},
    )
    assert closed.status_code == 302
    assert Report.objects.get().outcome == "unfounded"
    page = client.get(url).content.decode()
    assert 'id="report-outcome"' in page
    # A stale form posted again changes nothing and says why.
    again = client.post(
        url, {"action": "close", "close-outcome": "no_permit", "close-findings": "x"}
    )
    assert again.status_code == 302 and Report.objects.get().outcome == "unfounded"


def test_a_report_closed_without_a_permit_shows_its_enforcement_case(
    client, reference_data, reviewer_my, reviewer_my2
):
    """The case the closing opened is the enforcement app's: its number, linked to its page."""
    _file(client)
    report = Report.objects.get()
    url = reverse("reports:detail", args=[report.pk])
    client.force_login(reviewer_my)
    checked_on = timezone.localdate(report.received_at).isoformat()
    check = {"action": "check", "check-checked_on": checked_on, "check-findings": "有伐桩。"}
    check["check-inspectors"] = ["district_my", "district_my2"]
    assert client.post(url, check).status_code == 302
    close = {"action": "close", "close-outcome": "no_permit", "close-findings": "无证采伐。"}
    assert client.post(url, close).status_code == 302
    case = Case.objects.get(source="report", source_id=str(report.pk))
    page = client.get(url).content.decode()
    found = re.search(r'id="report-case">(.*?)</p>', page, re.S)
    assert found is not None
    assert f'href="{reverse("case-detail", args=[case.pk])}"' in found.group(1)
    assert case.number in found.group(1) and "公安" not in found.group(1)


def test_the_public_form_is_throttled_per_address(client, reference_data, settings):
    settings.PERMITS_PUBLIC_RATES = {
        "report": {"address": "1/h", "address_daily": "20/d"},
        "report_attempt": {"address": "100/h"},
        "status": {"address": "100/h", "code": "100/h"},
    }
    assert _file(client).status_code == 302
    refused = _file(client, description="第二次")
    assert refused.status_code == 429
    assert "第二次" in refused.content.decode()  # what was typed is not lost
    assert Report.objects.count() == 1


def test_a_form_refused_for_a_bad_field_takes_no_place_in_the_limit(
    client, reference_data, settings
):
    settings.PERMITS_PUBLIC_RATES = {
        "report": {"address": "1/h", "address_daily": "20/d"},
        "report_attempt": {"address": "100/h"},
        "status": {"address": "100/h", "code": "100/h"},
    }
    for _ in range(3):
        assert _file(client, description="").status_code == 400
    assert _file(client).status_code == 302
    assert _file(client).status_code == 429
    assert Report.objects.count() == 1


def test_the_list_names_each_reports_place_not_its_number(client, reference_data, reviewer_my):
    """Issue 45 (Low): a report is listed by where it is (its zones and 小班, else what the
    reporter wrote) and when it came, not by an opaque "编号 4"."""
    _file(client, description="溪翁庄镇石马峪村北山坡，有人在砍树，已经倒了十几棵。" * 3)
    described = Report.objects.get()
    _file(client, description="后山有人砍树。")
    screened = Report.objects.exclude(pk=described.pk).get()
    screened.screening = {
        "zones": [{"name": "密云水库一级保护区"}],
        "parcels": [{"compartment": "12-3"}],
    }
    screened.save(update_fields=["screening"])
    client.force_login(reviewer_my)
    page = client.get(reverse("reports:index"))
    places = {report.pk: place for report, place in page.context["rows"]}
    assert places[screened.pk] == "密云水库一级保护区；小班：12-3"
    assert places[described.pk].startswith("溪翁庄镇石马峪村北山坡") and places[
        described.pk
    ].endswith("…")
    html = page.content.decode()
    link = reverse("reports:detail", args=[described.pk])
    assert re.search(rf'href="{link}">溪翁庄镇石马峪村北山坡', html)
    assert f'href="{link}">{described.pk}<' not in html


def test_a_photo_refused_after_filing_is_said_on_both_pages(
    client, reference_data, reviewer_my, django_capture_on_commit_callbacks
):
    """Issue 45: a photo that does not decode (found after the commit) is said refused on the
    tracking page and on the handling agency's page, never silently gone."""
    out = io.BytesIO()
    Image.new("RGB", (8, 6)).save(out, "PNG")
    broken = out.getvalue()[: out.getvalue().index(b"IDAT") + 6]
    photo = SimpleUploadedFile("broken.png", broken, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        answer = _file(client, photos=[photo])
    assert answer.status_code == 302
    report = Report.objects.get()
    page = client.post(TRACK, {"code": report.tracking_code}).content.decode()
    assert 'id="report-photos-rejected"' in page
    client.force_login(reviewer_my)
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "data-rejected-photo" in page
    assert reverse("reports:photo", args=[report.pk, report.photos.get().pk]) not in page
