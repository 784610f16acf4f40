"""Returns on the pages: the reviewer lists items row by row, the applicant sees each beside its
field and answers with a note, the reviewer of the resubmission sees what changed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.text import capfirst

from core.messages import MSG_ITEM_MESSAGE_REQUIRED
from permits import services
from permits.choices import Status
from permits.models import Application, TendingDesign
from tests.factories import submit_accepted
from workflows.models import Resubmission, ReviewDecision
from workflows.services import MSG_RETURN_ITEMS_REQUIRED

from ..factories import member, pdf_upload
from .helpers import form_post, open_task, return_post, submitted

pytestmark = pytest.mark.django_db

ROWS = [
    ("field:stand_density", "补充实测林分密度"),
    ("attachment:site_map", "补充作业区位图"),
    ("", "核对联系人"),
    ("", ""),
]


def task_url(application):
    return reverse("task-detail", args=[open_task(application).pk])


def returned(client, applicant, reviewer):
    application = submitted(by=applicant)
    client.force_login(reviewer)
    response = client.post(task_url(application), return_post("材料不全", ROWS))
    assert response.status_code == 302, response.context and response.context["item_refusals"]
    return Application.objects.get(pk=application.pk).detail


def test_the_return_form_records_each_non_blank_row(client, applicant_my, reviewer_my):
    returned(client, applicant_my, reviewer_my)
    decision = ReviewDecision.objects.get(decision="return")
    assert [(i.field, i.attachment_kind, i.message) for i in decision.return_items.all()] == [
        ("stand_density", "", "补充实测林分密度"),
        ("", "site_map", "补充作业区位图"),
        ("", "", "核对联系人"),
    ]


def test_a_return_without_rows_says_so_above_the_rows(english, client, applicant_my, reviewer_my):
    application = submitted(by=applicant_my)
    client.force_login(reviewer_my)
    response = client.post(task_url(application), return_post("材料不全", [("", "")]))
    assert response.status_code == 200
    assert response.context["item_refusals"] == [str(MSG_RETURN_ITEMS_REQUIRED)]
    assert str(MSG_RETURN_ITEMS_REQUIRED) in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.DISTRICT_REVIEW


def test_a_row_with_a_target_but_no_message_is_an_error_on_that_row(
    english, client, applicant_my, reviewer_my
):
    application = submitted(by=applicant_my)
    client.force_login(reviewer_my)
    rows = [("", "整体核对"), ("field:area_ha", "")]
    response = client.post(task_url(application), return_post("材料不全", rows))
    formset = response.context["item_formset"]
    assert formset.forms[1].errors["message"] == [str(MSG_ITEM_MESSAGE_REQUIRED)]
    assert not ReviewDecision.objects.filter(decision="return").exists()


def test_add_another_item_shows_one_more_row_and_decides_nothing(client, applicant_my, reviewer_my):
    application = submitted(by=applicant_my)
    client.force_login(reviewer_my)
    data = {**return_post("材料不全", [("field:area_ha", "面积")]), "add_item": "1"}
    response = client.post(task_url(application), data)
    formset = response.context["item_formset"]
    assert len(formset.forms) == 2
    assert 'name="items-1-message"' in response.content.decode()
    assert "面积" in response.content.decode()
    assert not ReviewDecision.objects.filter(decision="return").exists()


def test_the_picker_offers_only_this_types_documents_and_no_blank_row(
    client, applicant_my, reviewer_my
):
    """A tending design is returned for a design document or a site map, never for a quarantine
    certificate; the page starts without rows (a row comes with "return", or the add button),
    and the blank row the script adds offers the same documents."""
    application = submitted(by=applicant_my)
    client.force_login(reviewer_my)
    response = client.get(task_url(application))
    page = response.content.decode()
    formset = response.context["item_formset"]
    assert len(formset.forms) == 0
    assert 'name="items-TOTAL_FORMS" value="0"' in page
    assert 'data-item-row="0"' not in page
    assert 'value="attachment:site_map"' in page
    assert 'value="attachment:design_document"' in page
    for other in ("quarantine_certificate", "risk_assessment", "project_approval"):
        assert f'value="attachment:{other}"' not in page
    assert 'name="items-__prefix__-target"' in page  # the script's row template
    assert 'data-for-decision="return"' in page


def test_approving_ignores_the_rows(client, applicant_my, reviewer_my):
    application = submitted(by=applicant_my)
    client.force_login(reviewer_my)
    data = {**return_post("同意", [("field:area_ha", "")]), "decision": "approve"}
    client.post(task_url(application), data)
    assert Application.objects.get(pk=application.pk).status == Status.MUNICIPAL_REVIEW


def test_the_edit_form_shows_each_item_beside_its_field(client, applicant_my, reviewer_my):
    application = returned(client, applicant_my, reviewer_my)
    client.force_login(applicant_my)
    response = client.get(reverse("application-edit", args=[application.pk]))
    html = response.content.decode()
    # Beside its field: the item follows the field's element, before the next field's.
    field_at = html.index('name="stand_density"')
    item_at = html.index('data-return-item="stand_density"')
    assert field_at < item_at < html.index('name="protection_class"')
    assert "补充实测林分密度" in html[item_at:]
    assert 'data-return-item="attachment"' in html and "补充作业区位图" in html
    assert 'data-return-item="general"' in html and "核对联系人" in html
    assert 'name="resubmit-note"' in html


def test_save_and_resubmit_keeps_the_note(client, applicant_my, reviewer_my):
    application = returned(client, applicant_my, reviewer_my)
    services.attachment_add(
        application=application, by=applicant_my, kind="site_map", upload=pdf_upload("map.pdf")
    )
    client.force_login(applicant_my)
    page = client.get(reverse("application-edit", args=[application.pk]))
    data = form_post(page.context["form"], stand_density="1650")
    data.update({"resubmit": "1", "resubmit-note": "已按要求补正"})
    response = client.post(reverse("application-edit", args=[application.pk]), data)
    assert response.status_code == 302
    application = Application.objects.get(pk=application.pk).detail
    assert application.status == Status.DISTRICT_REVIEW
    assert application.stand_density == 1650
    assert Resubmission.objects.get().note == "已按要求补正"


def test_the_application_page_resubmits_with_a_note(client, applicant_my, reviewer_my):
    application = returned(client, applicant_my, reviewer_my)
    client.force_login(applicant_my)
    assert (
        'name="resubmit-note"'
        in client.get(reverse("application-detail", args=[application.pk])).content.decode()
    )
    client.post(
        reverse("application-submit", args=[application.pk]),
        {"resubmit-note": "见附件", "confirmed": "1"},  # its items are untouched: confirmed
    )
    assert Resubmission.objects.get().note == "见附件"


def test_resubmitting_with_untouched_items_asks_first_with_the_list(
    client, applicant_my, reviewer_my
):
    """Issue 26 item 6: "save and resubmit" with nothing corrected shows the items still
    untouched and resubmits nothing until confirmed; the same holds for the application
    page's button."""
    application = returned(client, applicant_my, reviewer_my)
    client.force_login(applicant_my)
    edit = reverse("application-edit", args=[application.pk])
    data = form_post(client.get(edit).context["form"])
    data.update({"resubmit": "1", "resubmit-note": ""})

    response = client.post(edit, data)

    assert response.status_code == 200
    assert [item["message"] for item in response.context["untouched"]] == [
        message for _target, message in ROWS if message
    ]
    html = response.content.decode()
    assert "补充作业区位图" in html and "您尚未填写补正说明" in html
    assert Application.objects.get(pk=application.pk).status == Status.RETURNED
    assert not Resubmission.objects.exists()
    page_button = client.post(
        reverse("application-submit", args=[application.pk]), {"resubmit-note": "仅说明"}
    )
    assert page_button.status_code == 200 and "data-untouched-item" in page_button.content.decode()
    assert not Resubmission.objects.exists()

    confirmed = client.post(
        reverse("application-submit", args=[application.pk]),
        {"resubmit-note": "密度无误，区位图见原件", "confirmed": "1"},
    )
    assert confirmed.status_code == 302
    assert Application.objects.get(pk=application.pk).status == Status.DISTRICT_REVIEW
    assert Resubmission.objects.get().note == "密度无误，区位图见原件"


def test_a_corrected_answer_resubmits_without_asking(client, applicant_my, reviewer_my):
    """The file asked for is chosen beside its item on the edit page; with the field changed
    too, nothing is untouched and the resubmission goes straight through."""
    application = returned(client, applicant_my, reviewer_my)
    client.force_login(applicant_my)
    edit = reverse("application-edit", args=[application.pk])
    page = client.get(edit)
    html = page.content.decode()
    item_at = html.index('data-kind="site_map"')
    assert item_at < html.index('name="return-site_map-file"') < html.index('name="stand_density"')
    data = form_post(page.context["form"], stand_density="1650")
    data.update(
        {
            "resubmit": "1",
            "resubmit-note": "已补正",
            "return-site_map-file": pdf_upload("区位图.pdf"),
        }
    )

    response = client.post(edit, data)

    assert response.status_code == 302
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.DISTRICT_REVIEW
    assert application.attachments.filter(kind="site_map", name="区位图.pdf").exists()


def test_a_refused_file_beside_an_item_is_an_error_there(client, applicant_my, reviewer_my):
    application = returned(client, applicant_my, reviewer_my)
    client.force_login(applicant_my)
    edit = reverse("application-edit", args=[application.pk])
    data = form_post(client.get(edit).context["form"], stand_density="1650")
    data.update(
        {
            "resubmit": "1",
            "return-site_map-file": SimpleUploadedFile("map.exe", b"MZ\x90\x00not a map"),
        }
    )

    response = client.post(edit, data)

    assert response.status_code == 200
    assert response.context["attachment_items"][0]["form"].errors["file"]
    assert response.context["error_summary"]
    assert Application.objects.get(pk=application.pk).status == Status.RETURNED
    assert not application.attachments.filter(kind="site_map").exists()


@pytest.fixture
def resubmitted(client, applicant_my, reviewer_my):
    application = returned(client, applicant_my, reviewer_my)
    services.application_update(
        application=application, by=applicant_my, data={"stand_density": 1650}
    )
    services.attachment_add(
        application=application, by=applicant_my, kind="site_map", upload=pdf_upload("map.pdf")
    )
    submit_accepted(application=application, by=applicant_my, note="已补正密度")
    return application


def test_the_reviewer_sees_what_changed(client, resubmitted, reviewer_my):
    client.force_login(reviewer_my)
    response = client.get(task_url(resubmitted))
    changes = response.context["changes"]
    assert changes["resubmission"].note == "已补正密度"
    [field] = changes["fields"]
    assert (field["field"], field["before"], field["after"]) == ("stand_density", "1800", "1650")
    assert field["label"] == capfirst(TendingDesign._meta.get_field("stand_density").verbose_name)
    assert [f["name"] for f in changes["added"]] == ["map.pdf"] and changes["removed"] == []
    assert [i["changed"] for i in changes["items"]] == [True, True, None]
    html = response.content.decode()
    assert 'id="changes"' in html and "已补正密度" in html and 'data-field="stand_density"' in html


@pytest.mark.parametrize("who", ["applicant", "other district", "outsider"])
def test_only_officials_who_see_the_task_see_the_diff(
    client, resubmitted, applicant_my, reviewer_yq, outsider, who
):
    user = {"applicant": applicant_my, "other district": reviewer_yq, "outsider": outsider}[who]
    client.force_login(user)
    assert client.get(task_url(resubmitted)).status_code == 404


def test_an_auditor_sees_the_diff_read_only(client, resubmitted, auditor):
    client.force_login(auditor)
    response = client.get(task_url(resubmitted))
    assert response.status_code == 200
    assert response.context["changes"] is not None and not response.context["can_act"]


def test_a_colleague_of_the_agency_sees_the_diff_too(client, resubmitted):
    colleague = member(role="reviewer", agency_code="110118-forestry")
    client.force_login(colleague)
    assert client.get(task_url(resubmitted)).context["changes"]["fields"]
