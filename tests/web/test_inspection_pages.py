"""The inspection pages (检查验收, product.md §17 A2): the head assigns from the page, an
inspector records the result per sampled 小班; bad input stays in the form, field by field."""

import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from supervision.models import Inspection

pytestmark = pytest.mark.django_db


def test_the_head_assigns_and_an_inspector_records_on_the_page(
    client,
    head_my,
    reviewer_my,
    reviewer_my2,
    applicant_my,
    inspection,
):
    url = reverse("inspections:detail", args=[inspection.pk])
    client.force_login(applicant_my)
    assert client.get(url).status_code in (403, 404)  # the holder has no inspection page
    client.force_login(head_my)
    listed = client.get(reverse("inspections:index")).content.decode()
    assert url in listed
    page = client.get(url).content.decode()
    assert 'value="assign"' in page and 'value="district_my"' in page
    with time_machine.travel("2026-11-25 09:00 +0800", tick=False):
        bad = client.post(
            url, {"action": "assign", "inspectors": ["district_my"], "planned_on": "2026-11-30"}
        )
        assert bad.status_code == 400
        assert Inspection.objects.get(pk=inspection.pk).status == "planned"
        good = client.post(
            url,
            {
                "action": "assign",
                "inspectors": ["district_my", "district_my2"],
                "planned_on": "2026-11-30",
            },
        )
    assert good.status_code == 302
    client.force_login(reviewer_my2)
    page = client.get(url).content.decode()
    assert 'name="p0_area"' in page and 'name="p1_area"' in page
    measured = {
        "action": "result",
        "p0_area": "6.1",
        "p0_operation": "young_forest_tending",
        "p1_area": "6.4",
        "p1_operation": "thinning",
        "score": "90",
        "outcome": "pass",
    }
    refused = client.post(url, measured)
    assert refused.status_code == 400  # 12-4 was thinned: a pass is refused, nothing kept
    assert "12-4：" in refused.content.decode()  # the refusal names the 小班 and its problem
    assert Inspection.objects.get(pk=inspection.pk).status == "assigned"
    done = client.post(url, {**measured, "p1_operation": "young_forest_tending"})
    assert done.status_code == 302
    recorded = Inspection.objects.get(pk=inspection.pk)
    assert recorded.status == "done" and recorded.outcome == "pass"
    assert recorded.application.status == "accepted"
    page = client.get(url).content.decode()
    assert recorded.report.number in page


def test_a_rectification_is_answered_and_closed_on_its_page(
    client, head_my, reviewer_my, reviewer_my2, applicant_my, applicant_yq, inspection
):
    from supervision.inspections import inspection_assign, inspection_result
    from supervision.models import Rectification

    with time_machine.travel("2026-11-25 09:00 +0800", tick=False):
        inspection_assign(
            inspection_id=inspection.pk,
            by=head_my,
            inspectors=["district_my", "district_my2"],
            planned_on="2026-11-30",
        )
    inspection_result(
        inspection_id=inspection.pk,
        by=reviewer_my,
        parcels=[
            {"compartment": "12-3", "measured_area_ha": "6.1", "operation_type": "thinning"},
            {"compartment": "12-4", "measured_area_ha": "6.4"},
        ],
        score="50",
        outcome="fail",
        findings="12-3小班实施了间伐",
    )
    rectification = Rectification.objects.get()
    url = reverse("rectification-detail", args=[rectification.pk])
    client.force_login(applicant_yq)
    assert client.get(url).status_code == 404
    client.force_login(applicant_my)
    detail = client.get(reverse("application-detail", args=[inspection.application_id]))
    assert url in detail.content.decode()
    assert 'value="answer"' in client.get(url).content.decode()
    assert client.post(url, {"action": "answer", "answer": ""}).status_code == 400
    assert client.post(url, {"action": "close", "note": "x"}).status_code == 404
    assert client.post(url, {"action": "answer", "answer": "已整改"}).status_code == 302
    client.force_login(reviewer_my)
    page = client.get(url).content.decode()
    assert "已整改" in page and 'value="close"' in page
    assert client.post(url, {"action": "close", "note": ""}).status_code == 400
    assert client.post(url, {"action": "close", "note": "整改到位"}).status_code == 302
    assert Rectification.objects.get().status == "closed"


@pytest.fixture
def registry_inspection(applicant_my, reviewer_my, reviewer_my2, approver, head_my) -> Inspection:
    """A 密云 design on 小班 12-3 of the registry, approved on 2 March 2026; its completion
    filed and accepted on 20 November, its completion inspection assigned that day for the
    25th."""
    from permits.models import Obligation
    from supervision.inspections import inspection_assign
    from supervision.services import filing_submit
    from tests.factories import decide, submit_accepted, tending_draft
    from tests.zones.helpers import LAT, LON, box, parcel_layer
    from workflows.models import PermitProcess
    from workflows.services import task_decide

    parcel_layer("110118", (box(LON - 0.001, LAT - 0.001, 0.002, 0.002), "12-3", "natural"))
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        design = tending_draft(by=applicant_my, site_geometry=None, compartments=["12-3"])
        design = submit_accepted(application=design, by=applicant_my)
        design = decide(decide(design, reviewer_my), approver)
    completion = Obligation.objects.get(application=design, kind="tending_completion")
    parcels = [{"compartment": "12-3", "area_ha": "3", "operation_type": "young_forest_tending"}]
    with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
        filing = filing_submit(
            obligation_id=completion.pk,
            by=applicant_my,
            data={"completed_on": "2026-11-20", "parcels": parcels},
        )
        task = PermitProcess.objects.get(filing=filing).task_set.get(flow_task_type="HUMAN")
        task_decide(task_id=task.pk, by=reviewer_my, decision="accept")
        inspection = Inspection.objects.get(application=design)
        inspection_assign(
            inspection_id=inspection.pk,
            by=head_my,
            inspectors=["district_my", "district_my2"],
            planned_on="2026-11-25",
        )
    return inspection


def test_the_sub_compartment_remembers_what_its_inspection_found(
    client, applicant_my, reviewer_my, registry_inspection
):
    """product.md §17 A7: the 小班's page lists each application on it with what its
    inspections measured there and concluded."""
    from supervision.inspections import inspection_result
    from zones.models import Parcel

    inspection, design = registry_inspection, registry_inspection.application
    with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
        inspection_result(
            inspection_id=inspection.pk,
            by=reviewer_my,
            parcels=[
                {"compartment": "12-3", "measured_area_ha": "3", "operation_type": "thinning"}
            ],
            score="40",
            outcome="fail",
            findings="实施了间伐",
        )
    client.force_login(reviewer_my)
    page = client.get(reverse("parcel-detail", args=[Parcel.objects.get().pk])).content.decode()
    row = page.split(f'data-application="{design.reference}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-outcome="fail"' in row and "2026-11-20" in row
    # The registry's API remembers the same facts, for the holder too (§17 A7).
    client.force_login(applicant_my)
    (parcel,) = client.get("/api/v1/parcels/", {"district": "110118"}).json()
    (entry,) = [h for h in parcel["history"] if h["reference"] == design.reference]
    assert entry["inspections"] == [
        {
            "kind": "completion",
            "outcome": "fail",
            "recorded_on": "2026-11-20",
            "measured_area_ha": "3",
            "operation_type": "thinning",
            "problems": entry["inspections"][0]["problems"],
        }
    ]
    assert entry["inspections"][0]["problems"]  # thinned where tending was approved


def test_the_municipal_head_draws_spot_checks_from_the_list(client, head_my, head_forest):
    from supervision.models import SpotCheckDraw

    url = reverse("inspections:index")
    client.force_login(head_my)  # a district head: no draw
    assert 'id="spot-checks"' not in client.get(url).content.decode()
    assert client.post(url, {"year": "2026"}).status_code == 404
    client.force_login(head_forest)
    assert 'id="spot-checks"' in client.get(url).content.decode()
    this_year = str(timezone.localdate().year)
    assert client.post(url, {"year": "1999"}).status_code == 400
    assert client.post(url, {"year": this_year}).status_code == 302
    assert client.post(url, {"year": this_year}).status_code == 302  # told: drawn already
    assert SpotCheckDraw.objects.count() == 1


def test_an_overdue_obligation_is_ordered_corrected_from_the_list(
    client, agriculture_reviewer_my, introduction
):
    from django.core.management import call_command

    from permits.models import Obligation

    first = Obligation.objects.filter(application=introduction, kind="monitoring").first()
    with time_machine.travel("2026-10-05 09:00 +0800", tick=False):
        call_command("permits_tick")
    client.force_login(agriculture_reviewer_my)
    listed = client.get(reverse("obligations:index"), {"overdue": "on"}).content.decode()
    url = reverse("obligation-rectification", args=[first.pk])
    assert url in listed
    assert client.post(url, {"opinion": ""}).status_code == 400
    done = client.post(url, {"opinion": "限期补报第1期监测报告"})
    assert done.status_code == 302 and "/rectifications/" in done["Location"]


def test_the_approver_finalises_the_yearly_control_report_on_its_page(
    client, applicant_my, agriculture_approver, introduction
):
    from supervision.models import ControlReport
    from supervision.reports import control_reports_draft

    with time_machine.travel("2026-12-01 09:00 +0800", tick=False):
        assert control_reports_draft(timezone.now()) == 1
    report = ControlReport.objects.get()
    client.force_login(applicant_my)
    assert client.get(reverse("control-reports")).status_code == 404
    client.force_login(agriculture_approver)
    page = client.get(reverse("control-reports")).content.decode()
    assert f'id="control-report-{report.pk}"' in page and introduction.reference in page
    assert 'data-action="finalise_control_report"' in page
    assert (
        client.post(reverse("control-reports"), {"report": report.pk, "note": "已核"}).status_code
        == 302
    )
    assert ControlReport.objects.get().status == "final"


def _allowance_lines(page: str) -> list[str]:
    return re.findall(r'<p class="permits-muted permits-allowance">(.*?)</p>', page)


def test_the_inspector_sees_what_each_sampled_sub_compartment_was_approved_for(
    client, reviewer_my2, registry_inspection
):
    """Issue 45 item 19: beside each sampled 小班's fields, the approved area (the screening's
    share of the site in it) with the range the thresholds accept, the approved operation and
    intensity; again beside the recorded result."""
    from supervision.inspections import approved_allowance

    inspection, design = registry_inspection, registry_inspection.application
    area = approved_allowance(design.detail).areas["12-3"]
    assert area  # the site covers part of 12-3: the registry knows its share
    tolerance = Decimal(str(inspection.thresholds["area_tolerance_pct"]))
    low = (area - area * tolerance / 100).quantize(Decimal("0.01"))
    high = (area + area * tolerance / 100).quantize(Decimal("0.01"))
    url = reverse("inspections:detail", args=[inspection.pk])
    client.force_login(reviewer_my2)
    page = client.get(url).content.decode()
    # The site on a map to read in the field (issue 45 item 3), its SVG without scripts.
    the_map = page.split('id="inspection-map"', 1)[1].split("</figure>", 1)[0]
    assert "data-site-map" in the_map and "data-geometry=" in the_map and "<svg" in the_map
    (line,) = _allowance_lines(page)
    assert f"批准面积 {area} 公顷（可接受 {low}–{high} 公顷）" in line
    assert "批准作业：中幼林抚育" in line
    intensity = design.detail.thinning_intensity_pct
    if intensity is not None:
        assert f"强度 {intensity}%" in line
    measured = {"action": "result", "p0_area": str(area), "score": "90", "outcome": "pass"}
    measured["p0_operation"] = "young_forest_tending"
    assert client.post(url, measured).status_code == 302
    (after,) = _allowance_lines(client.get(url).content.decode())
    assert after == line  # the recorded result keeps what it was measured against


def test_a_sub_compartment_the_registry_does_not_know_says_so(
    client, head_my, reviewer_my2, inspection
):
    from supervision.inspections import inspection_assign

    with time_machine.travel("2026-11-25 09:00 +0800", tick=False):
        inspection_assign(
            inspection_id=inspection.pk,
            by=head_my,
            inspectors=["district_my", "district_my2"],
            planned_on="2026-11-30",
        )
    inspection.refresh_from_db()  # the assignment drew the sample
    client.force_login(reviewer_my2)
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    lines = _allowance_lines(page)
    assert len(lines) == len(inspection.sample) == 2
    assert all(
        "小班数据库中无批准面积" in line and "批准作业：中幼林抚育" in line for line in lines
    )
