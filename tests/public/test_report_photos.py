"""A report's photos cost little before they are known to be worth decoding (issue 45 item 4):
the header alone bounds the pixels, the bit depth and the request's total, and a report with
any other problem has its photos never decoded."""

import io
import struct
import time
import zlib

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image

from core.errors import InvalidInput
from core.messages import (
    MSG_KIND_PUBLIC,
    MSG_PHOTO_DEPTH,
    MSG_PHOTO_PIXELS,
    MSG_PHOTOS_PIXELS,
)
from public.models import Report
from public.reports import report_file, report_get_visible, report_public_status

pytestmark = pytest.mark.django_db

MIYUN_POINT = {"type": "Point", "coordinates": [116.85, 40.40]}
FRIDAY = "2026-11-27 09:00 +0800"
CPU_MAX = 0.5  # seconds of this process's CPU for one filing


@pytest.fixture(autouse=True)
def _agencies(reference_data):
    """The districts' agencies that receive reports."""


def _png(mode: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="session")
def deep_png() -> bytes:
    """The issue's photo: a 16-bit 6300 x 6300 PNG, small once compressed."""
    return _png("I;16", (6300, 6300))


def _file(photos: list[bytes], **overrides: object) -> tuple[float, InvalidInput | None]:
    uploads = [SimpleUploadedFile(f"p{i}.png", data) for i, data in enumerate(photos)]
    fields: dict[str, object] = {
        "kind": "illegal_felling",
        "description": "石城镇后山有人砍伐油松，约二十棵。",
        "site_geometry": MIYUN_POINT,
        "district": "110118",
        "uploads": uploads,
        **overrides,
    }
    refused = None
    with time_machine.travel(FRIDAY, tick=False):
        with TestCase.captureOnCommitCallbacks() as after_commit:
            started = time.process_time()
            try:
                report_file(**fields)  # type: ignore[arg-type]
            except InvalidInput as problem:
                refused = problem
            cpu = time.process_time() - started
        for work in after_commit:  # what the worker does after the commit, off the request
            work()
    return cpu, refused


@pytest.fixture
def decoded(monkeypatch) -> list[tuple[int, int]]:
    """The sizes of the pictures Pillow decodes from a file (not those the test draws)."""
    seen: list[tuple[int, int]] = []
    load = Image.Image.load

    def spied(image: Image.Image):  # type: ignore[no-untyped-def]
        if getattr(image, "fp", None) is not None:
            seen.append(image.size)
        return load(image)

    monkeypatch.setattr(Image.Image, "load", spied)
    return seen


def test_a_16_bit_photo_of_40_megapixels_is_refused_undecoded(deep_png, decoded):
    cpu, refused = _file([deep_png, deep_png, deep_png])
    assert refused is not None and cpu < CPU_MAX
    messages = {(p.field, p.message) for p in refused.problems}
    assert messages == {("photos", str(MSG_PHOTO_PIXELS))}
    assert decoded == [] and not Report.objects.exists()


def test_a_16_bit_photo_within_the_pixels_is_refused_for_its_depth(decoded):
    _, refused = _file([_png("I;16", (40, 30))])
    assert refused is not None
    assert [(p.field, p.code, p.message) for p in refused.problems] == [
        ("photos", "unsupported_depth", str(MSG_PHOTO_DEPTH))
    ]
    assert decoded == []


def _png_rgb_16_bit(width: int, height: int) -> bytes:
    """A 16-bit RGB PNG, which Pillow cannot write and opens as mode RGB: only its header's bit
    depth tells."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    rows = b"".join(b"\x00" + b"\x12\x34" * 3 * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    return b"".join(
        (b"\x89PNG\r\n\x1a\n", chunk(b"IHDR", header), chunk(b"IDAT", zlib.compress(rows)))
    ) + chunk(b"IEND", b"")


def test_a_16_bit_rgb_photo_is_refused_for_its_depth(decoded):
    _, refused = _file([_png_rgb_16_bit(40, 30)])
    assert refused is not None
    assert [(p.field, p.code) for p in refused.problems] == [("photos", "unsupported_depth")]
    assert decoded == []


def test_photos_are_never_decoded_when_another_field_is_wrong(decoded):
    costly = _png("RGB", (5000, 5000))  # 25 MP of 8 bits: within every bound, slow to decode
    cpu, refused = _file([costly], kind="arson")
    assert refused is not None and cpu < CPU_MAX
    assert [(p.field, p.message) for p in refused.problems] == [("kind", str(MSG_KIND_PUBLIC))]
    assert decoded == []


def test_a_decompression_bomb_is_a_field_error(decoded):
    bomb = _png("1", (9000, 9000))  # 81 MP: past twice Pillow's MAX_IMAGE_PIXELS as set
    assert Image.MAX_IMAGE_PIXELS is not None and 2 * Image.MAX_IMAGE_PIXELS < 9000 * 9000
    cpu, refused = _file([bomb])
    assert refused is not None and cpu < CPU_MAX
    assert [(p.field, p.code) for p in refused.problems] == [("photos", "too_many_pixels")]
    assert decoded == []


def test_the_request_decodes_at_most_its_budget_of_pixels(decoded):
    each = _png("1", (4000, 3500))  # 14 MP each, 42 MP in all
    cpu, refused = _file([each, each, each])
    assert refused is not None and cpu < CPU_MAX
    assert [(p.field, p.message) for p in refused.problems] == [("photos", str(MSG_PHOTOS_PIXELS))]
    assert decoded == []


def test_a_worst_case_report_costs_its_request_little_and_its_photos_are_cleaned_after(
    decoded, reviewer_my
):
    """Three photos at the bounds (25 MP, then the rest of the request's 40 MP): the request
    reads their headers only; the decoding and the clean copies come after the commit."""
    big, rest = _png("RGB", (5000, 5000)), _png("RGB", (3000, 2500))
    uploads = [SimpleUploadedFile(f"p{i}.png", data) for i, data in enumerate((big, rest, rest))]
    with (
        time_machine.travel(FRIDAY, tick=False),
        TestCase.captureOnCommitCallbacks() as after_commit,
    ):
        started = time.process_time()
        report = report_file(
            kind="illegal_felling",
            description="石城镇后山有人砍伐油松，约二十棵。",
            site_geometry=MIYUN_POINT,
            district="110118",
            uploads=uploads,
        )
        cpu = time.process_time() - started
    assert cpu < CPU_MAX and decoded == []
    assert [p.quarantined for p in report.photos.all()] == [True, True, True]
    assert report_get_visible(reviewer_my, report.pk).photos.all().count() == 0
    for work in after_commit:
        work()
    assert [p.quarantined for p in report.photos.all()] == [False, False, False]
    assert sorted(decoded) == [(3000, 2500), (3000, 2500), (5000, 5000)]
    assert report_get_visible(reviewer_my, report.pk).photos.all().count() == 3


def test_a_photo_that_does_not_decode_past_its_header_is_rejected_after_and_recorded():
    """Issue 45: not dropped silently. Its row stays, marked rejected, naming no file (the file
    received is deleted after the commit); the report's status counts it."""
    whole = _png("RGB", (64, 48))
    truncated = whole[: whole.index(b"IDAT") + 12]  # a valid header, then the pixels cut short
    _, refused = _file([whole, truncated])
    assert refused is None
    report = Report.objects.get()
    kept, rejected = report.photos.all()
    assert not kept.quarantined and kept.file.read().startswith(b"\x89PNG")
    assert (rejected.rejected, rejected.quarantined, rejected.file.name) == (True, False, "")
    assert report_public_status(report.tracking_code)["photos_rejected"] == 1


def test_ordinary_photos_are_decoded_and_kept(decoded):
    photo = _png("RGB", (640, 480))
    _, refused = _file([photo, photo])
    assert refused is None
    report = Report.objects.get()
    assert report.photos.count() == 2 and (640, 480) in decoded


# Issue 45 item 7: what a photo carries besides its pixels, in each container a phone or an
# editor writes, must not come back in the kept photo (a name, a phone number, a place).
SECRET = "王小明 13800138000"


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def _jpeg_with(container: str) -> bytes:
    out = io.BytesIO()
    secret = SECRET.encode()
    extra: dict[str, object] = {}
    if container == "COM":
        extra["comment"] = secret
    elif container == "ICC":
        extra["icc_profile"] = b"\x00\x00\x02\x0c" + secret + bytes(120)
    elif container == "EXIF":
        exif = Image.Exif()
        exif[0x013B] = SECRET  # Artist
        extra["exif"] = exif.tobytes()
    Image.new("RGB", (16, 12), (30, 120, 30)).save(out, "JPEG", **extra)
    data = out.getvalue()
    inserted = {
        "XMP": _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>" + secret + b"</x>"),
        "IPTC": _segment(0xED, b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + secret),
    }.get(container, b"")
    return data[:2] + inserted + data[2:]


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload))
    )


def _png_with(container: str) -> bytes:
    from PIL import PngImagePlugin

    out = io.BytesIO()
    image = Image.new("RGB", (16, 12), (30, 120, 30))
    if container == "iCCP":
        image.save(out, "PNG", icc_profile=b"\x00\x00\x02\x0c" + SECRET.encode() + bytes(120))
        return out.getvalue()
    text = PngImagePlugin.PngInfo()
    if container == "tEXt":
        text.add_text("Author", "Wang 13800138000")
    elif container == "iTXt":
        text.add_itxt("Author", SECRET)
    elif container == "zTXt":
        text.add_text("Author", "Wang 13800138000", zip=True)
    image.save(out, "PNG", pnginfo=text)
    data = out.getvalue()
    if container == "eXIf":
        exif = Image.Exif()
        exif[0x013B] = SECRET
        at = data.index(b"IDAT") - 4
        data = data[:at] + _png_chunk(b"eXIf", exif.tobytes()[6:]) + data[at:]
    return data


def _secrets_in(data: bytes) -> list[str]:
    found = [s for s in (SECRET.encode(), "王小明".encode(), b"13800138000") if s in data]
    if b"13800138000" not in data:  # a compressed chunk hides the text from a byte search
        with Image.open(io.BytesIO(data)) as image:
            found += [k for k, v in image.info.items() if "13800138000" in str(v)]
    return [str(s) for s in found]


@pytest.mark.parametrize(
    "kind, container",
    [("jpeg", c) for c in ("COM", "ICC", "EXIF", "XMP", "IPTC")]
    + [("png", c) for c in ("tEXt", "iTXt", "zTXt", "eXIf", "iCCP")],
)
def test_a_photo_is_kept_without_anything_but_its_pixels(kind, container):
    original = _jpeg_with(container) if kind == "jpeg" else _png_with(container)
    assert _secrets_in(original), "the test photo carries the secret"
    _, refused = _file([original])
    assert refused is None, refused
    (kept,) = Report.objects.get().photos.all()
    data = kept.file.read()
    assert _secrets_in(data) == []
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (16, 12)
        assert not image.getexif() and "icc_profile" not in image.info
