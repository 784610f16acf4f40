"""Reading PDFs back with poppler-utils, as a clerk's copy-and-paste or a search index would."""

import shutil
import subprocess

import pytest


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: install poppler-utils (apt-get install poppler-utils)")
    return path


def pdf_text(pdf: bytes, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    # A fixed executable with an argument list, no shell.
    result = subprocess.run(  # noqa: S603
        [tool("pdftotext"), *pages, "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")
