"""The appraisal (考核, product.md §19 P3): per agency and quarter, the indicators computed from
the records; officials and auditors read their jurisdictions, applicants nothing; CSV and XLSX
say the same as the JSON; a fixed number of queries whatever the records."""

import io
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from public.appraisal import Quarter
from public.reports import report_close, report_file, report_site_check
from tests.factories import decide, submit_accepted, tending_draft

from .helpers import API

pytestmark = pytest.mark.django_db
POINT = {"type": "Point", "coordinates": [116.85, 40.40]}


def _row(body, code):
    (row,) = [r for r in body["agencies"] if r["agency"]["code"] == code]
    return row["indicators"]


def _report(**overrides):
    return report_file(
        kind="illegal_felling", description="砍树。", site_geometry=POINT, district="110118"
    )


@pytest.fixture
def quarter_of_work(applicant_my, reviewer_my, reviewer_my2, approver):
    """In 2026Q1: a design approved (its district and municipal steps); two reports from the
    public due in the quarter, one closed in time."""
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
        decide(decide(application, reviewer_my), approver)
        handled, forgotten = _report(), _report()
        report_site_check(
            report_id=handled.pk,
            by=reviewer_my,
            checked_on=date(2026, 3, 2),
            inspectors=["district_my", "district_my2"],
            findings="属实。",
        )
        report_close(report_id=handled.pk, by=reviewer_my, outcome="no_permit", findings="立案。")
    return forgotten


def test_the_indicators_come_from_the_records(client_for, quarter_of_work, reviewer_my):
    body = client_for(reviewer_my).get(f"{API}/appraisal/", {"period": "2026Q1"}).json()
    assert (body["period"], body["since"], body["until"]) == ("2026Q1", "2026-01-01", "2026-03-31")
    district = _row(body, "110118-forestry")
    assert district["decisions_on_time"]["total"] >= 1
    assert district["decisions_on_time"]["value"] == 1.0
    assert district["median_working_days"]["value"] is not None
    assert district["reports_on_time"] == {"value": 0.5, "met": 1, "total": 2}
    assert district["plan_completion"] == {"value": None, "met": 0, "total": 0}
    assert _row(body, "bj-forestry")["decisions_on_time"]["total"] >= 1
    # Another quarter: nothing counted, no figure invented, no row of nulls (issue 45): the
    # agency is named among those without data.
    other = client_for(reviewer_my).get(f"{API}/appraisal/", {"period": "2025Q4"}).json()
    assert "110118-forestry" not in {r["agency"]["code"] for r in other["agencies"]}
    assert "110118-forestry" in {a["code"] for a in other["without_data"]}


def test_each_reads_their_jurisdiction_and_applicants_nothing(
    client_for, reference_data, reviewer_my, auditor_tj, applicant_my
):
    beijing = client_for(reviewer_my).get(f"{API}/appraisal/").json()
    codes = {r["agency"]["code"] for r in beijing["agencies"]}
    codes |= {a["code"] for a in beijing["without_data"]}
    assert "110118-forestry" in codes and "bj-forestry" in codes
    assert not any(code.startswith(("120", "tj-")) for code in codes)
    assert "bj-audit" not in codes
    tianjin = client_for(auditor_tj).get(f"{API}/appraisal/").json()
    theirs = {r["agency"]["code"] for r in tianjin["agencies"]}
    assert theirs | {a["code"] for a in tianjin["without_data"]}
    assert (theirs | {a["code"] for a in tianjin["without_data"]}) & codes == set()
    assert client_for(applicant_my).get(f"{API}/appraisal/").status_code == 403
    assert client_for().get(f"{API}/appraisal/").status_code == 401
    one = client_for(reviewer_my).get(f"{API}/appraisal/", {"district": "110119"}).json()
    assert {r["district"] for r in one["agencies"]} <= {"110119", None}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"period": "2026Q5"}, "period"),
        ({"period": "Q1 2026"}, "period"),
        ({"district": "11011"}, "district"),
        ({"format": "pdf"}, "format"),
    ],
)
def test_a_bad_query_is_named(client_for, reviewer_my, query, field):
    answer = client_for(reviewer_my).get(f"{API}/appraisal/", query)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == field


def test_csv_and_xlsx_say_what_the_json_says(client_for, quarter_of_work, reviewer_my):
    client = client_for(reviewer_my)
    csv = client.get(f"{API}/appraisal/", {"period": "2026Q1", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    (miyun,) = [line for line in lines if line.startswith("密云区园林绿化局")]
    assert ",50.0,2," in miyun  # reports on time: 1 of 2
    xlsx = client.get(f"{API}/appraisal/", {"period": "2026Q1", "format": "xlsx"})
    assert xlsx["Content-Disposition"] == 'attachment; filename="appraisal-2026Q1.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(rows) == len(lines)
    (book_row,) = [r for r in rows if r[0] == "密云区园林绿化局"]
    assert 50.0 in book_row


def test_a_fixed_number_of_queries(client_for, reviewer_my, quarter_of_work):
    client = client_for(reviewer_my)
    client.get(f"{API}/appraisal/", {"period": "2026Q1"})  # warm the caches
    with CaptureQueriesContext(connection) as busy:
        client.get(f"{API}/appraisal/", {"period": "2026Q1"})
    with CaptureQueriesContext(connection) as quiet:
        client.get(f"{API}/appraisal/", {"period": "2024Q1"})
    assert len(busy) == len(quiet)


def test_quarters_read_and_named():
    assert str(Quarter.parse("2026Q4")) == "2026Q4"
    assert Quarter.parse("2026Q4").until == date(2026, 12, 31)
    assert Quarter.of(date(2026, 1, 1)).previous() == Quarter(2025, 4)
    with pytest.raises(ValueError):
        Quarter.parse("2026Q0")


def test_the_tick_keeps_the_quarters_figures_and_a_read_is_one_row(
    client_for, quarter_of_work, reviewer_my, settings
):
    """The tick stores the quarter just ended once (its figures kept) and the current one every
    few minutes; a read is then the snapshot, whatever the number of records."""
    from public.appraisal import appraisals_refresh
    from public.models import AppraisalSnapshot

    live = client_for(reviewer_my).get(f"{API}/appraisal/", {"period": "2026Q1"}).json()
    assert live["as_of"] is None
    with time_machine.travel("2026-04-02 09:00 +0800", tick=False):
        from django.utils import timezone

        first = timezone.now()
        assert appraisals_refresh(first) == 4  # Beijing and Tianjin: 2026Q1 (ended) and Q2
        assert appraisals_refresh(first) == 0
        ended = AppraisalSnapshot.objects.get(jurisdiction_id="110000", period="2026Q1")
        assert (
            ended.final
            and not AppraisalSnapshot.objects.get(jurisdiction_id="110000", period="2026Q2").final
        )
        with CaptureQueriesContext(connection) as read:
            stored = client_for(reviewer_my).get(f"{API}/appraisal/", {"period": "2026Q1"})
        stored = stored.json()
    assert stored["as_of"] is not None
    assert [a["indicators"] for a in stored["agencies"]] == [
        a["indicators"] for a in live["agencies"]
    ]
    assert sum("appraisalsnapshot" in q["sql"] for q in read.captured_queries) == 1
    later = first + timedelta(minutes=settings.PERMITS_APPRAISAL_REFRESH_MINUTES + 1)
    assert appraisals_refresh(later) == 2  # only the current quarter, of each jurisdiction
    assert AppraisalSnapshot.objects.get(pk=ended.pk).computed_at == ended.computed_at
