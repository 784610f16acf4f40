"""The per-official report (离任审计) as CSV rows and as a PDF (ReportLab, real CJK text)."""

import io
from collections.abc import Iterator

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from audit import labels
from audit.export import Form
from audit.trail import display_name
from core.localtime import local_iso, local_minute
from documents.pdf_layout import cjk_font_name

from .audit_reports import OfficialReport

# (field name as the JSON report's items name it, heading a person reads), in row order.
CSV_COLUMNS = (
    ("decided_at", _("Decided at (Beijing time)")),
    ("reference", _("Reference")),
    ("step", _("Step")),
    ("agency", _("Agency")),
    ("decision", _("Decision")),
    ("opinion", _("Opinion")),
    ("overdue", _("Decided after the due date")),
    ("against_disagreement", _("Agencies that disagreed")),
)


def report_csv_rows(report: OfficialReport, form: Form = "labels") -> Iterator[list[object]]:
    """The report's items as CSV rows, in the two forms of the audit CSV
    (``audit.export``): headings and labels, or field names and codes (``overdue``
    ``true``/``false``). Times in Asia/Shanghai with their offset either way."""
    codes = form == "codes"
    yield [key if codes else str(label) for key, label in CSV_COLUMNS]
    yes, no = ("true", "false") if codes else (str(_("Yes")), str(_("No")))
    for item in report.items:
        yield [
            local_iso(item.decided_at),
            item.reference,
            item.step if codes else labels.step_label(item.step),
            item.agency,
            item.decision if codes else labels.decision_label(item.decision),
            item.opinion,
            yes if item.overdue else no,
            " ".join(item.against_disagreement),
        ]


def report_pdf(report: OfficialReport) -> bytes:
    """The report as a Chinese document, whatever the reader's language (its wording is the
    document's own); times in Beijing time, as its heading says."""
    with translation.override("zh-hans"):
        return _report_pdf(report)


REPORT_HEADING = (
    "决定时间（北京时间）",
    "受理编号",
    "环节",
    "机关",
    "决定",
    "意见",
    "超期",
    "不同意的会签机关",
)


def _report_summary(
    report: OfficialReport, text: ParagraphStyle, title: ParagraphStyle
) -> list[Flowable]:
    """The report's title, whom and what period it covers, and its counts."""
    period = f"{report.since or '—'} 至 {report.until or '—'}"
    counts = "；".join(f"{label} {count} 件" for _code, label, count in report.outcomes)
    return [
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


def _report_table(report: OfficialReport, text: ParagraphStyle, font: str) -> Table:
    """One row per decision the official took, under a repeated heading."""
    rows: list[list[Paragraph]] = [[Paragraph(h, text) for h in REPORT_HEADING]]
    for item in report.items:
        rows.append(
            [
                Paragraph(local_minute(item.decided_at), text),
                Paragraph(item.reference, text),
                Paragraph(labels.step_label(item.step), text),
                Paragraph(item.agency, text),
                Paragraph(labels.decision_label(item.decision), text),
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
    return table


def _report_pdf(report: OfficialReport) -> bytes:
    font = cjk_font_name()
    text = ParagraphStyle("text", fontName=font, fontSize=9, leading=12)
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    story = [*_report_summary(report, text, title), _report_table(report, text, font)]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title="离任审计报告",
        leftMargin=12 * mm,
        rightMargin=12 * mm,
    ).build(story)
    return buffer.getvalue()
