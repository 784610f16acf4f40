"""Work queues per persona: a district reviewer sees and acts only on their district."""

import time_machine

from tests.factories import submit_accepted, tending_draft

from .helpers import API, tasks


def submitted_miyun_application(applicant):
    return submit_accepted(application=tending_draft(by=applicant), by=applicant)


def test_miyun_reviewer_sees_the_miyun_task_yanqing_reviewer_does_not(
    client_for, applicant_my, reviewer_my, reviewer_yq
):
    application = submitted_miyun_application(applicant_my)
    miyun, yanqing = client_for(reviewer_my), client_for(reviewer_yq)

    [task] = tasks(miyun, "queue")
    assert task["application"] == {
        "id": application.pk,
        "reference": application.reference,
        "kind": "tending",
        "title": application.title,
        "district": "110118",
        "jurisdiction": "110000",
        "status": "district_review",
        "created": task["application"]["created"],
        "submitted_at": task["application"]["submitted_at"],
        "decided_at": None,
    }
    assert task["agency"] == {"code": "110118-forestry", "name": "密云区园林绿化局"}
    assert task["status"] == "new" and task["overdue"] is False and task["due_date"]
    assert tasks(yanqing, "queue") == []
    assert tasks(yanqing, "inbox") == []

    assert yanqing.get(f"{API}/applications/{application.pk}/").status_code == 404
    for action in ("claim", "decide"):
        response = yanqing.post(
            f"{API}/tasks/{task['id']}/{action}/", {"decision": "approve"}, format="json"
        )
        assert response.status_code == 404


def test_claim_moves_the_task_to_the_inbox_and_unclaim_back(client_for, applicant_my, reviewer_my):
    submitted_miyun_application(applicant_my)
    reviewer = client_for(reviewer_my)
    [task] = tasks(reviewer, "queue")

    claimed = reviewer.post(f"{API}/tasks/{task['id']}/claim/")
    assert claimed.status_code == 200, claimed.json()
    assert claimed.json()["owner"] == "district_my"
    assert claimed.json()["status"] == "assigned"
    assert tasks(reviewer, "queue") == []
    assert [t["id"] for t in tasks(reviewer, "inbox")] == [task["id"]]

    unclaimed = reviewer.post(f"{API}/tasks/{task['id']}/unclaim/")
    assert unclaimed.status_code == 200, unclaimed.json()
    assert unclaimed.json()["owner"] is None
    assert [t["id"] for t in tasks(reviewer, "queue")] == [task["id"]]
    assert reviewer.post(f"{API}/tasks/{task['id']}/unclaim/").status_code == 409


def test_the_applicant_cannot_act_on_the_task(client_for, applicant_my, reviewer_my):
    submitted_miyun_application(applicant_my)
    [task] = tasks(client_for(reviewer_my), "queue")
    applicant = client_for(applicant_my)
    assert tasks(applicant, "queue") == []
    response = applicant.post(
        f"{API}/tasks/{task['id']}/decide/", {"decision": "approve"}, format="json"
    )
    # Task doors are for officials: to the applicant the task does not exist.
    assert response.status_code == 404


def test_filters_and_bad_queue(client_for, applicant_my, reviewer_my):
    with time_machine.travel("2026-01-05 09:00 +0800", tick=False):
        submitted_miyun_application(applicant_my)
    reviewer = client_for(reviewer_my)
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        [late] = tasks(reviewer, "queue", overdue="true")
        assert late["overdue"] is True
        assert tasks(reviewer, "queue", overdue="false") == []
        assert len(tasks(reviewer, "queue")) == 1
    assert len(tasks(reviewer, "queue", kind="tending", district="110118")) == 1
    assert tasks(reviewer, "queue", district="110119") == []
    response = reviewer.get(f"{API}/tasks/", {"queue": "everything"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "queue"


def test_the_queue_costs_the_same_queries_for_one_task_or_many(
    client_for, applicant_my, reviewer_my
):
    """No per-row queries: the page's query count does not grow with its rows (bench/)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(reviewer_my)
    submitted_miyun_application(applicant_my)
    client.get(f"{API}/tasks/?queue=queue")  # warm caches (content types, calendar)
    with CaptureQueriesContext(connection) as one:
        assert len(tasks(client)) == 1
    for _ in range(6):
        submitted_miyun_application(applicant_my)
    with CaptureQueriesContext(connection) as seven:
        assert len(tasks(client)) == 7
    assert len(seven) == len(one)


def test_the_queue_searches_reference_title_and_applicant(
    client_for, applicant_my, applicant_yq, reviewer_my
):
    """api.md: ``q`` keeps the tasks whose application's reference, title or applicant
    organisation contains it, case-insensitively; other filters still apply beside it."""
    first = submit_accepted(
        application=tending_draft(by=applicant_my, title="黑山寺抚育"), by=applicant_my
    )
    second = submit_accepted(
        application=tending_draft(by=applicant_my, title="Nanshan thinning"), by=applicant_my
    )
    reviewer = client_for(reviewer_my)

    def found(**filters):
        return {task["application"]["id"] for task in tasks(reviewer, "queue", **filters)}

    assert found(q=first.reference) == {first.pk}
    assert found(q=first.reference.lower()) == {first.pk}
    assert found(q="黑山寺") == {first.pk}
    assert found(q="NANSHAN") == {second.pk}
    assert found(q="密云区国有") == {first.pk, second.pk}  # the applicant organisation
    assert found(q="延庆区林业") == set()
    assert found(q="黑山寺", kind="occupation") == set()
    too_long = reviewer.get(f"{API}/tasks/", {"queue": "queue", "q": "x" * 201})
    assert too_long.status_code == 400
    assert too_long.json()["errors"][0]["field"] == "q"
    nul = reviewer.get(f"{API}/tasks/", {"queue": "queue", "q": "a\x00b"})
    assert nul.status_code == 400


def test_the_applications_list_searches_the_applicant_too(client_for, applicant_my, reviewer_my):
    application = submitted_miyun_application(applicant_my)
    reviewer = client_for(reviewer_my)
    response = reviewer.get(f"{API}/applications/", {"q": "国有林场"})
    assert [row["id"] for row in response.json()["results"]] == [application.pk]
    assert reviewer.get(f"{API}/applications/", {"q": "延庆"}).json()["results"] == []
