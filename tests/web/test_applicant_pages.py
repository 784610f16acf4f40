"""The applicant's path through the pages: create, upload, findings, submit, follow, download."""

import pytest
from django.urls import reverse

from core.messages import (
    MSG_CONFIRM_FILE_ANYWAY,
    MSG_END_BEFORE_START,
    MSG_T3_BEIJING,
    MSG_T4,
    MSG_TYPE_REFUSED,
)
from permits.choices import Status
from permits.models import Application, TendingDesign
from permits.rules.base import citation_for_people
from workflows import services as task_services

from ..factories import pdf_upload, return_items, tending_draft
from .helpers import approved, open_task, submitted, tending_form_data

pytestmark = pytest.mark.django_db


def test_home_sends_each_role_to_its_page(client, applicant_my, reviewer_my, auditor):
    for user, target in [
        (applicant_my, "desk:index"),
        (reviewer_my, "work:index"),  # issue 45 item 18: the work desk
        (auditor, "audit:index"),  # issue 45: the audit workspace
    ]:
        client.force_login(user)
        assert client.get("/").url == reverse(target)


def test_anonymous_is_sent_to_login(client, reference_data):
    response = client.get(reverse("applications:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_create_draft_through_the_form(client, applicant_my):
    client.force_login(applicant_my)
    form_page = client.get(reverse("applications:create", args=["tending"]))
    assert form_page.status_code == 200
    data = tending_form_data(title="网页创建的作业设计")
    data["compartments"] = "12-3，12-4、15-1"

    response = client.post(reverse("applications:create", args=["tending"]), data)

    design = TendingDesign.objects.get(title="网页创建的作业设计")
    assert response.url == reverse("application-detail", args=[design.pk])
    assert design.status == Status.DRAFT
    assert design.compartments == ["12-3", "12-4", "15-1"]
    assert design.organisation.memberships.filter(user=applicant_my).exists()


def test_create_shows_field_errors(english, client, applicant_my):
    client.force_login(applicant_my)
    data = tending_form_data(canopy_density="1.5", start_date="2026-05-01", end_date="2026-04-01")

    response = client.post(reverse("applications:create", args=["tending"]), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert "canopy_density" in form.errors
    assert not TendingDesign.objects.exists()


def test_end_before_start_is_reported_next_to_the_field(english, client, applicant_my):
    """A rule only the service knows (end ≥ start) comes back as a field error."""
    pass

    client.force_login(applicant_my)
    data = tending_form_data(start_date="2026-05-01", end_date="2026-04-01")

    response = client.post(reverse("applications:create", args=["tending"]), data)

    assert response.context["form"].errors["end_date"] == [str(MSG_END_BEFORE_START)]


def test_non_applicant_cannot_open_the_create_form(client, reviewer_my):
    client.force_login(reviewer_my)
    assert client.get(reverse("applications:create", args=["tending"])).status_code == 403


def test_checklist_upload_and_submit(english, client, applicant_my):
    client.force_login(applicant_my)
    draft = tending_draft(by=applicant_my, with_design=False)
    detail_url = reverse("application-detail", args=[draft.pk])

    page = client.get(detail_url)
    # What the agency will decide on, beside the checklist: advice, not a wall (issue 46).
    assert [f.rule for f in page.context["findings"]] == ["T4"]
    assert str(MSG_T4) in page.content.decode()

    upload = client.post(
        reverse("application-attachment-add", args=[draft.pk]),
        {"kind": "design_document", "file": pdf_upload("作业设计书.pdf")},
    )
    assert upload.url == detail_url
    assert draft.attachments.get().name == "作业设计书.pdf"
    assert client.get(detail_url).context["findings"] == []

    submit = client.post(reverse("application-submit", args=[draft.pk]))
    assert submit.url == detail_url
    assert Application.objects.get(pk=draft.pk).status == Status.SUBMITTED
    page = client.get(detail_url)
    assert 'id="deadline"' in page.content.decode()  # the acceptance's time limit
    assert page.context["application"].get_status_display() in page.content.decode()
    assert "Awaiting acceptance" in page.content.decode()


def test_refused_submission_keeps_the_draft_and_says_why(english, client, applicant_my):
    client.force_login(applicant_my)
    draft = tending_draft(by=applicant_my, with_design=False)

    response = client.post(reverse("application-submit", args=[draft.pk]), follow=True)

    assert Application.objects.get(pk=draft.pk).status == Status.DRAFT
    html = response.content.decode()
    # A finding is advice before filing: the applicant is asked to confirm (issue 46).
    assert str(MSG_CONFIRM_FILE_ANYWAY) in html
    # What the rule asks, not its code: the code is the officials' (issue 45 item 12).
    assert str(MSG_T4) in html and '<span class="permits-rule">' not in html


def test_upload_of_a_refused_type_is_shown_on_the_field(english, client, applicant_my):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pass

    client.force_login(applicant_my)
    draft = tending_draft(by=applicant_my, with_design=False)
    fake = SimpleUploadedFile("design.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = client.post(
        reverse("application-attachment-add", args=[draft.pk]),
        {"kind": "design_document", "file": fake},
    )

    assert response.status_code == 200
    assert response.context["upload_form"].errors["file"] == [str(MSG_TYPE_REFUSED)]
    assert not draft.attachments.exists()


def test_advisory_warnings_show_rule_and_clause(english, client, applicant_my):
    client.force_login(applicant_my)
    draft = tending_draft(
        by=applicant_my,
        protection_class="key_zone",
        operation_type="thinning",
        thinning_intensity_pct="20",
    )

    response = client.get(reverse("application-detail", args=[draft.pk]))

    html = response.content.decode()
    warning = next(w for w in response.context["warnings"] if w.rule == "T3")
    assert str(MSG_T3_BEIJING) in html
    assert citation_for_people(warning.source) in html and warning.source not in html


def test_edit_while_draft(client, applicant_my):
    client.force_login(applicant_my)
    draft = tending_draft(by=applicant_my)

    response = client.post(
        reverse("application-edit", args=[draft.pk]), tending_form_data(title="改过的标题")
    )

    assert response.url == reverse("application-detail", args=[draft.pk])
    assert TendingDesign.objects.get(pk=draft.pk).title == "改过的标题"


def test_edit_refused_once_submitted(client, applicant_my):
    client.force_login(applicant_my)
    application = submitted(by=applicant_my)

    response = client.get(reverse("application-edit", args=[application.pk]))

    assert response.url == reverse("application-detail", args=[application.pk])


def test_returned_opinion_is_shown_prominently(client, applicant_my, reviewer_my):
    application = submitted(by=applicant_my)
    opinion = "1. 请补充小班调查表；2. 作业面积与设计书不一致。"
    task_services.task_decide(
        task_id=open_task(application).pk,
        by=reviewer_my,
        decision="return",
        opinion=opinion,
        items=return_items(opinion),
    )
    client.force_login(applicant_my)

    response = client.get(reverse("application-detail", args=[application.pk]))

    html = response.content.decode()
    assert 'id="returned"' in html
    assert opinion in html
    assert "edit" in response.context["actions"]


def test_withdraw_with_a_reason(client, applicant_my):
    application = submitted(by=applicant_my)
    client.force_login(applicant_my)

    url = reverse("application-withdraw", args=[application.pk])
    confirmation = client.post(url, {"reason": "项目取消"})
    assert confirmation.status_code == 200 and 'data-confirm="1"' in confirmation.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.DISTRICT_REVIEW
    client.post(url, {"reason": "项目取消", "confirmed": "1"})

    assert Application.objects.get(pk=application.pk).status == Status.WITHDRAWN
    history = client.get(reverse("application-detail", args=[application.pk])).context["history"]
    assert history[-1]["event"].action == "withdraw"
    assert history[-1]["event"].opinion == "项目取消"


def test_history_and_certificate_download(client, applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    client.force_login(applicant_my)

    page = client.get(reverse("application-detail", args=[application.pk]))
    actions = [item["event"].action for item in page.context["history"]]
    assert actions[:3] == ["create", "attachment_added", "submit"]
    assert "certificate_issued" in actions
    certificate = page.context["certificate"]
    assert certificate.number in page.content.decode()

    pdf = client.get(reverse("application-certificate", args=[application.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_no_certificate_yet_is_404(client, applicant_my):
    client.force_login(applicant_my)
    draft = tending_draft(by=applicant_my)
    assert client.get(reverse("application-certificate", args=[draft.pk])).status_code == 404
