"""The application services (permits.services): create, update, attach, submit, withdraw.

Each service is the only writer of its change and one transaction: a refusal changes nothing.
"""

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from core.errors import (
    InvalidInput,
    NotAllowed,
    RulesViolated,
    StateConflict,
    UploadTooLarge,
    UploadTypeRefused,
)
from core.messages import (
    MSG_ATTACHMENT_KIND,
    MSG_DISTRICT,
    MSG_END_BEFORE_START,
    MSG_NOT_APPLICANT,
    MSG_NOT_EDITABLE,
    MSG_REQUIRED_PERMITS,
    MSG_T3_BEIJING,
    MSG_T4,
    MSG_TOO_LARGE_PERMITS,
    MSG_TYPE_REFUSED,
    MSG_UNKNOWN_FIELD_PERMITS,
)
from licensing.revocation import permit_revoke
from permits import services
from permits.choices import Status
from permits.models import MUST_BE_POSITIVE, Application, Attachment
from permits.rules import tending as t
from tests.factories import (
    PDF_BYTES,
    applicant,
    pdf_upload,
    return_items,
    revoke_heard,
    submit_accepted,
    tending_data,
    tending_draft,
    tianjin_tending_data,
)
from workflows import services as task_services
from workflows.engine import open_tasks
from workflows.models import PermitProcess

pytestmark = pytest.mark.django_db


def create(by, **overrides):
    return services.application_create(by=by, kind="tending", data=tending_data(**overrides))


def problems_of(error) -> dict:
    return {p.field: p for p in error.value.problems}


def actions(application) -> list[str]:
    return list(
        AuditEvent.objects.filter(application_id=application.pk)
        .order_by("seq")
        .values_list("action", flat=True)
    )


def fresh(application):
    return Application.objects.get(pk=application.pk).detail


# --- create --------------------------------------------------------------------------------------


def test_create_makes_a_draft_of_the_applicants_organisation(applicant_my, org_miyun):
    application = fresh(create(applicant_my))
    assert application.status == Status.DRAFT
    assert application.organisation == org_miyun
    assert application.created_by == applicant_my
    assert application.canopy_density == Decimal("0.85")
    assert actions(application) == ["create"]


@pytest.mark.parametrize("persona", ["reviewer_my", "approver", "auditor", "outsider"])
def test_only_applicants_create(request, persona):
    user = request.getfixturevalue(persona)
    events = AuditEvent.objects.count()  # the persona's role grant is one (issue 47)
    with pytest.raises(NotAllowed) as error:
        create(user)
    assert error.value.detail == MSG_NOT_APPLICANT
    assert Application.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_district_must_belong_to_the_jurisdiction(applicant_my):
    with pytest.raises(InvalidInput) as error:
        create(applicant_my, district_id="120119")
    problem = problems_of(error)["district"]
    assert (problem.code, problem.message) == (
        "district_outside_jurisdiction",
        MSG_DISTRICT,
    )
    assert Application.objects.count() == 0


def test_end_must_not_be_before_start(applicant_my):
    with pytest.raises(InvalidInput) as error:
        create(applicant_my, start_date=date(2026, 5, 2), end_date=date(2026, 5, 1))
    problem = problems_of(error)["end_date"]
    assert (problem.code, problem.message) == ("end_before_start", MSG_END_BEFORE_START)


def test_one_day_operation_is_fine(applicant_my):
    application = create(applicant_my, start_date=date(2026, 5, 2), end_date=date(2026, 5, 2))
    assert application.pk


@pytest.mark.parametrize("canopy", [Decimal("1.5"), Decimal("-0.1")])
def test_canopy_density_is_between_0_and_1(applicant_my, canopy):
    with pytest.raises(InvalidInput) as error:
        create(applicant_my, canopy_density=canopy)
    assert set(problems_of(error)) == {"canopy_density"}


@pytest.mark.parametrize("area", [Decimal("-3"), Decimal("0")])
def test_area_must_be_positive(applicant_my, area):
    with pytest.raises(InvalidInput) as error:
        create(applicant_my, area_ha=area)
    problem = problems_of(error)["area_ha"]
    assert problem.message == str(MUST_BE_POSITIVE)


def test_thinning_intensity_is_a_percentage(applicant_my):
    with pytest.raises(InvalidInput) as error:
        create(applicant_my, operation_type="thinning", thinning_intensity_pct=Decimal("120"))
    assert set(problems_of(error)) == {"thinning_intensity_pct"}


def test_unknown_choice_is_refused_on_its_field(applicant_my):
    with pytest.raises(InvalidInput) as error:
        create(applicant_my, operation_type="clear_cut")
    assert problems_of(error)["operation_type"].code == "invalid_choice"


def test_a_draft_may_be_incomplete(applicant_my):
    application = services.application_create(
        by=applicant_my,
        kind="tending",
        data={"jurisdiction_id": "110000", "district_id": "110118"},
    )
    assert fresh(application).status == Status.DRAFT


def test_references_are_unique_and_sequential(applicant_my):
    first, second = create(applicant_my), create(applicant_my)
    assert first.reference != second.reference
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1


# --- update --------------------------------------------------------------------------------------


def test_update_a_draft(applicant_my):
    application = create(applicant_my)
    services.application_update(
        application=application, by=applicant_my, data={"title": "新标题", "area_ha": Decimal("3")}
    )
    application = fresh(application)
    assert (application.title, application.area_ha) == ("新标题", Decimal("3"))


def test_update_validates_like_create(applicant_my):
    application = create(applicant_my)
    with pytest.raises(InvalidInput) as error:
        services.application_update(
            application=application, by=applicant_my, data={"canopy_density": Decimal("1.5")}
        )
    assert set(problems_of(error)) == {"canopy_density"}
    assert fresh(application).canopy_density == Decimal("0.85")


def test_update_by_another_organisation_is_not_allowed(applicant_my, applicant_yq):
    application = create(applicant_my)
    with pytest.raises(NotAllowed):
        services.application_update(application=application, by=applicant_yq, data={"title": "x"})
    assert fresh(application).title == tending_data()["title"]


def test_a_colleague_of_the_same_organisation_may_update(applicant_my, org_miyun):
    colleague = applicant(organisation=org_miyun, username="applicant_my_2")
    application = create(applicant_my)
    services.application_update(application=application, by=colleague, data={"title": "同事修改"})
    assert fresh(application).title == "同事修改"


@pytest.mark.parametrize("persona", ["reviewer_my", "auditor", "outsider"])
def test_update_by_non_applicants_is_not_allowed(request, applicant_my, persona):
    application = create(applicant_my)
    with pytest.raises(NotAllowed):
        services.application_update(
            application=application, by=request.getfixturevalue(persona), data={"title": "x"}
        )


def test_update_after_submit_is_a_state_conflict(applicant_my):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    with pytest.raises(StateConflict) as error:
        services.application_update(application=application, by=applicant_my, data={"title": "x"})
    assert error.value.detail == MSG_NOT_EDITABLE
    application = fresh(application)
    assert (application.status, application.title) == (
        Status.DISTRICT_REVIEW,
        tending_data()["title"],
    )


def test_update_of_a_returned_application_is_allowed(applicant_my, reviewer_my):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    task = open_tasks(application=application).get()
    task_services.task_decide(
        task_id=task.pk,
        by=reviewer_my,
        decision="return",
        opinion="补充小班图",
        items=return_items(),
    )
    services.application_update(application=application, by=applicant_my, data={"title": "补正后"})
    assert fresh(application).title == "补正后"


# --- attachments ---------------------------------------------------------------------------------


def test_attachment_stores_the_sha256_of_its_content(applicant_my):
    application = create(applicant_my)
    attachment = services.attachment_add(
        application=application, by=applicant_my, kind="design_document", upload=pdf_upload()
    )
    attachment.refresh_from_db()
    assert attachment.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert attachment.size == len(PDF_BYTES)
    assert attachment.content_type == "application/pdf"
    assert attachment.name == "design.pdf"
    with attachment.file.open("rb") as stored:
        content = stored.read()
    assert hashlib.sha256(content).hexdigest() == attachment.sha256
    # Stored under a random name, never the uploaded one.
    assert "design" not in attachment.file.name
    event = AuditEvent.objects.get(application_id=application.pk, action="attachment_added")
    assert event.details["sha256"] == attachment.sha256


def test_oversize_upload_is_refused(applicant_my, settings):
    settings.PERMITS_UPLOAD_MAX_BYTES = 16
    application = create(applicant_my)
    with pytest.raises(UploadTooLarge) as error:
        services.attachment_add(
            application=application, by=applicant_my, kind="design_document", upload=pdf_upload()
        )
    assert error.value.status_code == 413
    assert error.value.problems[0].field == "file"
    assert error.value.problems[0].message == MSG_TOO_LARGE_PERMITS % {"limit": 0}
    assert not Attachment.objects.exists()
    assert actions(application) == ["create"]


def test_a_text_file_named_pdf_is_refused(applicant_my):
    application = create(applicant_my)
    fake = SimpleUploadedFile("design.pdf", b"just some text\n", content_type="application/pdf")
    with pytest.raises(UploadTypeRefused) as error:
        services.attachment_add(
            application=application, by=applicant_my, kind="design_document", upload=fake
        )
    assert error.value.status_code == 415
    assert error.value.problems[0].message == MSG_TYPE_REFUSED
    assert not Attachment.objects.exists()


def test_an_empty_file_is_refused(applicant_my):
    application = create(applicant_my)
    empty = SimpleUploadedFile("design.pdf", b"", content_type="application/pdf")
    with pytest.raises(UploadTypeRefused):
        services.attachment_add(
            application=application, by=applicant_my, kind="design_document", upload=empty
        )


def test_a_png_is_recognised_by_content_whatever_its_name(applicant_my):
    application = create(applicant_my)
    png = SimpleUploadedFile("map.dat", b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    attachment = services.attachment_add(
        application=application, by=applicant_my, kind="site_map", upload=png
    )
    assert attachment.content_type == "image/png"


def test_attachment_kind_must_be_one_of_the_contract_kinds(applicant_my):
    application = create(applicant_my)
    with pytest.raises(InvalidInput) as error:
        services.attachment_add(
            application=application, by=applicant_my, kind="selfie", upload=pdf_upload()
        )
    problem = problems_of(error)["kind"]
    assert (problem.code, problem.message) == ("invalid_choice", str(MSG_ATTACHMENT_KIND))
    assert not Attachment.objects.exists()
    assert actions(application) == ["create"]


def test_attachments_only_while_editable(applicant_my):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    with pytest.raises(StateConflict):
        services.attachment_add(
            application=application, by=applicant_my, kind="other", upload=pdf_upload()
        )
    assert Attachment.objects.filter(application_id=application.pk).count() == 1


def test_attachments_only_by_the_organisation(applicant_my, applicant_yq):
    application = create(applicant_my)
    with pytest.raises(NotAllowed):
        services.attachment_add(
            application=application, by=applicant_yq, kind="other", upload=pdf_upload()
        )


# --- submit --------------------------------------------------------------------------------------


def test_submit_waits_for_acceptance(applicant_my):
    application = task_services.application_submit(
        application=tending_draft(by=applicant_my), by=applicant_my, client_ip="10.1.2.3"
    )
    application = fresh(application)
    assert application.status == Status.SUBMITTED
    assert application.submitted_at is not None
    assert application.district_agency.code == "110118-forestry"
    assert application.lead_agency.code == "bj-forestry"
    assert PermitProcess.objects.filter(application_id=application.pk).count() == 1
    submit = AuditEvent.objects.get(application_id=application.pk, action="submit")
    assert (submit.from_status, submit.to_status, submit.client_ip) == (
        "draft",
        "submitted",
        "10.1.2.3",
    )


def test_submit_reports_every_problem_at_once_and_keeps_the_draft(applicant_my):
    application = services.application_create(
        by=applicant_my,
        kind="tending",
        data=tending_data(
            title="",
            design_unit="",
            compartments=[],
            operation_type="commercial_harvest",
            protection_class="reserve_core",
        ),
    )
    site_map = services.attachment_add(
        application=application, by=applicant_my, kind="site_map", upload=pdf_upload("map.pdf")
    )
    before = {
        k: v
        for k, v in Application.objects.filter(pk=application.pk).values().get().items()
        if k != "updated"
    }
    events_before = actions(application)

    with pytest.raises(RulesViolated) as error:
        submit_accepted(application=application, by=applicant_my)

    problems = error.value.problems
    missing = {p.field for p in problems if p.code == "required"}
    assert missing == {"title", "design_unit", "compartments"}
    assert all(
        p.message == MSG_REQUIRED_PERMITS and p.rule is None
        for p in problems
        if p.code == "required"
    )
    by_rule = {p.rule: p for p in problems if p.rule}
    assert set(by_rule) == {"T1", "T2", "T4"}
    assert (by_rule["T1"].field, by_rule["T1"].source) == ("operation_type", t.SOURCE_000_2_4)
    assert (by_rule["T2"].field, by_rule["T2"].source) == (
        "protection_class",
        t.SOURCE_000_2_3_CORE,
    )
    assert (by_rule["T4"].field, by_rule["T4"].source) == (
        "attachments",
        t.SOURCE_000_2_5_DESIGN,
    )
    assert all(p.code == "findings_blocking" and p.message for p in by_rule.values())
    # Advisory findings never stop a submission.
    assert "T5" not in by_rule and "T3" not in by_rule
    # Nothing happened: the draft, its fields and its attachment are as they were.
    after = {
        k: v
        for k, v in Application.objects.filter(pk=application.pk).values().get().items()
        if k != "updated"
    }
    assert after == before
    assert fresh(application).status == Status.DRAFT
    assert list(Attachment.objects.filter(application_id=application.pk)) == [site_map]
    assert actions(application) == events_before
    assert "submit" not in actions(application)
    assert not PermitProcess.objects.filter(application_id=application.pk).exists()


def test_rules_problem_dicts_follow_the_api_error_shape(applicant_my):
    application = tending_draft(by=applicant_my, with_design=False)
    with pytest.raises(RulesViolated) as error:
        submit_accepted(application=application, by=applicant_my)
    (problem,) = [p.as_dict() for p in error.value.problems]
    assert problem == {
        "field": "attachments",
        "code": "findings_blocking",
        "message": str(MSG_T4),
        "rule": "T4",
        "source": t.SOURCE_000_2_5_DESIGN,
    }


def test_thinning_without_intensity_cannot_be_submitted(applicant_my):
    application = tending_draft(by=applicant_my, operation_type="thinning")
    with pytest.raises(RulesViolated) as error:
        submit_accepted(application=application, by=applicant_my)
    assert [(p.field, p.code) for p in error.value.problems] == [
        ("thinning_intensity_pct", "required")
    ]


def test_tianjin_key_zone_thinning_is_refused_with_the_tianjin_clause(applicant_jz):
    application = services.application_create(
        by=applicant_jz,
        kind="tending",
        data=tianjin_tending_data(
            protection_class="key_zone",
            operation_type="thinning",
            thinning_intensity_pct=Decimal("15"),
        ),
    )
    services.attachment_add(
        application=application, by=applicant_jz, kind="design_document", upload=pdf_upload()
    )
    with pytest.raises(RulesViolated) as error:
        submit_accepted(application=application, by=applicant_jz)
    (problem,) = error.value.problems
    assert (problem.rule, problem.source) == ("T3", t.SOURCE_001_3_2_1_KEY_ZONE)


def test_submit_by_another_organisation_is_not_allowed(applicant_my, applicant_yq):
    application = tending_draft(by=applicant_my)
    with pytest.raises(NotAllowed):
        submit_accepted(application=application, by=applicant_yq)
    assert fresh(application).status == Status.DRAFT


def test_submitting_twice_is_a_state_conflict(applicant_my):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    count = AuditEvent.objects.count()
    with pytest.raises(StateConflict) as error:
        submit_accepted(application=application, by=applicant_my)
    assert error.value.status_code == 409
    assert AuditEvent.objects.count() == count
    assert PermitProcess.objects.filter(application_id=application.pk).count() == 1


# --- warnings ------------------------------------------------------------------------------------


def test_beijing_key_zone_thinning_warns_but_may_be_submitted(applicant_my):
    application = tending_draft(
        by=applicant_my,
        protection_class="key_zone",
        operation_type="thinning",
        thinning_intensity_pct=Decimal("15"),
    )
    warnings = services.application_warnings(application)
    assert [w.rule for w in warnings] == ["T3"]
    (t3,) = warnings
    assert (t3.field, t3.source, t3.message) == (
        "operation_type",
        t.SOURCE_000_2_3_KEY_ZONE,
        str(MSG_T3_BEIJING),
    )
    submit_accepted(application=application, by=applicant_my)
    assert fresh(application).status == Status.DISTRICT_REVIEW
    # The warning stays visible to the reviewers after submission.
    assert [w.rule for w in services.application_warnings(fresh(application))] == ["T3"]


def test_warnings_accept_the_base_application_row(applicant_my):
    application = tending_draft(by=applicant_my, forest_type="shrub", operation_type="pruning")
    base = Application.objects.get(pk=application.pk)
    assert [w.rule for w in services.application_warnings(base)] == ["T5"]


def test_a_rule_abiding_design_has_no_warnings(applicant_my):
    assert services.application_warnings(tending_draft(by=applicant_my)) == []


# --- withdraw and failed transitions -------------------------------------------------------------


def test_withdrawing_a_draft_is_refused_and_changes_nothing(applicant_my):
    application = tending_draft(by=applicant_my)
    count = AuditEvent.objects.count()
    with pytest.raises(StateConflict) as error:
        task_services.application_withdraw(
            application=application, by=applicant_my, reason="不做了"
        )
    assert error.value.problems[0].code == "invalid_transition"
    application = fresh(application)
    assert (application.status, application.decided_at) == (Status.DRAFT, None)
    assert AuditEvent.objects.count() == count


def test_withdraw_under_review(applicant_my):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    task_services.application_withdraw(
        application=application, by=applicant_my, reason=" 重新设计 "
    )
    application = fresh(application)
    assert application.status == Status.WITHDRAWN
    event = AuditEvent.objects.get(application_id=application.pk, action="withdraw")
    assert (event.from_status, event.to_status, event.opinion) == (
        "district_review",
        "withdrawn",
        "重新设计",
    )
    with pytest.raises(StateConflict):
        task_services.application_withdraw(
            application=application, by=applicant_my, reason="不再实施"
        )


def test_withdraw_by_another_organisation_is_not_allowed(applicant_my, applicant_yq):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    with pytest.raises(NotAllowed):
        task_services.application_withdraw(
            application=application, by=applicant_yq, reason="不再实施"
        )
    assert fresh(application).status == Status.DISTRICT_REVIEW


def test_revoking_a_permit_that_is_not_approved_is_a_state_conflict(applicant_my, approver):
    application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
    count = AuditEvent.objects.count()
    with pytest.raises(StateConflict):
        permit_revoke(
            ground="unqualified_applicant", application=application, by=approver, reason="违规"
        )
    assert fresh(application).status == Status.DISTRICT_REVIEW
    assert AuditEvent.objects.count() == count


def test_the_status_cannot_be_set_directly(applicant_my):
    """django-fsm-2 protected=True: only transitions move the status."""
    application = fresh(tending_draft(by=applicant_my))
    with pytest.raises(AttributeError):
        application.status = Status.APPROVED


def test_update_cannot_touch_what_is_not_the_applicants_to_change(applicant_my, org_yanqing):
    """Only the applicant's own facts are writable: not the reference, the owner or the route."""
    application = create(applicant_my)
    original = fresh(application)
    with pytest.raises(InvalidInput) as error:
        services.application_update(
            application=application,
            by=applicant_my,
            data={
                "title": "改了标题",
                "reference": "TD-1999-000001",
                "organisation_id": org_yanqing.pk,
                "lead_agency_id": None,
            },
        )
    problems = problems_of(error)
    assert set(problems) == {"reference", "organisation_id", "lead_agency_id"}
    assert {(p.code, p.message) for p in problems.values()} == {
        ("unknown_field", str(MSG_UNKNOWN_FIELD_PERMITS))
    }
    application = fresh(application)
    assert (application.reference, application.organisation_id, application.title) == (
        original.reference,
        original.organisation_id,
        original.title,
    )


def test_revoke_decides_on_the_stored_row_not_the_callers_copy(applicant_my, reviewer_my, approver):
    """The permission to revoke is judged on the row re-read under lock, not on a copy the caller
    loaded before submission (whose lead_agency_id is still empty)."""
    application = tending_draft(by=applicant_my)  # the caller's copy, from before submission
    submit_accepted(application=application, by=applicant_my)
    for user in (reviewer_my, approver):
        task = open_tasks(application=application).get()
        task_services.task_decide(task_id=task.pk, by=user, decision="approve")
    revoke_heard(application=application, by=approver, reason="擅自扩大作业范围")
    assert fresh(application).status == Status.REVOKED


@pytest.mark.parametrize("field", ["district", "jurisdiction"])
def test_a_relation_given_as_a_key_is_a_field_error(applicant_my, field):
    """``district`` and ``jurisdiction`` carry the rows a form or serializer read; a bare key
    there (``district_id`` carries keys) is the field's error on create and update, not a
    failure in the model's setter, and changes nothing."""
    key = {"district": "110118", "jurisdiction": "110000"}[field]
    count = Application.objects.count()
    with pytest.raises(InvalidInput) as error:
        services.application_create(
            by=applicant_my, kind="tending", data={**tending_data(), field: key}
        )
    assert [(p.field, p.code) for p in error.value.problems] == [(field, "invalid")]
    assert Application.objects.count() == count

    draft = tending_draft(by=applicant_my)
    with pytest.raises(InvalidInput) as error:
        services.application_update(application=draft, by=applicant_my, data={field: key})
    assert [(p.field, p.code) for p in error.value.problems] == [(field, "invalid")]
    assert Application.objects.get(pk=draft.pk).district_id == "110118"
