"""What an auditor reads (issue 26 items 1, 3, 9, 12): the workspace, the per-official report and
the exports say what happened in Chinese, from one label table (``audit.labels``), never the
codes; times in Beijing time; a sequence number is not broken digit by digit."""

import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.factories import decide, submit_accepted, tending_draft

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
CODES = re.compile(
    r"\b(district_review|municipal_review|returned|approved|rejected|submitted|draft"
    r"|attachment_added|certificate_issued|approve|reject|accept|return|create|submit)\b"
)


@pytest.fixture
def history(applicant_my, reviewer_my, time_machine):
    # Decided at 21:41 in Beijing, 13:41 UTC: a UTC time printed as local reads 13:41.
    time_machine.move_to(datetime(2026, 11, 2, 21, 41, tzinfo=SHANGHAI), tick=False)
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    return decide(application, reviewer_my, "return", "请补正小班图")


def _cells(html: str, table_id: str) -> list[list[str]]:
    body = html[html.index(f'id="{table_id}"') :]
    body = body[: body.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    cells = [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in rows
    ]
    return [row for row in cells if row]


def test_the_workspace_says_each_action_and_status_in_chinese(client, history, auditor):
    client.force_login(auditor)
    html = client.get(reverse("audit:index")).content.decode()
    rows = _cells(html, "audit-events")
    assert rows, html
    actions = [row[5] for row in rows]
    statuses = [row[6] for row in rows]
    assert all(actions), actions  # no empty 操作 cell
    assert "退回补正" in actions and "受理" in actions and "提交" in actions
    assert "区级审核 → 退回补正" in statuses
    for row in rows:
        assert not CODES.search(row[5] + row[6]), row


def test_the_officials_report_counts_outcomes_in_chinese(client, history, auditor):
    client.force_login(auditor)
    html = client.get(reverse("audit-official-report", args=["district_my"])).content.decode()
    figures = html[html.index('id="report-figures"') : html.index("</table>")]
    headings = [h.strip() for h in re.findall(r"<th>(.*?)</th>", figures)]
    assert "受理" in headings and "退回补正" in headings
    assert not {"accept", "return"} & set(headings)
    items = _cells(html, "report-items")
    assert items[0][0] == "2026-11-02 21:41" and items[0][4] == "受理"


def test_the_officials_list_keeps_user_names_as_they_are(client, history, auditor):
    """An mdc-button's label is upper-cased by its style: district_my read DISTRICT_MY."""
    client.force_login(auditor)
    html = client.get(reverse("audit:index")).content.decode()
    officials = html[html.index('id="officials"') :]
    links = re.findall(r'<a class="([^"]*)" href="/audit/officials/district_my/"', officials)
    assert links and all("mdc-button" not in classes for classes in links)


def test_the_sequence_number_is_never_broken(client, history, auditor):
    client.force_login(auditor)
    html = client.get(reverse("audit:index")).content.decode()
    body = html[html.index('id="audit-events"') :]
    first_cell = re.search(r"<tbody>\s*<tr[^>]*>\s*<td([^>]*)>", body)
    assert first_cell and 'class="permits-num"' in first_cell.group(1)
    [sheet] = re.findall(r'<link rel="stylesheet" href="([^"]*/web/pages[^"]*\.css)">', html)
    css = b"".join(client.get(sheet).streaming_content).decode()
    rule = re.search(r"\.permits-table \.permits-num\{([^}]*)\}", css)
    assert rule and "white-space:nowrap" in rule.group(1)
    assert "overflow-wrap:normal" in rule.group(1)


def _csv(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_audit_csv_for_both_doors_in_chinese(client, history, auditor):
    """The workspace's export and the API's are the same CSV: headings and values in Chinese,
    times in Beijing time with their offset; ``columns=codes`` gives the field names and
    codes api.md names."""
    client.force_login(auditor)
    web = _csv(client.get(reverse("audit-events-csv"), {"action": "return"}))
    api = _csv(client.get("/api/v1/audit/events/", {"format": "csv", "action": "return"}))
    assert web == api and len(web) == 1
    [row] = web
    assert row["操作"] == "退回补正"
    assert (row["原状态"], row["新状态"]) == ("区级审核", "退回补正")
    assert row["角色"] == "审核人"
    assert row["时间（北京时间）"].startswith("2026-11-02T21:41")
    assert row["时间（北京时间）"].endswith("+08:00")
    assert row["审核意见"] == "请补正小班图"
    web_codes = _csv(client.get(reverse("audit-events-csv"), {"columns": "codes"}))
    api_codes = _csv(client.get("/api/v1/audit/events/", {"format": "csv", "columns": "codes"}))
    assert sorted(web_codes, key=lambda r: int(r["seq"])) == api_codes
    returned = next(r for r in api_codes if r["action"] == "return")
    assert (returned["from_status"], returned["to_status"]) == ("district_review", "returned")
    assert returned["at"].startswith("2026-11-02T21:41") and returned["at"].endswith("+08:00")


def test_a_bad_columns_choice_is_a_field_error(client, history, auditor):
    client.force_login(auditor)
    response = client.get("/api/v1/audit/events/", {"format": "csv", "columns": "klingon"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "columns"
