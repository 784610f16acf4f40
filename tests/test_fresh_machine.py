"""`make test` on a fresh machine (README: only Python 3.11): the suite's PDF helpers need no
system tool. Here PATH is an empty directory and starting any process fails, and every helper of
tests/pdftools.py still reads back a certificate: text, page count, metadata, fonts, the
caption's position and the QR code decoded from the rendered page."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from documents.pdf_layout import cid_font_name, render_certificate
from tests import pdftools
from tests.documents.test_pdf_layout import VERIFY_URL, approval_document


class ProcessStarted(AssertionError):
    pass


@pytest.fixture
def no_system_tools(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))

    def refuse(*args: object, **kwargs: object) -> None:
        raise ProcessStarted(f"a PDF helper started a process: {args!r}")

    # Absolute paths (/usr/bin/pdftotext) would bypass PATH: refuse every way of starting one.
    monkeypatch.setattr(subprocess, "_fork_exec", refuse)
    monkeypatch.setattr(subprocess, "_USE_POSIX_SPAWN", False)
    for name in ("system", "popen", "posix_spawn", "posix_spawnp", "execv", "execvp", "fork"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, refuse)


def test_the_simulation_hides_the_system_tools(no_system_tools: None) -> None:
    assert shutil.which("pdftotext") is None
    assert shutil.which("python3") is None
    with pytest.raises(ProcessStarted):
        subprocess.run(["/bin/true"], check=False)  # noqa: S603


@pytest.mark.parametrize(
    ("font", "listed_as"), [("embedded", "WenQuanYiZenHei"), ("cid", "STSong-Light")]
)
def test_pdf_helpers_work_without_system_tools(
    no_system_tools: None, font: str, listed_as: str
) -> None:
    font_name = cid_font_name() if font == "cid" else None
    pdf = render_certificate(approval_document(), font_name=font_name)

    text = "".join(pdftools.pdf_text(pdf).split())
    assert "天然林抚育作业设计审批决定书" in text
    assert "北京市密云区不老屯镇人民政府" in text
    assert VERIFY_URL in text
    assert pdftools.page_count(pdf) == 1
    assert pdftools.pdf_metadata(pdf)["Author"] == "北京市园林绿化局"
    assert [round(v) for v in pdftools.page_size_mm(pdf)] == [210, 297]
    assert any(listed_as in f.name for f in pdftools.pdf_fonts(pdf))
    left, top, right, bottom = pdftools.text_box(pdf, "扫码核验")
    assert 0 < left < right < 595 and 0 < top < bottom < 842
    codes = pdftools.decode_qr_codes(pdftools.render_page(pdf))
    assert [code.text for code in codes] == [VERIFY_URL]


def test_text_of_one_page_without_system_tools(no_system_tools: None) -> None:
    conditions = [f"第{i}项条件：作业区内不得使用化学除草剂。" for i in range(1, 90)]
    pdf = render_certificate(replace(approval_document(), conditions=conditions))

    pages = pdftools.page_count(pdf)
    assert pages >= 2
    last = "".join(pdftools.pdf_text(pdf, pages).split())
    assert f"第{pages}页" in last
    assert "第1页" not in last
