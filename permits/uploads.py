"""Upload checks: size, and type by content (magic bytes), never by the file name alone.

The name an attachment is stored under ends with the extension of the type its content is
(``x.html`` holding a PDF is stored as ``x.pdf``), so that whoever downloads it opens it as what
it is. A ZIP (Office documents, zipped shapefiles) is accepted only if what it inflates to is
bounded, and really is: every member is inflated once here, within the bound, and its checksum
checked, so a member that lies about its size is refused.
"""

import hashlib
import posixpath
import zipfile
import zlib
from typing import IO, TYPE_CHECKING, NamedTuple, TypeAlias

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from core import jsonsafe
from core.errors import Problem, UploadTooLarge, UploadTypeRefused
from core.messages import MSG_EMPTY_FILE, MSG_TOO_LARGE_PERMITS, MSG_TYPE_REFUSED, MSG_ZIP_INFLATES
from zones.readers import MAX_ZIP_BYTES

# An Office document holds a few dozen parts (a long presentation, a few hundred).
MAX_ZIP_MEMBERS = 2_000
ZIP_READ_CHUNK = 1024 * 1024
# What Python's zipfile raises about a damaged, encrypted or unsupported archive.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)


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


class ZipInflatesTooMuch(Exception):
    """A ZIP whose members inflate beyond MAX_ZIP_BYTES, or that has too many of them."""


def _zip_kind(file: IO[bytes]) -> str | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            kind = _zip_content_kind(archive.namelist())
            if kind is not None:
                _check_inflation(archive)
    except ZIP_ERRORS:
        return None
    finally:
        file.seek(0)
    return kind


def _zip_content_kind(names: list[str]) -> str | None:
    if "[Content_Types].xml" in names:
        return "application/vnd.openxmlformats-officedocument"
    if any(n.lower().endswith(".shp") for n in names):
        return "application/zip+shapefile"
    return None


def _check_inflation(archive: zipfile.ZipFile) -> None:
    """Inflate every member once, within MAX_ZIP_BYTES in all: the sizes the archive declares
    are its claim; zipfile stops a member at its declared size and checks its CRC there."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS or sum(i.file_size for i in infos) > MAX_ZIP_BYTES:
        raise ZipInflatesTooMuch
    inflated = 0
    for info in infos:
        if info.is_dir():
            continue
        with archive.open(info) as member:
            while chunk := member.read(ZIP_READ_CHUNK):
                inflated += len(chunk)
                if inflated > MAX_ZIP_BYTES:
                    raise ZipInflatesTooMuch


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
                Problem(
                    "file", "too_large", MSG_TOO_LARGE_PERMITS % {"limit": limit // (1024 * 1024)}
                )
            ]
        )
    if size == 0:
        raise UploadTypeRefused(problems=[Problem("file", "empty", MSG_EMPTY_FILE)])
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    try:
        content_type = detect_content_type(head, upload.name or "", upload)
    except ZipInflatesTooMuch:
        message = MSG_ZIP_INFLATES % {
            "members": MAX_ZIP_MEMBERS,
            "limit": MAX_ZIP_BYTES // (1024 * 1024),
        }
        raise UploadTooLarge(problems=[Problem("file", "too_large", message)]) from None
    if content_type is None:
        raise UploadTypeRefused(problems=[Problem("file", "unsupported_type", MSG_TYPE_REFUSED)])
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return InspectedUpload(content_type, digest.hexdigest(), size)


# The extensions of each accepted type, the one a name is given first.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "image/tiff": (".tif", ".tiff"),
    "application/x-ole-storage": (".doc", ".xls", ".ppt"),
    "application/vnd.openxmlformats-officedocument": (".docx", ".xlsx", ".pptx"),
    "application/zip+shapefile": (".zip",),
    "application/geo+json": (".geojson", ".json"),
}
# The part that tells which Office document a ZIP (OOXML) or a compound file (OLE2) is.
OOXML_PARTS = (("word/", ".docx"), ("xl/", ".xlsx"), ("ppt/", ".pptx"))
OLE2_STREAMS = (
    ("WordDocument".encode("utf-16-le"), ".doc"),
    ("Workbook".encode("utf-16-le"), ".xls"),
    ("PowerPoint Document".encode("utf-16-le"), ".ppt"),
)
NAME_MAX_LENGTH = 255


def stored_name(name: str, content_type: str, file: IO[bytes]) -> str:
    """The name an upload is stored and offered for download under: its own, with the extension
    of the type its content is (the one the content shows, for Office documents) when the
    name's own is not one of that type's."""
    stem, extension = posixpath.splitext(name or "upload")
    extension = extension.lower()
    expected = _office_extension(content_type, file)
    allowed = (expected,) if expected else EXTENSIONS.get(content_type, ())
    if not allowed or extension in allowed:
        return name[:NAME_MAX_LENGTH]
    stem = stem or "upload"
    return stem[: NAME_MAX_LENGTH - len(allowed[0])] + allowed[0]


def _office_extension(content_type: str, file: IO[bytes]) -> str | None:
    """.docx/.xlsx/.pptx or .doc/.xls/.ppt as the content shows it; None when it does not."""
    file.seek(0)
    try:
        if content_type == "application/vnd.openxmlformats-officedocument":
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
            for prefix, extension in OOXML_PARTS:
                if any(n.startswith(prefix) for n in names):
                    return extension
        elif content_type == "application/x-ole-storage":
            data = file.read()
            for stream, extension in OLE2_STREAMS:
                if stream in data:
                    return extension
    except ZIP_ERRORS:
        return None
    finally:
        file.seek(0)
    return None
