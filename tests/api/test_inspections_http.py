"""Inspections (检查验收, product.md §17 A2; api.md "The law's letter, supervision, …"): an
accepted completion filing opens one; the head assigns two or more of the agency's staff and the
day, which draws the sample from a recorded seed; an assigned inspector records the result per
小班 against the thresholds; pass → ``accepted`` with a numbered 检查验收意见书, fail →
``non_compliant`` and a rectification with its 责令限期整改通知书."""

import pytest
import time_machine

from audit.models import AuditEvent
from documents.models import Certificate
from permits.choices import NotificationKind
from permits.models import Application, Notification, Obligation
from roles.models import Role
from supervision.checks import sample_draw, spot_check_draw
from supervision.models import Inspection, Rectification
from tests.factories import member

from .helpers import API, error_fields

MEASURED = [
    {"compartment": "12-3", "measured_area_ha": "6.1", "operation_type": "young_forest_tending"},
    {"compartment": "12-4", "measured_area_ha": "6.4", "operation_type": "young_forest_tending"},
]


@pytest.fixture
def other_head(reference_data):
    """Head of 延庆区园林绿化局: sees none of 密云's permits."""
    return member(role=Role.HEAD, agency_code="110119-forestry", username="head_yq")


def _assign(client, inspection, **body):
    data = {"inspectors": ["district_my", "district_my2"], "planned_on": "2026-11-30", **body}
    return client.post(f"{API}/inspections/{inspection.pk}/assign/", data, format="json")


def _result(client, inspection, **body):
    data = {"parcels": MEASURED, "score": "92", "outcome": "pass", **body}
    return client.post(f"{API}/inspections/{inspection.pk}/result/", data, format="json")


def test_an_accepted_completion_opens_an_inspection_for_the_district(
    client_for, applicant_my, head_my, inspection
):
    assert (inspection.kind, inspection.status) == ("completion", "planned")
    assert inspection.agency.code == "110118-forestry"
    assert inspection.thresholds["area_tolerance_pct"] == "5"
    listed = client_for(head_my).get(f"{API}/inspections/?status=planned").json()["results"]
    assert [row["id"] for row in listed] == [inspection.pk]
    assert listed[0]["application"]["reference"] == inspection.application.reference
    assert client_for(applicant_my).get(f"{API}/inspections/").json()["results"] == []
    assert AuditEvent.objects.filter(action="inspection_opened").count() == 1


def test_the_head_assigns_and_the_sample_is_drawn_again_from_its_seed(
    client_for, head_my, reviewer_my, reviewer_my2, other_head, inspection
):
    assert _assign(client_for(reviewer_my), inspection).status_code == 403  # not the head
    assert _assign(client_for(other_head), inspection).status_code == 404  # another district
    head = client_for(head_my)
    refusals = {
        "too_few": ({"inspectors": ["district_my"]}, {"inspectors": "too_few"}),
        "twice": ({"inspectors": ["district_my", "district_my"]}, {"inspectors": "too_few"}),
        "stranger": (
            {"inspectors": ["district_my", "head_yq"]},
            {"inspectors": "not_agency_staff"},
        ),
        "past": ({"planned_on": "2026-01-01"}, {"planned_on": "invalid"}),
        "not_a_day": ({"planned_on": "2026-13-01"}, {"planned_on": "invalid"}),
    }
    with time_machine.travel("2026-11-25 09:00 +0800", tick=False):
        for name, (body, expected) in refusals.items():
            response = _assign(head, inspection, **body)
            assert response.status_code == 400, name
            assert error_fields(response) == expected, name
        response = _assign(head, inspection)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "assigned" and body["inspectors"] == ["district_my", "district_my2"]
    assert body["sample"] == ["12-3", "12-4"]  # all of them up to five
    event = AuditEvent.objects.get(action="inspection_assigned")
    draw = event.details["draw"]
    assert draw["sample"] == sample_draw(
        draw["population"], draw["seed"], all_up_to=draw["all_up_to"], pct=draw["pct"]
    )


def test_a_pass_accepts_the_design_with_a_numbered_report(
    client_for, head_my, reviewer_my, reviewer_my2, applicant_my, inspection
):
    with time_machine.travel("2026-11-25 09:00 +0800", tick=False):
        assert _assign(client_for(head_my), inspection).status_code == 200
    inspector = client_for(reviewer_my2)
    assert _result(client_for(head_my), inspection).status_code == 403  # not an inspector
    refusals = {
        "missing": ({"parcels": MEASURED[:1]}, {"parcels": "missing"}),
        "negative": (
            {"parcels": [{**MEASURED[0], "measured_area_ha": "-1"}, MEASURED[1]]},
            {"parcels[0].measured_area_ha": "invalid"},
        ),
        "over_site": (
            {"parcels": [{**MEASURED[0], "measured_area_ha": "13"}, MEASURED[1]]},
            {"parcels[0].measured_area_ha": "invalid"},
        ),
        "score": ({"score": "101"}, {"score": "invalid"}),
        "refuted": (
            {"parcels": [{**MEASURED[0], "operation_type": "thinning"}, MEASURED[1]]},
            {"outcome": "thresholds_failed"},
        ),
        "notes_unsaid": ({"outcome": "pass_with_notes"}, {"findings": "required"}),
    }
    for name, (body, expected) in refusals.items():
        response = _result(inspector, inspection, **body)
        assert response.status_code == 400, name
        assert error_fields(response) == expected, name
    assert Inspection.objects.get(pk=inspection.pk).status == "assigned"  # nothing kept
    response = _result(inspector, inspection)
    assert response.status_code == 200, response.json()
    assert response.json()["outcome"] == "pass" and response.json()["report_number"]
    application = Application.objects.get(pk=inspection.application_id)
    assert application.status == "accepted"
    report = Certificate.objects.get(document_kind="inspection_report")
    assert report.number == response.json()["report_number"]
    assert "检查验收意见书" in str(report.content) or report.content
    assert _result(inspector, inspection).status_code == 409
    event = AuditEvent.objects.get(action="inspection_recorded")
    assert (event.from_status, event.to_status) == ("approved", "accepted")


def test_a_fail_finds_the_permit_not_kept_and_orders_a_rectification(
    client_for, head_my, reviewer_my, reviewer_my2, inspection
):
    with time_machine.travel("2026-11-25 09:00 +0800", tick=False):
        assert _assign(client_for(head_my), inspection).status_code == 200
    with time_machine.travel("2026-11-30 15:00 +0800", tick=False):
        response = _result(
            client_for(reviewer_my),
            inspection,
            parcels=[{**MEASURED[0], "operation_type": "thinning"}, MEASURED[1]],
            score="55",
            outcome="fail",
            findings="12-3小班实施了间伐，与设计的中幼林抚育不符",
        )
    assert response.status_code == 200, response.json()
    application = Application.objects.get(pk=inspection.application_id)
    assert application.status == "non_compliant"
    rectification = Rectification.objects.get(application=application)
    assert rectification.status == "open"
    assert rectification.deadline.isoformat() == "2026-12-30"
    assert "12-3" in rectification.items[0]["message"]
    assert rectification.notice.document_kind == "rectification_notice"
    assert AuditEvent.objects.filter(action="rectification_ordered").count() == 1
    told = Notification.objects.filter(application=application).values_list("kind", flat=True)
    assert {NotificationKind.INSPECTION_RESULT, NotificationKind.RECTIFICATION} <= set(told)
    assert NotificationKind.FILING not in told


@pytest.fixture
def rectification(client_for, head_my, reviewer_my, reviewer_my2, inspection):
    """The inspection failed on 30 November 2026: its rectification is open."""
    with time_machine.travel("2026-11-25 09:00 +0800", tick=False):
        assert _assign(client_for(head_my), inspection).status_code == 200
    with time_machine.travel("2026-11-30 15:00 +0800", tick=False):
        response = _result(
            client_for(reviewer_my),
            inspection,
            parcels=[{**MEASURED[0], "operation_type": "thinning"}, MEASURED[1]],
            score="55",
            outcome="fail",
            findings="12-3小班实施了间伐",
        )
    assert response.status_code == 200, response.json()
    return Rectification.objects.get(application_id=inspection.application_id)


def test_a_rectification_is_answered_and_closed_then_inspected_again(
    client_for, applicant_my, applicant_yq, reviewer_my, head_my, rectification
):
    url = f"{API}/rectifications/{rectification.pk}"
    holder = client_for(applicant_my)
    listed = holder.get(f"{API}/rectifications/?status=open").json()["results"]
    assert [row["id"] for row in listed] == [rectification.pk]
    assert listed[0]["notice_number"] == rectification.notice.number
    assert (
        client_for(applicant_yq).post(f"{url}/answer/", {"answer": "x"}, format="json").status_code
        == 404
    )
    assert (
        client_for(reviewer_my).post(f"{url}/answer/", {"answer": "x"}, format="json").status_code
        == 403
    )
    # Closing before the holder's answer is refused; so is an answer without text.
    assert (
        client_for(reviewer_my).post(f"{url}/close/", {"note": "x"}, format="json").status_code
        == 409
    )
    assert error_fields(holder.post(f"{url}/answer/", {"answer": " "}, format="json")) == {
        "answer": "required"
    }
    answered = holder.post(
        f"{url}/answer/", {"answer": "已按中幼林抚育措施补植，并办理采伐许可证。"}, format="json"
    )
    assert answered.status_code == 200, answered.json()
    assert answered.json()["status"] == "answered"
    assert holder.post(f"{url}/close/", {"note": "x"}, format="json").status_code == 403
    assert error_fields(
        client_for(reviewer_my).post(f"{url}/close/", {"note": ""}, format="json")
    ) == {"note": "required"}
    closed = client_for(reviewer_my).post(
        f"{url}/close/", {"note": "经复核，整改到位，予以销号。"}, format="json"
    )
    assert closed.status_code == 200, closed.json()
    assert closed.json()["status"] == "closed"
    application = Application.objects.get(pk=rectification.application_id)
    assert application.status == "approved"  # as before the finding
    again = Inspection.objects.filter(application=application, status="planned").get()
    assert again.kind == "completion"  # the work is inspected again
    assert (
        client_for(head_my).post(f"{url}/escalate/", {"note": "x"}, format="json").status_code
        == 409
    )
    actions = list(
        AuditEvent.objects.filter(action__startswith="rectification_").values_list(
            "action", flat=True
        )
    )
    assert actions == ["rectification_ordered", "rectification_answered", "rectification_closed"]


def test_an_unanswered_rectification_is_escalated(client_for, head_my, rectification):
    response = client_for(head_my).post(
        f"{API}/rectifications/{rectification.pk}/escalate/",
        {"note": "逾期未整改，报局领导研究处理。"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "escalated"
    # Escalation revokes nothing: the permit stays found not kept (§18 decides more).
    assert Application.objects.get(pk=rectification.application_id).status == "non_compliant"


def test_a_filing_found_not_compliant_orders_a_rectification(
    client_for, applicant_my, agriculture_reviewer_my, introduction
):
    with time_machine.travel("2026-04-01 09:00 +0800", tick=False):
        first = (
            client_for(applicant_my)
            .get(f"{API}/applications/{introduction.pk}/obligations/")
            .json()[0]
        )
        filed = client_for(applicant_my).post(
            f"{API}/obligations/{first['id']}/filings/",
            {"data": {"alive_count": 480, "escaped": False, "containment": "contained"}},
            format="json",
        )
        assert filed.status_code == 201
        reviewer = client_for(agriculture_reviewer_my)
        (task,) = reviewer.get(f"{API}/tasks/?step=obligation_review&queue=queue").json()["results"]
        decided = reviewer.post(
            f"{API}/tasks/{task['id']}/decide/",
            {"decision": "non_compliant", "opinion": "网箱破损，须加固并补报逃逸情况"},
            format="json",
        )
    assert decided.status_code == 200, decided.json()
    rectification = Rectification.objects.get(application=introduction)
    assert rectification.items == [{"message": "网箱破损，须加固并补报逃逸情况"}]
    assert rectification.status_before == "approved"
    assert rectification.notice.document_kind == "rectification_notice"


def test_the_sample_is_not_shown_to_the_holder_before_the_inspection(
    client_for, applicant_my, head_my, reviewer_my, reviewer_my2, inspection
):
    """抚育办法 第二十六条（二）: 检查样本不得提前公开 (docs/legal-basis.md, F7)."""
    with time_machine.travel("2026-11-25 09:00 +0800", tick=False):
        assert _assign(client_for(head_my), inspection).status_code == 200
    url = f"{API}/applications/{inspection.application_id}/history/"

    def assigned(user):
        events = client_for(user).get(url).json()
        (event,) = [e for e in events if e["action"] == "inspection_assigned"]
        return event["details"]

    assert "draw" not in assigned(applicant_my)
    assert assigned(head_my)["draw"]["sample"] == ["12-3", "12-4"]


def test_the_tick_tells_of_an_unanswered_rectification_once(head_my, rectification):
    from django.core.management import call_command

    from permits.models import Notification

    assert rectification.deadline.isoformat() == "2026-12-30"
    for moment in ("2026-12-30 23:00 +0800", "2026-12-31 08:00 +0800", "2027-01-01 08:00 +0800"):
        with time_machine.travel(moment, tick=False):
            call_command("permits_tick")
    assert AuditEvent.objects.filter(action="rectification_overdue").count() == 1
    told = Notification.objects.filter(recipient=head_my, kind="overdue")
    assert told.filter(message__contains="2026-12-30").count() == 1


def test_an_obligation_long_overdue_proposes_a_rectification_across_the_year(
    agriculture_reviewer_my, introduction
):
    """The yearly control report is due on 30 November 2026; 30 days later (the standard's
    rectification_after_days) the district agency is told, once, whichever ticks run around
    the new year."""
    from django.core.management import call_command

    from permits.models import Notification

    for moment in (
        "2026-12-01 08:00 +0800",  # overdue now
        "2026-12-30 23:59 +0800",  # 30 days: not yet more than 30
        "2026-12-31 00:01 +0800",  # 31 days
        "2027-01-01 00:01 +0800",
    ):
        with time_machine.travel(moment, tick=False):
            call_command("permits_tick")
    proposed = AuditEvent.objects.filter(action="rectification_proposed").order_by("seq")
    # Monitoring no. 1 (due 2 September) at the first tick, the yearly report on 31 December.
    assert [(e.details["kind"], e.details["days_overdue"]) for e in proposed] == [
        ("monitoring", 90),
        ("annual_control", 31),
    ]
    annual = Obligation.objects.get(application=introduction, kind="annual_control")
    assert annual.rectification_proposed_at is not None and annual.status == "overdue"
    assert Notification.objects.filter(
        recipient=agriculture_reviewer_my, message__contains="31"
    ).exists()


def test_the_head_forest_draws_the_years_spot_checks_once(
    client_for, head_my, reviewer_my, reviewer_my2, approver, head_forest, inspection
):
    with time_machine.travel("2026-11-25 09:00 +0800", tick=False):
        assert _assign(client_for(head_my), inspection).status_code == 200
    with time_machine.travel("2026-11-30 15:00 +0800", tick=False):
        assert _result(client_for(reviewer_my2), inspection).status_code == 200
    url = f"{API}/inspections/spot-checks/"
    with time_machine.travel("2026-12-15 09:00 +0800", tick=False):
        assert client_for(head_my).post(url, {"year": 2026}, format="json").status_code == 403
        head = client_for(head_forest)
        assert error_fields(head.post(url, {"year": 2031}, format="json")) == {"year": "invalid"}
        response = head.post(url, {"year": 2026}, format="json")
        assert response.status_code == 201, response.json()
        again = head.post(url, {"year": 2026}, format="json")
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "already_drawn"
    draw = response.json()
    assert draw["population"] == [inspection.application_id] and draw["pct"] == 10
    assert draw["sample"] == [inspection.application_id]  # 10 % of one, rounded up
    assert draw["sample"] == spot_check_draw(draw["population"], draw["seed"], pct=draw["pct"])
    spot = Inspection.objects.get(kind="spot_check")
    assert spot.agency.code == "bj-forestry" and spot.status == "planned"
    event = AuditEvent.objects.get(action="spot_checks_drawn")
    assert event.details["sample"] == [inspection.application.reference]
    listed = client_for(approver).get(f"{API}/inspections/?kind=spot_check").json()["results"]
    assert [row["id"] for row in listed] == [spot.pk]


def test_tianjin_draws_no_spot_checks(client_for, reference_data):
    head = member(role=Role.HEAD, agency_code="tj-forestry", username="head_tj_forest")
    response = client_for(head).post(
        f"{API}/inspections/spot-checks/", {"year": 2026}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "no_spot_checks"


def test_an_overdue_obligation_is_ordered_corrected_without_changing_the_permit(
    client_for,
    applicant_my,
    applicant_yq,
    agriculture_reviewer_my,
    agriculture_approver,
    introduction,
):
    from django.core.management import call_command

    first = Obligation.objects.filter(application=introduction, kind="monitoring").first()
    url = f"{API}/obligations/{first.pk}/rectification/"
    body = {"opinion": "第1期监测报告逾期未报，限期补报"}
    reviewer = client_for(agriculture_reviewer_my)
    assert reviewer.post(url, body, format="json").status_code == 409  # not overdue yet
    with time_machine.travel("2026-10-05 09:00 +0800", tick=False):
        call_command("permits_tick")
        assert client_for(applicant_yq).post(url, body, format="json").status_code == 404
        assert client_for(applicant_my).post(url, body, format="json").status_code == 403
        assert client_for(agriculture_approver).post(url, body, format="json").status_code == 403
        assert error_fields(reviewer.post(url, {"opinion": ""}, format="json")) == {
            "opinion": "required"
        }
        ordered = reviewer.post(url, body, format="json")
        again = reviewer.post(url, body, format="json")
    assert ordered.status_code == 201, ordered.json()
    assert again.status_code == 409 and again.json()["errors"][0]["code"] == "already_ordered"
    rectification = Rectification.objects.get(pk=ordered.json()["id"])
    assert rectification.obligation_id == first.pk and rectification.status_before == "approved"
    assert (
        Application.objects.get(pk=introduction.pk).status == "approved"
    )  # lateness changes nothing
    assert rectification.notice.document_kind == "rectification_notice"


def test_the_december_draft_of_the_yearly_control_report_is_finalised_once(
    client_for, applicant_my, agriculture_reviewer_my, agriculture_approver, introduction
):
    """product.md §17 A5: the tick drafts it in December from the year's filings (an escape
    here), the deciding agency's approver finalises it, a final report never changes."""
    from django.core.management import call_command

    with time_machine.travel("2026-04-02 09:00 +0800", tick=False):
        escape = {
            "occurred_on": "2026-04-01",
            "escape_count": 2,
            "escape_place": "鱼池东侧排水口",
            "containment": "contained",
            "measures": "已捕回",
        }
        response = client_for(applicant_my).post(
            f"{API}/applications/{introduction.pk}/incidents/", {"data": escape}, format="json"
        )
        assert response.status_code == 201
    with time_machine.travel("2026-11-30 09:00 +0800", tick=False):
        call_command("permits_tick")  # not December: nothing drafted
    approver = client_for(agriculture_approver)
    assert approver.get(f"{API}/control-reports/").json()["results"] == []
    with time_machine.travel("2026-12-01 09:00 +0800", tick=False):
        call_command("permits_tick")
        call_command("permits_tick")
    (report,) = approver.get(f"{API}/control-reports/").json()["results"]
    assert (report["year"], report["status"], report["agency"]["code"]) == (
        2026,
        "draft",
        "bj-agriculture",
    )
    assert report["figures"]["totals"] == {"introductions": 1, "incidents": 1, "escaped": 2}
    assert client_for(applicant_my).get(f"{API}/control-reports/").json()["results"] == []
    url = f"{API}/control-reports/{report['id']}/finalise/"
    assert client_for(agriculture_reviewer_my).post(url, {}, format="json").status_code == 404
    done = approver.post(url, {"note": "全年发生逃逸1起，已处置"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "final"
    assert approver.post(url, {}, format="json").status_code == 409
    with time_machine.travel("2026-12-20 09:00 +0800", tick=False):
        call_command("permits_tick")
    assert AuditEvent.objects.filter(action="control_report_drafted").count() == 1
    assert AuditEvent.objects.filter(action="control_report_finalised").count() == 1
