"""The per-official report (离任审计, api.md "Audit"): JSON, CSV and PDF, scoped to the auditor's
jurisdiction."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import decide, submit_accepted, tending_draft
from tests.pdftools import pdf_text

from .helpers import API

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def report_url(username: str) -> str:
    return f"{API}/audit/officials/{username}/report/"


@pytest.fixture
def decisions(applicant_my, reviewer_my, approver, time_machine):
    time_machine.move_to(datetime(2026, 9, 28, 10, tzinfo=SHANGHAI), tick=False)
    first = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    decide(first, reviewer_my, "approve", "同意上报")
    returned = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    # Decided on 2 November: its district step was due on 30 October.
    time_machine.move_to(datetime(2026, 11, 2, 10, tzinfo=SHANGHAI), tick=False)
    decide(returned, reviewer_my, "reject", "位于核心区")
    return first, returned


def test_the_auditor_reads_an_officials_decisions(client_for, decisions, auditor):
    body = client_for(auditor).get(report_url("district_my")).json()
    assert body["official"]["username"] == "district_my"
    # The acceptances count too: they are decisions of that reviewer.
    assert body["by_outcome"] == {"accept": 2, "approve": 1, "reject": 1}
    assert body["decisions"] == 4
    assert body["overdue_decisions"] == 1
    [late] = [i for i in body["items"] if i["overdue"]]
    assert (late["decision"], late["reference"]) == ("reject", decisions[1].reference)
    period = client_for(auditor).get(report_url("district_my"), {"since": "2026-10-01"}).json()
    assert period["decisions"] == 1


def test_csv_and_pdf(client_for, decisions, auditor):
    client = client_for(auditor)
    csv = client.get(report_url("district_my"), {"format": "csv"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("决定时间（北京时间）,受理编号,办理环节") and len(lines) == 5
    codes = client.get(report_url("district_my"), {"format": "csv", "columns": "codes"})
    lines = b"".join(codes.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("decided_at,reference,step") and len(lines) == 5
    pdf = client.get(report_url("district_my"), {"format": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content).replace("\n", "")
    assert "离任审计" in text and decisions[1].reference in text


def test_every_time_is_beijing_time_and_every_outcome_chinese(client_for, decisions, auditor):
    """Issue 26 items 1 and 3: the PDF printed the UTC time as local (02:00 for a decision at
    10:00 in Beijing) and "approve"-style codes; the CSV wrote +00:00 where the audit CSV wrote
    +08:00."""
    client = client_for(auditor)
    pdf = client.get(report_url("district_my"), {"format": "pdf"}, HTTP_ACCEPT_LANGUAGE="en")
    text = pdf_text(pdf.content).replace("\n", "")
    compact = "".join(text.split())  # a cell's date and hour are on two lines
    assert "2026-11-0210:00" in compact and "2026-11-0202:00" not in compact
    assert "决定时间（北京时间）" in text
    assert "不予批准 1 件" in text and "受理 2 件" in text  # Chinese whatever the reader's language
    assert "reject" not in text and "approve" not in text
    response = client.get(report_url("district_my"), {"format": "csv"})
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[1:]
    late = next(row for row in rows if "不予批准" in row).split(",")
    assert late[1] == decisions[1].reference
    assert late[0].startswith("2026-11-02T10:00") and late[0].endswith("+08:00")
    assert late[4] == "不予批准" and late[2] == "区级审核" and late[6] == "是"
    codes = client.get(report_url("district_my"), {"format": "csv", "columns": "codes"})
    rows = b"".join(codes.streaming_content).decode("utf-8-sig").splitlines()[1:]
    late = next(row for row in rows if ",reject," in row).split(",")
    assert late[0].endswith("+08:00") and late[6] == "true"


def test_scope_and_bad_input(client_for, decisions, auditor, auditor_tj, reviewer_my, reviewer_jz):
    assert client_for(auditor_tj).get(report_url("district_my")).status_code == 404
    assert client_for(auditor).get(report_url("district_jz")).status_code == 404
    assert client_for(auditor).get(report_url("nobody")).status_code == 404
    assert client_for(auditor).get(report_url("applicant_my")).status_code == 404
    assert client_for(reviewer_my).get(report_url("district_my")).status_code == 403
    assert client_for(None).get(report_url("district_my")).status_code == 401
    client = client_for(auditor)
    assert client.get(report_url("district_my"), {"format": "xml"}).status_code == 400
    assert client.get(report_url("district_my"), {"since": "yesterday"}).status_code == 400
    reversed_period = {"since": "2026-12-01", "until": "2026-11-01"}
    assert client.get(report_url("district_my"), reversed_period).status_code == 400
