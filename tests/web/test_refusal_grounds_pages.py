"""The reviewer names a rejection's grounds on the task page (issue 26 item 7): the rules the
checks find against the application as checkboxes (issue 45 item 11), those flagged ticked; the
chosen ones reach the record, a wrong one is a form error that changes nothing."""

import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from permits.choices import AttachmentKind, Status
from permits.models import Application, Attachment
from workflows.models import ReviewDecision

from .helpers import open_task, submitted

pytestmark = pytest.mark.django_db


def _checkboxes(html: str) -> dict[str, bool]:
    """The grounds' checkboxes: code → ticked."""
    boxes = re.findall(r'<input type="checkbox" name="grounds" value="(\w+)"([^>]*)>', html)
    return {code: "checked" in rest for code, rest in boxes}


def _violating(**overrides):
    """A design under review that breaks T5 (assisted regeneration on a dense middle-aged stand:
    the stand wants tending) and lacks its design document, withdrawn since submission (T4: a
    matter of the materials, never a refusal's ground)."""
    application = submitted(operation_type="assisted_regeneration", **overrides)
    Attachment.objects.filter(
        application_id=application.pk, kind=AttachmentKind.DESIGN_DOCUMENT
    ).delete()
    return application


def test_the_task_page_offers_the_rules_found_with_the_flagged_ones_ticked(
    client, applicant_my, reviewer_my
):
    application = _violating(by=applicant_my)
    client.force_login(reviewer_my)
    html = client.get(reverse("task-detail", args=[open_task(application).pk])).content.decode()
    boxes = _checkboxes(html)
    assert boxes == {"T5": True}  # no rule the design does not break; T4 is no ground
    assert "不予许可的依据" in html  # the fieldset's legend, in Chinese
    # Each box has its label (the code and what the rule says).
    assert re.search(r'<label class="permits-grounds__option" for="id_grounds_\d+">', html)


def test_a_compliant_design_offers_no_ground_and_says_so(client, applicant_my, reviewer_my):
    application = submitted(by=applicant_my)
    client.force_login(reviewer_my)
    html = client.get(reverse("task-detail", args=[open_task(application).pk])).content.decode()
    assert _checkboxes(html) == {}
    assert "审查未发现本申请违反的规则" in html
    assert "：。" not in html and "位于，" not in html


def test_rejecting_with_grounds_records_them(client, applicant_my, reviewer_my):
    application = _violating(by=applicant_my)
    client.force_login(reviewer_my)
    url = reverse("task-detail", args=[open_task(application).pk])
    data = {"decision": "reject", "opinion": "不符合条件", "grounds": ["T5"]}
    page = client.post(url, data)  # asks for confirmation first, the grounds kept
    html = page.content.decode()
    assert 'name="grounds" value="T5"' in html
    client.post(url, {**data, "confirmed": "1"})
    assert Application.objects.get(pk=application.pk).status == Status.REJECTED
    record = ReviewDecision.objects.get(application_id=application.pk, decision="reject")
    assert [g["code"] for g in record.grounds] == ["T5"]


def test_a_ground_of_another_type_is_a_form_error_that_changes_nothing(
    client, applicant_my, reviewer_my
):
    application = submitted(by=applicant_my)
    client.force_login(reviewer_my)
    url = reverse("task-detail", args=[open_task(application).pk])
    events = AuditEvent.objects.count()
    data = {"decision": "reject", "opinion": "不符合条件", "grounds": ["O1"], "confirmed": "1"}
    page = client.post(url, data)
    assert page.status_code == 200
    assert page.context["decision_form"].errors["grounds"]
    assert 'id="id_grounds_error"' in page.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.DISTRICT_REVIEW
    assert AuditEvent.objects.count() == events


def test_ticked_grounds_do_not_stop_an_approval(client, applicant_my, reviewer_my):
    # A flagged rule is ticked beforehand: approving anyway sends no grounds.
    application = submitted(by=applicant_my, operation_type="assisted_regeneration")
    client.force_login(reviewer_my)
    url = reverse("task-detail", args=[open_task(application).pk])
    client.post(url, {"decision": "approve", "opinion": "同意", "grounds": ["T5"]})
    assert Application.objects.get(pk=application.pk).status == Status.MUNICIPAL_REVIEW
    approval = ReviewDecision.objects.get(application_id=application.pk, decision="approve")
    assert approval.grounds == []
