"""The PDF layout of official approval and refusal decisions (决定书) and of notices (通知书).

Pure and Django-independent: callers build a `CertificateDocument` from their
models and get back the bytes of an A4 PDF. Chinese is always real text (never
images) so that the document can be searched, copied and read aloud; a TrueType
CJK font is embedded when one is installed, otherwise ReportLab's built-in
STSong-Light CID font is referenced (extractable, but not embedded).

The QR code of the verification URL is segno's symbol (made faster by ``qr.qr_matrix``), drawn
as one vector path of merged rectangles, an order of magnitude faster than ReportLab's QR widget.
Output is reproducible: identical documents give identical bytes.

A decision may carry the map of its site (``SiteMap``), drawn by a callable the caller
supplies. The map is an appendix, not the decision: when it cannot be drawn the document is
issued with its caption and a line saying so, and the failure is logged.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import unquote
from xml.sax.saxutils import escape

import numpy as np
import numpy.typing as npt
from reportlab.lib import colors
from reportlab.lib import textsplit as rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as _rl_paragraph

from .qr import qr_matrix

__all__ = [
    "CID_FONT_NAME",
    "CertificateDocument",
    "NoticeDocument",
    "QrFlowable",
    "ReviewLine",
    "SiteMap",
    "cid_font_name",
    "cjk_font_name",
    "draw_qr",
    "render_certificate",
    "render_notice",
]

FONT_ENV_VAR = "PERMITS_CJK_FONT"
WQY_ZENHEI_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
WQY_FONT_NAME = "WQYZenHei"
OVERRIDE_FONT_NAME = "PermitsCJK"
CID_FONT_NAME = "STSong-Light"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_MIN_WIDTH = 30 * mm
QR_MIN_MODULE = 0.5 * mm  # below this, phone cameras struggle with printed codes
QR_QUIET_ZONE = 4
REVOKED_MARK = "已撤销"
STAMP_RED = colors.Color(0.8, 0.05, 0.05)
SEAL_DIAMETER = 38 * mm
SEAL_GREY = colors.Color(0.6, 0.6, 0.6)
LABEL_BACKGROUND = colors.Color(0.93, 0.93, 0.93)
MAP_WIDTH, MAP_HEIGHT = 160 * mm, 100 * mm
MAP_MISSING = "（位置图未能生成，位置以下列说明为准。）"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReviewLine:
    step: str
    agency: str
    person: str
    decided_on: date
    decision: str
    opinion: str = ""


@dataclass(frozen=True)
class SiteMap:
    """附：位置图: the site among the zones around it, with its description in real text.

    ``draw(width, height, font_name)`` returns the map as a flowable of that size in points
    (a ReportLab ``Drawing``); None when there is no picture to draw."""

    heading: str
    caption: list[str]
    note: str
    draw: Callable[[float, float, str], Flowable] | None = None


@dataclass(frozen=True)
class CertificateDocument:
    title: str
    number: str
    issuing_agency: str
    holder: str
    reference: str
    location: str
    facts: list[tuple[str, str]]
    conditions: list[str]
    validity: str
    steps: list[ReviewLine]
    verify_url: str
    chain_head_hash: str
    issued_on: date
    refusal_reasons: list[str] = field(default_factory=list)
    # The rules the refusal rests on, as people cite them: 《title》clause：“…” (never a file code).
    refusal_grounds: list[str] = field(default_factory=list)
    remedy_notice: str = ""
    check_code: str = ""
    revoked: bool = False
    revoked_on: date | None = None
    revoked_reason: str = ""
    # How the permit ended: 撤销 (art. 69) or 撤回 (art. 8); the mark reads 已撤销 or 已撤回.
    revoked_act: str = "撤销"
    # The letter around the particulars (GB/T 9704): to whom, the opening paragraphs that cite
    # the legal basis and state the decision, the closing words above the signature and seal.
    addressee: str = ""
    opening: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    legal_basis: str = ""
    site_map: SiteMap | None = None
    # An administrative licence (许可事项, 许可条件), or the approval of a work design (批复事项,
    # 批复要求): documents.forms, issue 46 item 3.
    licence: bool = True
    # The seal (documents.models.SealMode): "wet", a blank seal area for the paper original;
    # "unsealed", an electronic copy marked as carrying no seal (issue 46); "electronic", the
    # agency's electronic seal in the file (issue 49).
    seal: str = "wet"


@dataclass(frozen=True)
class NoticeDocument:
    """A notice or procedural decision (受理通知书, 补正告知书, …): a letter to the applicant."""

    title: str
    number: str
    issuing_agency: str
    addressee: str
    paragraphs: list[str]
    verify_url: str
    chain_head_hash: str
    issued_on: date
    reference: str = ""
    items_heading: str = ""
    items: list[str] = field(default_factory=list)
    # What the decision rests on, each ground with the clause it quotes (不予受理的依据).
    grounds_heading: str = ""
    grounds: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    legal_basis: str = ""
    signed_by: str = ""
    check_code: str = ""
    seal: str = "wet"
    # The people who sign the record in person (an inspection's inspectors, 行政许可法 art. 61):
    # each name printed with a line to sign on.
    signatures_heading: str = ""
    signatures: list[str] = field(default_factory=list)
    # False where the basis is the provision a 批复 follows, not a law (依据, not 法律依据).
    statutory: bool = True


# --------------------------------------------------------------------------- compression

# zlib's level for the PDF's streams. ReportLab uses zlib's default (6); level 3 compresses the
# embedded font subset, most of a decision's bytes, in two thirds of the time for 2-3 % more
# bytes (bench/README.md, "Certificate rendering"). ReportLab has no setting for it: its streams
# all ask `pdfdoc.PDFZCompress` to encode, so that filter is replaced once, for this process,
# whose only PDFs are the ones this module makes. The output is still reproducible.
FLATE_LEVEL = 3


class _Flate(pdfdoc.PDFStreamFilterZCompress):
    def encode(self, text: str | bytes) -> bytes:
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, FLATE_LEVEL)


pdfdoc.PDFZCompress = _Flate()


# --------------------------------------------------------------------------- fonts

# Re-entrant: cjk_font_name falls back to cid_font_name while holding it.
_font_lock = threading.RLock()
_font_name: str | None = None


def cjk_font_name() -> str:
    """Register the best available CJK font once per process and return its name."""
    global _font_name
    if _font_name is None:
        with _font_lock:
            if _font_name is None:
                _font_name = _register_truetype_font() or cid_font_name()
    return _font_name


def cid_font_name() -> str:
    """Register the non-embedded STSong-Light CID font and return its name."""
    with _font_lock:
        if CID_FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT_NAME))
    return CID_FONT_NAME


def _font_candidates() -> Iterable[tuple[str, str]]:
    override = os.environ.get(FONT_ENV_VAR, "").strip()
    if override:
        yield OVERRIDE_FONT_NAME, override
    yield WQY_FONT_NAME, WQY_ZENHEI_PATH


def _register_truetype_font() -> str | None:
    for name, path in _font_candidates():
        if not os.path.isfile(path):
            continue
        try:
            # CFF-flavoured fonts (Noto CJK) raise TTFError: "postscript outlines
            # are not supported"; fall through to the next candidate.
            font = TTFont(name, path, subfontIndex=0)
        except (TTFError, OSError):
            continue
        _keep_tables(font.face)
        pdfmetrics.registerFont(font)
        return name
    return None


def _keep_tables(face: Any) -> None:
    """Read each table of the font file once per process instead of once per subset.

    Every document embeds its own subsets of the font, and ReportLab builds each one from a
    fresh copy of the whole ``glyf`` table (10.6 MB in wqy-zenhei: ~2 ms of copying per subset,
    two subsets per decision). The tables never change, so the face keeps the copies it made;
    the process holds ~11 MB more."""
    tables: dict[str, bytes] = {}
    read = face.get_table

    def get_table(tag: str) -> bytes:
        table = tables.get(tag)
        if table is None:
            table = tables.setdefault(tag, read(tag))
        return table

    face.get_table = get_table


# -------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Styles:
    masthead: ParagraphStyle
    indented: ParagraphStyle
    agency: ParagraphStyle
    title: ParagraphStyle
    number: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    cell_header: ParagraphStyle
    revoked: ParagraphStyle
    small: ParagraphStyle
    caption: ParagraphStyle
    map_text: ParagraphStyle
    signature: ParagraphStyle


@functools.lru_cache(maxsize=4)  # per font: immutable once made, shared by every render
def _styles(font: str) -> _Styles:
    def style(name: str, size: float, **extra: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "leading": size * 1.45,
            "wordWrap": "CJK",
            "fontName": font,
            "fontSize": size,
        }
        return ParagraphStyle(name, **(base | extra))

    body = style("body", 10.5, spaceAfter=1 * mm)
    return _Styles(
        # 发文机关标志: the issuing agency in red, centred above the red rule (GB/T 9704 §7.2).
        masthead=style("masthead", 22, alignment=TA_CENTER, textColor=STAMP_RED, spaceAfter=3 * mm),
        indented=ParagraphStyle("indented", parent=body, firstLineIndent=2 * body.fontSize),
        agency=style("agency", 15, alignment=TA_CENTER, spaceAfter=2 * mm),
        title=style("title", 20, alignment=TA_CENTER, spaceAfter=3 * mm),
        number=style("number", 11, alignment=TA_CENTER, spaceAfter=5 * mm),
        heading=style("heading", 12, spaceBefore=4 * mm, spaceAfter=1.5 * mm, keepWithNext=1),
        body=body,
        cell=style("cell", 9.5),
        cell_header=style("cell_header", 9.5, alignment=TA_CENTER),
        revoked=style("revoked", 11, textColor=STAMP_RED, spaceAfter=3 * mm),
        small=style("small", 7, leading=9, textColor=colors.Color(0.3, 0.3, 0.3)),
        caption=style("caption", 9, alignment=TA_CENTER),
        map_text=style("map_text", 9, spaceBefore=0.5 * mm),
        signature=style("signature", 12, alignment=TA_RIGHT, leading=20),
    )


# ReportLab's CJK line breaking, which its type stubs leave out.
rl_paragraph: Any = _rl_paragraph

# 避头尾 (clreq §3.1.7, GB/T 15834): what may not begin a line (closing punctuation and
# brackets, pause and stop marks) and what may not end one (opening brackets and quotes), with
# ReportLab's own lists for the Japanese and Latin marks it knows.
CANNOT_START = frozenset(
    "，。、；：？！）》」』】〕〗〉”’…—·％‰℃,.;:?!)]}%" + rl_textsplit.ALL_CANNOT_START
)
CANNOT_END = frozenset("（《「『【〔〖〈“‘([{" + "".join(rl_textsplit.CANNOT_END_LINE))


def _is_word_character(character: str) -> bool:
    """Part of a run of Latin letters or digits (a URL, a number) broken only at a space."""
    return bool(character) and ord(character) < 0x3000 and not character.isspace()


def _break_before(units: Sequence[Any], start: int, overflow: int) -> int:
    """Where the line that starts at ``start`` ends when ``units[overflow]`` does not fit: the
    first unit of the next line. A run of Latin text goes down whole when it can (back to a
    space or a Chinese character, at most half the line); then characters move down with it
    until the next line begins with none of ``CANNOT_START`` and this one ends with none of
    ``CANNOT_END``. A line is never left empty: where no break obeys the rules, the line
    ends where it overflowed (a closing mark then hangs in the margin, as ReportLab does)."""
    cut = overflow
    if _is_word_character(units[cut]) and _is_word_character(units[cut - 1]):
        for j in range(cut - 1, (start + cut) // 2, -1):
            if not _is_word_character(units[j]):
                cut = j + 1
                break
    while cut > start + 1 and (units[cut] in CANNOT_START or units[cut - 1] in CANNOT_END):
        cut -= 1
    if units[cut] in CANNOT_START or units[cut - 1] in CANNOT_END:
        return overflow + 1 if units[overflow] in CANNOT_START else overflow
    return cut


def kinsoku_frag_split(frags: Sequence[Any], max_widths: Sequence[float], calc_bounds: bool) -> Any:
    """ReportLab's ``cjkFragSplit`` with the Chinese line-breaking rules (``_break_before``):
    ReportLab keeps only one closing mark of its own short list from starting a line."""
    units = [
        rl_paragraph.cjkU(character, f, "utf8")
        for f in frags
        for character in (f.text or [""])  # an empty fragment (a <br/>) is one unit
    ]
    lines = []
    start = index = 0
    used = 0.0
    max_width = max_widths[0]

    def line_end(end: int, line_break: bool) -> None:
        nonlocal max_width
        width = sum(u.width for u in units[start:end])
        lines.append(
            rl_paragraph.makeCJKParaLine(
                units[start:end], max_width, width, max_width - width, line_break, calc_bounds
            )
        )
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]

    while index < len(units):
        unit = units[index]
        if hasattr(unit.frag, "lineBreak"):
            index += 1
            line_end(index, True)
            start, used = index, 0.0
            continue
        if used + unit.width > max_width + rl_paragraph._FUZZ and index > start:
            end = _break_before(units, start, index)
            line_end(end, False)
            start = end
            used = sum(u.width for u in units[start : max(index, end)])
            index = max(index, end)
            continue
        used += unit.width
        index += 1
    if start < len(units):
        line_end(len(units), False)
    return rl_paragraph.ParaLines(kind=1, lines=lines)


class WrappedOnce(Paragraph):
    """A paragraph that is broken into lines once per width.

    ReportLab wraps the same paragraph two or three times at the same width: a table measures
    its cells, then draws them; `KeepTogether` and the frame each ask again. Breaking CJK text
    measures every character, so repeating it was a third of a document's rendering. The lines
    depend on the width alone (the text and style do not change), so a second wrap at the
    same width returns the first one's size and keeps its lines, as long as they are still the
    paragraph's: `split` drops them when the paragraph moves whole to the next page.
    """

    _wrapped: tuple[float, Any, tuple[float, float]] | None = None

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802, N803
        """Lines broken by the Chinese rules (``kinsoku_frag_split``), whatever the fragments."""
        widths = list(maxWidths) if isinstance(maxWidths, list | tuple) else [maxWidths]
        if not self.frags or self.bulletText or getattr(self.style, "endDots", None):
            return super().breakLinesCJK(maxWidths)
        self.height = 0
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return kinsoku_frag_split(self.frags, widths, calc_bounds=leading not in ("", "off"))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        memo = self._wrapped
        if memo is not None and memo[0] == availWidth and getattr(self, "blPara", None) is memo[1]:
            return memo[2]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, getattr(self, "blPara", None), size)
        return size


def _markup(text: str) -> str:
    """Escape user text for Paragraph markup, keeping the line breaks people typed."""
    return escape(text).replace("\n", "<br/>")


def _format_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


# ---------------------------------------------------------------------- QR drawing


class QrFlowable(Flowable):
    """A QR code drawn as filled vector rectangles, black on white, with its quiet zone."""

    def __init__(self, data: str, min_width: float = QR_MIN_WIDTH) -> None:
        super().__init__()
        self.rows = np.pad(qr_matrix(data) != 0, QR_QUIET_ZONE)
        size = len(self.rows)
        self.module = max(min_width / size, QR_MIN_MODULE)
        self.width = self.height = self.module * size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        draw_qr(self.canv, self.rows, 0, 0, self.module)


def draw_qr(
    canvas: Canvas,
    rows: Sequence[Sequence[bool]] | npt.NDArray[np.bool_],
    x: float,
    y: float,
    module: float,
) -> None:
    """Draw a QR matrix (quiet zone included) with its lower-left corner at (x, y)."""
    size = len(rows)
    canvas.saveState()
    # Module units with y growing downwards: every coordinate is a small integer
    # taken straight from the matrix, so neighbouring modules meet without seams.
    canvas.transform(module, 0, 0, -module, x, y + size * module)
    canvas.setFillColor(colors.white)
    canvas.rect(0, 0, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    # One path of merged horizontal runs written as raw operators: ReportLab's
    # pure-Python number formatting would cost several ms per code otherwise.
    runs = (f"{c} {r} {n} 1 re" for r, c, n in _dark_runs(rows))
    canvas.addLiteral("\n".join(runs) + "\nf")
    canvas.restoreState()


def _dark_runs(
    rows: Sequence[Sequence[bool]] | npt.NDArray[np.bool_],
) -> Iterable[tuple[int, int, int]]:
    """(row, first column, length) of each horizontal run of dark modules, row by row."""
    edges = np.diff(np.asarray(rows, dtype=np.int8), axis=1, prepend=0, append=0)
    row, start = np.nonzero(edges == 1)  # row-major: starts and ends pair up
    _, end = np.nonzero(edges == -1)
    return zip(row.tolist(), start.tolist(), (end - start).tolist(), strict=True)


# ------------------------------------------------------------------------ sections


def _masthead(agency: str, number: str, title: str, s: _Styles) -> list[Flowable]:
    """版头 and title (GB/T 9704): the agency in red, the document number, a red rule, the
    title."""
    return [
        WrappedOnce(_markup(agency), s.masthead),
        WrappedOnce(_markup(number), s.number),
        HRFlowable(width="100%", thickness=1.2, color=STAMP_RED, spaceBefore=0, spaceAfter=6 * mm),
        WrappedOnce(_markup(title), s.title),
    ]


def _header(doc: CertificateDocument, s: _Styles) -> list[Flowable]:
    flow: list[Flowable] = _masthead(doc.issuing_agency, doc.number, doc.title, s)
    if doc.revoked:
        flow.append(WrappedOnce(_markup(_revocation_line(doc)), s.revoked))
    return flow


def _revocation_line(doc: CertificateDocument) -> str:
    when = f"于{_format_date(doc.revoked_on)}" if doc.revoked_on else ""
    reason = f"：{doc.revoked_reason}" if doc.revoked_reason else "。"
    return f"本决定已{when}{doc.revoked_act}{reason}"


def _facts_table(doc: CertificateDocument, s: _Styles) -> Table:
    rows = [("申请单位", doc.holder), ("受理编号", doc.reference), ("地点", doc.location)]
    rows += list(doc.facts)
    data = [[WrappedOnce(_markup(k), s.cell), WrappedOnce(_markup(v), s.cell)] for k, v in rows]
    table = Table(data, colWidths=[35 * mm, FRAME_WIDTH - 35 * mm], splitInRow=1)
    table.setStyle(_grid_style([("BACKGROUND", (0, 0), (0, -1), LABEL_BACKGROUND)]))
    return table


def _grid_style(extra: list[tuple[Any, ...]]) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(0.45, 0.45, 0.45)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),  # a row split across pages keeps its labels
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            *extra,
        ]
    )


def _numbered(heading: str, items: list[str], s: _Styles) -> list[Flowable]:
    if not items:
        return []
    flow: list[Flowable] = [WrappedOnce(heading, s.heading)]
    for i, item in enumerate(items, start=1):
        flow.append(WrappedOnce(f"{i}. {_markup(item)}", s.body))
    return flow


def _validity(doc: CertificateDocument, s: _Styles) -> list[Flowable]:
    if not doc.validity:
        return []
    return [WrappedOnce(f"有效期限：{_markup(doc.validity)}", s.body)]


def _refusal(doc: CertificateDocument, s: _Styles) -> list[Flowable]:
    word = "许可" if doc.licence else "批准"
    return _numbered(f"不予{word}的理由", doc.refusal_reasons, s) + _numbered(
        f"不予{word}的依据", doc.refusal_grounds, s
    )


def _opening(doc: CertificateDocument, s: _Styles) -> list[Flowable]:
    flow: list[Flowable] = []
    if doc.addressee:
        flow.append(WrappedOnce(f"{_markup(doc.addressee)}：", s.body))  # 主送
    flow += [WrappedOnce(_markup(p), s.indented) for p in doc.opening]
    return flow


def _particulars_heading(doc: CertificateDocument, s: _Styles) -> list[Flowable]:
    if not doc.opening:  # a bare certificate: the table speaks for itself
        return []
    granted = bool(doc.conditions or doc.validity)
    heading = ("许可事项" if doc.licence else "批复事项") if granted else "申请事项"
    return [WrappedOnce(heading, s.heading)]


def _legal_basis(text: str, s: _Styles, *, statutory: bool = True) -> list[Flowable]:
    """法律依据, or 依据 where it is a programme document a 批复 follows (issue 46 item 3)."""
    label = "法律依据" if statutory else "依据"
    return [WrappedOnce(f"{label}：{_markup(text)}", s.body)] if text else []


STEP_COLUMNS = ("环节", "机关", "经办人", "日期", "意见")
STEP_WIDTHS = (22 * mm, 38 * mm, 20 * mm, 32 * mm)  # the date column fits "2026年12月31日"


def _steps_table(doc: CertificateDocument, s: _Styles) -> list[Flowable]:
    if not doc.steps:
        return []
    header = [WrappedOnce(c, s.cell_header) for c in STEP_COLUMNS]
    body = [_step_row(line, s) for line in doc.steps]
    widths = [*STEP_WIDTHS, FRAME_WIDTH - sum(STEP_WIDTHS)]
    table = Table([header, *body], colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(_grid_style([("BACKGROUND", (0, 0), (-1, 0), LABEL_BACKGROUND)]))
    return [WrappedOnce("附：审查经过", s.heading), table]


def _step_row(line: ReviewLine, s: _Styles) -> list[Paragraph]:
    opinion = line.decision + (f"。{line.opinion}" if line.opinion else "")
    cells = (line.step, line.agency, line.person, _format_date(line.decided_on), opinion)
    return [WrappedOnce(_markup(c), s.cell) for c in cells]


def _site_map(doc: CertificateDocument, s: _Styles, font: str) -> list[Flowable]:
    """The appendix with the site map: heading, picture and its description on one page."""
    section = doc.site_map
    if section is None:
        return []
    picture = _map_picture(section, doc.number, s, font)
    text = [WrappedOnce(_markup(line), s.map_text) for line in [*section.caption, section.note]]
    return [KeepTogether([WrappedOnce(_markup(section.heading), s.heading), picture, *text])]


def _map_picture(section: SiteMap, number: str, s: _Styles, font: str) -> Flowable:
    if section.draw is not None:
        try:
            picture = section.draw(MAP_WIDTH, MAP_HEIGHT, font)
        except Exception:
            logger.exception("The site map of %s could not be drawn; issued without it", number)
        else:
            picture.hAlign = "CENTER"
            return picture
    return WrappedOnce(MAP_MISSING, s.caption)


# What a document says of its seal until an official e-seal is configured (issue 46): never
# "（印章）" as if it were sealed.
WET_SEAL_HINT = "此处加盖印章"
UNSEALED_MARK = "电子副本　未加盖印章"
# An electronic seal (issue 49: PAdES or the province e-seal platform) is in the file, not drawn:
# the signature block says so, and the verification shows who sealed it when.
ELECTRONIC_SEAL_MARK = "本文书已加盖电子印章"
SEAL_COLOPHON = {
    "electronic": "本文书以本机关的电子印章（可靠的电子签名）签章，电子文件即为原件；"
    "签章及内容可通过下列地址核验，签章后文件的任何改动均可被发现。",
    "wet": "本文书以加盖本机关印章的纸质原件为准；原件的盖章情况可通过下列地址核验。",
    "unsealed": "本件为电子副本，未加盖本机关印章，不能替代加盖印章的原件；"
    "其内容和真伪可通过下列地址核验。",
}


class SignatureBlock(Flowable):
    """发文机关署名 and 成文日期 right-aligned (four characters from the right edge, GB/T 9704
    §7.3.5), with the seal area centred on them: the seal is stamped pressing on both lines.
    ``seal`` "wet": a blank dashed area for the paper original's seal; "unsealed": no area, and
    under the date the mark that this copy carries no seal."""

    SIZE = 12  # points, as the body's signature style
    RIGHT_INDENT = 4 * 12

    def __init__(self, agency: str, issued_on: date, font: str, seal: str = "wet") -> None:
        super().__init__()
        self.agency, self.day, self.font = agency, _format_date(issued_on), font
        self.seal = seal
        self.height = SEAL_DIAMETER + 2 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        right = self.width - self.RIGHT_INDENT
        middle = self.height / 2
        name_width = pdfmetrics.stringWidth(self.agency, self.font, self.SIZE)
        canvas.saveState()
        canvas.setFont(self.font, self.SIZE)
        canvas.drawRightString(right, middle + 2, self.agency)
        canvas.drawRightString(right, middle - self.SIZE - 4, self.day)
        if self.seal in ("unsealed", "electronic"):
            mark = UNSEALED_MARK if self.seal == "unsealed" else ELECTRONIC_SEAL_MARK
            canvas.setFont(self.font, 9)
            canvas.setFillColor(STAMP_RED)
            canvas.drawRightString(right, middle - 2 * self.SIZE - 8, f"（{mark}）")
            canvas.restoreState()
            return
        radius = SEAL_DIAMETER / 2
        canvas.setStrokeColor(SEAL_GREY)
        canvas.setFillColor(SEAL_GREY)
        canvas.setDash(3, 3)
        centre_x = right - max(name_width, radius * 2) / 2
        canvas.circle(centre_x, middle, radius - 1, stroke=1, fill=0)
        canvas.setFont(self.font, 7)
        canvas.drawCentredString(centre_x, middle - radius + 5 * mm, WET_SEAL_HINT)
        canvas.restoreState()


def _closing_and_signature(
    last: list[Flowable], agency: str, issued_on: date, s: _Styles, font: str, seal: str = "wet"
) -> Flowable:
    """The body's last paragraphs kept on one page with the signature and seal: never a page
    that holds only the signature block (product.md §13)."""
    block = SignatureBlock(agency, issued_on, font, seal)
    return KeepTogether([*last, Spacer(1, 4 * mm), block])


def _qr_column(qr: QrFlowable, check_code: str, s: _Styles) -> list[Flowable]:
    """The QR code with the check code printed right under it (typed in where no camera is)."""
    column: list[Flowable] = [qr, WrappedOnce("扫码核验", s.caption)]
    if check_code:  # on its own line: a 16-character code is wider than the QR code's column
        column += [WrappedOnce("校验码", s.caption), WrappedOnce(_markup(check_code), s.caption)]
    return column


def _colophon(
    verify_url: str, check_code: str, chain_head_hash: str, s: _Styles, seal: str = "wet"
) -> Flowable:
    """版记: what the copy is as to the seal, and how to verify this document: QR code, check
    code, readable address, audit hash."""
    qr = QrFlowable(verify_url)
    readable = unquote(verify_url)  # the number in its own characters, as a person types it
    text = [
        WrappedOnce(SEAL_COLOPHON.get(seal, SEAL_COLOPHON["wet"]), s.small),
        WrappedOnce("本文书真伪可扫描左侧二维码，或在浏览器中打开以下地址核验：", s.small),
        WrappedOnce(_markup(readable), s.small),
        WrappedOnce(f"审计链哈希：{_markup(chain_head_hash)}", s.small),
    ]
    layout = Table(
        [[_qr_column(qr, check_code, s), text]],
        colWidths=[qr.width + 6 * mm, FRAME_WIDTH - qr.width - 6 * mm],
    )
    layout.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.Color(0.3, 0.3, 0.3)),
                ("TOPPADDING", (0, 0), (-1, 0), 3 * mm),
            ]
        )
    )
    return KeepTogether([Spacer(1, 6 * mm), layout])


def _story(doc: CertificateDocument, s: _Styles, font: str) -> list[Flowable]:
    body: list[Flowable] = [
        *_opening(doc, s),
        *_particulars_heading(doc, s),
        _facts_table(doc, s),
        *_numbered("许可条件" if doc.licence else "批复要求", doc.conditions, s),
        *_validity(doc, s),
        *_refusal(doc, s),
        *_legal_basis(doc.legal_basis, s, statutory=doc.licence),
    ]
    last: list[Flowable] = []
    if doc.remedy_notice:
        last.append(WrappedOnce(_markup(doc.remedy_notice), s.indented))
    last += [WrappedOnce(_markup(p), s.indented) for p in doc.closing]
    if not last:  # at least the body's last element goes with the signature
        last = [body.pop()]
    return [
        *_header(doc, s),
        *body,
        _closing_and_signature(last, doc.issuing_agency, doc.issued_on, s, font, doc.seal),
        *_steps_table(doc, s),
        *_site_map(doc, s, font),
        _colophon(doc.verify_url, doc.check_code, doc.chain_head_hash, s, doc.seal),
    ]


# ------------------------------------------------------------------- page furniture


def _page_template(doc: CertificateDocument | NoticeDocument, font: str) -> PageTemplate:
    frame = Frame(
        MARGIN,
        MARGIN,
        FRAME_WIDTH,
        PAGE_HEIGHT - 2 * MARGIN,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )

    # onPageEnd rather than onPage: the stamp must lie on top of table backgrounds.
    def decorate(canvas: Canvas, _template: BaseDocTemplate) -> None:
        _draw_page_footer(canvas, doc, font)
        if getattr(doc, "revoked", False):
            _draw_revoked_stamp(canvas, font, f"已{getattr(doc, 'revoked_act', '撤销')}")

    return PageTemplate(id="page", frames=[frame], onPageEnd=decorate, pagesize=A4)


def _draw_page_footer(canvas: Canvas, doc: CertificateDocument | NoticeDocument, font: str) -> None:
    canvas.saveState()
    canvas.setFont(font, 8)
    canvas.setFillColor(colors.Color(0.4, 0.4, 0.4))
    text = f"{doc.number}　第{canvas.getPageNumber()}页"
    if doc.seal == "unsealed":  # every page of an unsealed copy says so
        text = f"{UNSEALED_MARK}　{text}"
    canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN / 2, text)
    canvas.restoreState()


def _draw_revoked_stamp(canvas: Canvas, font: str, mark: str = REVOKED_MARK) -> None:
    canvas.saveState()
    canvas.setFillColor(STAMP_RED)
    canvas.setFont(font, 12)
    # Text extractors drop most of the diagonal stamp, so every page also carries
    # a horizontal mark that text extraction, search and screen readers pick up.
    canvas.drawRightString(PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN / 2 - 4, mark)
    _draw_diagonal_stamp(canvas, font, mark)
    canvas.restoreState()


def _draw_diagonal_stamp(canvas: Canvas, font: str, mark: str) -> None:
    # Translucent, so the body stays legible under it while no copy of the page
    # can pass for a valid decision.
    size = 96
    width = pdfmetrics.stringWidth(mark, font, size)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(30)
    canvas.setFillColor(STAMP_RED, alpha=0.35)
    canvas.setStrokeColor(STAMP_RED, alpha=0.35)
    canvas.setLineWidth(5)
    canvas.roundRect(-width / 2 - 18, -size * 0.45, width + 36, size * 1.25, 12)
    canvas.setFont(font, size)
    canvas.drawCentredString(0, -size * 0.2, mark)


# ------------------------------------------------------------------------- notices


def _notice_body(doc: NoticeDocument, s: _Styles) -> list[Flowable]:
    flow: list[Flowable] = [WrappedOnce(f"{_markup(doc.addressee)}：", s.body)]
    flow += [WrappedOnce(_markup(p), s.indented) for p in doc.paragraphs]
    for heading, items in ((doc.items_heading, doc.items), (doc.grounds_heading, doc.grounds)):
        if items:
            flow += _numbered(_markup(heading), items, s)
            flow.append(Spacer(1, 2 * mm))
    flow += [WrappedOnce(_markup(p), s.indented) for p in doc.closing]
    flow += _legal_basis(doc.legal_basis, s, statutory=doc.statutory)
    return flow


SIGNATURE_LINE = "＿" * 10


def _signature_lines(doc: NoticeDocument, s: _Styles) -> list[Flowable]:
    """Each person who signs the record: the name, then the line to sign on and the date."""
    if not doc.signatures:
        return []
    lines = [
        WrappedOnce(_markup(f"{name}　签名：{SIGNATURE_LINE}　日期：{SIGNATURE_LINE}"), s.body)
        for name in doc.signatures
    ]
    heading = WrappedOnce(_markup(doc.signatures_heading), s.body)
    return [KeepTogether([Spacer(1, 3 * mm), heading, *lines, Spacer(1, 3 * mm)])]


def _notice_story(doc: NoticeDocument, s: _Styles, font: str) -> list[Flowable]:
    body = _notice_body(doc, s)
    last = [body.pop()]  # the closing words stay on the signature's page
    lines = [
        *([f"承办人：{doc.signed_by}"] if doc.signed_by else []),
        *([f"申请编号：{doc.reference}"] if doc.reference else []),
    ]
    return [
        *_masthead(doc.issuing_agency, doc.number, doc.title, s),
        *body,
        _closing_and_signature(last, doc.issuing_agency, doc.issued_on, s, font, doc.seal),
        *_signature_lines(doc, s),
        *[WrappedOnce(_markup(line), s.body) for line in lines],
        _colophon(doc.verify_url, doc.check_code, doc.chain_head_hash, s, doc.seal),
    ]


# -------------------------------------------------------------------------- public


def render_certificate(doc: CertificateDocument, *, font_name: str | None = None) -> bytes:
    """Render `doc` as a complete A4 PDF.

    `font_name` selects an already registered CJK font (see `cid_font_name`);
    by default the best installed font is used.
    """
    try:
        return _render(doc, _story, font_name)
    except Exception:
        # A map that was built but fails while it is laid out or painted: the decision is
        # issued without the picture (its caption stays), never not at all.
        if doc.site_map is None or doc.site_map.draw is None:
            raise
        logger.exception("Rendering %s with its site map failed; rendered without it", doc.number)
        without = replace(doc, site_map=replace(doc.site_map, draw=None))
        return _render(without, _story, font_name)


def render_notice(doc: NoticeDocument, *, font_name: str | None = None) -> bytes:
    """Render a notice as a complete A4 PDF (same fonts, QR code and page furniture as the
    decisions)."""
    return _render(doc, _notice_story, font_name)


def _render(
    doc: Any, story: Callable[[Any, _Styles, str], list[Flowable]], font_name: str | None
) -> bytes:
    font = font_name or cjk_font_name()
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{doc.title} {doc.number}",
        author=doc.issuing_agency,
        subject=doc.reference,
        creator="documents",
        lang="zh-CN",
        invariant=1,
    )
    template.addPageTemplates([_page_template(doc, font)])
    template.build(story(doc, _styles(font), font))
    return buffer.getvalue()
