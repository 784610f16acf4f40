"""The site map on decision documents (附：位置图, product.md §15): the site drawn among the zones,
described in real text, with the layer versions it was drawn from; never at the cost of the
decision or of the document's layout."""

import json
import logging
import re
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from documents import content, site_map_appendix
from documents.models import Certificate
from documents.pdf_layout import MAP_MISSING, SiteMap, render_certificate
from permits.models import SiteScreening
from roles.models import Jurisdiction
from tests.documents.test_pdf_layout import letter
from tests.factories import (
    decide,
    decision_document,
    revoke_heard,
    square_site,
    submit_accepted,
    tending_draft,
)
from tests.pdftools import POINTS_PER_MM, page_count, pdf_text, text_box
from zones.imports import ImportFile
from zones.maps import LAYER_STYLES
from zones.services import layer_import

SHANGHAI = ZoneInfo("Asia/Shanghai")
LON, LAT = 117.10, 40.45  # 密云, away from the factories' default sites
ZONE_NAME = "雾灵山天然林保护重点区域"
HEADING = "附：作业区位置图"


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(autouse=True)
def _in_2026(time_machine):
    time_machine.move_to(datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), tick=False)


def key_zone(*, demo: bool = False):
    """A key protection zone covering the south-west half of the test site."""
    ring = [[LON - 0.01, LAT - 0.01], [LON + 0.001, LAT - 0.01], [LON + 0.001, LAT + 0.001]]
    ring += [[LON - 0.01, LAT + 0.001], [LON - 0.01, LAT - 0.01]]
    feature = {
        "type": "Feature",
        "properties": {"name": ZONE_NAME},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    return layer_import(
        kind="key_zone",
        file=ImportFile(
            jurisdiction=Jurisdiction.objects.get(pk="110000"),
            source="测试依据",
            data=json.dumps({"type": "FeatureCollection", "features": [feature]}).encode(),
            file_name="z.geojson",
            demo=demo,
        ),
    )


def approved(applicant, reviewer, approver, **fields):
    draft = tending_draft(by=applicant, **fields)
    application = decide(submit_accepted(application=draft, by=applicant), reviewer)
    return decide(application, approver)


def in_key_zone(applicant, reviewer, approver):
    """An approved design declared (rightly) in the key zone, its 4 ha site half inside it."""
    site = square_site(4, lon=LON, lat=LAT)
    return approved(applicant, reviewer, approver, protection_class="key_zone", site_geometry=site)


def pdf_of(application) -> bytes:
    with decision_document(application).pdf.open("rb") as pdf:
        return pdf.read()


def page_with(pdf: bytes, text: str) -> int:
    pages = [flat(pdf_text(pdf, p)) for p in range(1, page_count(pdf) + 1)]
    [page] = [n for n, content in enumerate(pages, 1) if text in content]
    return page


def colour_page(pdf: bytes, page: int, dpi: int):
    document = pdfium.PdfDocument(pdf)
    try:
        return document[page - 1].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def tinted(rgb: str, opacity: float) -> list[int]:
    """The colour ``rgb`` painted at ``opacity`` over white paper."""
    colour = HexColor(rgb)
    return [
        round(255 * (1 - opacity) + 255 * c * opacity)
        for c in (colour.red, colour.green, colour.blue)
    ]


# ------------------------------------------------------------------- the approval's map


@pytest.mark.django_db
def test_the_approval_describes_the_site_on_its_map(applicant_my, reviewer_my, approver):
    key_zone()
    application = in_key_zone(applicant_my, reviewer_my, approver)
    text = flat(pdf_text(pdf_of(application)))

    assert HEADING in text
    assert re.search(r"作业区面积：4\.0\d公顷（按图形计算）。", text)  # the square is ~4 ha
    assert "有效保护等级：天然林保护重点区域。" in text
    assert f"涉及保护区域：{ZONE_NAME}（天然林保护重点区域，依据：测试依据，重叠" in text
    assert "注：底图为本系统图层（版本：天然林保护重点区域第1版），非测绘成果。" in text
    assert "演示数据" not in text


@pytest.mark.django_db
def test_the_map_is_drawn_below_its_heading(applicant_my, reviewer_my, approver):
    key_zone()
    pdf = pdf_of(in_key_zone(applicant_my, reviewer_my, approver))
    page, dpi = page_with(pdf, HEADING), 100
    heading = text_box(pdf, HEADING, page)
    caption = text_box(pdf, "作业区面积", page)
    assert heading and caption

    # The region between the heading and the caption holds the zone's tint and the site's
    # outline: the picture is there, drawn in vector graphics.
    region = (0, heading[3], 210 * POINTS_PER_MM, caption[1])
    image = colour_page(pdf, page, dpi).crop(tuple(round(v * dpi / 72) for v in region))
    assert image.height > 90 * POINTS_PER_MM * dpi / 72  # ~10 cm tall
    zone = LAYER_STYLES["key_zone"].paint
    colours = {colour for _count, colour in image.getcolors(maxcolors=1 << 20)}
    assert any(
        all(abs(a - b) <= 6 for a, b in zip(c, tinted(zone.fill, zone.fill_opacity), strict=True))
        for c in colours
    ), "no pixel of the key zone's tint in the map"
    assert (0, 0, 0) in colours  # the site's outline


@pytest.mark.django_db
def test_the_map_follows_the_review_history_and_the_signature_keeps_the_closing(
    applicant_my, reviewer_my, approver
):
    key_zone()
    pdf = pdf_of(in_key_zone(applicant_my, reviewer_my, approver))
    text = flat(pdf_text(pdf))

    # A tending design's 批复 closes with 特此批复 (issue 46 item 3).
    order = ["特此批复。", "此处加盖印章", "附：审查经过", HEADING, "作业区面积", "注：底图"]
    order.append("扫码核验")
    positions = [text.find(part) for part in order]
    assert -1 not in positions and positions == sorted(positions)
    assert "特此批复。" in flat(pdf_text(pdf, page_with(pdf, "此处加盖印章")))
    # The picture and its description are one block: the heading's page holds the note.
    assert page_with(pdf, HEADING) == page_with(pdf, "非测绘成果")


@pytest.mark.django_db
def test_a_demo_layer_is_named_as_such(applicant_my, reviewer_my, approver):
    key_zone(demo=True)
    text = flat(pdf_text(pdf_of(in_key_zone(applicant_my, reviewer_my, approver))))

    assert "天然林保护重点区域第1版（演示数据）" in text
    assert flat(content.DEMO_LAYERS) in text


@pytest.mark.django_db
def test_a_refusal_of_a_screened_site_shows_its_map(applicant_my, reviewer_my):
    key_zone()
    site = square_site(4, lon=LON, lat=LAT)
    draft = tending_draft(by=applicant_my, protection_class="key_zone", site_geometry=site)
    application = decide(
        submit_accepted(application=draft, by=applicant_my), reviewer_my, "reject", "不符合规程"
    )
    text = flat(pdf_text(pdf_of(application)))

    assert "天然林抚育作业设计不予批准决定书" in text
    assert HEADING in text and ZONE_NAME in text


@pytest.mark.django_db
def test_an_application_never_screened_has_no_map(applicant_my, reviewer_my, approver):
    """Applications decided before sites were screened have no screening: their
    documents, re-rendered on revocation, have no map and no section for it."""
    application = approved(applicant_my, reviewer_my, approver)
    assert HEADING in flat(pdf_text(pdf_of(application)))
    SiteScreening.objects.filter(application_id=application.pk).delete()
    # Issued before documents stored what they print: rebuilt from the record.
    Certificate.objects.filter(application_id=application.pk).update(content={})

    revoke_heard(application=application, by=approver, reason="擅自扩大范围")

    text = flat(pdf_text(pdf_of(application)))
    assert "已撤销" in text
    assert "位置图" not in text and "底图" not in text
    assert "扫码核验" in text


@pytest.mark.django_db
def test_a_map_that_cannot_be_drawn_does_not_stop_the_decision(
    applicant_my, reviewer_my, approver, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise ValueError("no map today")

    monkeypatch.setattr(site_map_appendix, "map_drawing", broken)
    key_zone()

    with caplog.at_level(logging.ERROR, logger="documents"):
        application = in_key_zone(applicant_my, reviewer_my, approver)

    text = flat(pdf_text(pdf_of(application)))
    assert application.status == "approved"
    assert flat(MAP_MISSING) in text and ZONE_NAME in text
    [record] = [r for r in caplog.records if r.exc_info]
    assert "could not be drawn" in record.getMessage()
    assert "no map today" in str(record.exc_info[1])


# ---------------------------------------------------------------- rendering, no database


class PaintFails(Flowable):
    """Lays out like a map, then fails while it is painted."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 100.0, 100.0

    def draw(self) -> None:
        raise RuntimeError("broken pen")


def a_map(draw=None) -> SiteMap:
    def picture(width: float, height: float, font: str) -> Drawing:
        drawing = Drawing(width, height)
        drawing.add(Rect(0, 0, width, height, fillColor=HexColor("#e69f00")))
        return drawing

    return SiteMap(
        heading=HEADING,
        caption=["作业区面积：4.00公顷（按图形计算）。", "涉及保护区域：无。"],
        note="注：底图为本系统图层（版本：小班登记第1版），非测绘成果。",
        draw=draw or picture,
    )


def test_a_map_failing_while_painted_is_left_out_and_logged(caplog) -> None:
    section = a_map(lambda width, height, font: PaintFails())

    with caplog.at_level(logging.ERROR, logger="documents"):
        text = flat(pdf_text(render_certificate(letter(site_map=section))))

    assert flat(MAP_MISSING) in text and "涉及保护区域：无。" in text
    assert any("broken pen" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


@pytest.mark.parametrize("conditions", range(0, 40, 3))
def test_with_a_map_the_signature_still_never_stands_alone(conditions: int) -> None:
    items = [f"第{i}项条件：作业区内不得使用化学除草剂。" for i in range(1, conditions + 1)]
    pdf = render_certificate(letter(conditions=items, site_map=a_map()))

    signed = flat(pdf_text(pdf, page_with(pdf, "此处加盖印章")))
    assert "特此决定。" in signed and "申请行政复议" in signed
    assert page_with(pdf, HEADING) == page_with(pdf, "非测绘成果")


def test_a_document_without_a_map_is_unchanged() -> None:
    assert render_certificate(letter()) == render_certificate(letter(site_map=None))
    assert "位置图" not in pdf_text(render_certificate(letter()))


def test_the_map_is_reproducible() -> None:
    document = letter(site_map=a_map())
    assert render_certificate(document) == render_certificate(replace(document))
