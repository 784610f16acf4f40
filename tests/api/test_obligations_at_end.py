"""A permit given up, revoked or withdrawn before its term (docs/legal-basis.md F38): what
concerned work never begun ends (``ended``: never late, not counted by the appraisal); what the
work already done left stays owed: a begun design's completion report (due the standard's days
after the end), an introduction's monitoring to its period's end, escapes at any time. The
ending document lists them; the holder still files them; an inspection of the work done
accepts nothing."""

import json
from datetime import date

import pytest
import time_machine
from viewflow.workflow.models import Task

from permits.choices import Status
from permits.models import Application, Obligation
from public.appraisal import Quarter, appraisal
from supervision.models import Inspection, Rectification
from supervision.services import filing_submit
from tests.factories import decide, submit_accepted, tending_draft
from workflows.engine import OPEN_TASK_STATUSES
from workflows.models import PermitProcess
from workflows.services import task_decide

from .helpers import API

pytestmark = pytest.mark.django_db

OWED = ("open", "returned", "overdue")
MONITORING = {"alive_count": 480, "escaped": False, "containment": "contained"}


def _surrender(client_for, holder, agency, application) -> dict:
    """The holder gives the permit up; the deciding agency accepts and grants it: the notice."""
    asked = client_for(holder).post(
        f"{API}/applications/{application.pk}/surrender/",
        {"reason": "项目终止，不再实施。"},
        format="json",
    )
    assert asked.status_code == 201, asked.content
    for decision in ("accept", "approve"):
        (task,) = Task.objects.filter(
            process__permitprocess__application_id=application.pk,
            process__permitprocess__permit_request__isnull=False,
            flow_task_type="HUMAN",
            status__in=OPEN_TASK_STATUSES,
        )
        done = client_for(agency).post(
            f"{API}/tasks/{task.pk}/decide/",
            {"decision": decision, "opinion": "同意"},
            format="json",
        )
        assert done.status_code == 200, done.content
    assert Application.objects.get(pk=application.pk).status == Status.SURRENDERED
    notice = application.certificates.get(document_kind="cancellation_notice")
    return notice.content


def _design(applicant_my, reviewer_my, approver, **dates):
    draft = tending_draft(by=applicant_my, **dates)
    return decide(
        decide(submit_accepted(application=draft, by=applicant_my), reviewer_my), approver
    )


def test_a_design_given_up_before_its_work_began_owes_nothing_more(
    client_for, applicant_my, reviewer_my, approver
):
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        design = _design(
            applicant_my,
            reviewer_my,
            approver,
            start_date=date(2026, 9, 1),
            end_date=date(2026, 11, 30),
        )
        assert design.obligations.filter(status__in=OWED).exists()
        notice = _surrender(client_for, applicant_my, approver, design)
        record = client_for(applicant_my).get(f"{API}/applications/{design.pk}/").json()
    assert set(design.obligations.values_list("status", flat=True)) == {"ended"}
    assert "report" not in record["actions"]
    printed = json.dumps(notice, ensure_ascii=False)
    assert "仍应履行" not in printed and "作业完成情况的报告义务不再履行" in printed
    # Ended, never late: the appraisal of the quarter it was due in does not count it.
    rows = [
        r
        for r in appraisal(jurisdictions=["110000"], quarter=Quarter(2026, 4))
        if r.agency.code == "110118-forestry"
    ]
    assert all(row.figures["obligations_on_time"].total == 0 for row in rows)


def test_a_design_given_up_after_its_work_began_still_reports_and_is_inspected(
    client_for, applicant_my, reviewer_my, reviewer_my2, approver, head_my
):
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        design = _design(applicant_my, reviewer_my, approver)  # work from 1 March
    with time_machine.travel("2026-06-01 10:00 +0800", tick=False):
        notice = _surrender(client_for, applicant_my, approver, design)
    completion = Obligation.objects.get(application=design, kind="tending_completion")
    # The work done is reported 30 days after the end (not 30 days after 30 November).
    assert completion.status == "open" and completion.due_date == date(2026, 7, 1)
    printed = json.dumps(notice, ensure_ascii=False)
    assert "于2026年7月1日前报送已实施作业的完成情况报告" in printed
    with time_machine.travel("2026-06-10 09:00 +0800", tick=False):
        record = client_for(applicant_my).get(f"{API}/applications/{design.pk}/").json()
        assert "report" in record["actions"]
        filing = filing_submit(
            obligation_id=completion.pk,
            by=applicant_my,
            data={
                "completed_on": "2026-05-31",
                "parcels": [
                    {
                        "compartment": "12-3",
                        "area_ha": "3",
                        "operation_type": "young_forest_tending",
                    }
                ],
            },
        )
        task = PermitProcess.objects.get(filing=filing).task_set.get(flow_task_type="HUMAN")
        task_decide(task_id=task.pk, by=reviewer_my, decision="accept")
    inspection = Inspection.objects.get(application=design)
    assert inspection.kind == "completion"
    # The felling number was due before the work began: late is late, the end does not cure it.
    felling = design.obligations.get(kind="felling_permit")
    assert felling.status in OWED and felling.due_date < date(2026, 6, 1)
    with time_machine.travel("2026-06-15 09:00 +0800", tick=False):
        assigned = client_for(head_my).post(
            f"{API}/inspections/{inspection.pk}/assign/",
            {"inspectors": ["district_my", "district_my2"], "planned_on": "2026-06-16"},
            format="json",
        )
        assert assigned.status_code == 200, assigned.content
        measured = [
            {"compartment": c, "measured_area_ha": "1", "operation_type": "young_forest_tending"}
            for c in Inspection.objects.get(pk=inspection.pk).sample
        ]
        result = client_for(reviewer_my2).post(
            f"{API}/inspections/{inspection.pk}/result/",
            {"parcels": measured, "score": "40", "outcome": "fail", "findings": "仅完成部分作业。"},
            format="json",
        )
    assert result.status_code == 200, result.content
    # The permit stays given up, whatever the inspection finds, and no correction is ordered:
    # its work may not be resumed.
    assert Application.objects.get(pk=design.pk).status == Status.SURRENDERED
    assert not Rectification.objects.filter(application=design).exists()


def test_an_introduction_given_up_owes_its_monitoring_to_the_periods_end(
    client_for, applicant_my, agriculture_approver, introduction
):
    with time_machine.travel("2026-09-01 10:00 +0800", tick=False):
        notice = _surrender(client_for, applicant_my, agriculture_approver, introduction)
    owed = introduction.obligations.filter(status__in=OWED, kind="monitoring")
    assert sorted(owed.values_list("due_date", flat=True)) == [date(2026, 9, 2), date(2027, 3, 2)]
    printed = json.dumps(notice, ensure_ascii=False)
    assert "报送引入物种监测报告" in printed and "2027年3月2日" in printed
    assert "逃逸" in printed and "生物安全法》第二十五条" in printed
    first = owed.order_by("due_date").first()
    with time_machine.travel("2026-09-02 09:00 +0800", tick=False):
        filed = client_for(applicant_my).post(
            f"{API}/obligations/{first.pk}/filings/", {"data": MONITORING}, format="json"
        )
    assert filed.status_code == 201, filed.content
