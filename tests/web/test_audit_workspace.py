"""The auditor's workspace (issue 8 §4): event search, CSV, verification, per-official report;
auditors only, their jurisdiction only, read-only."""

import pytest
from django.urls import reverse

from tests.factories import committed, decide, submit_accepted, tending_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(applicant_my, applicant_jz, reviewer_my, reviewer_jz):
    miyun = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    committed(decide, miyun, reviewer_my, "return", "请补正小班图")

    tianjin = {"jurisdiction_id": "120000", "district_id": "120119", "village": "常州村"}
    jizhou = submit_accepted(application=tending_draft(by=applicant_jz, **tianjin), by=applicant_jz)
    return miyun, jizhou


def test_the_auditor_searches_the_events_of_the_jurisdiction(english, history, auditor, auditor_tj):
    miyun, jizhou = history
    english.force_login(auditor_tj)
    html = english.get(reverse("audit:index")).content.decode()
    assert jizhou.reference in html and miyun.reference not in html
    english.force_login(auditor)
    page = english.get(reverse("audit:index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert miyun.reference in html and jizhou.reference not in html
    found = english.get(reverse("audit:index"), {"action": "return", "actor": "district_my"})
    rows = list(found.context["page_obj"])
    assert [e.action for e in rows] == ["return"]
    outcome = english.get(reverse("audit:index"), {"outcome": "returned"}).context["page_obj"]
    # The return and the correction notice it issued (rendered, then signed) all left the
    # application returned.
    assert sorted(e.action for e in outcome) == [
        "certificate_issued",
        "certificate_signed",
        "return",
    ]
    bad = english.get(reverse("audit:index"), {"since": "someday", "action": "nonsense"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_the_agency_is_picked_by_name_among_the_jurisdictions_agencies(
    english, history, auditor, reviewer_my
):
    """Nobody knows an agency's internal code: the search offers the agencies of the auditor's
    jurisdiction by name (the value is the code the events store), and no other."""
    from roles.models import Agency

    english.force_login(auditor)
    page = english.get(reverse("audit:index"))
    field = page.context["form"].fields["agency"]
    choices = dict(field.choices)
    miyun = reviewer_my.memberships.get().agency
    assert choices[miyun.code] == miyun.name
    tianjin = Agency.objects.filter(jurisdiction_id="120000")
    assert tianjin.exists() and not set(tianjin.values_list("code", flat=True)) & set(choices)
    assert 'vf-field-select id="id_agency"' in page.content.decode()
    found = english.get(reverse("audit:index"), {"agency": miyun.code, "action": "return"})
    assert [e.action for e in found.context["page_obj"]] == ["return"]
    unknown = english.get(reverse("audit:index"), {"agency": "120119-forestry"})
    assert unknown.status_code == 200 and "agency" in unknown.context["form"].errors


def test_csv_is_the_same_rows_streamed(english, history, auditor):
    english.force_login(auditor)
    response = english.get(reverse("audit-events-csv"), {"action": "return"})
    assert response.status_code == 200 and response.streaming
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    # The reader's headings (English here), the action as people read it.
    assert lines[0].startswith("Sequence number,Time (Beijing time),") and len(lines) == 2
    assert "请补正小班图" in lines[1] and ",Returned for revision," in lines[1]
    # The time as the API's export writes it: local (Asia/Shanghai), not UTC.
    assert lines[1].split(",")[1].endswith("+08:00")
    codes = english.get(reverse("audit-events-csv"), {"action": "return", "columns": "codes"})
    header = b"".join(codes.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert header.startswith("seq,at,actor.id,actor.username")


def test_verification_and_the_official_report(english, history, auditor):
    english.force_login(auditor)
    verify = english.get(reverse("audit-verify"))
    assert 'data-ok="1"' in verify.content.decode()
    report = english.get(reverse("audit-official-report", args=["district_my"]))
    assert report.status_code == 200
    assert report.context["report"].by_outcome == {"accept": 1, "return": 1}
    assert english.get(reverse("audit-official-report", args=["district_jz"])).status_code == 404


@pytest.mark.parametrize("name", ["applicant_my", "reviewer_my", "approver", "head_my"])
def test_only_auditors_enter(english, history, name, request):
    english.force_login(request.getfixturevalue(name))
    for url in (
        reverse("audit:index"),
        reverse("audit-events-csv"),
        reverse("audit-verify"),
        reverse("audit-official-report", args=["district_my"]),
    ):
        assert english.get(url).status_code == 403, url


def test_the_workspace_is_read_only(english, history, auditor):
    english.force_login(auditor)
    for url in (reverse("audit:index"), reverse("audit-events-csv"), reverse("audit-verify")):
        assert english.post(url).status_code == 405


def test_the_workspace_lists_an_absence_of_its_jurisdiction(
    english, auditor, auditor_tj, reviewer_my, reviewer_my2
):
    from datetime import date

    from workflows import people

    people.absence_declare(
        by=reviewer_my,
        substitute_username="district_my2",
        starts=date(2026, 12, 1),
        ends=date(2026, 12, 2),
    )
    english.force_login(auditor)
    page = english.get(reverse("audit:index"), {"action": "absence"})
    assert page.status_code == 200
    assert [e.actor_username for e in page.context["page_obj"]] == ["district_my"]
    english.force_login(auditor_tj)
    assert (
        list(english.get(reverse("audit:index"), {"action": "absence"}).context["page_obj"]) == []
    )


def test_a_holders_act_names_the_holders_organisation(english, history, auditor, org_miyun):
    """Issue 45 item 15: the trail's agency column (机构, and the CSV's 机构代码) names the
    organisation a holder acted for, not the bureau the act was addressed to; an event recorded
    before events named the organisation reads it from its application."""
    from django.db import transaction

    from audit.models import AuditEvent
    from audit.trail import audit_record
    from roles.models import Agency

    miyun, _jizhou = history
    bureau = Agency.objects.get(code="110118-forestry")
    with transaction.atomic():  # as a holder's act was recorded before: the bureau, no name
        audit_record(
            action="permit_request",
            application=miyun,
            actor=miyun.created_by,
            agency=bureau,
            role="applicant",
            to_status=miyun.status,
        )
    submitted = AuditEvent.objects.get(application=miyun, action="submit")
    assert submitted.details["organisation"]["name"] == org_miyun.name
    english.force_login(auditor)
    page = english.get(reverse("audit:index"), {"application": miyun.reference})
    bodies = {row["event"].action: row["body"] for row in page.context["rows"]}
    assert bodies["submit"] == bodies["permit_request"] == org_miyun.name
    assert bodies["return"] == bureau.name
    response = english.get(
        reverse("audit-events-csv"), {"application": miyun.reference, "columns": "codes"}
    )
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:]]
    held = [row for row in rows if row["role"] == "applicant"]
    assert held and {row["acting_body.name"] for row in held} == {org_miyun.name}
    assert {row["acting_body.code"] for row in held} == {org_miyun.unified_credit_code}
    assert bureau.code not in {row["acting_body.code"] for row in held}
    # The recorded agency stays as the event's hash covers it; the JSON says the same body.
    from api.serializers.audit import AuditEventSerializer
    from audit.models import AuditEvent

    recorded = AuditEvent.objects.filter(application=miyun, role="applicant")
    listed = AuditEventSerializer(recorded.select_related("application__organisation"), many=True)
    assert {e["acting_body"]["name"] for e in listed.data} == {org_miyun.name}
    assert {e["agency"]["code"] for e in listed.data if e["agency"]} <= {bureau.code}
