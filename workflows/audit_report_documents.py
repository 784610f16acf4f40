"""The per-official report (离任审计) as CSV rows and as a PDF (ReportLab, real CJK text)."""

import io
from collections.abc import Iterator

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from permits.audit import display_name
from permits.certificates.render import cjk_font_name
from permits.choices import Decision, Step

from .audit_reports import OfficialReport

CSV_COLUMNS = [
    "decided_at",
    "reference",
    "step",
    "agency",
    "decision",
    "opinion",
    "overdue",
    "against_disagreement",
]


def report_csv_rows(report: OfficialReport) -> Iterator[list[object]]:
    yield list(CSV_COLUMNS)
    for item in report.items:
        yield [
            item.decided_at.isoformat(),
            item.reference,
            item.step,
            item.agency,
            item.decision,
            item.opinion,
            "yes" if item.overdue else "no",
            " ".join(item.against_disagreement),
        ]


def _label(choices, value: str) -> str:
    return str(dict(choices).get(value, value))


def report_pdf(report: OfficialReport) -> bytes:
    font = cjk_font_name()
    text = ParagraphStyle("text", fontName=font, fontSize=9, leading=12)
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    period = f"{report.since or '—'} 至 {report.until or '—'}"
    counts = "；".join(
        f"{_label(Decision.choices, k)} {v} 件" for k, v in sorted(report.by_outcome.items())
    )
    story = [
        Paragraph("离任审计：审批决定情况报告", title),
        Spacer(1, 4 * mm),
        Paragraph(
            f"审计对象：{display_name(report.official)}（{report.official.get_username()}）"
            f"　期间：{period}",
            text,
        ),
        Paragraph(
            f"决定总数 {report.decisions} 件；{counts or '无'}；"
            f"超期作出 {report.overdue_decisions} 件；"
            f"在会签意见不同意时批准 {report.against_disagreement} 件。",
            text,
        ),
        Spacer(1, 4 * mm),
    ]
    heading = ["决定时间", "受理编号", "环节", "机关", "决定", "意见", "超期", "不同意的会签机关"]
    rows: list[list[Paragraph]] = [[Paragraph(h, text) for h in heading]]
    for item in report.items:
        rows.append(
            [
                Paragraph(item.decided_at.strftime("%Y-%m-%d %H:%M"), text),
                Paragraph(item.reference, text),
                Paragraph(_label(Step.choices, item.step), text),
                Paragraph(item.agency, text),
                Paragraph(_label(Decision.choices, item.decision), text),
                Paragraph(item.opinion or "", text),
                Paragraph("是" if item.overdue else "否", text),
                Paragraph("、".join(item.against_disagreement), text),
            ]
        )
    table = Table(rows, repeatRows=1, colWidths=[28 * mm, 30 * mm, 20 * mm, 34 * mm, 18 * mm,
                                                 90 * mm, 12 * mm, 30 * mm])  # fmt: skip
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, 0), 9),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title="离任审计报告",
        leftMargin=12 * mm,
        rightMargin=12 * mm,
    ).build(story)
    return buffer.getvalue()
