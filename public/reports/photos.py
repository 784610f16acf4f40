"""A report's photos: at most three, JPEG or PNG by content, kept as the picture alone
(decoded and written again, without the camera's metadata).

Decoding is the costly part, so it comes last and is bounded beforehand: the header alone
(Pillow's ``Image.open`` reads nothing more) gives the size and the bit depth, and a photo of
more than PHOTO_MAX_PIXELS, of more than 8 bits a channel, or past the request's budget of
PHOTOS_MAX_PIXELS is refused undecoded. ``_photos_checked`` is that cheap check; the caller
decodes (``_photos_clean``) only when the rest of the report is valid."""

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile

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


def _photos_checked(uploads: Sequence[Upload]) -> tuple[list[_Checked], list[Problem]]:
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


def _photos_clean(checked: list[_Checked]) -> tuple[list[tuple[bytes, str, str]], list[Problem]]:
    """Each photo as it is kept, with its type and SHA-256, or the problems of ``photos``. A
    photo is decoded and written again (Pillow): what is kept holds the picture only, never the
    camera's metadata (the place and time it was taken, the phone, the owner's name), which
    could name an anonymous reporter; a file that does not decode as the image its first bytes
    claim is refused."""
    kept, problems = [], []
    for photo in checked:
        clean = _picture_only(photo.upload, photo.content_type)
        if clean is None:
            problems.append(Problem("photos", "unsupported_type", str(MSG_PHOTO_TYPE)))
            continue
        kept.append((clean, photo.content_type, hashlib.sha256(clean).hexdigest()))
    return kept, problems


# What a PNG's pixels need besides the pixels (a palette's transparent colour); nothing else of
# what Pillow read from the file is written again.
PNG_KEPT_INFO = frozenset({"transparency"})


def _pixels_only(image: "PILImage", keep: frozenset[str] = frozenset()) -> "PILImage":
    """``image`` without what Pillow carries from the file it read into the file it writes:
    a JPEG's comment (COM), an ICC profile, PNG text chunks, XMP, EXIF (``Image.info``, which
    ``convert`` and ``copy`` keep and ``save`` writes back). Only the keys in ``keep`` stay."""
    image.info = {key: value for key, value in image.info.items() if key in keep}
    return image


def _picture_only(upload: Upload, content_type: str) -> bytes | None:
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


def _photos_store(report: Report, photos: list[tuple[bytes, str, str]]) -> None:
    """The checked photos kept with ``report``, each named by its SHA-256."""
    for clean, content_type, sha256 in photos:
        photo = ReportPhoto(
            report=report, content_type=content_type, size=len(clean), sha256=sha256
        )
        photo.file.save(f"{sha256[:20]}{PHOTO_TYPES[content_type]}", ContentFile(clean), save=False)
        photo.save()
