"""The fee's 核定 on the application page (templates/web/includes/fee_forwarding.html): the
deciding agency determines a fee its notice left 待核定 where it records the payment; bad input
stays in the form, field by field in Chinese, and changes nothing; the applicant sees the
determination, not the form."""

import pytest
from django.urls import reverse

from core.messages import MSG_DETERMINATION_REASON, MSG_DETERMINED_AMOUNT
from documents.models import Certificate, DocumentKind
from tests.factories import municipal_decide as municipal
from tests.factories import occupation_at_municipal as at_municipal
from workflows.models import RestorationFee

pytestmark = pytest.mark.django_db

OTHER_LAND = {"occupation_kind": "permanent", "duration_months": None, "land_category": "other"}


def test_the_agency_determines_the_fee_from_the_page(
    client, applicant_my, reviewer_my, muni_plan, approver
):
    application = at_municipal(applicant_my, reviewer_my, muni_plan, **OTHER_LAND)
    municipal(application, approver, "approve")
    page_url = reverse("application-detail", args=[application.pk])
    url = reverse("application-fee-determination", args=[application.pk])
    client.force_login(approver)
    page = client.get(page_url).content.decode()
    assert 'data-action="determine_fee"' in page and "待核定" in page
    bad = client.post(url, {"amount": "abc", "reason": ""})
    assert bad.status_code == 400
    shown = bad.content.decode()
    assert str(MSG_DETERMINED_AMOUNT) in shown and str(MSG_DETERMINATION_REASON) in shown
    assert not Certificate.objects.filter(document_kind=DocumentKind.FEE_DETERMINATION).exists()
    done = client.post(url, {"amount": "36000.00", "reason": "参照宜林地标准核定。"})
    assert done.status_code == 302
    fee = RestorationFee.objects.get(application_id=application.pk)
    assert fee.determination is not None
    # A second one without ticking the correction: refused (the service's 409), the page says
    # why, and nothing changes.
    again = client.post(url, {"amount": "30000", "reason": "再核定。"}, follow=True)
    assert fee.determination.number in again.content.decode() and "更正" in again.content.decode()
    assert RestorationFee.objects.get(pk=fee.pk).amount_due == 36000
    corrected = client.post(
        url, {"amount": "30000", "reason": "面积复核后更正。", "correction": "on"}
    )
    assert corrected.status_code == 302
    fee.refresh_from_db()
    assert fee.amount_due == 30000 and fee.determination_reason == "面积复核后更正。"
    client.force_login(applicant_my)
    page = client.get(page_url).content.decode()
    assert 'data-field="fee-determination"' in page and fee.determination.number in page
    assert 'data-action="determine_fee"' not in page
