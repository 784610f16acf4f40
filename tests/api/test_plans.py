"""The annual plan against the records (product.md §19 P4): rule T7 on designs outside the plan,
planned vs approved vs accepted per 小班, district and township (API and page), the appraisal's
plan completion; officials and auditors read their jurisdictions, applicants nothing."""

import pytest
import time_machine
from django.urls import reverse

from permits.plans import plan_import
from permits.rules import evaluate, rules_for
from permits.services import application_findings
from public.appraisal import Quarter, appraisal
from roles.models import District
from supervision.inspections import inspection_assign, inspection_result
from tests.factories import tending_draft
from tests.permits.test_rules import assert_quoted, facts
from zones.imports import ImportFile

from .helpers import API

pytestmark = pytest.mark.django_db

HEADER = "乡镇,村,林班,小班,任务类型,面积（公顷）,资金来源,责任单位"


def _plan(*rows, year=2026, district="110118"):
    place = District.objects.get(pk=district)
    table = "\r\n".join([HEADER, *rows]).encode()
    return plan_import(
        file=ImportFile(
            jurisdiction=place.jurisdiction, district=place, source="任务分解表", data=table
        ),
        year=year,
    )


@pytest.fixture
def plan_2026(reference_data):
    return _plan(
        "不老屯镇,燕落村,12,3,中幼林抚育,6,森林抚育补助,不老屯镇人民政府",
        "不老屯镇,燕落村,12,4,中幼林抚育,4,森林抚育补助,不老屯镇人民政府",
        "石城镇,,31,7,修枝,10,,石城镇人民政府",
    )


def _pass(inspection, head_my, reviewer_my):
    """The completion inspection passes (district_my and district_my2 inspect)."""
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
                {"compartment": "12-3", "measured_area_ha": "6.1"},
                {"compartment": "12-4", "measured_area_ha": "6.4"},
            ],
            score="92",
            outcome="pass",
            findings="与设计相符。",
        )


# ---- T7 ----------------------------------------------------------------------------------------


def test_t7_advises_on_the_sub_compartments_outside_the_plan(plan_2026, applicant_my):
    outside = tending_draft(by=applicant_my, compartments=["12-3", "12-5"])
    (finding,) = [f for f in application_findings(outside) if f.rule == "T7"]
    assert finding.severity == "advisory" and finding.field == "compartments"
    assert "12-5" in finding.message and "12-3" not in finding.message and "2026" in finding.message
    assert finding.source.startswith("000 二（一）") and "小班地块" in finding.source
    inside = tending_draft(by=applicant_my, compartments=["12-3", "12-4"])
    assert [f for f in application_findings(inside) if f.rule == "T7"] == []


def test_t7_reads_the_plan_of_the_works_year_and_its_current_version(plan_2026, applicant_my):
    next_year = tending_draft(by=applicant_my, start_date="2027-03-01", end_date="2027-10-01")
    assert [f for f in application_findings(next_year) if f.rule == "T7"] == []  # no 2027 plan
    _plan("石城镇,,31,7,修枝,10,,石城镇人民政府")  # version 2: 12-3 and 12-4 no longer planned
    design = tending_draft(by=applicant_my)
    (finding,) = [f for f in application_findings(design) if f.rule == "T7"]
    assert "12-3" in finding.message and "12-4" in finding.message


def test_t7_judges_nothing_where_no_plan_covers_the_district(reference_data, applicant_my):
    design = tending_draft(by=applicant_my, compartments=["99-9"])
    assert [f for f in application_findings(design) if f.rule == "T7"] == []


def test_t7_cites_each_jurisdictions_own_document():
    found = {
        j: [
            f
            for f in evaluate(
                rules_for("tending"),
                facts(compartments=["3-4"], plan_year=2026, planned_compartments=frozenset()),
                j,
            )
            if f.rule == "T7"
        ]
        for j in ("110000", "120000")
    }
    assert found["110000"][0].source.startswith("000 二（一）《北京市")
    assert found["120000"][0].source.startswith("001 五（一）《蓟州区") and "北京" not in (
        found["120000"][0].source
    )
    for (finding,) in found.values():
        assert_quoted(finding.source)


# ---- planned vs approved vs accepted ----------------------------------------------------------


def test_the_plan_counts_what_was_approved_and_accepted(
    client_for, plan_2026, inspection, head_my, reviewer_my, reviewer_my2
):
    body = client_for(reviewer_my).get(f"{API}/plans/", {"year": 2026}).json()
    tasks = {t["compartment"]: t for t in body["tasks"]}
    reference = inspection.application.reference
    assert [d["reference"] for d in tasks["12-3"]["approved"]] == [reference]
    assert tasks["12-3"]["accepted"] is False and tasks["31-7"]["approved"] == []
    assert tasks["31-7"]["task_type"] == "pruning" and tasks["12-3"]["area_ha"] == "6.0000"
    (district,) = body["districts"]
    assert district["planned"] == {"tasks": 3, "area_ha": "20.0000"}
    assert district["approved"] == {"tasks": 2, "area_ha": "10.0000"}
    assert district["accepted"]["tasks"] == 0 and district["completion"] == 0.0
    _pass(inspection, head_my, reviewer_my)
    body = client_for(reviewer_my).get(f"{API}/plans/", {"year": 2026}).json()
    (district,) = body["districts"]
    assert district["accepted"] == {"tasks": 2, "area_ha": "10.0000"}
    assert district["completion"] == 0.5
    townships = {t["township"]: t for t in body["townships"]}
    assert townships["不老屯镇"]["completion"] == 1.0 and townships["石城镇"]["completion"] == 0.0


def test_the_appraisal_counts_the_plan_completed_by_the_quarters_end(
    plan_2026, inspection, head_my, reviewer_my, reviewer_my2
):
    _pass(inspection, head_my, reviewer_my)
    with time_machine.travel("2027-01-05 10:00 +0800", tick=False):
        q4 = appraisal(jurisdictions=["110000"], quarter=Quarter(2026, 4))
        rows = {r.agency.code: r.figures["plan_completion"] for r in q4}
        earlier = {
            r.agency.code: r.figures["plan_completion"]
            for r in appraisal(jurisdictions=["110000"], quarter=Quarter(2026, 3))
        }
    assert (rows["110118-forestry"].met, rows["110118-forestry"].total) == (2, 3)
    assert (rows["bj-forestry"].met, rows["bj-forestry"].total) == (2, 3)
    # Nothing to count: named without data, not a row (issue 45).
    idle = {agency.code for agency in q4.without_data}
    assert {"110119-forestry", "110118-agriculture"} <= idle and not idle & set(rows)
    assert earlier["110118-forestry"].met == 0  # accepted in November, after Q3


def test_the_plan_is_read_by_officials_and_auditors_of_its_jurisdiction_only(
    client_for, client, plan_2026, applicant_my, reviewer_jz, auditor
):
    assert client.get(f"{API}/plans/").status_code == 401
    assert client_for(applicant_my).get(f"{API}/plans/").status_code == 403
    assert len(client_for(auditor).get(f"{API}/plans/", {"year": 2026}).json()["tasks"]) == 3
    tianjin = client_for(reviewer_jz).get(f"{API}/plans/", {"year": 2026}).json()
    assert tianjin["tasks"] == [] and tianjin["districts"] == []


@pytest.mark.parametrize("year", ["1999", "abc", "2026" * 10, "-1"])
def test_a_wrong_year_is_a_field_error_in_chinese(client_for, reviewer_my, reference_data, year):
    answer = client_for(reviewer_my).get(f"{API}/plans/", {"year": year})
    assert answer.status_code == 400
    (error,) = answer.json()["errors"]
    assert error["field"] == "year" and "年份" in error["message"]


def test_the_plan_page_shows_the_lines_and_the_tasks(client, plan_2026, reviewer_my, applicant_my):
    client.force_login(reviewer_my)
    page = client.get(reverse("plans:index"), {"year": "2026"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "不老屯镇" in text and 'data-compartment="31-7"' in text and "修枝" in text
    assert "<h1" in text and "2026" in text
    assert client.get(reverse("plans:index"), {"year": "1999"}).status_code == 400
    assert client.get(reverse("plans:index"), {"year": "2026", "page": "x"}).status_code == 200
    client.force_login(applicant_my)
    assert client.get(reverse("plans:index")).status_code == 403


def test_t7_reads_a_sub_compartment_however_it_is_spelt(plan_2026, applicant_my):
    design = tending_draft(by=applicant_my, compartments=["１２－３", "012-4"])
    assert [f for f in application_findings(design) if f.rule == "T7"] == []


def test_a_districts_own_plan_takes_the_place_of_the_jurisdictions(client_for, reviewer_my):
    """A jurisdiction-wide plan and a district's plan of the same year: in that district the
    district's own tasks count, never both (nothing counted twice)."""
    beijing = District.objects.get(pk="110118").jurisdiction
    table = "\r\n".join(
        [
            "区,乡镇,林班,小班,任务类型,面积（公顷）,责任单位",
            "110118,不老屯镇,12,3,抚育间伐,6,市园林绿化局",
            "110119,珍珠泉乡,52,6,封育,4,市园林绿化局",
        ]
    ).encode()
    plan_import(
        file=ImportFile(jurisdiction=beijing, source="全市任务分解表", data=table), year=2026
    )
    _plan(
        "不老屯镇,,12,3,抚育间伐,6,,不老屯镇人民政府", "不老屯镇,,12,4,抚育间伐,4,,不老屯镇人民政府"
    )
    body = client_for(reviewer_my).get(f"{API}/plans/", {"year": 2026}).json()
    planned = {d["district"]["code"]: d["planned"] for d in body["districts"]}
    assert planned == {
        "110118": {"tasks": 2, "area_ha": "10.0000"},
        "110119": {"tasks": 1, "area_ha": "4.0000"},
    }
