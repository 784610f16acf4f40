"""Upload checks: size, and type by content (magic bytes), never by the file name alone."""

import hashlib
import zipfile
from typing import IO, TYPE_CHECKING, NamedTuple, TypeAlias

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from . import jsonsafe
from .errors import Problem, UploadTooLarge, UploadTypeRefused

MSG_TOO_LARGE = _("The file is larger than %(limit)s MB.")
MSG_TYPE_REFUSED = _(
    "Only PDF, images (PNG, JPEG, TIFF), Office documents, GeoJSON and zipped shapefiles are "
    "accepted; the content of this file is not one of them."
)
MSG_EMPTY = _("The file is empty.")

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls

# What the web form and the API hand to the services (generic in django-stubs only).
if TYPE_CHECKING:
    Upload: TypeAlias = UploadedFile[bytes]
else:
    Upload = UploadedFile


class InspectedUpload(NamedTuple):
    content_type: str
    sha256: str
    size: int


def detect_content_type(head: bytes, name: str, file: IO[bytes]) -> str | None:
    """The content type this file really is, or None when it is not an accepted type."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head.startswith(OLE2):
        return "application/x-ole-storage"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    if name.lower().endswith((".geojson", ".json")):
        return _geojson_kind(file)
    return None


def _zip_kind(file: IO[bytes]) -> str | None:
    file.seek(0)
    try:
        names = zipfile.ZipFile(file).namelist()
    except zipfile.BadZipFile:
        return None
    finally:
        file.seek(0)
    if "[Content_Types].xml" in names:
        return "application/vnd.openxmlformats-officedocument"
    if any(n.lower().endswith(".shp") for n in names):
        return "application/zip+shapefile"
    return None


def _geojson_kind(file: IO[bytes]) -> str | None:
    file.seek(0)
    try:
        # Bounded nesting: a deeply nested upload must be refused, not crash the parser.
        data = jsonsafe.loads(file.read().decode("utf-8"))
    except (UnicodeDecodeError, jsonsafe.JSONRefused):
        return None
    finally:
        file.seek(0)
    ok = isinstance(data, dict) and data.get("type") in {
        "FeatureCollection",
        "Feature",
        "Polygon",
        "MultiPolygon",
        "Point",
        "LineString",
    }
    return "application/geo+json" if ok else None


def inspect_upload(upload: Upload) -> InspectedUpload:
    """Content type, sha256 and size of an accepted upload; raises 413 / 415 otherwise."""
    limit = settings.PERMITS_UPLOAD_MAX_BYTES
    size = upload.size or 0  # an upload of unknown size is refused as empty
    if size > limit:
        raise UploadTooLarge(
            problems=[
                Problem("file", "too_large", MSG_TOO_LARGE % {"limit": limit // (1024 * 1024)})
            ]
        )
    if size == 0:
        raise UploadTypeRefused(problems=[Problem("file", "empty", MSG_EMPTY)])
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = detect_content_type(head, upload.name or "", upload)
    if content_type is None:
        raise UploadTypeRefused(problems=[Problem("file", "unsupported_type", MSG_TYPE_REFUSED)])
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return InspectedUpload(content_type, digest.hexdigest(), size)
