"""The reviewer names a non-acceptance's grounds on the acceptance task page (issue 26 item 7),
as a refusal's: the grounds of art. 32 the law allows there as checkboxes, none ticked
beforehand; the chosen ones reach the record, a wrong one is a form error that changes
nothing."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEvent
from permits.choices import Status
from permits.models import Application
from workflows.models import ReviewDecision

from .. import factories
from ..factories import tending_draft
from .helpers import open_task

pytestmark = pytest.mark.django_db


def _waiting(applicant):
    """Submitted, its acceptance task open."""
    return factories.submit(tending_draft(by=applicant), applicant, accepted=False)


def _checkboxes(html: str) -> dict[str, bool]:
    """The grounds' checkboxes: code → ticked."""
    boxes = re.findall(r'<input type="checkbox" name="grounds" value="(\w+)"([^>]*)>', html)
    return {code: "checked" in rest for code, rest in boxes}


def test_the_acceptance_page_offers_art_32s_grounds_none_ticked(client, applicant_my, reviewer_my):
    application = _waiting(applicant_my)
    client.force_login(reviewer_my)
    html = client.get(reverse("task-detail", args=[open_task(application).pk])).content.decode()
    # N3 (still incomplete after the one-time notice) only once a notice was given.
    assert _checkboxes(html) == {"N1": False, "N2": False}
    assert "不予受理的依据" in html  # the fieldset's legend, in Chinese
    assert "不予许可的依据" not in html
    assert "N2 申请事项依法不属于本机关职权范围" in html
    assert "请在意见中写明该机关" in html  # the help: where the applicant is to apply
    assert re.search(r'<label class="permits-grounds__option" for="id_grounds_\d+">', html)


def test_not_accepting_with_grounds_records_them(client, applicant_my, reviewer_my):
    application = _waiting(applicant_my)
    client.force_login(reviewer_my)
    url = reverse("task-detail", args=[open_task(application).pk])
    data = {"decision": "not_accept", "opinion": "应向市园林绿化局申请", "grounds": ["N2"]}
    page = client.post(url, data)  # asks for confirmation first, the grounds kept
    assert 'name="grounds" value="N2"' in page.content.decode()
    client.post(url, {**data, "confirmed": "1"})
    assert Application.objects.get(pk=application.pk).status == Status.NOT_ACCEPTED
    record = ReviewDecision.objects.get(application_id=application.pk, decision="not_accept")
    assert [g["code"] for g in record.grounds] == ["N2"]
    event = AuditEvent.objects.get(application_id=application.pk, action="not_accept")
    assert event.details["grounds"] == record.grounds


@pytest.mark.parametrize("ground", ["T1", "N3"])
def test_a_ground_the_law_does_not_allow_is_a_form_error_that_changes_nothing(
    client, applicant_my, reviewer_my, ground
):
    application = _waiting(applicant_my)
    client.force_login(reviewer_my)
    url = reverse("task-detail", args=[open_task(application).pk])
    events = AuditEvent.objects.count()
    data = {"decision": "not_accept", "opinion": "不符合", "grounds": [ground], "confirmed": "1"}
    page = client.post(url, data)
    assert page.status_code == 200
    # A choice the page did not offer is refused by the form, in Chinese, beside the field.
    (error,) = page.context["decision_form"].errors["grounds"]
    assert ground in error and "有效的选项" in error
    html = page.content.decode()
    assert re.search(r'id="id_grounds_error">\s*' + re.escape(escape(error)), html)
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED
    assert AuditEvent.objects.count() == events


def test_ticked_grounds_do_not_go_with_an_acceptance(client, applicant_my, reviewer_my):
    application = _waiting(applicant_my)
    client.force_login(reviewer_my)
    url = reverse("task-detail", args=[open_task(application).pk])
    client.post(url, {"decision": "accept", "opinion": "予以受理", "grounds": ["N1"]})
    assert Application.objects.get(pk=application.pk).status == Status.DISTRICT_REVIEW
    acceptance = ReviewDecision.objects.get(application_id=application.pk, decision="accept")
    assert acceptance.grounds == []
