"""The pages of what a permit owes after approval (product.md §17): the holder files from the
application page, bad input stays in the form, an escape is reported, the Obligations list."""

import pytest
import time_machine
from django.urls import reverse

from permits.models import Filing, Obligation

pytestmark = pytest.mark.django_db


def monitoring(introduction):
    return Obligation.objects.filter(application_id=introduction.pk, kind="monitoring").first()


def test_the_holder_files_from_the_page(client, applicant_my, introduction):
    client.force_login(applicant_my)
    detail = client.get(reverse("application-detail", args=[introduction.pk])).content.decode()
    owed = monitoring(introduction)
    assert reverse("obligation-file", args=[owed.pk]) in detail
    assert 'data-action="report_incident"' in detail
    url = reverse("obligation-file", args=[owed.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"alive_count": "-1", "containment": "contained"})
    assert bad.status_code == 400
    assert not Filing.objects.exists()
    good = client.post(url, {"alive_count": "480", "containment": "contained", "note": "网箱完好"})
    assert good.status_code == 302
    filing = Filing.objects.get()
    assert filing.data["alive_count"] == 480 and filing.note == "网箱完好"
    page = client.get(reverse("application-detail", args=[introduction.pk])).content.decode()
    assert "网箱完好" in page
    again = client.post(url, {"alive_count": "1", "containment": "contained"})
    assert again.status_code == 302  # the state moved on: told, and nothing filed twice
    assert Filing.objects.count() == 1


def test_another_organisation_sees_nothing(client, applicant_yq, introduction):
    client.force_login(applicant_yq)
    owed = monitoring(introduction)
    assert client.get(reverse("obligation-file", args=[owed.pk])).status_code == 404
    posted = client.post(
        reverse("obligation-file", args=[owed.pk]), {"alive_count": "1", "containment": "contained"}
    )
    assert posted.status_code == 404
    incident = reverse("application-incident", args=[introduction.pk])
    assert client.post(incident, {"escape_count": "1"}).status_code == 404
    assert not Filing.objects.exists()


def test_an_escape_is_reported_from_the_page(client, applicant_my, introduction):
    client.force_login(applicant_my)
    url = reverse("application-incident", args=[introduction.pk])
    assert client.get(url).status_code == 200
    with time_machine.travel("2026-04-02 09:00 +0800", tick=False):
        posted = client.post(
            url,
            {
                "occurred_on": "2026-04-01",
                "escape_count": "2",
                "escape_place": "排水口",
                "containment": "contained",
                "measures": "已捕回",
            },
        )
    assert posted.status_code == 302
    assert Obligation.objects.filter(kind="escape_incident", status="filed").count() == 1


def test_the_obligations_list_for_the_holder_and_the_agency(
    client,
    applicant_my,
    applicant_yq,
    agriculture_approver,
    introduction,
):
    for user, count in ((applicant_my, 3), (agriculture_approver, 3), (applicant_yq, 0)):
        client.force_login(user)
        page = client.get(reverse("obligations:index"))
        assert page.status_code == 200
        assert page.context["page_obj"].paginator.count == count, user.username
    client.force_login(agriculture_approver)
    filtered = client.get(reverse("obligations:index"), {"kind": "annual_control"})
    assert filtered.context["page_obj"].paginator.count == 1
    with time_machine.travel("2026-09-10 09:00 +0800", tick=False):
        overdue = client.get(reverse("obligations:index"), {"overdue": "on"})
    assert overdue.context["page_obj"].paginator.count == 1


def _review_task(introduction, agency_code):
    from viewflow.workflow.models import Task

    from workflows.engine.reads import task_agency

    tasks = Task.objects.filter(
        flow_task_type="HUMAN",
        process__permitprocess__application_id=introduction.pk,
        process__permitprocess__filing__isnull=False,
        status="NEW",
    )
    return next(t for t in tasks if task_agency(t).code == agency_code)


def test_the_district_reviews_a_filing_on_its_task_page(
    client, applicant_my, agriculture_reviewer_my, introduction
):
    from supervision.services import filing_submit

    with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
        filing_submit(
            obligation_id=monitoring(introduction).pk,
            by=applicant_my,
            data={"alive_count": 480, "escaped": False, "containment": "contained"},
            note="网箱完好",
        )
    task = _review_task(introduction, "110118-agriculture")
    client.force_login(agriculture_reviewer_my)
    # The queue row names the obligation filed: two filings of one permit read apart.
    queue = client.get(reverse("tasks:index")).content.decode()
    row = queue.split(f'href="{reverse("task-detail", args=[task.pk])}"', 1)[1].split("</tr>")[0]
    assert 'data-obligation-kind="monitoring"' in row
    url = reverse("task-detail", args=[task.pk])
    page = client.get(url).content.decode()
    assert 'id="filing"' in page and "网箱完好" in page and "480" in page
    for decision in ("accept", "return", "non_compliant"):
        assert f'value="{decision}"' in page
    assert 'value="approve"' not in page
    assert 'value="field:alive_count"' in page  # a return names the filing's fields
    posted = client.post(
        url,
        {
            "decision": "return",
            "opinion": "请核实存活数量",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "50",
            "items-0-target": "field:alive_count",
            "items-0-message": "与投放数量不符",
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:2000]
    owed = monitoring(introduction)
    assert owed.status == "returned"
    filing = Filing.objects.get()
    assert filing.review_items == [
        {"field": "alive_count", "attachment_kind": "", "message": "与投放数量不符"}
    ]
    client.force_login(applicant_my)
    detail = client.get(reverse("application-detail", args=[introduction.pk])).content.decode()
    assert 'data-review="return"' in detail and "与投放数量不符" in detail


def test_a_consulted_agency_gives_its_word_on_an_escape(
    client, applicant_my, ecology_consultant, introduction
):
    from supervision.services import incident_submit

    with time_machine.travel("2026-04-02 09:00 +0800", tick=False):
        incident_submit(
            application=introduction,
            by=applicant_my,
            data={
                "occurred_on": "2026-04-01",
                "escape_count": 2,
                "escape_place": "排水口",
                "containment": "contained",
                "measures": "已捕回",
            },
        )
    task = _review_task(introduction, "bj-ecology")
    client.force_login(ecology_consultant)
    page = client.get(reverse("task-detail", args=[task.pk])).content.decode()
    assert 'value="accept"' in page and 'value="non_compliant"' in page
    assert 'value="return"' not in page and "items-TOTAL_FORMS" not in page
