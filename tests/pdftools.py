"""Reading PDFs back as a clerk's copy-and-paste, a search index or a phone camera would.

Pure Python packages of the ``test`` extra, no system tools (no poppler): pypdf reads the text,
the document information and the font dictionaries; pypdfium2 (PDFium, the engine of Chrome's
PDF viewer) renders pages and finds where a piece of text sits; zxing-cpp decodes QR codes from
the rendered image. Every test that reads a PDF goes through this module.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdf
import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

POINTS_PER_MM = 72 / 25.4


def _reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf), strict=True)


def pdf_text(pdf: bytes, page: int | None = None) -> str:
    """The text of one page (1-based) or of the whole document, pages separated by newlines."""
    pages = _reader(pdf).pages
    chosen = [pages[page - 1]] if page else list(pages)
    return "\n".join(p.extract_text() for p in chosen)


def page_count(pdf: bytes) -> int:
    return len(_reader(pdf).pages)


def page_size_mm(pdf: bytes, page: int = 1) -> tuple[float, float]:
    """Width and height of a page's media box, in millimetres."""
    box = _reader(pdf).pages[page - 1].mediabox
    return float(box.width) / POINTS_PER_MM, float(box.height) / POINTS_PER_MM


def pdf_metadata(pdf: bytes) -> dict[str, str]:
    """The document information dictionary without the slashes: ``{"Title": ..., ...}``."""
    info = _reader(pdf).metadata or {}
    return {key.lstrip("/"): str(value) for key, value in info.items()}


@dataclass(frozen=True)
class PdfFont:
    """One font as pdffonts would list it."""

    name: str  # /BaseFont, with its subset tag (ABCDEF+) if any
    subtype: str  # /Type0, /TrueType, /Type1 ...
    embedded: bool  # a FontFile, FontFile2 or FontFile3 stream is in the PDF
    subset: bool  # the name carries a six-letter subset tag
    to_unicode: bool  # a ToUnicode map makes the text extractable whatever the encoding


_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def pdf_fonts(pdf: bytes) -> list[PdfFont]:
    """Every distinct font the pages use, read from the font dictionaries."""
    fonts: dict[str, PdfFont] = {}
    for page in _reader(pdf).pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        for ref in (font_dict.get_object() if font_dict else {}).values():
            font = ref.get_object()
            # A composite (Type0) font keeps its descriptor in its descendant CIDFont.
            described = font
            if "/DescendantFonts" in font:
                described = font["/DescendantFonts"][0].get_object()
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            name = str(font.get("/BaseFont", "")).lstrip("/")
            tag = name.split("+", 1)[0]
            fonts[name] = PdfFont(
                name=name,
                subtype=str(font.get("/Subtype", "")).lstrip("/"),
                embedded=any(key in descriptor for key in _FONT_FILES),
                subset="+" in name and len(tag) == 6 and tag.isalpha() and tag.isupper(),
                to_unicode="/ToUnicode" in font,
            )
    return list(fonts.values())


def render_page(pdf: bytes, page: int = 1, dpi: int = 200) -> Image.Image:
    """The page rasterised in greyscale at ``dpi``."""
    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[page - 1].render(scale=dpi / 72, grayscale=True)
        return bitmap.to_pil().convert("L")
    finally:
        document.close()


def text_box(pdf: bytes, text: str, page: int = 1) -> tuple[float, float, float, float] | None:
    """Where ``text`` first occurs on the page: (left, top, right, bottom) in points from the
    page's top-left corner, as an image of the page is addressed; None when it is not there."""
    document = pdfium.PdfDocument(pdf)
    try:
        pdf_page = document[page - 1]
        height = pdf_page.get_height()
        text_page = pdf_page.get_textpage()
        found = text_page.search(text).get_next()
        if found is None:
            return None
        start, count = found
        boxes = [text_page.get_charbox(i) for i in range(start, start + count)]
        left = min(b[0] for b in boxes)
        bottom = min(b[1] for b in boxes)
        right = max(b[2] for b in boxes)
        top = max(b[3] for b in boxes)
        return left, height - top, right, height - bottom
    finally:
        document.close()


@dataclass(frozen=True)
class QrCode:
    text: str
    width_px: float  # the symbol's width without its quiet zone, in pixels of the image
    ec_level: str


def decode_qr_codes(image: Image.Image) -> list[QrCode]:
    """Every valid QR code zxing-cpp finds in the image."""
    codes = []
    for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        if not barcode.valid:
            continue
        position = barcode.position
        width = (
            (position.top_right.x - position.top_left.x) ** 2
            + (position.top_right.y - position.top_left.y) ** 2
        ) ** 0.5
        codes.append(QrCode(text=barcode.text, width_px=width, ec_level=barcode.ec_level))
    return codes
