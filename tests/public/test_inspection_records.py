"""Inspection records (行政许可法 art. 61(2); issue 46): signed by the inspectors who made them
(each named with a line to sign on the 检查验收意见书, and named in the audit event), the
thresholds said to be the bureau's standard and not the law's, and open to the public: a page
and an API listing a permit's records, linked from the verification and the public decisions."""

from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.choices import AuditAction
from audit.models import AuditEvent
from audit.trail import display_name
from documents.models import Certificate, DocumentKind
from supervision.inspections import inspection_assign, inspection_result
from tests.factories import committed, document_pdf
from tests.pdftools import pdf_text

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
API = "/api/v1"
PARCELS = [
    {"compartment": "12-3", "measured_area_ha": "6.1", "operation_type": "young_forest_tending"},
    {"compartment": "12-4", "measured_area_ha": "6.4", "operation_type": "young_forest_tending"},
]


@pytest.fixture
def inspected(inspection, head_my, reviewer_my, reviewer_my2):
    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=SHANGHAI), tick=False):
        inspection_assign(
            inspection_id=inspection.pk,
            by=head_my,
            inspectors=["district_my", "district_my2"],
            planned_on="2026-11-25",
        )
    with time_machine.travel(datetime(2026, 11, 26, 15, tzinfo=SHANGHAI), tick=False):
        committed(
            inspection_result,
            inspection_id=inspection.pk,
            by=reviewer_my,
            parcels=PARCELS,
            score="92",
            outcome="pass",
            findings="与设计相符。",
        )
    inspection.refresh_from_db()
    return inspection


def flat(text: str) -> str:
    return "".join(text.split())


def test_the_report_has_each_inspector_sign_and_calls_the_thresholds_the_bureaus(
    inspected, reviewer_my, reviewer_my2
):
    document = inspected.report.content["document"]
    names = [display_name(u) for u in (reviewer_my, reviewer_my2)]
    assert sorted(document["signatures"]) == sorted(names)
    assert "第六十一条第二款" in document["signatures_heading"]
    text = flat(pdf_text(document_pdf(inspected.report)))
    for name in names:
        assert flat(f"{name}签名：") in text
    assert "检查验收工作标准，不是法律、法规规定的许可条件" in text
    assert "±5%" in text or "±5.0%" in text
    event = AuditEvent.objects.get(action=AuditAction.INSPECTION_RECORDED)
    assert event.details["inspectors"] == ["district_my", "district_my2"]


def test_the_public_may_consult_a_permits_inspection_records(client, inspected, reviewer_my):
    approval = Certificate.objects.get(
        application_id=inspected.application_id, document_kind=DocumentKind.APPROVAL
    )
    response = client.get(f"{API}/public/permits/{quote(approval.number)}/inspections/")
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["number"] == approval.number
    (record,) = answer["records"]
    assert record["outcome"] == "pass" and record["inspected_on"] == "2026-11-26"
    assert record["report"] == inspected.report.number
    assert display_name(reviewer_my) in record["inspectors"]
    assert record["thresholds_are"] == "bureau_standard"
    assert record["thresholds"]["area_tolerance_pct"]
    assert [r["compartment"] for r in record["results"]] == ["12-3", "12-4"]
    # No contact data of the holder.
    application = inspected.application.detail
    for contact in (application.contact_name, application.contact_phone):
        if contact:
            assert contact not in response.content.decode()
    unknown = client.get(f"{API}/public/permits/{quote('无此文书')}/inspections/")
    assert unknown.status_code == 404
    # A notice grants no permit: no records under its number.
    notice = Certificate.objects.filter(
        application_id=inspected.application_id, document_kind=DocumentKind.ACCEPTANCE_NOTICE
    ).first()
    if notice is not None:
        path = f"{API}/public/permits/{quote(notice.number)}/inspections/"
        assert client.get(path).status_code == 404
    page = client.get(reverse("public-permit-inspections", args=[approval.number]))
    html = page.content.decode()
    assert page.status_code == 200 and inspected.report.number in html
    assert 'data-field="thresholds"' in html and 'data-outcome="pass"' in html
    verify = client.get(reverse("verify", args=[approval.number]), {"code": approval.check_code})
    assert reverse("public-permit-inspections", args=[approval.number]) in verify.content.decode()


def test_the_inspection_page_calls_the_thresholds_the_bureaus(client, inspected, reviewer_my):
    client.force_login(reviewer_my)
    page = client.get(reverse("inspections:detail", args=[inspected.pk]))
    assert page.status_code == 200
    assert 'data-field="thresholds-standard"' in page.content.decode()


def test_the_records_queries_do_not_grow_with_the_inspections(client, inspected):
    """The page and the API read a permit's records in as many queries for three as for one."""
    approval = Certificate.objects.get(
        application_id=inspected.application_id, document_kind=DocumentKind.APPROVAL
    )
    urls = (
        reverse("public-permit-inspections", args=[approval.number]),
        f"{API}/public/permits/{quote(approval.number)}/inspections/",
    )
    counts = {}
    for url in urls:
        client.get(url)  # the process's caches
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        counts[url] = len(one)
    inspectors = list(inspected.inspectors.all())
    for _ in range(2):  # two more records of the same kind, by the same inspectors
        inspected.pk = None
        inspected._state.adding = True
        inspected.save()
        inspected.inspectors.set(inspectors)
    for url, one in counts.items():
        with CaptureQueriesContext(connection) as three:
            response = client.get(url)
        assert response.status_code == 200
        assert len(three) == one, [q["sql"][:120] for q in three.captured_queries]
    answer = client.get(urls[1]).json()
    assert len(answer["records"]) == 3
