"""A decision never waits for another decision's document (product.md §14, issue 10). PostgreSQL
only: real connections, real commits, the work after each commit run in this process."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from audit.models import AuditEvent
from audit.trail import audit_verify
from documents import pdf_files
from documents.models import Certificate
from permits.models import Application
from tests.factories import submit_accepted, tending_draft
from workflows import services as task_services
from workflows.engine import open_tasks

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

User = get_user_model()


def municipal_task(applicant, reviewer):
    application = submit_accepted(application=tending_draft(by=applicant), by=applicant)
    task = open_tasks(application=application).get()
    task_services.task_decide(task_id=task.pk, by=reviewer, decision="approve", opinion="同意")
    return application, open_tasks(application=application).get()


def test_a_decision_commits_while_another_document_is_being_drawn(
    applicant_my, reviewer_my, approver, monkeypatch
):
    slow_application, slow_task = municipal_task(applicant_my, reviewer_my)
    quick_application, quick_task = municipal_task(applicant_my, reviewer_my)
    drawing, release = threading.Event(), threading.Event()
    draw = pdf_files.document_pdf

    def slow_for_the_first(content):
        if content["document"]["reference"] == slow_application.reference:
            drawing.set()
            assert release.wait(60), "never released"
        return draw(content)

    monkeypatch.setattr(pdf_files, "document_pdf", slow_for_the_first)
    outcomes: dict[str, object] = {}

    def decide(name, task):
        try:
            user = User.objects.get(pk=approver.pk)
            task_services.task_decide(task_id=task.pk, by=user, decision="approve", opinion="同意")
            outcomes[name] = "decided"
        except Exception as error:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[name] = error
        finally:
            connection.close()

    slow = threading.Thread(target=decide, args=("slow", slow_task))
    slow.start()
    assert drawing.wait(60), "the first document was never drawn"
    # Its decision has committed; its document is being drawn right now (and stays so).
    quick = threading.Thread(target=decide, args=("quick", quick_task))
    quick.start()
    quick.join(30)
    finished_while_drawing = not quick.is_alive() and not release.is_set()
    release.set()
    slow.join(60)
    quick.join(30)

    assert outcomes == {"slow": "decided", "quick": "decided"}
    assert finished_while_drawing
    for application in (slow_application, quick_application):
        assert Application.objects.get(pk=application.pk).status == "approved"
        approval = Certificate.objects.get(application_id=application.pk, document_kind="approval")
        assert approval.rendered_at is not None
        assert (
            AuditEvent.objects.filter(
                application_id=application.pk,
                action="certificate_issued",
                details__number=approval.number,
            ).count()
            == 1
        )
    assert audit_verify().ok
