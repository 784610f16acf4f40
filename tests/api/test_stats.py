"""GET /api/v1/stats/ (api.md "Agency statistics"): who may read it, the figures of a small
history, the period, bad dates, and a query count that does not grow with the applications."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from permits.choices import Step
from roles.models import Agency
from workflows.models import Countersign, ReviewDecision

from .. import dashboard_scenario
from .helpers import API

STATS = f"{API}/stats/"


@pytest.fixture
def history(applicant_my, reviewer_my, approver):
    return dashboard_scenario.build(applicant_my, reviewer_my, approver)


def _get(client, **params):
    with time_machine.travel(dashboard_scenario.NOW, tick=False):
        return client.get(STATS, params)


def _on_time_rate(agency_code: str | None, late: int) -> float:
    """The expected rate when ``late`` of the agency's decided steps were late (the acceptance
    decisions, once that step exists, are decided the day of submission: on time)."""
    decisions = ReviewDecision.objects.exclude(task_id=None)
    countersigns = Countersign.objects.all()
    if agency_code:
        agency = Agency.objects.get(code=agency_code)
        decisions, countersigns = (
            decisions.filter(agency=agency),
            countersigns.filter(agency=agency),
        )
    total = decisions.count() + countersigns.count()
    return round((total - late) / total, 4)


def test_anonymous_is_401(client_for, history):
    assert _get(client_for()).status_code == 401


def test_applicants_and_outsiders_are_403(client_for, history, applicant_my, outsider):
    for user in (applicant_my, outsider):
        response = _get(client_for(user))
        assert response.status_code == 403
        assert response.json()["errors"][0]["code"] == "permission_denied"


def test_district_reviewer_figures(client_for, history, reviewer_my):
    body = _get(client_for(reviewer_my)).json()
    assert body["by_status"]["approved"] == 1
    assert body["by_status"]["rejected"] == 1
    assert body["by_status"]["municipal_review"] == 1
    assert body["by_status"]["draft"] == 0
    assert body["by_kind"] == {"tending": 3, "occupation": 0, "introduction": 0}
    assert body["median_working_days_to_decision"] == 3.0  # A: 5, B: 1
    assert body["on_time_rate"] == _on_time_rate("110118-forestry", late=1)  # C's district step
    assert body["overdue"] == []  # the open municipal step is not theirs


def test_municipal_approver_figures_and_overdue_task(client_for, history, approver):
    body = _get(client_for(approver)).json()
    # B never reached the municipal agency: it does not see it.
    assert sum(body["by_status"].values()) == 2
    assert body["median_working_days_to_decision"] == 5.0
    assert body["on_time_rate"] == 1.0
    [task] = body["overdue"]
    assert task["application"]["reference"] == history["c"].reference
    assert task["step"] == Step.MUNICIPAL_REVIEW
    assert task["overdue"] is True
    assert set(task) >= {"id", "application", "step", "agency", "status", "created", "due_date"}


def test_auditor_reads_the_jurisdiction(client_for, history, auditor):
    body = _get(client_for(auditor)).json()
    assert sum(body["by_status"].values()) == 3
    assert body["on_time_rate"] == _on_time_rate(None, late=1)
    assert [t["application"]["id"] for t in body["overdue"]] == [history["c"].pk]


def test_other_district_sees_nothing(client_for, history, reviewer_yq):
    body = _get(client_for(reviewer_yq)).json()
    assert sum(body["by_status"].values()) == 0
    assert body["median_working_days_to_decision"] is None
    assert body["on_time_rate"] is None
    assert body["overdue"] == []


def test_period(client_for, history, reviewer_my):
    client = client_for(reviewer_my)
    later = _get(client, since="2026-03-05").json()
    assert sum(later["by_status"].values()) == 0  # all were submitted on 2 March
    assert later["median_working_days_to_decision"] == 5.0  # only A was decided since
    assert later["on_time_rate"] == 0.0  # only C's late district step was decided since
    early = _get(client, since="2026-03-01", until="2026-03-03").json()
    assert sum(early["by_status"].values()) == 3
    assert early["median_working_days_to_decision"] == 1.0  # B


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "yesterday"}, "since"),
        ({"until": "2026-02-30"}, "until"),
        ({"since": "2026-03-05", "until": "2026-03-01"}, "until"),
    ],
)
def test_bad_dates_are_400_per_field(client_for, reviewer_my, params, field):
    response = _get(client_for(reviewer_my), **params)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_query_count_does_not_grow(
    client_for, history, applicant_my, reviewer_my, approver, auditor
):
    def count(user) -> int:
        client = client_for(user)
        _get(client)  # warm the calendar corrections' cache
        with CaptureQueriesContext(connection) as queries:
            assert _get(client).status_code == 200
        return len(queries)

    before = {user.pk: count(user) for user in (reviewer_my, approver, auditor)}
    dashboard_scenario.more_approved(applicant_my, reviewer_my, approver, 4)
    for user in (reviewer_my, approver, auditor):
        assert count(user) == before[user.pk], user
