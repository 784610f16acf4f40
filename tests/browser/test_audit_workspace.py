"""The auditor's workspace as an auditor clicks through it (issue 26 items 1, 3 and 12), on a
desktop and on a 390 px phone: the demo's 北京 auditor opens 审计工作台 from the menu, reads the
events (操作 and 状态 in Chinese from the one label table, times in Beijing time, each sequence
number on one line), pages on, searches one reviewer's decisions of one kind, opens an
application's history, downloads the CSV (Chinese headers, the same rows) and verifies the
chain. The page never scrolls sideways; each width is photographed into tests/artifacts/.

PostgreSQL only, like every live-server test (conftest.py says why)."""

import csv
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import override

from audit import labels
from audit.export import COLUMNS
from audit.models import AuditCheckpoint, AuditEvent
from permits.choices import Decision
from web.common import PAGE_SIZE

from .helpers import ARTIFACTS, OVERFLOW, demo_logged_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

BEIJING = ZoneInfo("Asia/Shanghai")
VIEWPORTS = {"1366": {"width": 1366, "height": 768}, "390": {"width": 390, "height": 844}}
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z_]")
REVIEWER = "district_my"

# Each shown event: its cells' text, the action's code, how many lines the sequence number and
# the action take (their text's line boxes) and where the action's cell is on the screen.
ROWS = """() => [...document.querySelectorAll('#audit-events tbody tr[data-seq]')].map((tr) => {
  const cells = [...tr.children];
  const lines = (cell) => {
    const text = document.createRange();
    text.selectNodeContents(cell);
    return text.getClientRects().length;
  };
  const action = cells[5].getBoundingClientRect();
  return {
    seq: Number(tr.dataset.seq),
    texts: cells.map((td) => td.innerText.trim()),
    code: cells[5].dataset.action,
    number_lines: lines(cells[0]),
    action_lines: lines(cells[5]),
    action_left: action.left,
    action_right: action.right,
  };
})"""


def shown_events(page) -> list[dict]:
    return page.evaluate(ROWS)


def beijing(event: AuditEvent) -> str:
    return event.at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def assert_rows_say_what_happened(rows: list[dict], width: int) -> None:
    """Every row as the database has it: 操作 and 状态 in Chinese, the time in Beijing time, the
    number and the action each on one line, the action's cell on the screen."""
    events = AuditEvent.objects.in_bulk([row["seq"] for row in rows])
    for row in rows:
        event = events[row["seq"]]
        number, time, _person, _agency, reference, action, status, _opinion = row["texts"]
        assert number == str(event.seq)
        assert row["number_lines"] == 1, f"#{event.seq} wraps at {width} px"
        assert row["action_lines"] == 1, f"#{event.seq}'s action wraps at {width} px"
        assert time == beijing(event), (time, event.at)
        assert reference == (event.application_reference or "—")
        assert row["code"] == event.action
        with override("zh-hans"):
            assert action == labels.action_label(event.action)
            assert status == labels.status_change_label(event.from_status, event.to_status)
        assert HAN.search(action) and not LATIN.search(action), action
        assert not LATIN.search(status), status
        assert row["action_left"] >= 0 and row["action_right"] <= width, row


def open_workspace(page, width: int) -> None:
    """From the menu, as a person reaches it (on a phone the drawer opens first)."""
    link = page.locator(".vf-page__menu a[href='/audit/']")
    if not link.is_visible():
        page.click(".mdc-top-app-bar__navigation-icon")
        link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().strip() == "审计记录"


def choose(page, field: str, label: str) -> None:
    """Picks ``label`` in one of the form's drawn (Material) selects, as a person does."""
    page.click(f"vf-field-select[name={field}] .mdc-select__anchor")
    page.locator(f"vf-field-select[name={field}] li[role=option]", has_text=label).first.click()


def search_decisions(page, username: str, decision: str) -> None:
    """The form: one person's decisions of one kind."""
    page.fill("input[name=actor]", username)
    with override("zh-hans"):
        choose(page, "action", labels.action_label(decision))
    with page.expect_navigation():
        page.click("#audit-search button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width", VIEWPORTS)
def test_an_auditor_reads_searches_exports_and_verifies(demo, browser, live_server, width):
    viewport = VIEWPORTS[width]
    pixels = viewport["width"]
    base = live_server.url
    page = demo_logged_in(browser, base, "auditor_bj", viewport=viewport)
    open_workspace(page, pixels)

    first = shown_events(page)
    assert len(first) == PAGE_SIZE
    assert [row["seq"] for row in first] == sorted((row["seq"] for row in first), reverse=True)
    assert_rows_say_what_happened(first, pixels)
    assert page.evaluate(OVERFLOW) <= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"audit-workspace-{width}.png", full_page=True)

    # The next page goes on where the first stopped.
    with page.expect_navigation():
        page.click(".permits-pagination a[aria-label='下一页']")
    following = shown_events(page)
    assert following and following[0]["seq"] < first[-1]["seq"]
    assert_rows_say_what_happened(following, pixels)

    # One reviewer's decisions of one kind, by name and by the action's Chinese label.
    decided = (
        AuditEvent.objects.filter(actor_username=REVIEWER, action__in=Decision.values)
        .exclude(opinion="")
        .order_by("-seq")
        .first()
    )
    assert decided is not None, "the demo has no decision by its 密云 reviewer"
    expected = AuditEvent.objects.filter(actor_username=REVIEWER, action=decided.action)
    search_decisions(page, REVIEWER, decided.action)
    found = shown_events(page)
    assert [row["seq"] for row in found] == list(
        expected.order_by("-seq").values_list("seq", flat=True)[:PAGE_SIZE]
    )
    assert {row["texts"][2] for row in found} == {decided.actor_display_name}
    assert_rows_say_what_happened(found, pixels)
    assert page.evaluate(OVERFLOW) <= 1
    page.screenshot(path=ARTIFACTS / f"audit-workspace-search-{width}.png", full_page=True)

    # The CSV of that search: Chinese headers, the same events, times in Beijing time.
    with page.expect_download() as download:
        page.click("#audit-csv")
    with open(download.value.path(), encoding="utf-8-sig", newline="") as exported:
        table = list(csv.reader(exported))
    with override("zh-hans"):
        assert table[0] == [str(heading) for _key, heading in COLUMNS]
        action_label = labels.action_label(decided.action)
    assert table[0][:2] == ["序号", "时间（北京时间）"]
    assert all(HAN.search(heading) for heading in table[0]), table[0]
    body = [dict(zip(table[0], line, strict=True)) for line in table[1:]]
    assert [int(line["序号"]) for line in body] == list(
        expected.order_by("-seq").values_list("seq", flat=True)
    )
    assert {line["操作"] for line in body} == {action_label}
    for line in body:
        event = AuditEvent.objects.get(seq=int(line["序号"]))
        assert line["时间（北京时间）"] == event.at.astimezone(BEIJING).isoformat()

    # The application the decision was on: its history says the same, in Chinese.
    row = page.locator(f"#audit-events tr[data-seq='{decided.seq}']")
    with page.expect_navigation():
        row.locator(f"a:has-text('{decided.application_reference}')").click()
    page.wait_for_load_state("networkidle")
    history = page.locator("#history").inner_text()
    assert decided.opinion.strip().splitlines()[0] in history
    assert action_label in history
    assert page.evaluate(OVERFLOW) <= 1
    page.go_back()
    page.wait_for_load_state("networkidle")

    # Verifying the chain, from the workspace's button.
    with page.expect_navigation():
        page.click("#audit-verify")
    result = page.locator("#verify-result")
    assert result.get_attribute("data-ok") == "1"
    assert page.locator("h1").inner_text().strip() == "审计记录校验通过"
    facts = dict(
        line.split("\t", 1) for line in result.locator("table").inner_text().strip().splitlines()
    )
    assert facts["事件数"] == str(AuditEvent.objects.count())
    assert facts["已签名检查点"] == str(AuditCheckpoint.objects.count())
    assert page.evaluate(OVERFLOW) <= 1
    page.context.close()
