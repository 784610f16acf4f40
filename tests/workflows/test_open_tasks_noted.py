"""The open tasks a submission or a decision knows without reading them (issue 44 item 7):
``engine.open_tasks_noted`` takes the human tasks viewflow created when no other task of the
application was open; each time ``clocks_sync`` takes them, they are the tasks a read gives,
through a linear route and through parallel countersigns (会签)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from permits.choices import Status
from tests.factories import decide, persona, submit_accepted, tianjin_occupation_draft
from tests.web.helpers import approved
from workflows import engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked(monkeypatch):
    """``open_tasks_now`` compared, each time it answers, with a read of the open tasks: (how
    many tasks, whether it read them)."""
    taken = []
    original = engine.open_tasks_now

    def open_tasks_now(application):
        with CaptureQueriesContext(connection) as asked:
            answer = original(application)
        read = set(engine.open_tasks(application=application).values_list("pk", flat=True))
        assert {task.pk for task in answer} == read
        taken.append((len(answer), bool(asked.captured_queries)))
        return answer

    monkeypatch.setattr(engine, "open_tasks_now", open_tasks_now)
    return taken


def test_a_linear_lifecycle_takes_what_viewflow_created(
    checked, applicant_my, reviewer_my, approver
):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    assert application.status == Status.APPROVED
    # Submitted, accepted, approved by the district, approved: each known without a read.
    assert checked == [(1, False), (1, False), (1, False), (0, False)]


def test_parallel_countersigns_take_only_what_is_known(checked, applicant_jz, reviewer_jz):
    application = submit_accepted(
        application=tianjin_occupation_draft(by=applicant_jz), by=applicant_jz
    )
    application = decide(application, reviewer_jz, opinion="经现场核查，同意上报。")
    assert application.status == Status.CONSULTATION
    application = decide(application, persona("jz_plan"), "agree", "符合规划", "120119-planning")
    application = decide(
        application, persona("jz_gov"), "agree", "同意", "120119-government-service"
    )
    assert application.status == Status.MUNICIPAL_REVIEW
    # Two countersigns at once; one answered while the other is open: read; the municipal
    # review after the last one.
    assert checked[-3:] == [(2, False), (1, True), (1, False)]
