"""A report's photos: at most three, JPEG or PNG by content, kept as the picture alone
(decoded and written again, without the camera's metadata).

Decoding is the costly part, so it comes last and is bounded beforehand: the header alone
(Pillow's ``Image.open`` reads nothing more) gives the size and the bit depth, and a photo of
more than PHOTO_MAX_PIXELS, of more than 8 bits a channel, or past the request's budget of
PHOTOS_MAX_PIXELS is refused undecoded. ``photos_checked`` is that cheap check; the caller
decodes (``_photos_clean``) only when the rest of the report is valid."""

import hashlib
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction

from core.background import after_commit
from core.errors import Problem
from core.messages import (
    MSG_PHOTO_DEPTH,
    MSG_PHOTO_LARGE,
    MSG_PHOTO_PIXELS,
    MSG_PHOTO_TYPE,
    MSG_PHOTOS_MANY,
    MSG_PHOTOS_PIXELS,
)
from permits.uploads import Upload, detect_content_type

from ..models import Report, ReportPhoto

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

logger = logging.getLogger(__name__)

PHOTOS_TASK = "public.report_photos_clean"
PHOTOS_MAX = 3
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg": ".jpg", "image/png": ".png"}
# 25 megapixels: a phone's 12 MP photo (4032 x 3024) and a camera's 24 MP one (6000 x 4000) pass;
# decoding one costs at most ~100 MB and well under a second. Also Pillow's MAX_IMAGE_PIXELS
# (set in PublicConfig.ready): past twice this, Pillow itself refuses to open a file.
PHOTO_MAX_PIXELS = 25_000_000
# What one request may decode in all: three 12 MP phone photos (36.6 MP) pass.
PHOTOS_MAX_PIXELS = 40_000_000
# The decoded modes of 8 bits a channel; 16-bit (I;16, I) and floating point are refused.
PHOTO_MODES = frozenset({"1", "L", "LA", "P", "PA", "RGB", "RGBA", "CMYK", "YCbCr"})
PNG_BIT_DEPTH_AT = 24  # signature 8, IHDR length 4 and type 4, width 4, height 4


@dataclass(frozen=True)
class _Checked:
    """A photo whose header was read: its upload, content type and pixels."""

    upload: Upload
    content_type: str
    pixels: int


def photos_checked(uploads: Sequence[Upload]) -> tuple[list[_Checked], list[Problem]]:
    """The photos whose count, size, type, pixels and bit depth pass, from their header only
    (nothing decoded), or the problems of ``photos``."""
    if len(uploads) > PHOTOS_MAX:
        return [], [Problem("photos", "too_many", str(MSG_PHOTOS_MANY))]
    checked: list[_Checked] = []
    problems: list[Problem] = []
    for upload in uploads:
        photo, problem = _header_checked(upload)
        if problem is not None:
            problems.append(problem)
        elif photo is not None:
            checked.append(photo)
    if sum(photo.pixels for photo in checked) > PHOTOS_MAX_PIXELS:
        problems.append(Problem("photos", "too_many_pixels", str(MSG_PHOTOS_PIXELS)))
    return checked, problems


def _header_checked(upload: Upload) -> tuple[_Checked | None, Problem | None]:
    from PIL import Image, UnidentifiedImageError

    size = upload.size or 0
    if size > PHOTO_MAX_BYTES:
        return None, Problem("photos", "too_large", str(MSG_PHOTO_LARGE))
    upload.seek(0)
    head = upload.read(PNG_BIT_DEPTH_AT + 1)
    upload.seek(0)
    content_type = detect_content_type(head, "", upload) if size else None
    unsupported = Problem("photos", "unsupported_type", str(MSG_PHOTO_TYPE))
    if content_type not in PHOTO_TYPES:
        return None, unsupported
    try:
        with Image.open(upload) as probe:  # the header only
            width, height, mode = probe.width, probe.height, probe.mode
    except Image.DecompressionBombError:
        return None, Problem("photos", "too_many_pixels", str(MSG_PHOTO_PIXELS))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None, unsupported
    finally:
        upload.seek(0)
    if width * height > PHOTO_MAX_PIXELS:
        return None, Problem("photos", "too_many_pixels", str(MSG_PHOTO_PIXELS))
    png_deep = content_type == "image/png" and head[PNG_BIT_DEPTH_AT:] > b"\x08"
    if mode not in PHOTO_MODES or png_deep:
        return None, Problem("photos", "unsupported_depth", str(MSG_PHOTO_DEPTH))
    return _Checked(upload, str(content_type), width * height), None


# What a PNG's pixels need besides the pixels (a palette's transparent colour); nothing else of
# what Pillow read from the file is written again.
PNG_KEPT_INFO = frozenset({"transparency"})


def _pixels_only(image: "PILImage", keep: frozenset[str] = frozenset()) -> "PILImage":
    """``image`` without what Pillow carries from the file it read into the file it writes:
    a JPEG's comment (COM), an ICC profile, PNG text chunks, XMP, EXIF (``Image.info``, which
    ``convert`` and ``copy`` keep and ``save`` writes back). Only the keys in ``keep`` stay."""
    image.info = {key: value for key, value in image.info.items() if key in keep}
    return image


def picture_only(upload: IO[bytes], content_type: str) -> bytes | None:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            out = io.BytesIO()
            if content_type == "image/png":
                _pixels_only(image, keep=PNG_KEPT_INFO).save(out, "PNG")
            else:
                # The picture turned as the camera meant it, then without its EXIF block.
                upright = ImageOps.exif_transpose(image) or image
                _pixels_only(upright.convert("RGB")).save(out, "JPEG", quality=90)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return out.getvalue()


def _photos_store(report: Report, checked: list[_Checked]) -> list[str]:
    """The checked photos kept with ``report`` as received, quarantined (never served), each
    named by its SHA-256; the SHA-256s. Their clean copies are made after the commit, off the
    request (``report_photos_clean``): decoding is what a photo costs."""
    received = []
    for photo in checked:
        photo.upload.seek(0)
        data = photo.upload.read(PHOTO_MAX_BYTES + 1)
        photo.upload.seek(0)
        sha256 = hashlib.sha256(data).hexdigest()
        _photo_write(
            ReportPhoto(report=report, content_type=photo.content_type, quarantined=True),
            data,
        )
        received.append(sha256)
    after_commit(PHOTOS_TASK, report_photos_clean, report.pk)
    return received


def _photo_write(photo: ReportPhoto, data: bytes) -> None:
    photo.size, photo.sha256 = len(data), hashlib.sha256(data).hexdigest()
    name = f"{photo.sha256[:20]}{PHOTO_TYPES[photo.content_type]}"
    photo.file.save(name, ContentFile(data), save=False)
    photo.save()


def report_photos_clean(report_id: int) -> int:
    """Each quarantined photo of the report replaced by its picture alone (decoded and written
    again); one that does not decode as the image its header claimed is rejected: its file
    deleted, the row kept and marked, for the report to show. The number of photos
    cleaned. Idempotent: a photo already clean is left alone."""
    cleaned = 0
    for pk in ReportPhoto.objects.filter(report_id=report_id, quarantined=True).values_list(
        "pk", flat=True
    ):
        cleaned += _photo_clean(pk)
    return cleaned


@transaction.atomic
def _photo_clean(pk: int) -> int:
    photo = ReportPhoto.objects.select_for_update().filter(pk=pk, quarantined=True).first()
    if photo is None:  # cleaned meanwhile
        return 0
    received, storage = str(photo.file.name), photo.file.storage
    with photo.file.open("rb") as raw:
        clean = picture_only(io.BytesIO(raw.read()), photo.content_type)
    photo.quarantined = False
    if clean is None:
        logger.warning("Report %s: photo %s does not decode; rejected", photo.report_id, pk)
        photo.rejected, photo.file.name = True, ""
        photo.save(update_fields=["quarantined", "rejected", "file"])
    else:
        _photo_write(photo, clean)
    if clean is None or received != photo.file.name:
        # The received file is removed once the row no longer names it (after the commit:
        # a rollback keeps both).
        transaction.on_commit(lambda: storage.delete(received))
    return int(clean is not None)
