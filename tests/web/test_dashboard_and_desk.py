"""The agency dashboard page (server-side SVG chart with its figures in a table), the
applicant's home page (what needs them) and the progress stepper."""

import pytest
import time_machine
from django.urls import reverse

from permits.choices import Decision
from permits.models import Application
from tests import dashboard_scenario
from tests.factories import open_task_of, tending_draft, tianjin_tending_data
from workflows import services as task_services
from workflows.progress import application_progress

pytestmark = pytest.mark.django_db


def _stages(application) -> list[tuple[str, str]]:
    return [(stage.key, stage.state) for stage in application_progress(application)]


# --- dashboard -------------------------------------------------------------------------------


def test_dashboard_shows_the_figures_chart_and_overdue(
    english, client, applicant_my, reviewer_my, approver
):
    history = dashboard_scenario.build(applicant_my, reviewer_my, approver)
    client.force_login(approver)
    with time_machine.travel(dashboard_scenario.NOW, tick=False):
        page = client.get(reverse("dashboard:index"))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg role="img" aria-labelledby="status-chart-title status-chart-desc"' in html
    assert '<title id="status-chart-title">' in html and '<desc id="status-chart-desc">' in html
    assert 'id="status-table"' in html  # the numbers also in a table
    assert page.context["stats"].median_working_days_to_decision == 5.0
    assert [row["application"].pk for row in page.context["overdue_rows"]] == [history["c"].pk]
    assert history["c"].reference in html
    assert "<script" not in html.split('id="by-status"')[1].split("</svg>")[0]


def test_dashboard_period_errors_are_field_errors(english, client, reviewer_my):
    client.force_login(reviewer_my)
    page = client.get(reverse("dashboard:index"), {"since": "2026-03-05", "until": "2026-03-01"})
    assert page.status_code == 200
    assert "until" in page.context["form"].errors
    bad = client.get(reverse("dashboard:index"), {"since": "nonsense", "until": "2026-02-30"})
    assert bad.status_code == 200 and "since" in bad.context["form"].errors


def test_dashboard_is_for_officials_and_in_their_menu(
    client, applicant_my, reviewer_my, auditor, outsider
):
    url = reverse("dashboard:index")
    assert client.get(url).status_code == 302  # to the login page
    for user in (applicant_my, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(applicant_my)
    assert url not in client.get(reverse("desk:index")).content.decode()
    for user in (reviewer_my, auditor):
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200
        assert f'href="{url}"' in page.content.decode()  # the site menu


# --- the applicant's home page ---------------------------------------------------------------


def test_home_sends_applicants_to_their_desk(client, applicant_my, reviewer_my):
    client.force_login(applicant_my)
    assert client.get("/").url == reverse("desk:index")
    client.force_login(reviewer_my)
    assert client.get(reverse("desk:index")).status_code == 403


def test_desk_lists_what_needs_the_applicant(
    english, client, applicant_my, applicant_yq, reviewer_my
):
    draft = tending_draft(by=applicant_my, title="草稿甲")
    returned = dashboard_scenario.submitted(applicant_my, reviewer_my, "2026-03-02 10:00 +0800")
    task_services.task_decide(
        task_id=open_task_of(returned).pk,
        by=reviewer_my,
        decision=Decision.RETURN,
        opinion="请补正",
        items=[
            {"field": "area_ha", "attachment_kind": None, "message": "面积不一致"},
            {"field": None, "attachment_kind": "site_map", "message": "补充位置图"},
        ],
    )
    in_review = dashboard_scenario.submitted(applicant_my, reviewer_my)
    other = tending_draft(by=applicant_yq)  # another organisation's
    client.force_login(applicant_my)

    page = client.get(reverse("desk:index"))

    assert page.status_code == 200
    assert [a.pk for a, _progress in page.context["drafts"]] == [draft.pk]
    assert [(a.pk, n) for a, n, _progress in page.context["returned"]] == [(returned.pk, 2)]
    assert [a.pk for a, _progress in page.context["in_review"]] == [in_review.pk]
    html = page.content.decode()
    assert other.reference not in html
    assert "2 items to correct" in html
    assert 'aria-current="step"' in html


def test_desk_lists_reports_due(english, client, applicant_my, introduction):
    with time_machine.travel("2026-08-20 09:00 +0800", tick=False):
        client.force_login(applicant_my)
        page = client.get(reverse("desk:index"))
    [(report, overdue)] = page.context["reports"]
    assert report.application_id == introduction.pk and not overdue  # due 2 September
    assert [a.pk for a, _progress in page.context["recent"]] == [introduction.pk]
    with time_machine.travel("2026-09-10 09:00 +0800", tick=False):
        client.force_login(applicant_my)
        page = client.get(reverse("desk:index"))
    assert [overdue for _report, overdue in page.context["reports"]] == [True]


# --- the stepper -----------------------------------------------------------------------------


def test_stepper_of_a_beijing_tending_design(applicant_my, reviewer_my, approver):
    history = dashboard_scenario.build(applicant_my, reviewer_my, approver)
    assert _stages(history["c"]) == [
        ("apply", "done"),
        ("acceptance", "done"),
        ("review", "done"),
        ("approval", "current"),  # no consultation on this route
        ("concluded", "pending"),
    ]
    assert _stages(history["a"])[-1] == ("concluded", "done")
    assert _stages(history["b"]) == [
        ("apply", "done"),
        ("acceptance", "done"),
        ("review", "done"),
        ("approval", "skipped"),
        ("concluded", "done"),
    ]


def test_stepper_of_a_tianjin_draft_has_no_municipal_step(applicant_jz):
    draft = tending_draft(by=applicant_jz, **tianjin_tending_data())
    assert _stages(draft) == [
        ("apply", "current"),
        ("acceptance", "pending"),
        ("review", "pending"),
        ("concluded", "pending"),
    ]


def test_stepper_shows_the_returned_step(applicant_my, reviewer_my):
    application = dashboard_scenario.submitted(applicant_my, reviewer_my)
    task_services.task_decide(
        task_id=open_task_of(application).pk,
        by=reviewer_my,
        decision=Decision.RETURN,
        opinion="请补正",
        items=[{"field": None, "attachment_kind": None, "message": "补充材料"}],
    )
    application = Application.objects.get(pk=application.pk)
    assert ("review", "returned") in _stages(application)


def test_application_page_shows_the_stepper(english, client, applicant_my, reviewer_my):
    application = dashboard_scenario.submitted(applicant_my, reviewer_my)
    client.force_login(applicant_my)
    html = client.get(reverse("application-detail", args=[application.pk])).content.decode()
    assert 'id="progress"' in html and 'data-stage="review" data-state="current"' in html


def test_stepper_shows_the_promised_date_of_the_current_step(
    english, client, monkeypatch, applicant_my, reviewer_my
):
    from datetime import date

    from workflows import progress

    application = dashboard_scenario.submitted(applicant_my, reviewer_my)
    monkeypatch.setattr(progress, "promised_dates", lambda ids: {application.pk: date(2026, 3, 30)})
    assert [s.promised for s in application_progress(application)] == [
        None,
        None,
        date(2026, 3, 30),
        None,
        None,
    ]
    client.force_login(applicant_my)
    html = client.get(reverse("application-detail", args=[application.pk])).content.decode()
    assert "by 2026-03-30" in html
