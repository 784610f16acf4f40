"""The appraisal's figures of the 森林督查 and of the enforcement cases (issue 48 item 6): the
patches an agency verified by their day, its cases decided within the decision period
(行政处罚法 第六十条), and its penalty cases closed by the end of their last period of execution
(the fine's, 行政处罚法 第六十七条, or the replanting's), each a share with its counts, in a fixed
number of queries."""

from datetime import date, datetime, timedelta, timezone

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from enforcement import reference as enforcement_reference
from enforcement import services as cases
from enforcement.models import Case
from forest_watch import services as watch
from forest_watch.models import Patch
from public.appraisal import INDICATORS, Quarter, _snapshot_store, appraisal, appraisal_table
from public.models import AppraisalSnapshot
from tests.forest_watch.helpers import box, import_patches, props

pytestmark = pytest.mark.django_db

INDICATOR_LABELS = dict(INDICATORS)
PERSON = {"name": "张三丰", "id_number": "11010519491231002X", "address": "北京市密云区溪翁庄镇"}
EVIDENCE = [{"kind": "photo", "description": "现场照片3张，伐桩12个"}]
FIELD = {
    "inspectors": ["district_my", "district_my2"],
    "change_type": "felling",
    "finding": "现场为择伐迹地，未见采伐许可证。",
    "measured_area_ha": "1.42",
}


def _figures(quarter: Quarter) -> dict:
    rows = appraisal(jurisdictions=["110000"], quarter=quarter)
    found = [row.as_dict()["indicators"] for row in rows if row.agency.code == "110118-forestry"]
    # An agency with nothing counted is named among those without data, not listed as a row.
    return found[0] if found else {}


@pytest.fixture
def two_patches(reference_data, reviewer_my, reviewer_my2, django_capture_on_commit_callbacks):
    """Two 密云 patches assigned on 1 April 2026 (due 31 May, the standard's 60 days): one
    verified the next day, the other in June, after its day."""
    dates = {"before_date": "2026-02-01", "after_date": "2026-03-20"}
    with (
        time_machine.travel("2026-04-01 10:00 +0800", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        layer = import_patches(
            (box(116.80, 40.40, 0.002, 0.002), props("A-1", **dates)),
            (box(116.83, 40.42, 0.002, 0.002), props("A-2", **dates)),
        )
    early, late = Patch.objects.filter(layer=layer).order_by("number")
    assert early.due_date == late.due_date == date(2026, 5, 31)
    with time_machine.travel("2026-04-02 10:00 +0800", tick=False):
        watch.patch_verify(patch_id=early.pk, by=reviewer_my, checked_on="2026-04-02", **FIELD)
    with time_machine.travel("2026-06-02 10:00 +0800", tick=False):
        watch.patch_verify(patch_id=late.pk, by=reviewer_my, checked_on="2026-06-02", **FIELD)
    return early, late


def _registered(head_my):
    case, _ = cases.case_open(source="manual", facts="擅自采伐林木12株", by=head_my)
    return cases.case_register(case_id=case.pk, by=head_my, party=PERSON)


@pytest.fixture
def two_cases(reference_data, head_my, reviewer_my, reviewer_my2):
    """Two 密云 cases registered on 5 January 2026 (to be decided by 5 April, 90 days): one
    decided in March, the other still open."""
    enforcement_reference.load()
    with time_machine.travel("2026-01-05 10:00 +0800", tick=False):
        decided, waiting = _registered(head_my), _registered(head_my)
    assert decided.decide_due == waiting.decide_due == date(2026, 4, 5)
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        cases.case_evidence(
            case_id=decided.pk, by=reviewer_my, officers=FIELD["inspectors"], evidence=EVIDENCE
        )
        cases.case_prior_notice(
            case_id=decided.pk, by=reviewer_my, article="forest-76-2", fine="0", base_value="1500"
        )
        cases.case_statement(case_id=decided.pk, by=reviewer_my, waived=True)
        cases.case_decide(
            case_id=decided.pk,
            by=head_my,
            outcome="no_penalty",
            reasons="轻微",
            no_penalty_ground="minor_corrected",
        )
    return decided, waiting


def test_patches_verified_by_their_day(two_patches):
    figures = _figures(Quarter(2026, 2))
    assert figures["patches_verified_on_time"] == {"value": 0.5, "met": 1, "total": 2}
    # Counted in the quarter of their day, not of the import or of the verification.
    assert "patches_verified_on_time" not in _figures(Quarter(2026, 3))


def test_a_patch_counts_for_the_agency_it_is_assigned_to(two_patches):
    early, _late = two_patches
    Patch.objects.filter(pk=early.pk).update(agency=None)  # assigned to none: counted for none
    assert _figures(Quarter(2026, 2))["patches_verified_on_time"] == {
        "value": 0.0,
        "met": 0,
        "total": 1,
    }


def test_cases_decided_within_the_decision_period(two_cases):
    figures = _figures(Quarter(2026, 2))
    assert figures["cases_decided_on_time"] == {"value": 0.5, "met": 1, "total": 2}
    assert _figures(Quarter(2026, 1)).get("cases_decided_on_time", {}).get("total", 0) == 0


def test_the_spreadsheet_carries_both_figures(two_patches, two_cases):
    rows = appraisal(jurisdictions=["110000"], quarter=Quarter(2026, 2))
    header, *lines = list(appraisal_table(rows))
    assert str(INDICATOR_LABELS["patches_verified_on_time"]) in header
    assert str(INDICATOR_LABELS["cases_decided_on_time"]) in header
    assert str(INDICATOR_LABELS["cases_closed_on_time"]) in header
    (miyun,) = [line for line in lines if line[0] == "密云区园林绿化局"]
    # No penalty case to execute: the closing figure is empty, not 0 %.
    assert miyun[-6:] == [50.0, 2, 50.0, 2, "", 0]


def test_the_figures_cost_a_fixed_number_of_queries(two_patches, two_cases):
    with CaptureQueriesContext(connection) as busy:
        appraisal(jurisdictions=["110000"], quarter=Quarter(2026, 2))
    with CaptureQueriesContext(connection) as quiet:
        appraisal(jurisdictions=["110000"], quarter=Quarter(2024, 2))
    assert len(busy) == len(quiet)


def test_the_api_serves_both_figures(two_patches, two_cases, reviewer_my):
    client = APIClient()
    client.force_authenticate(reviewer_my)
    body = client.get("/api/v1/appraisal/", {"period": "2026Q2"}).json()
    (miyun,) = [r for r in body["agencies"] if r["agency"]["code"] == "110118-forestry"]
    assert miyun["indicators"]["patches_verified_on_time"] == {"value": 0.5, "met": 1, "total": 2}
    assert miyun["indicators"]["cases_decided_on_time"] == {"value": 0.5, "met": 1, "total": 2}


BEIJING = timezone(timedelta(hours=8))


def _executed(head_my, *, outcome="penalty", fine_due=None, replant_due=None, closed=None):
    """A registered case set as decided on 1 June 2026 with its periods of execution and its
    close (written directly: the figure reads these fields, the acts are tested elsewhere)."""
    case = _registered(head_my)
    Case.objects.filter(pk=case.pk).update(
        outcome=outcome,
        decided_at=datetime(2026, 6, 1, 10, tzinfo=BEIJING),
        fine_due=fine_due,
        replant_due=replant_due,
        closed_at=datetime(*closed, 23, 30, tzinfo=BEIJING) if closed else None,
    )
    return case


@pytest.fixture
def executed_cases(reference_data, head_my):
    enforcement_reference.load()
    with time_machine.travel("2026-05-05 10:00 +0800", tick=False):
        # Fined by 10 July, to replant by 31 August, closed 20 August: in time (the later day).
        _executed(
            head_my, fine_due=date(2026, 7, 10), replant_due=date(2026, 8, 31), closed=(2026, 8, 20)
        )
        # A fine alone, due 15 July, closed on the 15th late in the evening: in time.
        _executed(head_my, fine_due=date(2026, 7, 15), closed=(2026, 7, 15))
        # A replanting alone, due 1 September, closed on the 5th: late.
        _executed(head_my, replant_due=date(2026, 9, 1), closed=(2026, 9, 5))
        # Both periods ended in the quarter, never closed.
        _executed(head_my, fine_due=date(2026, 8, 1), replant_due=date(2026, 9, 30))
        # No penalty: nothing to execute, not counted even with a day typed in.
        _executed(head_my, outcome="no_penalty", fine_due=date(2026, 8, 1), closed=(2026, 9, 1))
        # The fine's day in this quarter, the replanting's in the next: counted in the next.
        _executed(
            head_my,
            fine_due=date(2026, 7, 1),
            replant_due=date(2026, 10, 15),
            closed=(2026, 10, 10),
        )


def test_cases_closed_by_their_last_period_of_execution(executed_cases):
    assert _figures(Quarter(2026, 3))["cases_closed_on_time"] == {
        "value": 0.5,
        "met": 2,
        "total": 4,
    }
    assert _figures(Quarter(2026, 4))["cases_closed_on_time"] == {
        "value": 1.0,
        "met": 1,
        "total": 1,
    }
    # Counted in the quarter of its last period, not of the decision.
    assert _figures(Quarter(2026, 2)).get("cases_closed_on_time", {}).get("total", 0) == 0


def test_the_api_serves_the_closing_figure(executed_cases, reviewer_my):
    client = APIClient()
    client.force_authenticate(reviewer_my)
    body = client.get("/api/v1/appraisal/", {"period": "2026Q3"}).json()
    (miyun,) = [r for r in body["agencies"] if r["agency"]["code"] == "110118-forestry"]
    assert miyun["indicators"]["cases_closed_on_time"] == {"value": 0.5, "met": 2, "total": 4}


def test_the_page_names_the_closing_figure(executed_cases, client, reviewer_my):
    client.force_login(reviewer_my)
    body = client.get(reverse("appraisal:index"), {"period": "2026Q3"}).content.decode()
    assert "处罚案件按期执行结案" in body


def test_a_snapshot_stored_before_the_figure_reads_it_empty(executed_cases):
    now = datetime(2026, 10, 1, 9, tzinfo=BEIJING)
    assert _snapshot_store("110000", Quarter(2026, 3), now, final=True) == 1
    snapshot = AppraisalSnapshot.objects.get(jurisdiction_id="110000", period="2026Q3")
    for figures in snapshot.figures.values():
        figures.pop("cases_closed_on_time")
    snapshot.save()
    rows = appraisal(jurisdictions=["110000"], quarter=Quarter(2026, 3))
    assert rows.as_of is not None  # read from the snapshot, not computed
    (miyun,) = [row for row in rows if row.agency.code == "110118-forestry"]
    assert miyun.as_dict()["indicators"]["cases_closed_on_time"] == {
        "value": None,
        "met": 0,
        "total": 0,
    }
