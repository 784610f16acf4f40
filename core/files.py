"""A stored file sent to a browser or a client, one way for every door (web and API): streamed
from storage, with the type its content was found to be on upload (never the name's), under a
name of the record's (storage paths never leave), inline or as a download. The security
middleware's ``nosniff`` holds the browser to the type."""

from typing import TypeVar

from django.core.files import File
from django.http import FileResponse, HttpResponseBase

Response = TypeVar("Response", bound=HttpResponseBase)


def file_response(
    file: "File[bytes]", *, content_type: str, filename: str = "", download: bool = False
) -> FileResponse:
    """``file`` (a stored ``FieldFile``) opened and streamed; ``download`` asks the browser to
    save it rather than show it."""
    response = FileResponse(
        file.open("rb"), as_attachment=download, filename=filename, content_type=content_type
    )
    if not filename and not download:
        response["Content-Disposition"] = "inline"
    return response


def as_download(response: Response, filename: str) -> Response:
    """``response``, a body made here (a CSV, a PDF, a workbook, a ZIP), saved by the browser
    as ``filename``."""
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
