"""Site checks over HTTP (api.md "Site checks"; product.md §16 L12; Administrative Licensing Law
art. 34 para. 3): ``POST /tasks/{id}/site-check/`` records the 现场查验 of an occupation's
district step by two or more of its agency's staff, which the step's approval needs; the record
lists the checks, to the applicant too (evidence in their case)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from audit.trail import display_name
from core.messages import (
    MSG_AREA_WORKFLOWS,
    MSG_NOT_HERE_SITECHECKS,
    MSG_NOT_STAFF,
    MSG_NOT_YOUR_STEP_SITECHECKS,
    MSG_REQUIRED_WORKFLOWS,
)
from permits.models import Attachment
from roles.models import Role
from tests import factories
from tests.factories import (
    member,
    occupation_draft,
    open_task_of,
    submit,
    tending_draft,
    tianjin_occupation_draft,
)
from workflows.models import SiteCheck

from .helpers import (
    API,
    SITE_FINDINGS,
    decide,
    error_fields,
    pdf_file,
    record,
    site_check,
    site_checked,
    upload,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 9, 28, 10, tzinfo=SHANGHAI)
TODAY = "2026-09-28"


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def application(applicant_my):
    """A Beijing occupation under the 密云 district's review (submitted and accepted today)."""
    return submit(occupation_draft(by=applicant_my), applicant_my)


@pytest.fixture
def task(application):
    return open_task_of(application)


def names(*people) -> list[str]:
    return [person.username for person in people]


def nothing_stored() -> bool:
    return not SiteCheck.objects.exists() and not Attachment.objects.filter(kind="site_check")


# ---- the check and the record ----------------------------------------------------------------


def test_a_site_check_is_recorded_and_the_applicant_sees_it(
    client_for, application, task, reviewer_my, reviewer_my2, applicant_my
):
    reviewer = client_for(reviewer_my)
    # Named colleague first: the order the recorder names them is kept.
    response = site_check(
        reviewer, task.pk, inspectors=names(reviewer_my2, reviewer_my), measured_area_ha="1.85"
    )
    assert response.status_code == 201, response.json()
    check = response.json()
    stored = SiteCheck.objects.get()
    assert check == {
        "id": stored.pk,
        "checked_on": TODAY,
        "agency": {"code": "110118-forestry", "name": stored.agency.name},
        "inspectors": [
            {"username": "district_my2", "name": display_name(reviewer_my2)},
            {"username": "district_my", "name": display_name(reviewer_my)},
        ],
        "findings": SITE_FINDINGS,
        # A number, as every area of the API (the record's area_ha).
        "measured_area_ha": 1.85,
        "attachments": [],
        "recorded_by": {
            "id": reviewer_my.pk,
            "username": "district_my",
            "display_name": display_name(reviewer_my),
        },
        "recorded_at": check["recorded_at"],
    }
    assert check["recorded_at"].startswith(TODAY)
    assert stored.task_id == task.pk and stored.application_id == application.pk
    event = AuditEvent.objects.get(action="site_check")
    assert event.application_id == application.pk and event.opinion == SITE_FINDINGS
    assert event.details["inspectors"] == ["district_my2", "district_my"]
    assert event.details["measured_area_ha"] == "1.8500"

    # Evidence in the applicant's case (art. 34 verifies their materials): they see it whole.
    assert record(client_for(applicant_my), application.pk)["site_checks"] == [check]
    assert record(reviewer, application.pk)["site_checks"] == [check]


def test_the_inspectors_are_listed_as_named_on_the_day(
    client_for, application, task, reviewer_my, reviewer_my2
):
    """The check keeps who went, in the order named, with their names of the day: renaming an
    account later does not rewrite the record of the check."""
    reviewer = client_for(reviewer_my)
    site_check(reviewer, task.pk, inspectors=names(reviewer_my2, reviewer_my))
    named_then = display_name(reviewer_my2)
    reviewer_my2.first_name, reviewer_my2.last_name = "明", "李"
    reviewer_my2.save()
    [check] = record(reviewer, application.pk)["site_checks"]
    assert check["inspectors"] == [
        {"username": "district_my2", "name": named_then},
        {"username": "district_my", "name": display_name(reviewer_my)},
    ]


def test_the_record_has_no_site_checks_before_one_nor_for_other_kinds(
    client_for, application, applicant_my
):
    assert record(client_for(applicant_my), application.pk)["site_checks"] == []
    tending = submit(tending_draft(by=applicant_my), applicant_my)
    assert record(client_for(applicant_my), tending.pk)["site_checks"] == []


def test_the_record_lists_the_checks_oldest_first_in_constant_queries(
    client_for, application, task, reviewer_my, reviewer_my2, head_my, time_machine
):
    reviewer = client_for(reviewer_my)
    time_machine.move_to(datetime(2026, 9, 30, 10, tzinfo=SHANGHAI), tick=False)
    first = site_check(reviewer, task.pk, inspectors=names(reviewer_my, reviewer_my2))
    assert first.status_code == 201, first.json()

    def queries() -> tuple[int, int]:
        """All the record's queries, and those of its site checks."""
        with CaptureQueriesContext(connection) as captured:
            assert reviewer.get(f"{API}/applications/{application.pk}/").status_code == 200
        sql = [q["sql"] for q in captured.captured_queries]
        return len(sql), sum("workflows_sitecheck" in s for s in sql)

    queries()  # caches warmed (content types, the calendar)
    one = queries()
    assert one[1] == 2  # the checks, their files
    # Recorded later, of the day before: listed first (by the day of the check).
    body = {
        "checked_on": "2026-09-29",
        "inspectors": names(reviewer_my, reviewer_my2, head_my),
        "findings": "复核边界",
        "measured_area_ha": "2",
        "files": [pdf_file("现场照片.pdf"), pdf_file("查验记录.pdf")],
    }
    second = site_check(reviewer, task.pk, body, format="multipart")
    assert second.status_code == 201, second.json()
    listed = record(reviewer, application.pk)["site_checks"]
    assert [c["id"] for c in listed] == [second.json()["id"], first.json()["id"]]
    assert [c["checked_on"] for c in listed] == ["2026-09-29", "2026-09-30"]
    assert [i["username"] for i in listed[0]["inspectors"]] == [
        "district_my",
        "district_my2",
        "head_my",
    ]
    assert queries() == one


# ---- the approval needs it -------------------------------------------------------------------


def test_the_district_approves_an_occupation_only_after_a_site_check(
    client_for, application, task, reviewer_my, reviewer_my2
):
    reviewer = client_for(reviewer_my)
    refused = decide(reviewer, task.pk)
    assert refused.status_code == 409
    [error] = refused.json()["errors"]
    assert error["code"] == "site_check_required" and error["field"] is None
    assert error["message"] == str(MSG_REQUIRED_WORKFLOWS)
    assert record(reviewer, application.pk)["status"] == "district_review"

    site_checked(reviewer, task.pk, reviewer_my, reviewer_my2)
    approved = decide(reviewer, task.pk)
    assert approved.status_code == 200, approved.json()
    assert approved.json()["application"]["status"] == "consultation"
    # Later steps read it on the record.
    assert len(approved.json()["application"]["site_checks"]) == 1


def test_a_refusal_or_a_return_needs_no_site_check(client_for, task, reviewer_my):
    response = decide(client_for(reviewer_my), task.pk, "return", "补充位置图")
    assert response.status_code == 200, response.json()
    assert not SiteCheck.objects.exists()


def test_the_tianjin_district_step_works_the_same(client_for, applicant_jz, reviewer_jz, head_jz):
    application = submit(tianjin_occupation_draft(by=applicant_jz), applicant_jz)
    task = open_task_of(application)
    district = client_for(reviewer_jz)
    refused = decide(district, task.pk)
    assert refused.status_code == 409
    assert error_fields(refused) == {None: "site_check_required"}
    check = site_checked(district, task.pk, reviewer_jz, head_jz)
    assert check["agency"]["code"] == "120119-forestry"
    assert [i["username"] for i in check["inspectors"]] == ["district_jz", "head_jz"]
    approved = decide(district, task.pk)
    assert approved.status_code == 200, approved.json()
    assert approved.json()["application"]["status"] == "consultation"
    assert record(client_for(applicant_jz), application.pk)["site_checks"] == [check]


def test_the_head_of_the_agency_may_record_it(client_for, task, head_my, reviewer_my):
    check = site_checked(client_for(head_my), task.pk, head_my, reviewer_my)
    assert check["recorded_by"]["username"] == "head_my"


# ---- field problems --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inspectors", "code"),
    [
        (["district_my"], "too_few"),
        (["district_my", "district_my"], "too_few"),
        (["district_my", " "], "too_few"),
        ("district_my,district_my2", "too_few"),  # not a list
        (["district_my", 7], "too_few"),
        ([], "too_few"),
        (None, "too_few"),
        (["district_my", "district_yq"], "not_agency_staff"),  # of another district
        (["district_my", "applicant_my"], "not_agency_staff"),
        (["district_my", "nobody_at_all"], "not_agency_staff"),
    ],
)
def test_inspectors_are_two_different_staff_of_the_agency(
    client_for, task, reviewer_my, reviewer_yq, applicant_my, inspectors, code
):
    response = site_check(client_for(reviewer_my), task.pk, inspectors=inspectors)
    assert response.status_code == 400, response.json()
    assert error_fields(response) == {"inspectors": code}
    if code == "not_agency_staff":
        stranger = inspectors[1]
        message = str(MSG_NOT_STAFF).format(names=stranger)
        assert response.json()["errors"][0]["message"] == message
    assert nothing_stored()


def test_an_inactive_colleague_is_not_an_inspector(client_for, task, reviewer_my, reviewer_my2):
    reviewer_my2.is_active = False
    reviewer_my2.save()
    response = site_check(
        client_for(reviewer_my), task.pk, inspectors=names(reviewer_my, reviewer_my2)
    )
    assert error_fields(response) == {"inspectors": "not_agency_staff"}
    assert nothing_stored()


@pytest.mark.parametrize("area", ["0", 0, -1, "-1", "abc", 1e9, "1e9", "NaN", "Infinity", "", True])
def test_the_measured_area_is_a_positive_number_of_hectares(
    client_for, task, reviewer_my, reviewer_my2, area
):
    inspectors = names(reviewer_my, reviewer_my2)
    response = site_check(
        client_for(reviewer_my), task.pk, inspectors=inspectors, measured_area_ha=area
    )
    assert response.status_code == 400, response.json()
    assert error_fields(response) == {"measured_area_ha": "invalid"}
    assert response.json()["errors"][0]["message"] == str(MSG_AREA_WORKFLOWS)
    assert nothing_stored()


def test_a_json_number_is_an_area_too(client_for, task, reviewer_my, reviewer_my2):
    response = site_check(
        client_for(reviewer_my),
        task.pk,
        inspectors=names(reviewer_my, reviewer_my2),
        measured_area_ha=2.25,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["measured_area_ha"] == 2.25


@pytest.mark.parametrize(
    ("day", "code"),
    [
        ("2026-09-29", "invalid"),  # tomorrow
        ("2026-13-01", "invalid"),
        ("28/09/2026", "invalid"),
        ("", "invalid"),
        (20260928, "invalid"),
        ("2026-09-27", "before_submission"),  # the day before the application was submitted
    ],
)
def test_the_day_of_the_check_is_a_past_day_since_submission(
    client_for, task, reviewer_my, reviewer_my2, day, code
):
    inspectors = names(reviewer_my, reviewer_my2)
    response = site_check(client_for(reviewer_my), task.pk, inspectors=inspectors, checked_on=day)
    assert response.status_code == 400, response.json()
    assert error_fields(response) == {"checked_on": code}
    assert nothing_stored()


@pytest.mark.parametrize(
    ("findings", "code"),
    [("", "required"), ("   ", "required"), (None, "required"), ("查" * 4001, "max_length")],
)
def test_the_findings_are_written_down(client_for, task, reviewer_my, reviewer_my2, findings, code):
    inspectors = names(reviewer_my, reviewer_my2)
    response = site_check(
        client_for(reviewer_my), task.pk, inspectors=inspectors, findings=findings
    )
    assert response.status_code == 400, response.json()
    assert error_fields(response) == {"findings": code}
    assert nothing_stored()


def test_every_problem_is_answered_at_once(client_for, task, reviewer_my):
    response = site_check(client_for(reviewer_my), task.pk, {})
    assert response.status_code == 400
    assert error_fields(response) == {
        "checked_on": "invalid",
        "inspectors": "too_few",
        "measured_area_ha": "invalid",
        "findings": "required",
    }
    body = {
        "checked_on": "2027-01-01",
        "inspectors": ["district_my", "nobody"],
        "findings": " ",
        "measured_area_ha": "-3",
    }
    response = site_check(client_for(reviewer_my), task.pk, body)
    assert error_fields(response) == {
        "checked_on": "invalid",
        "inspectors": "not_agency_staff",
        "measured_area_ha": "invalid",
        "findings": "required",
    }
    assert nothing_stored()


def test_an_unknown_field_is_refused(client_for, task, reviewer_my, reviewer_my2):
    response = site_check(
        client_for(reviewer_my), task.pk, inspectors=names(reviewer_my, reviewer_my2), photos=[]
    )
    assert response.status_code == 400
    assert error_fields(response) == {"photos": "unknown_field"}
    assert nothing_stored()


# ---- where and who ---------------------------------------------------------------------------


def test_a_tending_design_has_no_site_check_step(
    client_for, applicant_my, reviewer_my, reviewer_my2
):
    tending = submit(tending_draft(by=applicant_my), applicant_my)
    response = site_check(
        client_for(reviewer_my),
        open_task_of(tending).pk,
        inspectors=names(reviewer_my, reviewer_my2),
    )
    assert response.status_code == 409
    assert error_fields(response) == {None: "not_a_site_check_step"}
    assert response.json()["errors"][0]["message"] == str(MSG_NOT_HERE_SITECHECKS)
    assert nothing_stored()


def test_acceptance_consultation_and_municipal_steps_take_none(
    client_for, applicant_my, reviewer_my, reviewer_my2, approver
):
    draft = occupation_draft(by=applicant_my)
    unaccepted = submit(draft, applicant_my, accepted=False)
    inspectors = names(reviewer_my, reviewer_my2)
    response = site_check(
        client_for(reviewer_my), open_task_of(unaccepted).pk, inspectors=inspectors
    )
    assert error_fields(response) == {None: "not_a_site_check_step"}

    factories.decide(unaccepted, reviewer_my)  # accepted, checked and approved by the district
    planner = member(role=Role.CONSULTANT, agency_code="bj-planning", username="plan")
    consultation = open_task_of(unaccepted)
    response = site_check(client_for(planner), consultation.pk, inspectors=["plan", "district_my"])
    assert response.status_code == 409
    assert error_fields(response) == {None: "not_a_site_check_step"}

    factories.decide(unaccepted, planner, "agree", "符合规划")
    municipal = open_task_of(unaccepted)
    response = site_check(client_for(approver), municipal.pk, inspectors=["muni_forest", "x"])
    assert response.status_code == 409
    assert error_fields(response) == {None: "not_a_site_check_step"}
    assert SiteCheck.objects.count() == 1  # the district's, before its approval


def test_a_closed_task_takes_none(client_for, task, reviewer_my, reviewer_my2):
    reviewer = client_for(reviewer_my)
    site_checked(reviewer, task.pk, reviewer_my, reviewer_my2)
    assert decide(reviewer, task.pk).status_code == 200
    response = site_check(reviewer, task.pk, inspectors=names(reviewer_my, reviewer_my2))
    assert response.status_code == 409
    assert error_fields(response) == {None: "task_closed"}
    assert SiteCheck.objects.count() == 1


def test_who_may_not_see_the_task_gets_404(
    client_for, task, reviewer_my, reviewer_my2, reviewer_yq, applicant_my, head_jz, outsider
):
    inspectors = names(reviewer_my, reviewer_my2)
    for user in (reviewer_yq, applicant_my, head_jz, outsider):
        response = site_check(client_for(user), task.pk, inspectors=inspectors)
        assert response.status_code == 404, user
        assert error_fields(response) == {None: "not_found"}
    assert site_check(client_for(reviewer_my), 999999, inspectors=inspectors).status_code == 404
    assert site_check(client_for(), task.pk, inspectors=inspectors).status_code in (401, 403)
    assert nothing_stored()


def test_who_sees_the_task_but_does_not_act_on_its_step_gets_403(
    client_for, application, task, reviewer_my, reviewer_my2, auditor
):
    inspectors = names(reviewer_my, reviewer_my2)
    response = site_check(client_for(auditor), task.pk, inspectors=inspectors)
    assert response.status_code == 403
    assert error_fields(response) == {None: "permission_denied"}
    assert response.json()["errors"][0]["message"] == str(MSG_NOT_YOUR_STEP_SITECHECKS)
    # The body is checked after whether one may act: a bad one is still a 403.
    assert site_check(client_for(auditor), task.pk, {"inspectors": "x"}).status_code == 403
    assert nothing_stored()


def test_a_consulted_agencys_reviewer(client_for, application, task, reviewer_my, reviewer_my2):
    """Under district review the consulted agency does not see the application (404); once it
    is consulted it sees it, and the district task it may not act on answers 403."""
    planner = member(role=Role.CONSULTANT, agency_code="bj-planning", username="plan")
    inspectors = names(reviewer_my, reviewer_my2)
    assert site_check(client_for(planner), task.pk, inspectors=inspectors).status_code == 404
    factories.decide(application, reviewer_my)  # the district's own check, then its approval
    assert record(client_for(planner), application.pk)["status"] == "consultation"
    response = site_check(client_for(planner), task.pk, inspectors=["plan", "district_my"])
    assert response.status_code == 403
    assert error_fields(response) == {None: "permission_denied"}
    assert SiteCheck.objects.count() == 1
    assert not SiteCheck.objects.filter(recorded_by=planner).exists()


# ---- its files -------------------------------------------------------------------------------


def test_a_multipart_check_stores_its_files(
    client_for, application, task, reviewer_my, reviewer_my2, applicant_my
):
    body = {
        "checked_on": TODAY,
        "inspectors": names(reviewer_my, reviewer_my2),  # the field repeated
        "findings": "界桩齐全",
        "measured_area_ha": "1.8",
        "files": [pdf_file("现场查验记录.pdf")],
    }
    response = site_check(client_for(reviewer_my), task.pk, body, format="multipart")
    assert response.status_code == 201, response.json()
    check = response.json()
    [attachment] = check["attachments"]
    assert attachment["kind"] == "site_check" and attachment["name"] == "现场查验记录.pdf"
    assert attachment["content_type"] == "application/pdf" and attachment["sha256"]
    stored = Attachment.objects.get(application=application, kind="site_check")
    assert stored.pk == attachment["id"]
    assert [i["username"] for i in check["inspectors"]] == ["district_my", "district_my2"]
    assert check["measured_area_ha"] == 1.8
    applicant = client_for(applicant_my)
    assert record(applicant, application.pk)["site_checks"][0]["attachments"] == [attachment]
    download = applicant.get(
        f"{API}/applications/{application.pk}/attachments/{attachment['id']}/download/"
    )
    assert download.status_code == 200


def test_an_applicant_may_not_add_a_site_check_file(client_for, applicant_my):
    draft = occupation_draft(by=applicant_my)
    response = upload(client_for(applicant_my), draft.pk, kind="site_check")
    assert response.status_code == 400
    assert error_fields(response) == {"kind": "invalid_choice"}
    assert not Attachment.objects.filter(kind="site_check").exists()


def test_a_multipart_check_with_one_inspector_is_refused(client_for, task, reviewer_my):
    body = {
        "checked_on": TODAY,
        "inspectors": "district_my",
        "findings": "x",
        "measured_area_ha": "1",
    }
    response = site_check(client_for(reviewer_my), task.pk, body, format="multipart")
    assert error_fields(response) == {"inspectors": "too_few"}
    assert nothing_stored()


def test_a_refused_upload_stores_nothing(client_for, application, task, reviewer_my, reviewer_my2):
    fake = SimpleUploadedFile("照片.pdf", b"MZ\x90\x00 an executable named .pdf")
    body = {
        "checked_on": TODAY,
        "inspectors": names(reviewer_my, reviewer_my2),
        "findings": "界桩齐全",
        "measured_area_ha": "1.8",
        "files": [pdf_file("现场查验记录.pdf"), fake],
    }
    response = site_check(client_for(reviewer_my), task.pk, body, format="multipart")
    assert response.status_code == 415
    assert list(error_fields(response).values()) == ["unsupported_type"]
    assert nothing_stored()
    assert not AuditEvent.objects.filter(action="site_check").exists()
    assert decide(client_for(reviewer_my), task.pk).status_code == 409  # still none
