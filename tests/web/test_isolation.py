"""Nobody sees through the pages what permits.access does not let them see: 404, never a leak."""

import pytest
from django.urls import reverse

from permits.choices import Status
from permits.models import Application

from ..factories import PDF_BYTES, tending_draft
from .helpers import open_task, submitted

pytestmark = pytest.mark.django_db


def test_yanqing_reviewer_gets_404_on_miyun_pages(client, applicant_my, reviewer_yq):
    application = submitted(by=applicant_my)
    task = open_task(application)
    client.force_login(reviewer_yq)

    assert client.get(reverse("task-detail", args=[task.pk])).status_code == 404
    assert client.get(reverse("application-detail", args=[application.pk])).status_code == 404
    decide = client.post(
        reverse("task-detail", args=[task.pk]), {"decision": "approve", "opinion": ""}
    )
    assert decide.status_code == 404
    assert client.post(reverse("task-claim", args=[task.pk])).status_code == 404
    assert Application.objects.get(pk=application.pk).status == Status.DISTRICT_REVIEW
    queue = client.get(reverse("tasks:index"), {"queue": "queue"})
    assert application.reference not in queue.content.decode()


def test_unknown_task_and_application_are_404(client, reviewer_my):
    client.force_login(reviewer_my)
    assert client.get(reverse("task-detail", args=[999999])).status_code == 404
    assert client.get(reverse("application-detail", args=[999999])).status_code == 404


def test_attachment_download_is_permission_checked(client, applicant_my, applicant_yq):
    draft = tending_draft(by=applicant_my)
    attachment = draft.attachments.get()
    url = reverse("application-attachment", args=[draft.pk, attachment.pk])

    client.force_login(applicant_yq)
    assert client.get(url).status_code == 404

    client.force_login(applicant_my)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert attachment.file.name not in str(response.headers)


def test_attachment_of_another_application_is_404(client, applicant_my):
    first, second = tending_draft(by=applicant_my), tending_draft(by=applicant_my)
    client.force_login(applicant_my)
    url = reverse("application-attachment", args=[second.pk, first.attachments.get().pk])
    assert client.get(url).status_code == 404


def test_other_organisation_cannot_change_or_list(client, applicant_my, applicant_yq):
    draft = tending_draft(by=applicant_my)
    client.force_login(applicant_yq)

    assert client.post(reverse("application-submit", args=[draft.pk])).status_code == 404
    assert client.get(reverse("application-edit", args=[draft.pk])).status_code == 404
    listing = client.get(reverse("applications:index"))
    assert draft.reference not in listing.content.decode()


def test_auditor_reads_without_action_buttons(client, applicant_my, auditor):
    application = submitted(by=applicant_my)
    client.force_login(auditor)

    listing = client.get(reverse("applications:index"), {"status": "district_review"})
    assert application.reference in listing.content.decode()
    assert not listing.context["organisation"]
    page = client.get(reverse("application-detail", args=[application.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for action in ("application-submit", "application-withdraw", "application-revoke"):
        assert reverse(action, args=[application.pk]) not in html
    assert not page.context["my_tasks"]
    assert client.post(reverse("application-withdraw", args=[application.pk])).status_code == 403


def test_list_filters(client, applicant_my, auditor):
    draft = tending_draft(by=applicant_my, title="草稿甲")
    application = submitted(by=applicant_my, title="已提交乙")
    client.force_login(auditor)

    listing = client.get(reverse("applications:index"), {"q": "已提交", "district": "110118"})

    assert [a.pk for a in listing.context["page_obj"]] == [application.pk]
    assert draft.pk not in [a.pk for a in listing.context["page_obj"]]


def test_role_gates(client, applicant_my, outsider):
    client.force_login(applicant_my)
    assert client.get(reverse("tasks:index")).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("applications:index")).status_code == 403
    assert client.get("/").status_code == 200
