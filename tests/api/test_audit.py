"""Audit endpoints: auditors only, their jurisdiction only; CSV of the same rows; chain check."""

import csv
import io

import pytest

from core.csvexport import safe_cell
from tests.factories import return_items, submit_accepted, tending_draft
from workflows import services as task_services
from workflows.engine import open_tasks

from .helpers import API

EVENT_KEYS = {
    "details",
    "seq",
    "at",
    "actor",
    "agency",
    "acting_body",
    "role",
    "application",
    "action",
    "from_status",
    "to_status",
    "opinion",
    "prev_hash",
    "hash",
}


def decided_beijing_application(applicant, reviewer):
    application = submit_accepted(application=tending_draft(by=applicant), by=applicant)
    task = open_tasks(application=application).get()
    task_services.task_decide(
        task_id=task.pk,
        by=reviewer,
        decision="return",
        opinion="补充小班图",
        items=return_items("补充小班图"),
    )
    return application


def test_auditor_lists_events_of_their_jurisdiction(client_for, applicant_my, reviewer_my, auditor):
    application = decided_beijing_application(applicant_my, reviewer_my)
    response = client_for(auditor).get(f"{API}/audit/events/")
    assert response.status_code == 200
    page = response.json()
    assert set(page) == {"count", "next", "previous", "results"}
    events = page["results"]
    assert {e["action"] for e in events} >= {"create", "attachment_added", "submit", "return"}
    assert all(set(e) == EVENT_KEYS for e in events)
    returned = next(e for e in events if e["action"] == "return")
    assert returned["opinion"] == "补充小班图"
    assert returned["from_status"] == "district_review" and returned["to_status"] == "returned"
    assert returned["actor"]["username"] == "district_my"
    assert returned["agency"]["code"] == "110118-forestry"
    assert returned["application"] == {"id": application.pk, "reference": application.reference}
    assert [e["seq"] for e in events] == sorted(e["seq"] for e in events)


def test_auditor_of_another_jurisdiction_sees_nothing(
    client_for, applicant_my, reviewer_my, auditor_tj
):
    decided_beijing_application(applicant_my, reviewer_my)
    response = client_for(auditor_tj).get(f"{API}/audit/events/")
    assert response.status_code == 200
    # Only their own jurisdiction's identity events (the auditor's own role, issue 47).
    events = response.json()["results"]
    assert {e["action"] for e in events} <= {"role_granted"}
    assert all(e["agency"]["code"] == "120119-audit" for e in events)


def test_filters(client_for, applicant_my, reviewer_my, auditor):
    application = decided_beijing_application(applicant_my, reviewer_my)
    client = client_for(auditor)

    def actions(**params):
        response = client.get(f"{API}/audit/events/", params)
        assert response.status_code == 200, response.json()
        return [e["action"] for e in response.json()["results"]]

    # The reviewer accepted (受理) the application, then returned it.
    assert actions(actor="district_my") == ["claim", "accept", "claim", "return"]
    assert actions(actor=str(reviewer_my.pk)) == ["claim", "accept", "claim", "return"]
    assert actions(agency="110118-forestry", action="return") == ["return"]
    assert actions(application=application.pk)[0] == "create"
    assert actions(application=application.pk + 1000) == []
    assert actions(since="2000-01-01T00:00:00+08:00", until="2100-01-01T00:00:00Z")
    assert actions(since="2100-01-01T00:00:00+08:00") == []

    response = client.get(f"{API}/audit/events/", {"since": "yesterday"})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["since"]


def test_csv_streams_the_same_rows(client_for, applicant_my, reviewer_my, auditor):
    decided_beijing_application(applicant_my, reviewer_my)
    client = client_for(auditor)
    rows = client.get(f"{API}/audit/events/", {"action": "return"}).json()["results"]

    response = client.get(
        f"{API}/audit/events/", {"format": "csv", "action": "return", "columns": "codes"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == len(rows) == 1
    assert table[0]["seq"] == str(rows[0]["seq"])
    assert table[0]["hash"] == rows[0]["hash"]
    assert table[0]["opinion"] == "补充小班图"
    assert table[0]["actor.username"] == "district_my"
    assert table[0]["agency.name"] == "密云区园林绿化局"


def test_non_auditors_are_refused(client_for, applicant_my, reviewer_my):
    for user in (applicant_my, reviewer_my):
        client = client_for(user)
        for url in (
            f"{API}/audit/events/",
            f"{API}/audit/events/?format=csv",
            f"{API}/audit/verify/",
        ):
            response = client.get(url)
            assert response.status_code == 403
            assert response["Content-Type"] == "application/json"
            assert response.json()["errors"][0]["code"] == "permission_denied"
    assert client_for(None).get(f"{API}/audit/verify/").status_code == 401


def test_verify_reports_an_intact_chain(client_for, applicant_my, reviewer_my, auditor):
    decided_beijing_application(applicant_my, reviewer_my)
    response = client_for(auditor).get(f"{API}/audit/verify/")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["first_bad_seq"] is None
    assert body["events"] >= 5


def test_event_details_are_part_of_the_event_format(db):
    """``details`` (e.g. an approval against a disagreement) is added to api.md's core fields."""
    from api.serializers.audit import AuditEventSerializer
    from audit.trail import audit_record

    event = audit_record(action="approve", details={"against_disagreement": ["bj-ecology"]})
    assert AuditEventSerializer(event).data["details"] == {"against_disagreement": ["bj-ecology"]}


@pytest.mark.parametrize(
    "opinion",
    ['=HYPERLINK("http://evil.example","点此")', "+1+1", "-2+3", "@SUM(A1)"],
)
def test_csv_cells_that_start_a_formula_are_quoted(
    client_for, applicant_my, reviewer_my, auditor, opinion
):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    task = open_tasks(application=application).get()
    task_services.task_decide(
        task_id=task.pk, by=reviewer_my, decision="return", opinion=opinion, items=return_items()
    )

    response = client_for(auditor).get(
        f"{API}/audit/events/", {"format": "csv", "action": "return", "columns": "codes"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(text, newline="")))
    assert row["opinion"] == "'" + opinion


def test_safe_cell_quotes_tab_and_carriage_return_too():
    # Opinions are stripped by the services; other cells (names, details) may start with them.
    assert safe_cell("\t=1") == "'\t=1" and safe_cell("\r=1") == "'\r=1"


def test_safe_cell_leaves_ordinary_text_alone():
    assert [safe_cell(v) for v in ("补充小班图", "", None, 12, "a=b", "1-2")] == [
        "补充小班图",
        "",
        "",
        "12",
        "a=b",
        "1-2",
    ]


@pytest.mark.django_db
def test_an_auditor_who_is_also_an_applicant_exports_only_what_they_audit(client):
    """A Tianjin auditor who is also a member of a Beijing applicant organisation sees that
    organisation's files as an applicant: none of their events (with the countersign opinions)
    reach the audit export, while the Beijing auditor reads those opinions."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from roles.models import Organisation, Role
    from roles.services import role_grant

    call_command("seed_demo", verbosity=0)
    dual = get_user_model().objects.get(username="auditor_tj")
    organisation = Organisation.objects.get(memberships__user__username="applicant_corp")
    role_grant(user=dual, role=Role.APPLICANT, organisation=organisation)
    opinions = {
        event["application"]["reference"]: event["opinion"]
        for event in _events(client, "auditor_bj")
        if event["action"] in ("agree", "disagree")
    }
    own = set(organisation.applications.values_list("reference", flat=True))
    assert own & set(opinions) and any(opinions[ref] for ref in own & set(opinions))

    seen = {
        event["application"]["reference"]
        for event in _events(client, "auditor_tj")
        if event["application"]  # events of no application: absences, layers, routes
    }
    response = client.get("/api/v1/audit/events/", {"format": "csv"})
    csv = b"".join(response.streaming_content).decode()

    assert seen and not seen & own
    assert not any(reference in csv for reference in own)


def _events(client, username: str) -> list[dict]:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    events, url = [], "/api/v1/audit/events/?page_size=1000"
    while url:
        body = client.get(url).json()
        events += body["results"]
        url = body["next"]
    return events


def test_events_of_no_application_are_seen_by_the_auditors_of_their_jurisdiction(
    client_for, auditor, auditor_tj, reviewer_my, reviewer_my2
):
    """product.md §6 and §11: auditors see everything in their jurisdiction, an absence, a map
    layer and a route change too; those of another jurisdiction do not, nor do reviewers."""
    from datetime import date

    from audit.models import AuditEvent
    from tests.factories import UserFactory
    from tests.zones.helpers import LAT, LON, box, zone_layer
    from workflows import people
    from workflows.models import Route

    people.absence_declare(
        by=reviewer_my,
        substitute_username="district_my2",
        starts=date(2026, 12, 1),
        ends=date(2026, 12, 5),
    )
    zone_layer("eco_control", (box(LON, LAT, 0.01, 0.01), "密云生态控制区"))
    route = Route.objects.get(jurisdiction_id="110000", kind="occupation")
    task_services.route_save(
        route=route, by=UserFactory(is_superuser=True), save_related=lambda r: None
    )
    actions = {"absence", "layer_imported", "route_changed"}
    assert set(AuditEvent.objects.filter(application=None).values_list("action", flat=True)) >= (
        actions
    )

    def seen(user) -> set[str]:
        rows = client_for(user).get(f"{API}/audit/events/", {"page_size": 500}).json()["results"]
        return {row["action"] for row in rows} & actions

    assert seen(auditor) == actions
    assert seen(auditor_tj) == set()
    codes = {"format": "csv", "columns": "codes"}
    response = client_for(auditor).get(f"{API}/audit/events/", codes)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert actions <= {row["action"] for row in csv.DictReader(io.StringIO(text))}
    assert client_for(reviewer_my).get(f"{API}/audit/events/").status_code == 403
