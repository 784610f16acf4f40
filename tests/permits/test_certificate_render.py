"""Tests of the PDF renderer for approval and refusal decisions.

The PDFs are read back with poppler-utils (pdftotext, pdffonts, pdftoppm), the
same way a clerk's copy-and-paste or a search index would see them.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import segno
from PIL import Image

from permits.certificates.render import (
    CID_FONT_NAME,
    WQY_ZENHEI_PATH,
    CertificateDocument,
    ReviewLine,
    cid_font_name,
    cjk_font_name,
    render_certificate,
)
from tests.pdftools import pdf_text, tool

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHAIN_HASH = hashlib.sha256(b"audit chain head").hexdigest()
VERIFY_URL = "https://permits.example.gov.cn/verify/TD-2026-000123?t=8f3a9c1e5b7d"


def approval_document() -> CertificateDocument:
    return CertificateDocument(
        title="天然林抚育作业设计审批决定书",
        number="京园林抚审〔2026〕0001号",
        issuing_agency="北京市园林绿化局",
        holder="北京市密云区不老屯镇人民政府",
        reference="TD-2026-000123",
        location="北京市密云区 不老屯镇 某村",
        facts=[
            ("林班/小班", "12-3, 12-4"),
            ("作业面积", "35.6 公顷"),
            ("抚育方式", "透光伐、生长伐"),
        ],
        conditions=[
            "严格按照批准的作业设计施工，不得擅自扩大作业范围。",
            "作业结束后三十日内报区园林绿化局检查验收。",
        ],
        validity="2026年3月1日至2026年11月30日",
        steps=[
            ReviewLine(
                step="区级审核",
                agency="密云区园林绿化局",
                person="张伟",
                decided_on=date(2026, 2, 10),
                decision="同意",
                opinion="经现场核查，作业设计符合技术规程要求。",
            ),
            ReviewLine(
                step="市级审批",
                agency="北京市园林绿化局",
                person="李娜",
                decided_on=date(2026, 2, 20),
                decision="同意",
            ),
        ],
        verify_url=VERIFY_URL,
        chain_head_hash=CHAIN_HASH,
        issued_on=date(2026, 2, 21),
    )


def refusal_document() -> CertificateDocument:
    return replace(
        approval_document(),
        title="不予许可决定书",
        number="京园林不许〔2026〕0007号",
        conditions=[],
        validity="",
        refusal_reasons=["申请作业范围涉及生态保护红线。", "作业设计未附具林权证明材料。"],
        remedy_notice="如不服本决定，可以自收到本决定书之日起六十日内申请行政复议，"
        "或者在六个月内依法向人民法院提起行政诉讼。",
    )


def revoked_document(**changes: object) -> CertificateDocument:
    revocation = {"revoked_on": date(2026, 5, 3), "revoked_reason": "被许可人以欺骗手段取得许可。"}
    return replace(approval_document(), revoked=True, **(revocation | changes))


# --------------------------------------------------------------------- poppler glue


def _run(args: list[str | Path], pdf: bytes = b"", env: dict[str, str] | None = None) -> str:
    # Fixed executables (poppler, this interpreter) with argument lists, no shell.
    result = subprocess.run(  # noqa: S603
        args, input=pdf, capture_output=True, check=True, cwd=PROJECT_ROOT, env=env
    )
    return result.stdout.decode("utf-8")


def flat(text: str) -> str:
    """Text with all whitespace removed, since wrapped CJK lines break anywhere."""
    return re.sub(r"\s+", "", text)


def page_count(pdf: bytes) -> int:
    info = _run([tool("pdfinfo"), "-"], pdf)
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_fonts(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return _run([tool("pdffonts"), path])


# -------------------------------------------------------------------------- content


def test_output_is_a_pdf() -> None:
    pdf = render_certificate(approval_document())

    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")


def test_approval_text_is_extractable() -> None:
    text = flat(pdf_text(render_certificate(approval_document())))

    for expected in (
        "天然林抚育作业设计审批决定书",
        "京园林抚审〔2026〕0001号",
        "北京市密云区不老屯镇人民政府",
        "密云区园林绿化局",
        "林班/小班",
        "12-3,12-4",
        "许可条件",
        "2026年3月1日至2026年11月30日",
        "区级审核",
        "经现场核查，作业设计符合技术规程要求。",
        "扫码核验",
        VERIFY_URL,
        f"审计链哈希：{CHAIN_HASH}",
        "2026年2月21日",
    ):
        assert expected in text, expected


def test_refusal_contains_reasons_and_remedy_notice() -> None:
    text = flat(pdf_text(render_certificate(refusal_document())))

    assert "不予许可决定书" in text
    assert "不予许可的理由" in text
    assert "1.申请作业范围涉及生态保护红线。" in text
    assert "2.作业设计未附具林权证明材料。" in text
    assert flat(refusal_document().remedy_notice) in text
    assert "许可条件" not in text
    assert "有效期限" not in text


def test_revoked_document_is_marked() -> None:
    text = flat(pdf_text(render_certificate(revoked_document())))

    assert "已撤销" in text
    assert "本决定已于2026年5月3日撤销：被许可人以欺骗手段取得许可。" in text


def test_valid_document_carries_no_revocation_mark() -> None:
    assert "撤销" not in pdf_text(render_certificate(approval_document()))


def test_long_document_flows_and_every_page_is_marked_revoked() -> None:
    conditions = [f"第{i}项条件：作业区内不得使用化学除草剂，保护林下植被。" for i in range(1, 80)]
    pdf = render_certificate(revoked_document(conditions=conditions))

    pages = page_count(pdf)
    assert pages >= 2
    for page in range(1, pages + 1):
        text = flat(pdf_text(pdf, page))
        assert "已撤销" in text, f"page {page}"
        assert f"第{page}页" in text
    assert "79.第79项条件" in flat(pdf_text(pdf))


def test_revocation_without_date_or_reason() -> None:
    doc = revoked_document(revoked_on=None, revoked_reason="")

    assert "本决定已撤销。" in flat(pdf_text(render_certificate(doc)))


def test_cell_taller_than_a_page_splits_across_pages() -> None:
    opinion = "经核查" * 2000
    steps = [replace(approval_document().steps[0], opinion=opinion)]
    doc = replace(approval_document(), facts=[("备注", "林地" * 3000)], steps=steps)

    pdf = render_certificate(doc)

    assert page_count(pdf) > 2
    text = flat(pdf_text(pdf))
    assert text.count("经核查") >= 2000
    assert "扫码核验" in text


def test_markup_in_user_text_is_rendered_literally() -> None:
    doc = replace(
        approval_document(),
        holder="A&B <林场>",
        facts=[("备注", "<b>&amp; </para> 测试"), ("换行", "第一行\n第二行")],
        steps=[replace(approval_document().steps[0], opinion="<i>不加粗</i> & 同意")],
    )

    text = flat(pdf_text(render_certificate(doc)))

    assert "A&B<林场>" in text
    assert "<b>&amp;</para>测试" in text
    assert "第一行第二行" in text
    assert "<i>不加粗</i>&同意" in text


def test_empty_optional_sections_render() -> None:
    doc = replace(approval_document(), facts=[], conditions=[], validity="", steps=[])

    text = flat(pdf_text(render_certificate(doc)))

    assert "审查经过" not in text
    assert "扫码核验" in text


def test_metadata() -> None:
    info = _run([tool("pdfinfo"), "-"], render_certificate(approval_document()))

    assert "Title:           天然林抚育作业设计审批决定书 京园林抚审〔2026〕0001号" in info
    assert "Author:          北京市园林绿化局" in info
    assert "A4" in info


# ------------------------------------------------------------------- reproducibility


def test_rendering_twice_gives_identical_bytes() -> None:
    assert render_certificate(approval_document()) == render_certificate(approval_document())


def test_concurrent_rendering_gives_identical_bytes() -> None:
    expected = render_certificate(approval_document())

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: render_certificate(approval_document()), range(8)))

    assert all(result == expected for result in results)


def test_rendering_is_reproducible_across_processes() -> None:
    script = (
        "import hashlib\n"
        "from permits.certificates.render import render_certificate\n"
        "from tests.permits.test_certificate_render import approval_document\n"
        "print(hashlib.sha256(render_certificate(approval_document())).hexdigest())\n"
    )
    digest = _python(script).strip()

    assert digest == hashlib.sha256(render_certificate(approval_document())).hexdigest()


def test_different_documents_give_different_bytes() -> None:
    other = replace(approval_document(), number="京园林抚审〔2026〕0002号")

    assert render_certificate(approval_document()) != render_certificate(other)


# ----------------------------------------------------------------------------- fonts


def _python(script: str, **env: str) -> str:
    return _run([sys.executable, "-c", script], env={**os.environ, **env})


wqy_installed = pytest.mark.skipif(
    not os.path.isfile(WQY_ZENHEI_PATH), reason="fonts-wqy-zenhei is not installed"
)


@wqy_installed
def test_truetype_font_is_embedded(tmp_path: Path) -> None:
    fonts = pdf_fonts(render_certificate(approval_document()), tmp_path)

    assert cjk_font_name() == "WQYZenHei"
    cjk_rows = [line for line in fonts.splitlines() if "WenQuanYiZenHei" in line]
    assert cjk_rows
    assert all(" yes yes yes " in row for row in cjk_rows), fonts


def test_cid_fallback_is_extractable(tmp_path: Path) -> None:
    pdf = render_certificate(refusal_document(), font_name=cid_font_name())

    assert "不予许可的理由" in flat(pdf_text(pdf))
    assert CID_FONT_NAME in pdf_fonts(pdf, tmp_path)


def test_postscript_outline_override_falls_back(tmp_path: Path) -> None:
    # A CFF/OTF font such as Noto Sans CJK: ReportLab cannot embed it.
    otf = tmp_path / "NotoSansCJK-Regular.otf"
    otf.write_bytes(b"OTTO" + bytes(64))
    script = "from permits.certificates.render import cjk_font_name; print(cjk_font_name())"

    name = _python(script, PERMITS_CJK_FONT=str(otf)).strip()

    expected = "WQYZenHei" if os.path.isfile(WQY_ZENHEI_PATH) else CID_FONT_NAME
    assert name == expected


@wqy_installed
def test_truetype_override_is_used() -> None:
    script = "from permits.certificates.render import cjk_font_name; print(cjk_font_name())"

    assert _python(script, PERMITS_CJK_FONT=WQY_ZENHEI_PATH).strip() == "PermitsCJK"


# -------------------------------------------------------------------------------- QR


def test_qr_code_matches_the_verify_url(tmp_path: Path) -> None:
    """Rasterise the page and compare every module with segno's matrix for the URL.

    Equivalent to decoding without a QR decoder dependency: a symbol whose modules
    all equal segno's encoding of the URL decodes to the URL.
    """
    pdf_path = tmp_path / "cert.pdf"
    pdf_path.write_bytes(render_certificate(approval_document()))
    dpi = 200
    _run(
        [
            tool("pdftoppm"),
            "-png",
            "-gray",
            "-r",
            str(dpi),
            "-singlefile",
            pdf_path,
            tmp_path / "p",
        ]
    )
    image = Image.open(tmp_path / "p.png").convert("L")
    left, top, right, bottom = _qr_search_box(pdf_path, dpi)
    crop = image.crop((left, top, right, bottom))

    matrix = segno.make(VERIFY_URL, error="m").matrix
    # The caption under the code is narrower than it, so the dark area's width and
    # top edge are the symbol's own.
    x0, y0, x1, _ = crop.point(lambda v: 255 if v < 128 else 0).getbbox()
    pitch = (x1 - x0) / len(matrix)
    assert pitch * 25.4 / dpi * (len(matrix) + 8) >= 25, "QR narrower than 25 mm"
    for r, row in enumerate(matrix):
        for c, module in enumerate(row):
            centre = (x0 + (c + 0.5) * pitch, y0 + (r + 0.5) * pitch)
            dark = crop.getpixel((int(centre[0]), int(centre[1]))) < 128
            assert dark == bool(module), f"module {r},{c}"


def _qr_search_box(pdf_path: Path, dpi: int) -> tuple[int, int, int, int]:
    """Pixel box just above the "扫码核验" caption, where the QR code sits."""
    html = _run([tool("pdftotext"), "-bbox", pdf_path, "-"])
    match = re.search(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">扫码核验<', html
    )
    assert match, "caption 扫码核验 not found"
    x_min, y_min, x_max = (float(v) for v in match.groups())
    scale = dpi / 72
    centre, mm = (x_min + x_max) / 2, 72 / 25.4
    box = (centre - 18 * mm, y_min - 34 * mm, centre + 18 * mm, y_min)
    return tuple(round(v * scale) for v in box)  # type: ignore[return-value]
