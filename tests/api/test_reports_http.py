"""Reports a permit holder owes after approval (product.md §3.3 S3): listing, filing, overdue."""

import pytest
import time_machine

from permits import services
from permits.services import MSG_REPORT_TEXT
from roles.models import Role
from tests.factories import member, pdf_upload, submit_accepted
from workflows import engine
from workflows.services import task_decide

from .helpers import API, error_fields, introduction_data, pdf_file, record

APPROVED_ON = "2026-03-02 10:00 +0800"


@pytest.fixture
def agriculture_approver(reference_data):
    """Approver of 北京市农业农村局, the lead agency of Beijing introductions."""
    return member(role=Role.APPROVER, agency_code="bj-agriculture")


@pytest.fixture
def introduction(applicant_my, agriculture_approver):
    """A farmland introduction (consulted: 市生态环境局 only), approved on 2 March 2026 with a
    report due every 6 months for a year. Reviewed through the services: the HTTP flow is
    covered in test_occupation_introduction_http."""
    reviewers = {
        "district_review": member(role=Role.REVIEWER, agency_code="110118-agriculture"),
        "consultation": member(role=Role.CONSULTANT, agency_code="bj-ecology"),
        "municipal_review": agriculture_approver,
    }
    with time_machine.travel(APPROVED_ON, tick=False):
        application = services.application_create(
            by=applicant_my, kind="introduction", data=introduction_data(habitat_domain="farmland")
        )
        for kind in ("risk_assessment", "quarantine_certificate"):
            services.attachment_add(
                application=application, by=applicant_my, kind=kind, upload=pdf_upload()
            )
        submit_accepted(application=application, by=applicant_my)
        while task := engine.open_tasks(application=application).first():
            decision = "agree" if task.flow_task.name == "consultation" else "approve"
            task_decide(task_id=task.pk, by=reviewers[task.flow_task.name], decision=decision)
    return application


def reports_url(application) -> str:
    return f"{API}/applications/{application.pk}/reports/"


def test_approval_schedules_the_monitoring_reports(client_for, applicant_my, introduction):
    client = client_for(applicant_my)
    with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
        response = client.get(reports_url(introduction))
        application = record(client, introduction.pk)
    assert response.status_code == 200
    reports = response.json()
    assert [(r["kind"], r["sequence"], r["due_date"]) for r in reports] == [
        ("monitoring", 1, "2026-09-02"),
        ("monitoring", 2, "2027-03-02"),
    ]
    assert reports[0] == {
        "id": reports[0]["id"],
        "kind": "monitoring",
        "sequence": 1,
        "due_date": "2026-09-02",
        "filed_at": None,
        "filed_by": None,
        "text": "",
        "attachment": None,
        "overdue": False,
    }
    assert application["status"] == "approved"
    assert application["valid_until"] == "2027-03-02"
    assert application["reports"] == reports


def test_the_applicant_files_a_report_once(client_for, applicant_my, introduction):
    client = client_for(applicant_my)
    first, _second = client.get(reports_url(introduction)).json()

    with time_machine.travel("2026-08-20 09:00 +0800", tick=False):
        response = client.post(
            reports_url(introduction),
            {
                "report": first["id"],
                "text": "围栏完好，未发现逃逸个体。",
                "file": pdf_file("监测报告.pdf"),
            },
            format="multipart",
        )
    assert response.status_code == 201, response.json()
    report = response.json()
    assert report["id"] == first["id"]
    assert report["text"] == "围栏完好，未发现逃逸个体。"
    assert report["filed_at"].startswith("2026-08-20")
    assert report["filed_by"]["username"] == "applicant_my"
    assert report["attachment"]["name"] == "监测报告.pdf"
    assert len(report["attachment"]["sha256"]) == 64
    assert report["overdue"] is False

    again = client.post(
        reports_url(introduction), {"report": first["id"], "text": "补充"}, format="json"
    )
    assert again.status_code == 409
    assert error_fields(again) == {"report": "filed"}

    history = client.get(f"{API}/applications/{introduction.pk}/history/").json()
    assert history[-1]["action"] == "report_filed"


def test_filing_needs_text_and_a_report_of_this_permit(client_for, applicant_my, introduction):
    client = client_for(applicant_my)
    first, _second = client.get(reports_url(introduction)).json()

    empty = client.post(reports_url(introduction), {"report": first["id"]}, format="json")
    assert empty.status_code == 400
    assert empty.json()["errors"][0]["message"] == str(MSG_REPORT_TEXT)
    assert error_fields(empty) == {"text": "required"}

    unknown = client.post(reports_url(introduction), {"report": 999999, "text": "x"}, format="json")
    assert unknown.status_code == 400 and error_fields(unknown) == {"report": "not_due"}

    garbled = client.post(reports_url(introduction), {"report": "first"}, format="json")
    assert garbled.status_code == 400 and error_fields(garbled) == {"report": "invalid"}


def test_only_the_applicant_organisation_files(
    client_for, applicant_yq, agriculture_approver, introduction
):
    approver = client_for(agriculture_approver)
    first, _second = approver.get(reports_url(introduction)).json()
    body = {"report": first["id"], "text": "代为填报"}

    other_org = client_for(applicant_yq)
    assert other_org.get(reports_url(introduction)).status_code == 404
    assert other_org.post(reports_url(introduction), body, format="json").status_code == 404
    assert approver.post(reports_url(introduction), body, format="json").status_code == 403


def test_no_report_before_approval(client_for, applicant_my):
    client = client_for(applicant_my)
    draft = services.application_create(
        by=applicant_my, kind="introduction", data=introduction_data()
    )
    assert client.get(reports_url(draft)).json() == []
    response = client.post(reports_url(draft), {"report": 1, "text": "x"}, format="json")
    assert response.status_code == 409
    assert error_fields(response) == {None: "not_in_force"}


def test_overdue_reports_for_the_lead_agency(
    client_for, applicant_my, agriculture_approver, approver, introduction
):
    applicant = client_for(applicant_my)
    first, second = applicant.get(reports_url(introduction)).json()
    with time_machine.travel("2026-08-20 09:00 +0800", tick=False):
        filed = applicant.post(
            reports_url(introduction), {"report": first["id"], "text": "正常"}, format="json"
        )
        assert filed.status_code == 201

    lead = client_for(agriculture_approver)
    with time_machine.travel("2026-12-01 09:00 +0800", tick=False):
        assert lead.get(f"{API}/reports/overdue/").json()["results"] == []

    with time_machine.travel("2027-03-03 09:00 +0800", tick=False):
        response = lead.get(f"{API}/reports/overdue/")
        mine = applicant.get(reports_url(introduction)).json()
        other_agency = client_for(approver).get(f"{API}/reports/overdue/")
        not_a_reviewer = applicant.get(f"{API}/reports/overdue/")
    assert response.status_code == 200
    [overdue] = response.json()["results"]
    assert overdue["id"] == second["id"] and overdue["overdue"] is True
    assert overdue["due_date"] == "2027-03-02"
    assert overdue["application"]["reference"] == introduction.reference
    assert overdue["application"]["id"] == introduction.pk
    assert [r["overdue"] for r in mine] == [False, True]
    assert other_agency.json()["results"] == []  # 市园林绿化局 did not decide this permit
    assert not_a_reviewer.status_code == 403


def test_a_head_lists_the_overdue_reports_as_on_the_page(client_for, head_my, auditor):
    """The API and the page (``/reports/``) let the same people in: a head reads what the
    agency's officials read; an auditor, who reads the trail, is refused by both."""
    from django.test import Client

    assert client_for(head_my).get(f"{API}/reports/overdue/").status_code == 200
    assert client_for(auditor).get(f"{API}/reports/overdue/").status_code == 403
    page = Client()
    page.force_login(head_my)
    assert page.get("/reports/").status_code == 200
    page.force_login(auditor)
    assert page.get("/reports/").status_code in (302, 403)
