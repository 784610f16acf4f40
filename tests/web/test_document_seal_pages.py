"""The seal on the pages (issue 46): the application's documents say how each stands to the
seal, the issuing agency's officials record a paper original's seal there, and the
verification page says it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.html import escape

from core.messages import MSG_SEAL_RECORDED
from documents.models import DocumentKind, DocumentSeal

from ..factories import committed, occupation_draft, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(applicant_my, time_machine):
    time_machine.move_to(datetime(2026, 6, 8, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    return submit(occupation_draft(by=applicant_my), applicant_my)


def test_record_the_seal_on_the_application_page(english, application, reviewer_my, applicant_my):
    notice = application.certificates.get(document_kind=DocumentKind.ACCEPTANCE_NOTICE)
    url = reverse("application-document-seal", args=[application.pk, notice.pk])
    detail = reverse("application-detail", args=[application.pk])
    english.force_login(applicant_my)
    page = english.get(detail).content.decode()
    assert "Original not recorded as sealed yet" in page and url not in page
    assert english.post(url, {"sealed_on": "2026-06-08"}).status_code in (302, 403)
    assert not DocumentSeal.objects.exists()
    english.force_login(reviewer_my)
    assert url in english.get(detail).content.decode()
    response = committed(english.post, url, {"sealed_on": "2026-06-08"})
    assert response.status_code == 302
    page = english.get(response["Location"]).content.decode()
    assert escape(str(MSG_SEAL_RECORDED)) in page and "Original sealed on 2026-06-08" in page
    verify = reverse("verify", args=[notice.number])
    page = english.get(verify, {"code": notice.check_code}).content.decode()
    assert 'id="verify-seal" data-seal="wet"' in page and "2026-06-08" in page
