"""Special procedures over HTTP (api.md "The law's letter"; Administrative Licensing Law art.
45): ``POST /tasks/{id}/special-procedure/`` pauses the decision period with a 特别程序期间告知书,
``POST /special-procedures/{id}/end/`` records the result (and its files) and lets it run again;
the record lists them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from core.messages import (
    MSG_AT_ACCEPTANCE,
    MSG_AT_ACCEPTANCE_APPROVAL,
    MSG_KIND_WORKFLOWS,
    MSG_KIND_WORKFLOWS_APPROVAL,
    MSG_NOT_YOUR_STEP_PROCEDURES,
)
from permits.models import Attachment
from tests.factories import design_licensed, open_task_of, submit, tending_draft
from workflows import services as task_services
from workflows.models import SpecialProcedure

from .helpers import API, decide, error_fields, pdf_file, record

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Monday 28 September 2026 (the National Day week follows; Saturday 10 October is a workday).
MONDAY = datetime(2026, 9, 28, 10, tzinfo=SHANGHAI)
# Accepted that Monday, a Beijing tending design is forwarded by the district within 20 working
# days (30 October) and decided by 北京市园林绿化局 within 20 more (art. 43).
DECISION_DUE = "2026-11-27"
BODY = {"kind": "expert_review", "reason": "需组织专家论证采伐强度", "expected_working_days": 10}


@pytest.fixture(autouse=True)
def _monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def application(applicant_my):
    """A Beijing tending design under the 密云 district's review."""
    return submit(tending_draft(by=applicant_my), applicant_my)


@pytest.fixture
def task(application):
    return open_task_of(application)


def start(client, task_id, **overrides):
    return client.post(
        f"{API}/tasks/{task_id}/special-procedure/", {**BODY, **overrides}, format="json"
    )


def end(client, procedure_id, body=None, format="json"):
    body = {"result": "专家论证同意按设计强度作业"} if body is None else body
    return client.post(f"{API}/special-procedures/{procedure_id}/end/", body, format=format)


def started(client, task_id) -> dict:
    response = start(client, task_id)
    assert response.status_code == 200, response.json()
    return response.json()


def documents(client, application_id) -> list[dict]:
    response = client.get(f"{API}/applications/{application_id}/documents/")
    assert response.status_code == 200
    return response.json()


# ---- the procedure's life --------------------------------------------------------------------


def test_a_special_procedure_pauses_the_period_and_its_end_lets_it_run(
    client_for, application, task, applicant_my, reviewer_my, time_machine
):
    reviewer, applicant = client_for(reviewer_my), client_for(applicant_my)
    before = record(applicant, application.pk)["deadline"]
    assert (before["paused"], before["decision_due_date"]) == (False, DECISION_DUE)
    assert before["deciding_agency"]["code"] == "bj-forestry"

    response = start(reviewer, task.pk)
    assert response.status_code == 200, response.json()
    procedure = response.json()
    notice = procedure.pop("notice")
    assert procedure == {
        "id": procedure["id"],
        "kind": "expert_review",
        "kind_label": str(SpecialProcedure(kind="expert_review").get_kind_display()),
        "step": "district_review",
        "agency": {"code": "110118-forestry", "name": application.district_agency.name},
        "reason": BODY["reason"],
        "expected_working_days": 10,
        "started_on": "2026-09-28",
        "ended_on": None,
        "result": None,
        "attachments": [],
    }
    assert notice["kind"] == "special_procedure_notice" and notice["number"] and notice["code"]
    assert f"/api/v1/applications/{application.pk}/documents/" in notice["url"]

    body = record(applicant, application.pk)
    assert body["deadline"]["paused"] is True
    assert body["deadline"]["decision_due_date"] is None
    assert body["deadline"]["deciding_agency"]["code"] == "bj-forestry"
    assert [p["id"] for p in body["special_procedures"]] == [procedure["id"]]
    assert body["special_procedures"][0]["notice"]["number"] == notice["number"]
    kinds = {d["kind"]: d["number"] for d in documents(applicant, application.pk)}
    assert kinds["special_procedure_notice"] == notice["number"]

    # Deciding while it runs: 409, and nothing is decided.
    response = decide(reviewer, task.pk, "approve", "同意")
    assert response.status_code == 409
    assert error_fields(response) == {None: "special_procedure_running"}
    assert record(applicant, application.pk)["status"] == "district_review"

    # Two weeks later the experts have answered.
    time_machine.move_to(datetime(2026, 10, 12, 10, tzinfo=SHANGHAI), tick=False)
    response = end(reviewer, procedure["id"])
    assert response.status_code == 200, response.json()
    ended = response.json()
    assert ended["ended_on"] == "2026-10-12" and ended["result"] == "专家论证同意按设计强度作业"
    assert ended["notice"]["number"] == notice["number"]
    body = record(applicant, application.pk)
    assert body["deadline"]["paused"] is False
    # The period resumed with all of its working days: 20 from 12 October to forward (9
    # November), then the deciding agency's 20 (7 December).
    assert body["deadline"]["decision_due_date"] == "2026-12-07"
    assert body["special_procedures"][0]["ended_on"] == "2026-10-12"

    # Ending it twice: 409; the task may be decided again.
    response = end(reviewer, procedure["id"])
    assert response.status_code == 409
    assert error_fields(response) == {None: "special_procedure_ended"}
    assert decide(reviewer, task.pk, "approve", "同意").status_code == 200


def test_the_start_and_the_end_are_audited(client_for, application, task, reviewer_my):
    reviewer = client_for(reviewer_my)
    procedure = started(reviewer, task.pk)
    assert end(reviewer, procedure["id"]).status_code == 200
    actions = list(
        AuditEvent.objects.filter(application=application)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["special_procedure_started", "special_procedure_ended"]


def test_the_head_of_the_task_agency_records_one(client_for, application, task, head_my):
    head = client_for(head_my)
    procedure = started(head, task.pk)
    assert procedure["agency"]["code"] == "110118-forestry"
    assert end(head, procedure["id"]).status_code == 200


def test_a_second_procedure_waits_for_the_first_to_end(client_for, task, reviewer_my):
    reviewer = client_for(reviewer_my)
    first = started(reviewer, task.pk)
    response = start(reviewer, task.pk, kind="hearing")
    assert response.status_code == 409
    assert error_fields(response) == {None: "special_procedure_running"}
    assert end(reviewer, first["id"]).status_code == 200
    second = started(reviewer, task.pk)
    assert second["id"] != first["id"] and second["kind"] == "expert_review"


def test_the_record_lists_them_oldest_first(
    client_for, application, task, reviewer_my, applicant_my, time_machine
):
    reviewer = client_for(reviewer_my)
    first = started(reviewer, task.pk)
    time_machine.move_to(datetime(2026, 10, 9, 10, tzinfo=SHANGHAI), tick=False)
    end(reviewer, first["id"])
    second = started(reviewer, task.pk)
    listed = record(client_for(applicant_my), application.pk)["special_procedures"]
    assert [(p["id"], p["ended_on"]) for p in listed] == [
        (first["id"], "2026-10-09"),
        (second["id"], None),
    ]


def test_a_record_without_procedures_lists_none(client_for, applicant_my):
    draft = tending_draft(by=applicant_my)
    assert record(client_for(applicant_my), draft.pk)["special_procedures"] == []


# ---- who may ---------------------------------------------------------------------------------


def test_who_may_not_see_the_task_gets_404(
    client_for, task, applicant_my, reviewer_yq, reviewer_my, reviewer_jz
):
    for user in (applicant_my, reviewer_yq, reviewer_jz):
        response = start(client_for(user), task.pk)
        assert response.status_code == 404, user
        assert error_fields(response) == {None: "not_found"}
    procedure = started(client_for(reviewer_my), task.pk)
    for user in (applicant_my, reviewer_yq):
        assert end(client_for(user), procedure["id"]).status_code == 404
    assert start(client_for(reviewer_my), 999999).status_code == 404
    assert end(client_for(reviewer_my), 999999).status_code == 404
    assert start(client_for(), task.pk).status_code in (401, 403)
    assert SpecialProcedure.objects.get().ended_on is None


def test_who_sees_the_task_but_does_not_act_on_its_step_gets_403(
    client_for, application, task, auditor, reviewer_my, approver
):
    """The audit bureau sees the district's task; the district's reviewer sees the deciding
    agency's task once forwarded. Neither records its special procedures."""
    response = start(client_for(auditor), task.pk)
    assert response.status_code == 403
    assert response.json()["errors"][0]["message"] == str(MSG_NOT_YOUR_STEP_PROCEDURES)
    procedure = started(client_for(reviewer_my), task.pk)
    response = end(client_for(auditor), procedure["id"])
    assert response.status_code == 403
    assert SpecialProcedure.objects.get().ended_on is None
    assert end(client_for(reviewer_my), procedure["id"]).status_code == 200
    assert decide(client_for(reviewer_my), task.pk, "approve", "同意").status_code == 200
    municipal = open_task_of(application)
    response = start(client_for(reviewer_my), municipal.pk)
    assert response.status_code == 403
    assert SpecialProcedure.objects.filter(step="municipal_review").count() == 0
    procedure = started(client_for(approver), municipal.pk)
    assert (procedure["step"], procedure["agency"]["code"]) == ("municipal_review", "bj-forestry")


def test_a_colleague_of_the_district_ends_what_another_started(
    client_for, task, reviewer_my, reviewer_my2
):
    procedure = started(client_for(reviewer_my), task.pk)
    response = end(client_for(reviewer_my2), procedure["id"])
    assert response.status_code == 200 and response.json()["ended_on"] == "2026-09-28"


# ---- from the wrong state --------------------------------------------------------------------


def test_at_acceptance_there_is_no_special_procedure(client_for, applicant_my, reviewer_my):
    waiting = task_services.application_submit(
        application=tending_draft(by=applicant_my), by=applicant_my
    )
    response = start(client_for(reviewer_my), open_task_of(waiting).pk)
    assert response.status_code == 409
    assert error_fields(response) == {None: "not_in_review"}
    assert not SpecialProcedure.objects.exists()


def test_a_closed_task_is_a_conflict(client_for, task, reviewer_my):
    reviewer = client_for(reviewer_my)
    assert decide(reviewer, task.pk, "approve", "同意").status_code == 200
    response = start(reviewer, task.pk)
    assert response.status_code == 409
    assert error_fields(response) == {None: "task_closed"}
    assert not SpecialProcedure.objects.exists()


# ---- bad bodies ------------------------------------------------------------------------------


@pytest.mark.parametrize("days", [-1, 0, 121, "abc", True, 2.5, None, [3]])
def test_expected_working_days_must_be_a_whole_number_from_1_to_120(
    client_for, task, reviewer_my, days
):
    response = start(client_for(reviewer_my), task.pk, expected_working_days=days)
    assert response.status_code == 400
    assert list(error_fields(response)) == ["expected_working_days"]
    assert not SpecialProcedure.objects.exists()


@pytest.mark.parametrize("days", [1, 120, "15"])
def test_expected_working_days_at_the_bounds(client_for, task, reviewer_my, days):
    response = start(client_for(reviewer_my), task.pk, expected_working_days=days)
    assert response.status_code == 200, response.json()
    assert response.json()["expected_working_days"] == int(days)


def test_an_unknown_kind_is_refused_on_kind(client_for, task, reviewer_my):
    response = start(client_for(reviewer_my), task.pk, kind="duel")
    assert response.status_code == 400
    assert error_fields(response) == {"kind": "invalid_choice"}


def test_a_reason_is_required(client_for, task, reviewer_my):
    reviewer = client_for(reviewer_my)
    for body in ({"kind": "hearing", "expected_working_days": 5}, {**BODY, "reason": "   "}):
        response = reviewer.post(f"{API}/tasks/{task.pk}/special-procedure/", body, format="json")
        assert response.status_code == 400
        assert error_fields(response) == {"reason": "required"}
    response = start(reviewer, task.pk, reason="x" * 4001)
    assert response.status_code == 400 and error_fields(response) == {"reason": "max_length"}


def test_every_problem_is_listed_at_once(client_for, task, reviewer_my):
    response = client_for(reviewer_my).post(
        f"{API}/tasks/{task.pk}/special-procedure/",
        {"kind": "duel", "expected_working_days": "abc"},
        format="json",
    )
    assert response.status_code == 400
    assert error_fields(response) == {
        "kind": "invalid_choice",
        "reason": "required",
        "expected_working_days": "invalid",
    }


def test_an_unknown_field_is_refused(client_for, task, reviewer_my):
    response = start(client_for(reviewer_my), task.pk, deadline="2026-12-01")
    assert response.status_code == 400
    assert error_fields(response) == {"deadline": "unknown_field"}


def test_the_body_is_checked_after_whether_one_may_act(client_for, task, auditor, applicant_my):
    assert start(client_for(auditor), task.pk, kind="duel").status_code == 403
    assert start(client_for(applicant_my), task.pk, kind="duel").status_code == 404


def test_an_end_needs_a_result(client_for, task, reviewer_my):
    reviewer = client_for(reviewer_my)
    procedure = started(reviewer, task.pk)
    for body in ({}, {"result": ""}, {"result": "  "}):
        response = end(reviewer, procedure["id"], body)
        assert response.status_code == 400
        assert error_fields(response) == {"result": "required"}
    assert SpecialProcedure.objects.get().ended_on is None


# ---- the result's files ----------------------------------------------------------------------


def test_a_multipart_end_stores_the_files_as_procedure_results(
    client_for, application, task, reviewer_my, applicant_my
):
    reviewer = client_for(reviewer_my)
    procedure = started(reviewer, task.pk)
    body = {"result": "检测合格", "files": [pdf_file("检测报告.pdf"), pdf_file("专家意见.pdf")]}
    response = end(reviewer, procedure["id"], body, format="multipart")
    assert response.status_code == 200, response.json()
    attachments = response.json()["attachments"]
    assert [a["kind"] for a in attachments] == ["procedure_result", "procedure_result"]
    assert sorted(a["name"] for a in attachments) == ["专家意见.pdf", "检测报告.pdf"]
    assert all(a["content_type"] == "application/pdf" and a["sha256"] for a in attachments)
    stored = Attachment.objects.filter(application=application, kind="procedure_result")
    assert sorted(stored.values_list("pk", flat=True)) == sorted(a["id"] for a in attachments)
    listed = record(client_for(applicant_my), application.pk)["special_procedures"]
    assert listed[0]["attachments"] == attachments
    assert listed[0]["result"] == "检测合格"


def test_a_multipart_end_with_a_result_and_no_file(client_for, task, reviewer_my):
    reviewer = client_for(reviewer_my)
    procedure = started(reviewer, task.pk)
    response = end(reviewer, procedure["id"], {"result": "听证完毕"}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json()["attachments"] == []


def test_a_refused_upload_leaves_the_procedure_running(
    client_for, application, task, reviewer_my, applicant_my
):
    reviewer = client_for(reviewer_my)
    procedure = started(reviewer, task.pk)
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 an executable named .pdf")
    body = {"result": "鉴定完毕", "files": [pdf_file("鉴定意见.pdf"), fake]}
    response = end(reviewer, procedure["id"], body, format="multipart")
    assert response.status_code == 415
    assert list(error_fields(response).values()) == ["unsupported_type"]
    assert SpecialProcedure.objects.get().ended_on is None
    assert not Attachment.objects.filter(kind="procedure_result").exists()
    body = record(client_for(applicant_my), application.pk)
    assert body["deadline"]["paused"] is True
    assert body["special_procedures"][0]["ended_on"] is None


def test_a_too_large_upload_is_413_and_changes_nothing(client_for, task, reviewer_my, settings):
    reviewer = client_for(reviewer_my)
    procedure = started(reviewer, task.pk)
    settings.PERMITS_UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    response = end(reviewer, procedure["id"], {"result": "完毕", "files": [big]}, "multipart")
    assert response.status_code == 413
    assert list(error_fields(response).values()) == ["too_large"]
    assert SpecialProcedure.objects.get().ended_on is None


def test_an_empty_file_is_refused_on_files(client_for, task, reviewer_my):
    reviewer = client_for(reviewer_my)
    procedure = started(reviewer, task.pk)
    empty = SimpleUploadedFile("empty.pdf", b"")
    response = end(reviewer, procedure["id"], {"result": "完毕", "files": [empty]}, "multipart")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["files.0"]
    assert SpecialProcedure.objects.get().ended_on is None


# --- Issue 46 item 3: a licence's refusals name art. 45; a 批复's pause its commitment ---------


@pytest.mark.parametrize("licence", [True, False], ids=["licence", "approval"])
def test_the_refusals_name_article_45_for_a_licence_only(
    client_for, applicant_my, reviewer_my, licence
):
    if licence:
        design_licensed()
    reviewer = client_for(reviewer_my)
    waiting = task_services.application_submit(
        application=tending_draft(by=applicant_my), by=applicant_my
    )
    response = start(reviewer, open_task_of(waiting).pk)
    assert error_fields(response) == {None: "not_in_review"}
    (error,) = response.json()["errors"]
    assert error["message"] == str((MSG_AT_ACCEPTANCE, MSG_AT_ACCEPTANCE_APPROVAL)[not licence])
    assert ("第四十五条" in error["message"]) is licence

    reviewing = submit(tending_draft(by=applicant_my), applicant_my)
    response = start(reviewer, open_task_of(reviewing).pk, kind="duel")
    assert error_fields(response) == {"kind": "invalid_choice"}
    (error,) = response.json()["errors"]
    assert error["message"] == str((MSG_KIND_WORKFLOWS, MSG_KIND_WORKFLOWS_APPROVAL)[not licence])
    assert ("第四十五条" in error["message"]) is licence
    assert not SpecialProcedure.objects.exists()
