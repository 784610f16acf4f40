"""Benchmark of the certificate PDF renderer.

Run from anywhere: `python bench/bench_certificate.py [count]` (default 200).

Measures per-document milliseconds for
  (a) the embedded TrueType CJK font with the segno QR drawn as rectangles,
  (b) the non-embedded STSong-Light CID font with the same QR,
  (c) for comparison, ReportLab's QrCodeWidget drawn onto a canvas (the QR alone),
and prints the size of one PDF of each kind.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from permits.certificates.render import (
    CertificateDocument,
    QrFlowable,
    ReviewLine,
    cid_font_name,
    cjk_font_name,
    render_certificate,
)

QR_SIZE = 30 * mm


def sample_document(serial: int) -> CertificateDocument:
    reference = f"TD-2026-{serial:06d}"
    return CertificateDocument(
        title="天然林抚育作业设计审批决定书",
        number=f"京园林抚审〔2026〕{serial:04d}号",
        issuing_agency="北京市园林绿化局",
        holder="北京市密云区不老屯镇人民政府",
        reference=reference,
        location="北京市密云区 不老屯镇 某村",
        facts=[
            ("林班/小班", "12-3, 12-4"),
            ("作业面积", "35.6 公顷"),
            ("抚育方式", "透光伐、生长伐"),
            ("蓄积量", "采伐蓄积 312.4 立方米，出材量 180.2 立方米"),
        ],
        conditions=[
            "严格按照批准的作业设计施工，不得擅自扩大作业范围。",
            "作业期间做好森林防火工作，设置安全警示标志。",
            "作业结束后三十日内报区园林绿化局检查验收。",
        ],
        validity="2026年3月1日至2026年11月30日",
        steps=[
            ReviewLine(
                "区级审核", "密云区园林绿化局", "张伟", date(2026, 2, 10), "同意", "符合规程。"
            ),
            ReviewLine("市级审批", "北京市园林绿化局", "李娜", date(2026, 2, 20), "同意"),
        ],
        verify_url=f"https://permits.example.gov.cn/verify/{reference}?t={serial:012x}",
        chain_head_hash=f"{serial:064x}",
        issued_on=date(2026, 2, 21),
    )


def timed(count: int, work: Callable[[int], object]) -> list[float]:
    samples = []
    for i in range(count):
        start = time.perf_counter()
        work(i)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(label: str, samples: list[float]) -> None:
    p95 = statistics.quantiles(samples, n=20)[-1]
    print(f"{label:<44} median {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms")


def widget_qr(i: int) -> bytes:
    canvas = Canvas(io.BytesIO(), invariant=1)
    widget = QrCodeWidget(sample_document(i).verify_url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(
        QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, 0, 0)
    return canvas.getpdfdata()


def segno_qr(i: int) -> bytes:
    canvas = Canvas(io.BytesIO(), invariant=1)
    qr = QrFlowable(sample_document(i).verify_url, min_width=QR_SIZE)
    qr.drawOn(canvas, 0, 0)
    return canvas.getpdfdata()


def main(count: int) -> None:
    start = time.perf_counter()
    ttf = cjk_font_name()
    print(f"font registration ({ttf}): {(time.perf_counter() - start) * 1000:.0f} ms")
    cid = cid_font_name()
    render_certificate(sample_document(0), font_name=ttf)  # warm caches before timing
    render_certificate(sample_document(0), font_name=cid)

    print(f"{count} documents each")
    report(
        f"(a) {ttf} embedded + segno QR",
        timed(count, lambda i: render_certificate(sample_document(i), font_name=ttf)),
    )
    report(
        f"(b) {cid} CID + segno QR",
        timed(count, lambda i: render_certificate(sample_document(i), font_name=cid)),
    )
    report("(c) QR only: ReportLab QrCodeWidget", timed(count, widget_qr))
    report("    QR only: segno rectangles", timed(count, segno_qr))

    print(f"PDF size (a): {len(render_certificate(sample_document(1), font_name=ttf)):,} bytes")
    print(f"PDF size (b): {len(render_certificate(sample_document(1), font_name=cid)):,} bytes")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
