from permits.choices import Status
from tests.factories import decision_document, submit_accepted
from workflows import services as task_services
from workflows.engine import open_tasks

from .factories import tending_draft


def test_beijing_tending_goes_through_two_levels(applicant_my, reviewer_my, approver):

    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    task = open_tasks(application=application).get()
    _, application = task_services.task_decide(
        task_id=task.pk, by=reviewer_my, decision="approve", opinion="同意"
    )
    assert application.status == Status.MUNICIPAL_REVIEW
    task = open_tasks(application=application).get()
    _, application = task_services.task_decide(task_id=task.pk, by=approver, decision="approve")
    assert application.status == Status.APPROVED
    assert decision_document(application).number.startswith("京园林抚审〔")
