"""Returns name what to fix (product.md §11): items bound to a field or an attachment kind are
required and checked, the applicant's note is kept with the resubmission, and the reviewer's
diff compares the version returned with the version resubmitted."""

import pytest

from audit.models import AuditEvent
from core.errors import InvalidInput, StateConflict
from core.messages import MSG_REVIEW_RETURNED
from permits import services
from permits.models import Application
from tests.factories import open_task_of, pdf_upload, submit_accepted, tending_draft
from workflows import services as task_services
from workflows.models import ReviewDecision, Route
from workflows.selectors import resubmission_changes, resubmission_read_by
from workflows.services import (
    MSG_NOTE_INVALID,
    MSG_RETURN_ITEM_FIELD,
    MSG_RETURN_ITEM_KIND,
    MSG_RETURN_ITEMS_REQUIRED,
)

pytestmark = pytest.mark.django_db

ITEMS = [
    {"field": "stand_density", "attachment_kind": None, "message": "补充实测林分密度"},
    {"field": "area_ha", "attachment_kind": None, "message": "面积与设计书一致"},
    {"field": None, "attachment_kind": "site_map", "message": "补充作业区位图"},
    {"field": None, "attachment_kind": None, "message": "整体核对"},
]


def fresh(application):
    return Application.objects.get(pk=application.pk).detail


def submitted(applicant):
    draft = tending_draft(by=applicant)
    return submit_accepted(application=draft, by=applicant)


def return_with(application, reviewer, items=ITEMS):
    task_services.task_decide(
        task_id=open_task_of(application).pk,
        by=reviewer,
        decision="return",
        opinion="材料不全",
        items=items,
    )
    return fresh(application)


@pytest.mark.parametrize(
    ("items", "code", "message"),
    [
        (None, "required", str(MSG_RETURN_ITEMS_REQUIRED)),
        ([], "required", str(MSG_RETURN_ITEMS_REQUIRED)),
        (
            [{"field": "restoration_plan", "attachment_kind": None, "message": "x"}],
            "unknown_field",
            MSG_RETURN_ITEM_FIELD % {"number": 1, "field": "restoration_plan"},
        ),
        (
            [{"field": "status", "message": "x"}],
            "unknown_field",
            MSG_RETURN_ITEM_FIELD % {"number": 1, "field": "status"},
        ),
        (
            [{"message": "ok"}, {"attachment_kind": "selfie", "message": "x"}],
            "invalid_choice",
            MSG_RETURN_ITEM_KIND % {"number": 2, "kind": "selfie"},
        ),
    ],
)
def test_a_return_needs_items_naming_real_fields_and_kinds(
    applicant_my, reviewer_my, items, code, message
):
    application = submitted(applicant_my)
    with pytest.raises(InvalidInput) as refused:
        return_with(application, reviewer_my, items)
    [problem] = refused.value.problems
    assert (problem.field, problem.code, problem.message) == ("items", code, message)
    assert fresh(application).status == "district_review"
    assert not ReviewDecision.objects.filter(decision="return").exists()


def test_other_decisions_need_no_items(applicant_my, reviewer_my):
    application = submitted(applicant_my)
    task_services.task_decide(
        task_id=open_task_of(application).pk, by=reviewer_my, decision="approve", opinion="同意"
    )
    assert fresh(application).status == "municipal_review"


def test_the_return_keeps_the_version_returned(applicant_my, reviewer_my):
    return_with(submitted(applicant_my), reviewer_my)
    decision = ReviewDecision.objects.get(decision="return")
    assert decision.snapshot["stand_density"] == 1800
    assert [a["kind"] for a in decision.snapshot["attachments"]] == ["design_document"]
    assert [i.field or i.attachment_kind for i in decision.return_items.all()] == [
        "stand_density",
        "area_ha",
        "site_map",
        "",
    ]


def test_the_note_is_kept_with_the_resubmission_and_audited(applicant_my, reviewer_my):
    application = return_with(submitted(applicant_my), reviewer_my)
    submit_accepted(application=application, by=applicant_my, note=" 已补正 ")
    resubmission = ReviewDecision.objects.get(decision="return").resubmission
    assert resubmission.note == "已补正"
    assert resubmission.submitted_by == applicant_my
    event = AuditEvent.objects.filter(action="submit").order_by("-seq").first()
    assert event.details["note"] == "已补正"


@pytest.mark.parametrize("note", [3, None, ["x"], "长" * 2001])
def test_a_note_that_is_not_short_text_is_refused(applicant_my, reviewer_my, note):
    application = return_with(submitted(applicant_my), reviewer_my)
    with pytest.raises(InvalidInput) as refused:
        submit_accepted(application=application, by=applicant_my, note=note)
    assert refused.value.problems[0].field == "note"
    if not isinstance(note, str):
        assert refused.value.problems[0].message == str(MSG_NOTE_INVALID)
    assert fresh(application).status == "returned"


def test_the_diff_names_changed_fields_added_files_and_answered_items(applicant_my, reviewer_my):
    application = return_with(submitted(applicant_my), reviewer_my)
    services.application_update(
        application=application, by=applicant_my, data={"stand_density": 1650}
    )
    services.attachment_add(
        application=application, by=applicant_my, kind="site_map", upload=pdf_upload("map.pdf")
    )
    submit_accepted(application=application, by=applicant_my, note="已补正")

    task = open_task_of(application)
    changes = resubmission_changes(resubmission_read_by(task))
    assert changes["fields"] == [{"field": "stand_density", "before": 1800, "after": 1650}]
    assert [a["name"] for a in changes["attachments"]["added"]] == ["map.pdf"]
    assert changes["attachments"]["removed"] == []
    answered = [(item.field or item.attachment_kind, changed) for item, changed in changes["items"]]
    assert answered == [("stand_density", True), ("area_ha", False), ("site_map", True), ("", None)]


def test_a_first_submission_has_no_resubmission_to_read(applicant_my):
    application = submitted(applicant_my)
    assert resubmission_read_by(open_task_of(application)) is None


def test_a_second_return_is_compared_with_its_own_version(applicant_my, reviewer_my, approver):
    Route.objects.update(review_returns_max=2)  # a route that allows two (L4: one by default)
    application = return_with(submitted(applicant_my), reviewer_my)
    services.application_update(application=application, by=applicant_my, data={"area_ha": 11})
    submit_accepted(application=application, by=applicant_my, note="面积已改")
    task_services.task_decide(
        task_id=open_task_of(application).pk, by=reviewer_my, decision="approve", opinion="同意"
    )
    items = [{"field": "design_unit", "attachment_kind": None, "message": "设计单位资质"}]
    application = return_with(fresh(application), approver, items)
    services.application_update(
        application=application, by=applicant_my, data={"design_unit": "北京林业大学"}
    )
    submit_accepted(application=application, by=applicant_my, note="已更换")

    changes = resubmission_changes(resubmission_read_by(open_task_of(application)))
    assert [change["field"] for change in changes["fields"]] == ["design_unit"]
    assert resubmission_read_by(open_task_of(application)).note == "已更换"


# --- Returns for correction during review are limited (product.md §16 L4) ---------------------


def _state(application):
    return (
        Application.objects.get(pk=application.pk).status,
        ReviewDecision.objects.filter(application_id=application.pk).count(),
        AuditEvent.objects.count(),
        open_task_of(application).pk,
    )


def test_a_second_return_during_review_is_refused_and_changes_nothing(
    applicant_my, reviewer_my, approver
):
    """One return in review by default (the route's ``review_returns_max``), whichever step
    made it: the municipal step may not return what the district step returned before."""
    application = return_with(submitted(applicant_my), reviewer_my)
    submit_accepted(application=fresh(application), by=applicant_my, note="已补正")
    task_services.task_decide(
        task_id=open_task_of(application).pk, by=reviewer_my, decision="approve", opinion="同意"
    )
    before = _state(application)
    items = [{"field": "design_unit", "attachment_kind": None, "message": "设计单位资质"}]
    with pytest.raises(StateConflict) as refused:
        task_services.task_decide(
            task_id=open_task_of(application).pk,
            by=approver,
            decision="return",
            opinion="再补正",
            items=items,
        )
    assert refused.value.detail == str(MSG_REVIEW_RETURNED) % {"max": 1}
    assert [p.code for p in refused.value.problems] == ["returned_once"]
    assert _state(application) == before
    # The reviewer decides on what is there.
    task_services.task_decide(
        task_id=open_task_of(application).pk, by=approver, decision="approve", opinion="同意"
    )
    assert fresh(application).status == "approved"


def test_the_limit_is_the_routes_as_frozen_at_submission(applicant_my, reviewer_my):
    """A route that allows no return in review refuses the first; an edit of the route after
    submission does not change the running application's limit."""
    Route.objects.update(review_returns_max=0)
    application = submitted(applicant_my)
    Route.objects.update(review_returns_max=3)
    with pytest.raises(StateConflict):
        return_with(application, reviewer_my)
    assert fresh(application).status == "district_review"
