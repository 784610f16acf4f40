"""Edges the type checker pointed at: values a service could receive but did not handle."""

from datetime import date
from io import BytesIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import InMemoryUploadedFile

from core.errors import NotVisible, UploadTypeRefused
from core.messages import MSG_EMPTY_FILE
from permits import access, services
from permits.models import Attachment, TendingDesign
from tests.factories import PDF_BYTES, tending_draft

pytestmark = pytest.mark.django_db


def test_an_upload_of_unknown_size_is_refused_not_a_server_error(applicant_my):
    draft = tending_draft(by=applicant_my, with_design=False)
    upload = InMemoryUploadedFile(
        BytesIO(PDF_BYTES), None, "design.pdf", "application/pdf", size=None, charset=None
    )
    with pytest.raises(UploadTypeRefused) as refused:
        services.attachment_add(
            application=draft, by=applicant_my, kind="design_document", upload=upload
        )
    assert [p.message for p in refused.value.problems] == [MSG_EMPTY_FILE]
    assert not Attachment.objects.filter(application_id=draft.pk).exists()


def test_a_service_on_an_application_that_no_longer_exists_answers_not_visible(reference_data):
    gone = TendingDesign(pk=987654)
    with pytest.raises(NotVisible):
        services.application_expire(application=gone, today=date(2030, 1, 1))


def test_the_anonymous_user_belongs_to_no_applicant_organisation(reference_data):
    assert access.applicant_organisation(AnonymousUser()) is None
