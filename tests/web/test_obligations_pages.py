"""The pages of what a permit owes after approval (product.md §17): the holder files from the
application page, bad input stays in the form, an escape is reported, the Obligations list."""

import pytest
import time_machine
from django.urls import reverse

from permits.models import Filing, Obligation
from tests.api.test_obligations_http import agriculture_approver, introduction  # noqa: F401

pytestmark = pytest.mark.django_db


def monitoring(introduction):  # noqa: F811
    return Obligation.objects.filter(application_id=introduction.pk, kind="monitoring").first()


def test_the_holder_files_from_the_page(client, applicant_my, introduction):  # noqa: F811
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


def test_another_organisation_sees_nothing(client, applicant_yq, introduction):  # noqa: F811
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


def test_an_escape_is_reported_from_the_page(client, applicant_my, introduction):  # noqa: F811
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
    agriculture_approver,  # noqa: F811
    introduction,  # noqa: F811
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
