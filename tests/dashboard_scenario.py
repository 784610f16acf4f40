"""A small history of Beijing tending applications for the dashboard tests, built through the
services with frozen time (dates of March–May 2026; the 1 May holidays fall inside).

- A: submitted Mon 2 Mar, district approval Wed 4 Mar, municipal approval Mon 9 Mar
  → approved, 5 working days, both steps on time.
- B: submitted 2 Mar, rejected by the district on Tue 3 Mar → 1 working day, on time.
- C: submitted 2 Mar, district approval only on Wed 15 Apr (late: due 30 Mar); the municipal
  step is still open on 20 May, past its time limit → overdue.
"""

import time_machine

from permits.choices import Decision, Status
from permits.models import Application
from tests.factories import submit_accepted
from workflows import services as task_services

from .factories import open_task_of, tending_draft

SUBMITTED = "2026-03-02 10:00 +0800"
NOW = "2026-05-20 10:00 +0800"


def _at(moment: str, action, *args, **kwargs):
    with time_machine.travel(moment, tick=False):
        return action(*args, **kwargs)


def _decide(application, by, decision: str, opinion: str = "同意"):
    task = open_task_of(application)
    task_services.task_decide(task_id=task.pk, by=by, decision=decision, opinion=opinion)
    return Application.objects.get(pk=application.pk).detail


def submitted(applicant, reviewer, moment: str = SUBMITTED):
    """Submitted (and accepted the same day, once the acceptance step exists)."""

    def submit():
        application = submit_accepted(application=tending_draft(by=applicant), by=applicant)
        if application.status == Status.SUBMITTED:
            application = _decide(application, reviewer, Decision.ACCEPT)
        return application

    return _at(moment, submit)


def build(applicant, reviewer, approver) -> dict[str, Application]:
    a = submitted(applicant, reviewer)
    b = submitted(applicant, reviewer)
    c = submitted(applicant, reviewer)
    _at("2026-03-04 10:00 +0800", _decide, a, reviewer, Decision.APPROVE)
    a = _at("2026-03-09 10:00 +0800", _decide, a, approver, Decision.APPROVE)
    b = _at("2026-03-03 10:00 +0800", _decide, b, reviewer, Decision.REJECT, "不符合要求")
    c = _at("2026-04-15 10:00 +0800", _decide, c, reviewer, Decision.APPROVE)
    return {"a": a, "b": b, "c": c}


def more_approved(applicant, reviewer, approver, n: int) -> None:
    """``n`` more applications decided like A (for query counts at a larger size)."""
    for _ in range(n):
        application = submitted(applicant, reviewer)
        _at("2026-03-04 10:00 +0800", _decide, application, reviewer, Decision.APPROVE)
        _at("2026-03-09 10:00 +0800", _decide, application, approver, Decision.APPROVE)
