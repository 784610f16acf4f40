"""Post-approval control through the pages (product.md §3.3 S3): the reports a permit obliges,
filing one, and the overdue list of the agency that is owed them."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from permits.choices import Status
from permits.models import Application, ScheduledReport
from permits.services import MSG_REPORT_TEXT, application_expire
from roles.models import Role
from web import reports as web

from ..factories import PDF_BYTES, member, pdf_upload
from .helpers import decide, submitted_as

pytestmark = pytest.mark.django_db

APPROVED_ON = "2026-03-02 10:00 +0800"


@pytest.fixture
def agriculture_approver(reference_data):
    """Approver of 北京市农业农村局, the lead agency of Beijing introductions."""
    return member(role=Role.APPROVER, agency_code="bj-agriculture", username="muni_agri")


@pytest.fixture
def introduction(applicant_my, agriculture_approver):
    """A farmland introduction approved on 2 March 2026: a monitoring report every 6 months for
    two years (consulted: 市生态环境局 only)."""
    with time_machine.travel(APPROVED_ON, tick=False):
        application = submitted_as(kind="introduction", by=applicant_my, habitat_domain="farmland")
        decide(application, by=member(role=Role.REVIEWER, agency_code="110118-agriculture"))
        decide(
            application,
            by=member(role=Role.CONSULTANT, agency_code="bj-ecology"),
            decision="agree",
        )
        return decide(application, by=agriculture_approver)


def _detail(application):
    return reverse("application-detail", args=[application.pk])


def _file(client, application, report, **data):
    return client.post(
        reverse("application-report-file", args=[application.pk]),
        {"report": report.pk, "text": "", **data},
    )


def test_reports_section_lists_the_schedule(english, client, applicant_my, introduction):
    client.force_login(applicant_my)

    with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
        page = client.get(_detail(introduction))

    reports = page.context["reports"]
    assert [(r.kind, r.sequence, r.due_date) for r in reports] == [
        ("monitoring", 1, date(2026, 9, 2)),
        ("monitoring", 2, date(2027, 3, 2)),
        ("monitoring", 3, date(2027, 9, 2)),
        ("monitoring", 4, date(2028, 3, 2)),
    ]
    assert "report" in page.context["actions"]
    html = page.content.decode()
    assert 'id="reports"' in html
    assert "Monitoring report no. 1" in html
    assert "2026-09-02" in html and "Not yet due" in html


def test_applicant_files_a_monitoring_report(english, client, applicant_my, introduction):
    report = ScheduledReport.objects.filter(application=introduction).first()
    client.force_login(applicant_my)

    response = _file(
        client,
        introduction,
        report,
        text="养殖场围网完好，未发现逃逸个体。",
        file=pdf_upload("监测报告.pdf"),
    )

    assert response.url == _detail(introduction) + "#reports"
    report.refresh_from_db()
    assert report.filed_at is not None and report.filed_by == applicant_my
    assert report.attachment.name == "监测报告.pdf"
    page = client.get(_detail(introduction))
    html = page.content.decode()
    assert str(web.MSG_REPORT_FILED) in html
    assert "养殖场围网完好，未发现逃逸个体。" in html
    download = reverse("application-attachment", args=[introduction.pk, report.attachment.pk])
    assert download in html
    assert b"".join(client.get(download).streaming_content) == PDF_BYTES
    [first_open, *_rest] = page.context["report_form"].fields["report"].choices
    assert first_open[0] != report.pk


def test_a_report_without_text_shows_the_error_on_the_field(
    english, client, applicant_my, introduction
):
    report = ScheduledReport.objects.filter(application=introduction).first()
    client.force_login(applicant_my)

    response = _file(client, introduction, report, text="  ")

    assert response.status_code == 200
    assert response.context["report_form"].errors["text"] == [str(MSG_REPORT_TEXT)]
    assert str(MSG_REPORT_TEXT) in response.content.decode()
    report.refresh_from_db()
    assert report.filed_at is None


def test_only_the_holder_files_reports(client, introduction, agriculture_approver):
    report = ScheduledReport.objects.filter(application=introduction).first()
    client.force_login(agriculture_approver)

    page = client.get(_detail(introduction))
    assert page.context["reports"] and "report" not in page.context["actions"]
    assert 'id="revoke"' in page.content.decode()

    assert _file(client, introduction, report, text="代填").status_code == 403


def test_overdue_page_lists_the_unfiled_report(
    english, client, applicant_my, introduction, agriculture_approver, approver
):
    with time_machine.travel("2026-10-01 09:00 +0800", tick=False):
        client.force_login(agriculture_approver)
        queue = client.get(reverse("tasks:index"))
        page = client.get(reverse("reports:index"))
        client.force_login(approver)
        other_agency = client.get(reverse("reports:index"))

    assert queue.context["overdue_reports"] == 1
    assert reverse("reports:index") in queue.content.decode()
    [report] = page.context["page_obj"]
    assert (report.sequence, report.due_date, report.days_overdue) == (1, date(2026, 9, 2), 29)
    html = page.content.decode()
    assert introduction.reference in html
    assert _detail(introduction) in html
    assert list(other_agency.context["page_obj"]) == []


def test_filed_report_is_not_overdue(client, applicant_my, introduction, agriculture_approver):
    report = ScheduledReport.objects.filter(application=introduction).first()
    client.force_login(applicant_my)
    with time_machine.travel("2026-09-01 09:00 +0800", tick=False):
        _file(client, introduction, report, text="监测正常。")

    client.force_login(agriculture_approver)
    with time_machine.travel("2026-10-01 09:00 +0800", tick=False):
        page = client.get(reverse("reports:index"))

    assert list(page.context["page_obj"]) == []


def test_overdue_page_is_for_agencies(client, applicant_my, introduction):
    client.force_login(applicant_my)
    assert client.get(reverse("reports:index")).status_code == 403


def test_revoke_stays_available_on_an_approved_introduction(
    english, client, introduction, agriculture_approver
):
    client.force_login(agriculture_approver)

    response = client.post(
        reverse("application-revoke", args=[introduction.pk]),
        {"reason": "未按期报送监测报告。", "confirmed": "1"},
    )

    assert response.url == _detail(introduction)
    assert Application.objects.get(pk=introduction.pk).status == Status.REVOKED
    page = client.get(_detail(introduction))
    assert "report" not in page.context["actions"]


def test_an_expired_permit_still_offers_its_last_report(
    english, client, applicant_my, introduction
):
    """A permit that ran out still owes its closing report: the service accepts it, and the page
    (through the shared actions) offers the form, as the API's record lists "report"."""
    introduction.refresh_from_db()
    expired = application_expire(
        application=introduction, today=introduction.valid_until + timedelta(days=1)
    )
    assert expired.status == Status.EXPIRED
    report = ScheduledReport.objects.filter(application=introduction).last()
    client.force_login(applicant_my)

    page = client.get(_detail(introduction))
    assert "report" in page.context["actions"]
    assert 'data-action="report"' in page.content.decode()
    api = client.get(f"/api/v1/applications/{introduction.pk}/")
    assert "report" in api.json()["actions"]

    response = _file(client, introduction, report, text="临时用地已恢复植被。")
    assert response.url == _detail(introduction) + "#reports"
    report.refresh_from_db()
    assert report.filed_at is not None
