"""A report's photos: at most three, JPEG or PNG by content, kept as the picture alone
(decoded and written again, without the camera's metadata)."""

import hashlib
import io
from collections.abc import Sequence

from django.core.files.base import ContentFile

from core.errors import Problem
from core.messages import MSG_PHOTO_LARGE, MSG_PHOTO_TYPE, MSG_PHOTOS_MANY
from permits.uploads import Upload, detect_content_type

from ..models import Report, ReportPhoto

PHOTOS_MAX = 3
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg": ".jpg", "image/png": ".png"}
PHOTO_MAX_PIXELS = 40_000_000  # a 40-megapixel photo: more is a decompression bomb


def _photos(uploads: Sequence[Upload]) -> tuple[list[tuple[bytes, str, str]], list[Problem]]:
    """Each photo as it is kept, with its type and SHA-256, or the problems of ``photos``. A
    photo is decoded and written again (Pillow): what is kept holds the picture only, never the
    camera's metadata (the place and time it was taken, the phone, the owner's name), which
    could name an anonymous reporter; a file that does not decode as the image its first bytes
    claim is refused."""
    if len(uploads) > PHOTOS_MAX:
        return [], [Problem("photos", "too_many", str(MSG_PHOTOS_MANY))]
    checked, problems = [], []
    for upload in uploads:
        size = upload.size or 0
        if size > PHOTO_MAX_BYTES:
            problems.append(Problem("photos", "too_large", str(MSG_PHOTO_LARGE)))
            continue
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        content_type = detect_content_type(head, "", upload) if size else None
        clean = _picture_only(upload, str(content_type)) if content_type in PHOTO_TYPES else None
        if clean is None:
            problems.append(Problem("photos", "unsupported_type", str(MSG_PHOTO_TYPE)))
            continue
        checked.append((clean, str(content_type), hashlib.sha256(clean).hexdigest()))
    return checked, problems


def _picture_only(upload: Upload, content_type: str) -> bytes | None:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            if image.width * image.height > PHOTO_MAX_PIXELS:
                return None
            image.load()
            out = io.BytesIO()
            if content_type == "image/png":
                image.save(out, "PNG")
            else:
                # The picture turned as the camera meant it, then without its EXIF block.
                upright = ImageOps.exif_transpose(image) or image
                upright.convert("RGB").save(out, "JPEG", quality=90)
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
