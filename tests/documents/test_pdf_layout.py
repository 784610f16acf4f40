"""Tests of the PDF renderer for approval and refusal decisions.

The PDFs are read back in pure Python (tests/pdftools.py: pypdf, pypdfium2, zxing-cpp), the
same way a clerk's copy-and-paste, a search index or a phone camera would see them.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import string
import subprocess
import sys
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import segno
from reportlab.pdfbase import pdfdoc
from reportlab.platypus import Paragraph

from documents import pdf_layout
from documents.pdf_layout import (
    CID_FONT_NAME,
    WQY_ZENHEI_PATH,
    CertificateDocument,
    ReviewLine,
    cid_font_name,
    cjk_font_name,
    render_certificate,
)
from documents.qr import qr_matrix
from tests.pdftools import (
    POINTS_PER_MM,
    decode_qr_codes,
    page_count,
    page_size_mm,
    pdf_fonts,
    pdf_metadata,
    pdf_text,
    render_page,
    text_box,
)

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


def flat(text: str) -> str:
    """Text with all whitespace removed, since wrapped CJK lines break anywhere."""
    return re.sub(r"\s+", "", text)


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
    # Without the page footers and the repeated table header, so that a word split across two
    # pages reads whole.
    furniture = r"京园林抚审〔2026〕0001号第\d+页|环节机关经办人日期意见"
    text = re.sub(furniture, "", flat(pdf_text(pdf)))
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
    pdf = render_certificate(approval_document())
    info = pdf_metadata(pdf)

    assert info["Title"] == "天然林抚育作业设计审批决定书 京园林抚审〔2026〕0001号"
    assert info["Author"] == "北京市园林绿化局"
    width, height = page_size_mm(pdf)
    assert (round(width), round(height)) == (210, 297)  # A4


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
        "from documents.pdf_layout import render_certificate\n"
        "from tests.documents.test_pdf_layout import approval_document\n"
        "print(hashlib.sha256(render_certificate(approval_document())).hexdigest())\n"
    )
    digest = _python(script).strip()

    assert digest == hashlib.sha256(render_certificate(approval_document())).hexdigest()


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(approval_document, id="one page"),
        pytest.param(refusal_document, id="refusal"),
        pytest.param(
            lambda: revoked_document(conditions=[f"第{i}项：保护林下植被。" for i in range(80)]),
            id="paragraphs across pages",
        ),
        pytest.param(
            lambda: replace(approval_document(), facts=[("备注", "林地" * 3000)]),
            id="a cell taller than a page",
        ),
    ],
)
def test_wrapping_once_per_width_changes_no_byte(
    document: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = document()  # type: ignore[operator]
    remembered = render_certificate(doc)

    monkeypatch.setattr(pdf_layout.WrappedOnce, "wrap", Paragraph.wrap)

    assert render_certificate(doc) == remembered


def test_streams_are_compressed_at_the_chosen_level() -> None:
    assert pdfdoc.PDFZCompress.encode("抚育" * 100) == zlib.compress(
        ("抚育" * 100).encode("utf8"), pdf_layout.FLATE_LEVEL
    )


def test_different_documents_give_different_bytes() -> None:
    other = replace(approval_document(), number="京园林抚审〔2026〕0002号")

    assert render_certificate(approval_document()) != render_certificate(other)


# ----------------------------------------------------------------------------- fonts


def _python(script: str, **env: str) -> str:
    # This interpreter with an argument list, no shell.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        capture_output=True,
        check=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
    )
    return result.stdout.decode("utf-8")


@pytest.fixture
def wqy_font() -> str:
    """The embedded CJK font must be there: `make test` and `make run` install it (Makefile,
    target cjk-font). A missing font fails these tests instead of skipping them."""
    if not os.path.isfile(WQY_ZENHEI_PATH):
        pytest.fail(
            f"{WQY_ZENHEI_PATH} is missing: run `make test` as root (it installs it with apt-get) "
            "or `sudo apt-get install fonts-wqy-zenhei`"
        )
    return WQY_ZENHEI_PATH


def test_truetype_font_is_embedded(wqy_font: str) -> None:
    fonts = pdf_fonts(render_certificate(approval_document()))

    assert cjk_font_name() == "WQYZenHei"
    cjk = [font for font in fonts if "WenQuanYiZenHei" in font.name]
    assert cjk, fonts
    assert all(font.embedded and font.subset and font.to_unicode for font in cjk), fonts


def test_cid_fallback_is_extractable() -> None:
    pdf = render_certificate(refusal_document(), font_name=cid_font_name())

    assert "不予许可的理由" in flat(pdf_text(pdf))
    cid = [font for font in pdf_fonts(pdf) if CID_FONT_NAME in font.name]
    assert cid, pdf_fonts(pdf)
    assert not any(font.embedded for font in cid)  # referenced, not embedded


def test_postscript_outline_override_falls_back(tmp_path: Path) -> None:
    # A CFF/OTF font such as Noto Sans CJK: ReportLab cannot embed it.
    otf = tmp_path / "NotoSansCJK-Regular.otf"
    otf.write_bytes(b"OTTO" + bytes(64))
    script = "from documents.pdf_layout import cjk_font_name; print(cjk_font_name())"

    name = _python(script, PERMITS_CJK_FONT=str(otf)).strip()

    expected = "WQYZenHei" if os.path.isfile(WQY_ZENHEI_PATH) else CID_FONT_NAME
    assert name == expected


def test_the_font_is_loaded_once_per_process(wqy_font: str) -> None:
    """Parsing wqy-zenhei costs ~0.2 s: one TrueType font object for every render in every thread,
    and the font file's tables (its 10.6 MB glyf table) read once, not once per document."""
    script = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "from reportlab.pdfbase import pdfmetrics, ttfonts\n"
        "made = []\n"
        "init = ttfonts.TTFont.__init__\n"
        "def counted(self, *args, **kwargs):\n"
        "    made.append(args[0])\n"
        "    init(self, *args, **kwargs)\n"
        "ttfonts.TTFont.__init__ = counted\n"
        "from documents.pdf_layout import cjk_font_name, render_certificate\n"
        "from tests.documents.test_pdf_layout import approval_document\n"
        "with ThreadPoolExecutor(max_workers=4) as pool:\n"
        "    list(pool.map(lambda _: render_certificate(approval_document()), range(6)))\n"
        "face = pdfmetrics.getFont(cjk_font_name()).face\n"
        "print(made, face.get_table('glyf') is face.get_table('glyf'))\n"
    )

    assert _python(script).strip() == "['WQYZenHei'] True"


def test_truetype_override_is_used(wqy_font: str) -> None:
    script = "from documents.pdf_layout import cjk_font_name; print(cjk_font_name())"

    assert _python(script, PERMITS_CJK_FONT=wqy_font).strip() == "PermitsCJK"


# -------------------------------------------------------------------------------- QR


def test_qr_code_decodes_to_the_verify_url() -> None:
    """Rasterise the page (PDFium) and decode the code above the "扫码核验" caption (zxing-cpp),
    as a phone camera would."""
    pdf = render_certificate(approval_document())
    dpi = 200
    image = render_page(pdf, dpi=dpi)
    caption = text_box(pdf, "扫码核验")
    assert caption, "caption 扫码核验 not found"
    left, top, right, _ = caption
    centre = (left + right) / 2
    # The code sits just above its caption: decode only that part of the page.
    box = (centre - 20 * POINTS_PER_MM, top - 36 * POINTS_PER_MM, centre + 20 * POINTS_PER_MM, top)
    crop = image.crop(tuple(round(v * dpi / 72) for v in box))

    codes = decode_qr_codes(crop)

    assert [code.text for code in codes] == [VERIFY_URL]
    assert codes[0].ec_level == "M"
    modules = len(segno.make(VERIFY_URL, error="m").matrix)
    module_mm = codes[0].width_px / modules * 25.4 / dpi
    assert module_mm * (modules + 8) >= 25, "QR narrower than 25 mm with its quiet zone"


def test_qr_code_of_another_url_decodes_to_it() -> None:
    url = "https://permits.example.gov.cn/verify/OC-2026-000007?t=" + "a" * 40
    pdf = render_certificate(replace(approval_document(), verify_url=url))

    assert [code.text for code in decode_qr_codes(render_page(pdf))] == [url]


def test_a_long_address_with_version_information_decodes() -> None:
    """From version 7 on a symbol carries version information blocks; the address of a
    document with a long number and check code reaches them."""
    url = (
        "https://permits.example.gov.cn/verify/"
        + "%E4%BA%AC%E5%9B%AD%E6%9E%97" * 5
        + "?t="
        + "b" * 40
    )
    assert segno.make(url, error="m").version >= 7
    pdf = render_certificate(replace(approval_document(), verify_url=url))

    assert [code.text for code in decode_qr_codes(render_page(pdf))] == [url]


def test_the_qr_code_is_segnos_symbol() -> None:
    """qr_matrix chooses the data mask with numpy instead of segno's pure-Python scoring: it
    must choose what segno chooses (same modules, so same mask, version and level), for short
    and long addresses, every mask, versions 1 to 10 and more, and (left to segno) Micro QR
    codes for the shortest. A segno release that changes its rules or the helpers qr_matrix
    reads fails here."""
    rng = random.Random(20261123)
    alphabet = string.ascii_letters + string.digits + "/?=&%-_.:~"
    masks, versions = set(), set()
    for n in range(100):
        url = "".join(rng.choice(alphabet) for _ in range(8 + n * 3))
        expected = segno.make(url, error="m")

        assert np.array_equal(qr_matrix(url), np.array(expected.matrix, dtype=np.uint8)), url
        masks.add(expected.mask)
        versions.add(expected.version)
    assert masks == set(range(8))
    numbered = {v for v in versions if isinstance(v, int)}
    assert min(numbered) == 1 and max(numbered) >= 10
    assert versions - numbered  # "M3", "M4"


def test_the_qr_code_is_encoded_once_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    encoded: list[str] = []

    def counted(data: str) -> np.ndarray:
        encoded.append(data)
        return qr_matrix(data)

    monkeypatch.setattr(pdf_layout, "qr_matrix", counted)
    render_certificate(letter())

    assert encoded == [VERIFY_URL]


def test_check_code_is_printed_when_the_document_has_one() -> None:
    with_code = flat(
        pdf_text(render_certificate(replace(approval_document(), check_code="K7Q2M9XW4TBD8RNP")))
    )
    without = flat(pdf_text(render_certificate(approval_document())))

    assert "校验码K7Q2M9XW4TBD8RNP" in with_code  # under the QR code, the code on its own line
    assert "校验码" not in without


# ------------------------------------------------------------- the administrative document


def letter(**changes: object) -> CertificateDocument:
    """An approval laid out as an administrative document: addressee, body, closing."""
    return replace(
        approval_document(),
        addressee="北京市密云区不老屯镇人民政府",
        opening=["你单位提交的申请，本机关依法受理。经审查，符合规定。", "决定准予行政许可。"],
        closing=["特此决定。"],
        legal_basis="《中华人民共和国行政许可法》第三十八条第一款",
        remedy_notice="你单位如对本决定不服，可以向北京市人民政府申请行政复议。",
        check_code="ABCD2345",
        **changes,
    )


def test_the_document_reads_as_a_letter_in_order() -> None:
    text = flat(pdf_text(render_certificate(letter())))
    order = [
        "北京市园林绿化局",  # 发文机关标志
        "京园林抚审〔2026〕0001号",  # 发文字号
        "天然林抚育作业设计审批决定书",  # 标题
        "北京市密云区不老屯镇人民政府：",  # 主送
        "决定准予行政许可。",
        "许可事项",
        "许可条件",
        "法律依据：《中华人民共和国行政许可法》第三十八条第一款",
        "申请行政复议",
        "特此决定。",
        "2026年2月21日",  # 成文日期, under the seal area
        "此处加盖印章",
        "附：审查经过",
        "扫码核验",
        "校验码ABCD2345",
    ]
    positions = [text.find(flat(part)) for part in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)


@pytest.mark.parametrize("conditions", range(0, 60, 3))
def test_the_signature_never_stands_alone_on_a_page(conditions: int) -> None:
    """However long the body, the page with the seal area also holds the closing words."""
    items = [f"第{i}项条件：作业区内不得使用化学除草剂。" for i in range(1, conditions + 1)]
    pdf = render_certificate(letter(conditions=items))
    pages = [flat(pdf_text(pdf, p)) for p in range(1, page_count(pdf) + 1)]
    [signed] = [p for p in pages if "此处加盖印章" in p]
    assert "特此决定。" in signed and "申请行政复议" in signed


def test_the_verify_address_is_printed_readably() -> None:
    url = "https://permits.example.gov.cn/verify/%E4%BA%AC%E5%9B%AD%E6%9E%97/?code=ABCD2345"
    text = flat(pdf_text(render_certificate(letter(verify_url=url))))
    assert "https://permits.example.gov.cn/verify/京园林/?code=ABCD2345" in text


def test_no_line_begins_with_closing_punctuation_or_ends_with_opening() -> None:
    """避头尾: however the text falls, a line never begins with a comma, stop, closing quote or
    bracket, and never ends with an opening quote or bracket; every paragraph, table cell and
    notice of a document is broken by the same rules."""
    phrase = (
        "依据《北京市天然林保护修复制度实施方案》二（五）“作业设计”，经审查，符合条件；特此决定。"
    )
    opening = [("甲" * shift + phrase) * 4 for shift in range(0, 48)]
    cells = [(f"事项{shift}", "乙" * shift + phrase * 2) for shift in range(0, 24)]
    pdf = render_certificate(replace(letter(), opening=opening, facts=cells))
    lines = [line.strip() for line in pdf_text(pdf).splitlines() if line.strip()]
    starts = [line for line in lines if line[0] in "，。、；：？！）》”’"]
    ends = [line for line in lines if line[-1] in "（《“‘"]
    assert not starts and not ends, (starts[:3], ends[:3])
    assert flat(phrase) in flat(pdf_text(pdf))  # nothing was lost on the way


def test_the_notice_is_broken_by_the_same_rules() -> None:
    phrase = "因需组织专家现场论证作业的必要性，本机关不能在规定期限内作出决定（见附件）。"
    notice = pdf_layout.NoticeDocument(
        title="延期告知书",
        number="密园林延〔2026〕0001号",
        issuing_agency="密云区园林绿化局",
        addressee="密云区国有林场",
        paragraphs=[("丙" * shift + phrase) * 3 for shift in range(0, 40)],
        verify_url=VERIFY_URL,
        chain_head_hash=CHAIN_HASH,
        issued_on=date(2026, 6, 1),
    )
    lines = [line.strip() for line in pdf_text(pdf_layout.render_notice(notice)).splitlines()]
    assert not [line for line in lines if line and line[0] in "，。、；：？！）》”’"]
