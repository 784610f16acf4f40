"""The special procedures of art. 45 on the task page, and the legal time limit on the pages
about an application (product.md §16 L1–L3)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.messages import (
    MSG_KIND_WORKFLOWS,
    MSG_KIND_WORKFLOWS_APPROVAL,
    MSG_PROCEDURE_ENDED,
    MSG_PROCEDURE_STARTED,
    MSG_REASON_REQUIRED_WORKFLOWS,
    MSG_RESULT_REQUIRED,
    MSG_RUNNING_NO_DECISION,
    MSG_TYPE_REFUSED,
)
from permits.choices import AttachmentKind, Status
from roles.models import Role
from web.forms.procedures import MSG_DAYS_RANGE, PROCEDURE_HELP, PROCEDURE_HELP_APPROVAL
from workflows import services as task_services
from workflows.models import DecisionClock, SpecialProcedure

from ..factories import design_licensed, member, pdf_upload, submit, tending_draft
from .helpers import decide, open_task, submitted, submitted_as

pytestmark = pytest.mark.django_db

START = {
    "procedure-kind": "expert_review",
    "procedure-reason": "需组织专家对间伐强度进行论证",
    "procedure-expected_working_days": "15",
}


@pytest.fixture
def application(applicant_my):
    """A 密云 tending design under district review (two-tier: 北京市园林绿化局 decides)."""
    return submitted(by=applicant_my)


@pytest.fixture
def task(application):
    return open_task(application)


def _page(client, task) -> str:
    response = client.get(reverse("task-detail", args=[task.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _start_url(task) -> str:
    return reverse("task-procedure-start", args=[task.pk])


def _end_url(task, procedure) -> str:
    return reverse("task-procedure-end", args=[task.pk, procedure.pk])


def _started(task, by) -> SpecialProcedure:
    return task_services.special_procedure_start(
        task_id=task.pk, by=by, kind="hearing", reason="申请人申请听证", expected_working_days=10
    )


def _legal(application) -> DecisionClock:
    return DecisionClock.objects.get(application_id=application.pk)


# ---- who is offered the form -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer_my", "head_my"])
def test_the_steps_reviewer_and_the_agencys_head_are_offered_the_form(english, task, who, request):
    english.force_login(request.getfixturevalue(who))
    page = _page(english, task)
    assert (
        'id="special-procedure"' in page
        and f'action="{_start_url(task)}#special-procedure"' in page
    )
    assert "Special procedure (not counted in the time limit)" in page
    assert "Expert review" in page and "Inspection, testing or quarantine" in page


def test_the_applicant_and_another_district_get_404(client, task, applicant_my, reviewer_yq):
    for user in (applicant_my, reviewer_yq):
        client.force_login(user)
        assert client.get(reverse("task-detail", args=[task.pk])).status_code == 404
        assert client.post(_start_url(task), START).status_code == 404
    assert not SpecialProcedure.objects.exists()


def test_a_consulted_agency_records_on_its_own_step_only(english, applicant_my, reviewer_my):
    """市规划自然资源委 countersigns a Beijing occupation: it may record a procedure on its
    countersign, not on the municipal approver's step, whose page it reads."""
    planning = member(role=Role.CONSULTANT, agency_code="bj-planning", username="planning")
    application = decide(submitted_as(kind="occupation", by=applicant_my), by=reviewer_my)
    consultation = open_task(application)
    english.force_login(planning)
    assert f'action="{_start_url(consultation)}#special-procedure"' in _page(english, consultation)

    task_services.task_decide(task_id=consultation.pk, by=planning, decision="agree", opinion="")
    municipal = open_task(application)
    page = _page(english, municipal)
    assert 'id="special-procedure"' not in page
    assert english.post(_start_url(municipal), START).status_code == 403
    assert not SpecialProcedure.objects.exists()


def test_the_acceptance_step_has_no_special_procedure(english, applicant_my, reviewer_my):
    application = submit(tending_draft(by=applicant_my), applicant_my, accepted=False)
    acceptance = open_task(application)
    english.force_login(reviewer_my)
    assert 'id="special-procedure"' not in _page(english, acceptance)
    response = english.post(_start_url(acceptance), START)
    assert response.status_code == 302  # the service's refusal, in the messages
    assert not SpecialProcedure.objects.exists()


# ---- recording one ---------------------------------------------------------------------------


def test_recording_a_procedure_pauses_the_period_and_shows_it(
    english, application, task, reviewer_my
):
    assert _legal(application).due_date is not None
    english.force_login(reviewer_my)
    response = english.post(_start_url(task), START, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(reverse("task-detail", args=[task.pk]), 302)]
    assert str(MSG_PROCEDURE_STARTED) in page

    legal = _legal(application)
    assert legal.is_paused and legal.due_date is None
    procedure = SpecialProcedure.objects.get()
    assert (procedure.kind, procedure.expected_working_days) == ("expert_review", 15)
    assert procedure.notice is not None
    assert "Special procedure running" in page and START["procedure-reason"] in page
    assert "Paused (special procedure)" in page
    notice_url = reverse("application-document", args=[application.pk, procedure.notice.pk])
    assert notice_url in page
    # The decision waits for the result; the end form replaces the start form.
    assert 'data-action="decide"' not in page
    assert str(MSG_RUNNING_NO_DECISION).format(kind="Expert review") in page
    assert f'action="{_end_url(task, procedure)}#special-procedure"' in page
    assert f'action="{_start_url(task)}#special-procedure"' not in page


def test_the_applicant_reads_the_procedure_on_the_application_page(
    english, application, task, reviewer_my, applicant_my
):
    procedure = _started(task, reviewer_my)
    english.force_login(applicant_my)
    page = english.get(reverse("application-detail", args=[application.pk])).content.decode()
    assert 'id="legal-period"' in page and "北京市园林绿化局" in page
    assert "Paused (special procedure)" in page
    assert "paused for a special procedure (20 working days left)" in page
    assert f'id="special-procedure-{procedure.pk}"' in page and "申请人申请听证" in page
    assert reverse("application-document", args=[application.pk, procedure.notice.pk]) in page


BAD_INPUT = [
    ({"procedure-expected_working_days": "-1"}, "expected_working_days", MSG_DAYS_RANGE),
    ({"procedure-expected_working_days": "0"}, "expected_working_days", MSG_DAYS_RANGE),
    ({"procedure-expected_working_days": "121"}, "expected_working_days", MSG_DAYS_RANGE),
    ({"procedure-expected_working_days": "十"}, "expected_working_days", MSG_DAYS_RANGE),
    ({"procedure-reason": "   "}, "reason", MSG_REASON_REQUIRED_WORKFLOWS),
    # A design's approval is a 批复 (as by default): its kind names no art. 45 (issue 46 item 3).
    ({"procedure-kind": "site_visit"}, "kind", MSG_KIND_WORKFLOWS_APPROVAL),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_INPUT)
def test_bad_input_comes_back_beside_its_field_with_what_was_typed(
    english, application, task, reviewer_my, change, field, message
):
    english.force_login(reviewer_my)
    posted = {**START, **change}
    response = english.post(_start_url(task), posted)
    assert response.status_code == 200
    form = response.context["procedure_form"]
    assert form.errors[field] == [str(message)]
    assert list(form.errors) == [field]
    page = response.content.decode()
    assert f'error="{message}"' in page  # beside its field
    for name in ("kind", "reason", "expected_working_days"):  # what was typed, kept
        assert f'name="procedure-{name}" value="{posted[f"procedure-{name}"]}"' in page
    assert not SpecialProcedure.objects.exists()
    assert not _legal(application).is_paused


def test_a_second_procedure_of_the_step_is_refused_while_one_runs(english, task, reviewer_my):
    _started(task, reviewer_my)
    english.force_login(reviewer_my)
    response = english.post(_start_url(task), START, follow=True)
    assert "already running" in response.content.decode()
    assert SpecialProcedure.objects.count() == 1


def test_a_decision_posted_while_it_runs_is_refused(english, application, task, reviewer_my):
    _started(task, reviewer_my)
    english.force_login(reviewer_my)
    response = english.post(
        reverse("task-detail", args=[task.pk]),
        {"decision": "approve", "opinion": "同意"},
        follow=True,
    )
    assert str(MSG_RUNNING_NO_DECISION).format(kind="Hearing") in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DISTRICT_REVIEW


# ---- ending it -------------------------------------------------------------------------------


def test_ending_with_a_result_and_files_resumes_the_period(english, application, task, head_my):
    procedure = _started(task, head_my)
    english.force_login(head_my)
    response = english.post(
        _end_url(task, procedure),
        {
            "procedure-end-result": "听证会已举行，申请人意见已记录",
            "procedure-end-result_files": [pdf_upload("听证笔录.pdf"), pdf_upload("签到表.pdf")],
        },
        follow=True,
    )
    page = response.content.decode()
    assert str(MSG_PROCEDURE_ENDED) in page
    legal = _legal(application)
    assert legal.is_running and legal.due_date is not None
    procedure.refresh_from_db()
    assert procedure.ended_on is not None and procedure.ended_by == head_my
    files = list(procedure.attachments.order_by("name"))
    assert [f.kind for f in files] == [AttachmentKind.PROCEDURE_RESULT] * 2
    assert "听证会已举行，申请人意见已记录" in page
    for file in files:
        assert reverse("application-attachment", args=[application.pk, file.pk]) in page
    assert legal.due_date.isoformat() in page
    assert "Special procedure running" not in page
    assert f'action="{_start_url(task)}#special-procedure"' in page  # another may be recorded


def test_an_end_without_a_result_comes_back_with_the_error(english, application, task, reviewer_my):
    procedure = _started(task, reviewer_my)
    english.force_login(reviewer_my)
    response = english.post(_end_url(task, procedure), {"procedure-end-result": "  "})
    assert response.status_code == 200
    assert response.context["procedure_end_form"].errors["result"] == [str(MSG_RESULT_REQUIRED)]
    assert str(MSG_RESULT_REQUIRED) in response.content.decode()
    procedure.refresh_from_db()
    assert procedure.ended_on is None and _legal(application).is_paused


def test_ending_is_for_the_same_people(
    client, application, task, reviewer_my, applicant_my, auditor
):
    procedure = _started(task, reviewer_my)
    data = {"procedure-end-result": "结束"}
    client.force_login(auditor)  # reads the task, acts on no step
    assert f'action="{_end_url(task, procedure)}#special-procedure"' not in _page(client, task)
    assert client.post(_end_url(task, procedure), data).status_code == 403
    client.force_login(applicant_my)
    assert client.post(_end_url(task, procedure), data).status_code == 404
    client.force_login(reviewer_my)
    other = open_task(submitted(by=applicant_my))
    assert client.post(_end_url(other, procedure), data).status_code == 404  # not its task
    procedure.refresh_from_db()
    assert procedure.ended_on is None


# ---- the legal time limit --------------------------------------------------------------------


def test_the_two_tier_box_names_the_deciding_agency_and_the_forwarding_date(
    english, application, reviewer_my
):
    legal = _legal(application)
    english.force_login(reviewer_my)
    page = english.get(reverse("application-detail", args=[application.pk])).content.decode()
    assert "Legal time limit" in page and "北京市园林绿化局" in page
    assert f'<span id="forward-due-date">{legal.forward_due_date.isoformat()}</span>' in page
    assert legal.due_date.isoformat() in page


def test_the_application_pages_queries_do_not_grow_with_its_procedures(
    client, application, task, reviewer_my
):
    def ended_procedure():
        procedure = _started(task, reviewer_my)
        task_services.special_procedure_end(
            procedure_id=procedure.pk, by=reviewer_my, result="完成", uploads=[pdf_upload()]
        )

    url = reverse("application-detail", args=[application.pk])
    client.force_login(reviewer_my)
    ended_procedure()
    client.get(url)  # the process's caches
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    ended_procedure()
    ended_procedure()
    with CaptureQueriesContext(connection) as three:
        page = client.get(url)
    assert len(page.context["special_procedures"]) == 3
    assert len(three) == len(one), [q["sql"][:120] for q in three.captured_queries]


def test_a_refused_result_file_comes_back_beside_the_files(english, task, reviewer_my):
    procedure = _started(task, reviewer_my)
    english.force_login(reviewer_my)
    response = english.post(
        _end_url(task, procedure),
        {
            "procedure-end-result": "检测完成",
            "procedure-end-result_files": [SimpleUploadedFile("run.exe", b"MZ\x90\x00binary")],
        },
    )
    assert response.status_code == 200
    errors = response.context["procedure_end_form"].errors["result_files"]
    assert errors == [str(MSG_TYPE_REFUSED)]
    page = response.content.decode()
    assert 'id="id_procedure-end-result_files-errors"' in page and errors[0] in page
    assert 'name="procedure-end-result" value="检测完成"' in page
    procedure.refresh_from_db()
    assert procedure.ended_on is None and not procedure.attachments.exists()


@pytest.mark.parametrize("licence", [True, False], ids=["licence", "approval"])
def test_the_help_and_the_kind_name_article_45_for_a_licence_only(
    english, applicant_my, reviewer_my, licence
):
    """A licence's procedures pause art. 45's period; a 批复's the agency's committed time
    limit, as its 特别程序期间告知书 says (issue 46 item 3)."""
    if licence:
        design_licensed()
    task = open_task(submitted(by=applicant_my))
    english.force_login(reviewer_my)
    help_shown, help_other = (PROCEDURE_HELP, PROCEDURE_HELP_APPROVAL)[:: 1 if licence else -1]
    page = _page(english, task)
    assert str(help_shown) in page and str(help_other) not in page
    response = english.post(_start_url(task), {**START, "procedure-kind": "site_visit"})
    kind = (MSG_KIND_WORKFLOWS, MSG_KIND_WORKFLOWS_APPROVAL)[not licence]
    assert response.context["procedure_form"].errors["kind"] == [str(kind)]
    assert ("art. 45" in str(kind) or "第四十五条" in str(kind)) is licence
    assert not SpecialProcedure.objects.exists()
