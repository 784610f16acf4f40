"""Two consulted agencies answering at the same moment (PostgreSQL only, like
test_concurrency_postgres.py): both countersigns count, the join fires once, and exactly one
municipal task exists. Repeated, because one lucky interleaving proves little."""

import pytest
from django.contrib.auth import get_user_model
from viewflow.workflow.models import Task

from audit.models import AuditEvent
from audit.trail import audit_verify
from core.errors import StateConflict
from permits.choices import Status, Step
from permits.models import Application
from tests.factories import decide, open_task_of, persona, submit_accepted, tianjin_occupation_draft
from tests.workflows.test_concurrency_postgres import race
from workflows import services as task_services
from workflows.engine import OPEN_TASK_STATUSES, open_tasks
from workflows.models import Countersign

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

User = get_user_model()
ROUNDS = 5


def countersign_as(user_pk, task_pk, opinion):
    def call():
        user = User.objects.get(pk=user_pk)  # one user object per thread: no shared caches
        return task_services.task_decide(
            task_id=task_pk, by=user, decision="agree", opinion=opinion
        )

    return call


def withdraw_as(user_pk, application_pk):
    def call():
        user = User.objects.get(pk=user_pk)
        application = Application.objects.get(pk=application_pk)
        return task_services.application_withdraw(
            application=application, by=user, reason="线路改线"
        )

    return call


def test_two_countersigns_arriving_together_make_one_municipal_task(applicant_jz, reviewer_jz):
    jz_plan, jz_gov = persona("jz_plan"), persona("jz_gov")
    for round_ in range(ROUNDS):
        draft = tianjin_occupation_draft(by=applicant_jz, title=f"输电线路塔基临时使用林地{round_}")
        application = submit_accepted(application=draft, by=applicant_jz)
        application = decide(application, reviewer_jz)
        plan_task = open_task_of(application, "120119-planning")
        gov_task = open_task_of(application, "120119-government-service")

        outcomes = race(
            [
                countersign_as(jz_plan.pk, plan_task.pk, "符合国土空间规划"),
                countersign_as(jz_gov.pk, gov_task.pk, "同意"),
            ]
        )

        assert [o for o in outcomes if not isinstance(o, tuple)] == [], round_
        assert Application.objects.get(pk=application.pk).status == Status.MUNICIPAL_REVIEW
        (municipal,) = open_tasks(application=application).filter(flow_task_type="HUMAN")
        assert task_services.task_step(municipal) == Step.MUNICIPAL_REVIEW
        assert task_services.task_agency(municipal).code == "tj-forestry"
        municipal_count = Task.objects.filter(
            process__permitprocess__application_id=application.pk,
            flow_task__endswith="municipal_review",
        ).count()
        assert municipal_count == 1, round_
        assert Countersign.objects.filter(application_id=application.pk).count() == 2
        agreed = AuditEvent.objects.filter(application_id=application.pk, action="agree")
        # Exactly one of the two answers moved the application on.
        assert sorted(agreed.values_list("to_status", flat=True)) == [
            "consultation",
            "municipal_review",
        ], round_
    report = audit_verify()
    assert report.ok, report
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


def test_a_withdrawal_racing_the_last_countersign_leaves_nothing_open(applicant_jz, reviewer_jz):
    """Whichever commits first, the application ends withdrawn with no open task, and the other
    either found a municipal task to cancel or a cancelled countersign task (409)."""
    jz_plan, jz_gov = persona("jz_plan"), persona("jz_gov")
    for round_ in range(ROUNDS):
        draft = tianjin_occupation_draft(by=applicant_jz, title=f"塔基临时使用林地撤回{round_}")
        application = submit_accepted(application=draft, by=applicant_jz)
        application = decide(application, reviewer_jz)
        application = decide(application, jz_plan, "agree", "同意", "120119-planning")
        gov_task = open_task_of(application, "120119-government-service")

        outcomes = race(
            [
                withdraw_as(applicant_jz.pk, application.pk),
                countersign_as(jz_gov.pk, gov_task.pk, "同意"),
            ]
        )

        withdrawn, countersigned = outcomes
        assert not isinstance(withdrawn, Exception), (round_, withdrawn)
        assert isinstance(countersigned, tuple | StateConflict), (round_, countersigned)
        assert Application.objects.get(pk=application.pk).status == Status.WITHDRAWN
        assert not Task.objects.filter(
            process__permitprocess__application_id=application.pk,
            status__in=OPEN_TASK_STATUSES,
        ).exists(), round_
        municipal = Task.objects.filter(
            process__permitprocess__application_id=application.pk,
            flow_task__endswith="municipal_review",
        )
        assert municipal.count() == (1 if isinstance(countersigned, tuple) else 0), round_
    assert audit_verify().ok
