"""The application page lists the application's notices and decisions with their downloads; the
verification page tells a notice from a permit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import DocumentKind
from documents.notices import notice_issue
from permits import services as record_services
from roles.models import Agency
from tests.factories import tending_draft
from tests.pdftools import pdf_text
from workflows import services

from .helpers import submitted

pytestmark = pytest.mark.django_db


def _correction(application):
    return notice_issue(
        application=application,
        kind=DocumentKind.CORRECTION_NOTICE,
        agency=Agency.objects.get(code="110118-forestry"),
        signed_by_name="王审核",
        items=[{"field": "area_ha", "attachment_kind": None, "message": "面积有误"}],
    )


def test_the_application_page_lists_the_documents(client, applicant_my):
    application = submitted(by=applicant_my)
    notice = _correction(application)
    client.force_login(applicant_my)

    html = client.get(reverse("application-detail", args=[application.pk])).content.decode()

    assert 'id="issued-documents"' in html
    assert notice.number in html and notice.check_code in html
    download = reverse("application-document", args=[application.pk, notice.pk])
    assert f'href="{download}"' in html
    response = client.get(download)
    assert response.status_code == 200
    assert "补正告知书" in pdf_text(b"".join(response.streaming_content))


def test_no_documents_no_card(client, applicant_my):
    application = services.application_submit(
        application=tending_draft(by=applicant_my), by=applicant_my
    )
    assert application.status == "submitted"  # not accepted yet: nothing issued
    client.force_login(applicant_my)
    html = client.get(reverse("application-detail", args=[application.pk])).content.decode()
    assert 'id="issued-documents"' not in html


def test_the_download_is_permission_checked(client, applicant_my, applicant_yq):
    application = submitted(by=applicant_my)
    notice = _correction(application)
    url = reverse("application-document", args=[application.pk, notice.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(applicant_yq)
    assert client.get(url).status_code == 404


def test_a_notice_is_verified_as_a_notice_not_a_permit(client, applicant_my):
    application = submitted(by=applicant_my)
    notice = _correction(application)
    url = reverse("verify", args=[notice.number])

    html = client.get(url, {"code": notice.check_code}).content.decode()

    assert 'data-status="valid"' in html
    assert "补正告知书" in html
    assert "不构成行政许可" in html
    assert "密云区园林绿化局" in html and application.reference in html


def test_a_pdf_or_image_attachment_opens_in_place(client, applicant_my, applicant_yq, reviewer_my):
    """Issue 26 item 10: PDFs and images are previewed in the browser (inline), the download
    stays a download; a type the browser does not show has no preview; the preview is as
    private as the download."""
    application = tending_draft(by=applicant_my)
    png = record_services.attachment_add(
        application=application,
        by=applicant_my,
        kind="site_map",
        upload=SimpleUploadedFile("map.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
    )
    pdf = application.attachments.get(kind="design_document")
    client.force_login(applicant_my)
    page = client.get(reverse("application-detail", args=[application.pk])).content.decode()
    for attachment in (pdf, png):
        preview = reverse("application-attachment-preview", args=[application.pk, attachment.pk])
        assert preview in page
        response = client.get(preview)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("inline")
        assert response["Content-Type"] == attachment.content_type
        assert response["X-Content-Type-Options"] == "nosniff"
    download = client.get(reverse("application-attachment", args=[application.pk, pdf.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    thumbnail = reverse("application-attachment-preview", args=[application.pk, png.pk])
    assert f'<img class="permits-preview permits-preview--thumb" src="{thumbnail}"' in page

    pdf.content_type = "application/zip"  # a type no browser shows in place
    pdf.save(update_fields=["content_type"])
    no_preview = reverse("application-attachment-preview", args=[application.pk, pdf.pk])
    assert client.get(no_preview).status_code == 404
    client.force_login(applicant_yq)
    assert (
        client.get(
            reverse("application-attachment-preview", args=[application.pk, png.pk])
        ).status_code
        == 404
    )
