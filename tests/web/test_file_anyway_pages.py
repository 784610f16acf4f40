"""The web doors of issue 46 High 1: before filing, the findings are shown as what the agency
will decide on, with their clauses, and the applicant may file anyway after a confirmation; on
the task page an approval answers each standing blocking finding with why it does not hold."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from permits.choices import Status
from permits.models import Application
from permits.rules.base import citation_for_people
from permits.rules.tending import SOURCE_000_2_4
from permits.services import application_standing_findings
from tests.factories import accept, tending_draft
from workflows import services as task_services
from workflows.models import Resubmission, ReviewDecision

from .helpers import form_post, open_task, return_post, submitted

# A return whose one item the applicant answers by changing the field it names.
RETURN_ROWS = [("field:stand_density", "补充实测林分密度")]

pytestmark = pytest.mark.django_db


def _status(application) -> str:
    return Application.objects.get(pk=application.pk).status


def test_the_applicant_is_told_then_files_anyway(client, applicant_my):
    draft = tending_draft(by=applicant_my, operation_type="commercial_harvest")
    client.force_login(applicant_my)
    detail = client.get(reverse("application-detail", args=[draft.pk]))
    assert [f.rule for f in detail.context["findings"]] == ["T1"]
    assert 'data-action="submit"' in detail.content.decode()  # never a wall

    url = reverse("application-submit", args=[draft.pk])
    page = client.post(url)
    html = page.content.decode()
    assert page.status_code == 200 and 'id="confirm-file-anyway"' in html
    assert 'data-finding="T1"' in html and citation_for_people(SOURCE_000_2_4) in html
    assert _status(draft) == Status.DRAFT

    filed = client.post(url, {"confirmed": "1", "file_anyway": "1", "resubmit-note": ""})
    assert filed.status_code == 302
    assert _status(draft) == Status.SUBMITTED


def test_the_approval_answers_each_blocking_finding(client, applicant_my, reviewer_my):
    draft = tending_draft(by=applicant_my, operation_type="commercial_harvest")
    task_services.application_submit(application=draft, by=applicant_my, file_anyway=True)
    accept(draft)
    client.force_login(reviewer_my)
    url = reverse("task-detail", args=[open_task(draft).pk])
    page = client.get(url).content.decode()
    assert 'name="override_T1"' in page

    client.post(url, {"decision": "approve", "opinion": "同意"})  # no reason: refused
    assert _status(draft) == Status.DISTRICT_REVIEW

    why = "系林业有害生物防治所需的卫生伐"
    client.post(url, {"decision": "approve", "opinion": "同意", "override_T1": why})
    record = ReviewDecision.objects.get(application_id=draft.pk, decision="approve")
    assert record.overrides == [{"rule": "T1", "reason": why}]


def test_save_and_resubmit_leads_to_the_same_advice_then_files_anyway(
    client, applicant_my, reviewer_my
):
    """Issue 46 High 1 on the edit form: "save and resubmit" of a returned design that a
    blocking rule finds keeps what was typed and shows the advice before filing (the page of
    the application page's submit), not form errors; confirmed, it is filed with the findings
    on the record and in the audit's ``submit``."""
    application = submitted(by=applicant_my)
    client.force_login(reviewer_my)
    task = reverse("task-detail", args=[open_task(application).pk])
    assert client.post(task, return_post("林分密度需实测", RETURN_ROWS)).status_code == 302
    client.force_login(applicant_my)
    edit = reverse("application-edit", args=[application.pk])
    data = form_post(client.get(edit).context["form"], stand_density="1650")
    data.update(
        {"operation_type": "commercial_harvest", "resubmit": "1", "resubmit-note": "已实测"}
    )

    page = client.post(edit, data)

    html = page.content.decode()
    assert page.status_code == 200 and 'id="confirm-file-anyway"' in html
    assert 'data-finding="T1"' in html and citation_for_people(SOURCE_000_2_4) in html
    assert 'id="back-to-edit"' in html and 'name="resubmit-note" value="已实测"' in html
    saved = Application.objects.get(pk=application.pk).detail
    assert (saved.status, saved.operation_type, saved.stand_density) == (
        Status.RETURNED,
        "commercial_harvest",
        1650,
    )
    submits = AuditEvent.objects.filter(application_id=application.pk, action="submit")
    assert submits.count() == 1  # the first filing only: nothing resubmitted yet

    submit = reverse("application-submit", args=[application.pk])
    filed = client.post(submit, {"confirmed": "1", "file_anyway": "1", "resubmit-note": "已实测"})

    assert filed.status_code == 302
    assert _status(application) == Status.DISTRICT_REVIEW
    assert Resubmission.objects.get(application_id=application.pk).note == "已实测"
    record = application_standing_findings(Application.objects.get(pk=application.pk).detail)
    assert [f.rule for f in record] == ["T1"]
    event = submits.latest("pk")
    assert [(f["rule"], f["severity"]) for f in event.details["findings"]] == [("T1", "blocking")]
