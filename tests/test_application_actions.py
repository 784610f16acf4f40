"""Both doors offer the same actions (licensing.selectors.application_actions: the
workflow's, then the permit's own acts).

For each state of an application and each persona: the API record's ``actions`` equals the set of
buttons and forms the web page renders (``data-action``), every listed action succeeds and every
other one is refused, changing nothing. Each attempt runs in a savepoint rolled back afterwards,
so all of them start from the same state.
"""

import re
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from licensing.requests import permit_request_submit
from licensing.revocation import permit_withdraw
from licensing.selectors import PERMIT_ACTIONS
from licensing.services import statement_answer, statement_notice_issue
from permits import services
from permits.choices import Status
from permits.models import Application, Obligation
from roles.models import Role
from tests.factories import revoke_heard, submit_accepted
from workflows import services as task_services
from workflows.selectors import APPLICATION_ACTIONS

from .api.helpers import API, pdf_file
from .factories import decide, introduction_draft, member, open_task_of

pytestmark = pytest.mark.django_db

DATA_ACTION = re.compile(r'data-action="([a-z_]+)"')


@pytest.fixture
def people(applicant_my, applicant_yq, auditor):
    """A farmland introduction's cast: district reviewer, consulted agency, deciding approver."""
    return {
        "holder": applicant_my,
        "other_applicant": applicant_yq,
        "district_reviewer": member(role=Role.REVIEWER, agency_code="110118-agriculture"),
        "consultant": member(role=Role.CONSULTANT, agency_code="bj-ecology"),
        "approver": member(role=Role.APPROVER, agency_code="bj-agriculture"),
        "auditor": auditor,
    }


def _submitted(people):
    draft = introduction_draft(by=people["holder"], habitat_domain="farmland")
    return submit_accepted(application=draft, by=people["holder"])


def _approved(people):
    application = _submitted(people)
    decide(application, people["district_reviewer"])
    decide(application, people["consultant"], decision="agree")
    return decide(application, people["approver"])


def _expired(people):
    application = _approved(people)
    return services.application_expire(
        application=application, today=application.valid_until + timedelta(days=1)
    )


def _hearing_offered(people):
    """Under district review, a hearing offered (arts. 46, 47): the holder may ask for it."""
    application = _submitted(people)
    task_services.hearing_offer(
        task_id=open_task_of(application).pk,
        by=people["district_reviewer"],
        reason="涉及公共利益。",
    )
    return application


def _notified(people):
    application = _approved(people)
    notice = statement_notice_issue(
        application=application,
        by=people["approver"],
        act="revoke",
        ground="unqualified_applicant",
        facts="申请人不具备申请资格。",
    )
    return application, notice


def _heard(people, act="revoke"):
    application = _approved(people)
    ground = "unqualified_applicant" if act == "revoke" else "circumstances_changed"
    statement_notice_issue(
        application=application, by=people["approver"], act=act, ground=ground, facts="事实。"
    )
    statement_answer(application=application, by=people["holder"], answer="本单位申辩。")
    return application


def _requested(people):
    application = _approved(people)
    permit_request_submit(
        application=application, by=people["holder"], kind="surrender", reason="不再引入。"
    )
    return application


# The holder's requests on a permit in force it may make (a renewal: its end is years away).
REQUESTS = ["request_change", "request_renewal", "request_surrender"]


# Each state, and the actions the holder (H) and the deciding approver (A) have in it; every other
# persona has none. The table is the expectation; the selector is checked against it.
STATES = {
    "draft": (
        lambda p: introduction_draft(by=p["holder"], habitat_domain="farmland"),
        {"holder": ["edit", "attach", "submit"]},
    ),
    "incomplete_draft": (
        lambda p: introduction_draft(
            by=p["holder"], habitat_domain="farmland", with_attachments=False
        ),
        {"holder": ["edit", "attach"]},
    ),
    "district_review": (_submitted, {"holder": ["withdraw"]}),
    "district_review:hearing": (_hearing_offered, {"holder": ["withdraw", "request_hearing"]}),
    "returned": (
        lambda p: decide(_submitted(p), p["district_reviewer"], decision="return", opinion="补正"),
        {"holder": ["edit", "attach", "submit", "withdraw"]},
    ),
    "rejected": (
        lambda p: decide(_submitted(p), p["district_reviewer"], decision="reject", opinion="不符"),
        {},
    ),
    "withdrawn": (
        lambda p: task_services.application_withdraw(
            application=_submitted(p), by=p["holder"], reason="不再需要"
        ),
        {},
    ),
    "approved": (
        _approved,
        {"holder": ["report", "report_incident", *REQUESTS], "approver": ["statement_notice"]},
    ),
    # A request of the holder is open (product.md §18): no second one until it is decided.
    "approved:requested": (
        _requested,
        {"holder": ["report", "report_incident"], "approver": ["statement_notice"]},
    ),
    # The holder told an intended revocation: it may answer; the agency may drop it.
    "approved:notified": (
        lambda p: _notified(p)[0],
        {
            "holder": ["report", "report_incident", "statement_answer", *REQUESTS],
            "approver": ["statement_drop"],
        },
    ),
    # The holder heard: the agency may revoke on that ground, or drop it.
    "approved:heard": (
        _heard,
        {
            "holder": ["report", "report_incident", *REQUESTS],
            "approver": ["statement_drop", "revoke"],
        },
    ),
    "approved:withdrawal_heard": (
        lambda p: _heard(p, "withdraw"),
        {
            "holder": ["report", "report_incident", *REQUESTS],
            "approver": ["statement_drop", "withdraw_permit"],
        },
    ),
    "withdrawn_by_agency": (
        lambda p: permit_withdraw(
            application=_heard(p, "withdraw"), by=p["approver"], reason="经复核，予以撤回。"
        ),
        # An introduction owes its monitoring to the period's end (docs/legal-basis.md F38).
        {"holder": ["report", "report_incident"]},
    ),
    "expired": (_expired, {"holder": ["report", "report_incident"]}),
    "revoked": (
        lambda p: revoke_heard(
            application=_approved(p), by=p["approver"], reason="违反法定程序作出准予行政许可决定"
        ),
        # An escape is reported even after the permit ends (product.md §17 A5), and the
        # monitoring owed to the period's end is filed (docs/legal-basis.md F38).
        {"holder": ["report", "report_incident"]},
    ),
}


def _attempt(client: APIClient, application, action: str):
    url = f"{API}/applications/{application.pk}/"
    if action == "edit":
        return client.patch(url, {"title": "北美红栎引种（修订）"}, format="json")
    if action == "attach":
        return client.post(
            f"{url}attachments/", {"kind": "other", "file": pdf_file()}, format="multipart"
        )
    if action == "submit":
        return client.post(f"{url}submit/")
    if action == "withdraw":
        return client.post(f"{url}{action}/", {"reason": "理由"}, format="json")
    if action == "request_hearing":
        return client.post(f"{url}hearing-request/", {}, format="json")
    if action == "revoke":
        body = {"ground": "unqualified_applicant", "reason": "经复核，申辩理由不能成立。"}
        return client.post(f"{url}revoke/", body, format="json")
    if action == "withdraw_permit":
        return client.post(
            f"{url}withdraw-permit/", {"reason": "经复核，予以撤回。"}, format="json"
        )
    if action == "record_land_approval":
        body = {"number": "京规自地字〔2026〕1号", "approved_on": "2026-01-05", "authority": "规自"}
        return client.post(f"{url}land-approval/", body, format="json")
    if action == "request_change":
        body = {"changes": {"contact_phone": "010-69990001"}, "reason": "联系电话变更。"}
        return client.post(f"{url}change-requests/", body, format="json")
    if action == "request_renewal":
        until = (application.valid_until or date(2030, 1, 1)) + timedelta(days=180)
        body = {"until": until.isoformat(), "reason": "继续监测。"}
        return client.post(f"{url}renewal-requests/", body, format="json")
    if action == "request_surrender":
        return client.post(f"{url}surrender/", {"reason": "不再引入。"}, format="json")
    if action == "statement_notice":
        body = {"act": "revoke", "ground": "fraud", "facts": "提交的权属证明系伪造。"}
        return client.post(f"{url}statement-notice/", body, format="json")
    if action == "statement_answer":
        return client.post(f"{url}statement-answer/", {"answer": "本单位申辩。"}, format="json")
    if action == "statement_drop":
        return client.post(f"{url}statement-notice/drop/", {"reason": "核实无误。"}, format="json")
    if action == "report":
        owed = Obligation.objects.filter(application_id=application.pk)
        report = owed.filter(status="open", kind="monitoring").first() or owed.first()
        body = {"data": {"alive_count": 20, "escaped": False, "containment": "contained"}}
        filings = f"{API}/obligations/{report.pk if report else 0}/filings/"
        return client.post(filings, body, format="json")
    if action == "report_incident":
        body = {
            "data": {
                "occurred_on": "2026-01-05",
                "escape_count": 2,
                "escape_place": "鱼池东侧排水口",
                "containment": "contained",
                "measures": "已加装拦网",
            }
        }
        return client.post(f"{url}incidents/", body, format="json")
    if action == "record_fee":
        body = {"amount": "180000.00", "paid_on": "2026-01-05", "receipt_number": "A1"}
        return client.post(f"{url}fee/", body, format="json")
    if action == "determine_fee":
        body = {"amount": "36000.00", "reason": "参照宜林地标准核定。"}
        return client.post(f"{url}fee/determination/", body, format="json")
    if action == "record_national_decision":
        body = {"number": "林资许准〔2026〕1号", "decided_on": "2026-01-05", "outcome": "approved"}
        return client.post(f"{url}national-decision/", {**body, "files": [pdf_file()]})
    raise AssertionError(action)


def _page_actions(user, application) -> set[str] | None:
    client = Client()
    client.force_login(user)
    page = client.get(reverse("application-detail", args=[application.pk]))
    if page.status_code == 404:
        return None
    assert page.status_code == 200
    return set(DATA_ACTION.findall(page.content.decode()))


@pytest.mark.parametrize("state", STATES)
def test_both_doors_offer_the_actions_that_succeed(state, people):
    build, expected = STATES[state]
    application = build(people)
    assert application.status == Status(state.split(":")[0].removeprefix("incomplete_"))
    for name, user in people.items():
        api = APIClient()
        api.force_authenticate(user)
        response = api.get(f"{API}/applications/{application.pk}/")
        page_actions = _page_actions(user, application)
        if response.status_code == 404:  # not the user's to see: neither door shows it
            assert page_actions is None, (state, name)
            actions = []
        else:
            actions = response.json()["actions"]
            assert set(actions) == page_actions, (state, name)
        assert name != "other_applicant" or response.status_code == 404
        assert actions == expected.get(name, []), (state, name)

        for action in (*APPLICATION_ACTIONS, *PERMIT_ACTIONS):
            events = AuditEvent.objects.count()
            with transaction.atomic():
                outcome = _attempt(api, application, action)
                status = Application.objects.get(pk=application.pk).status
                if action in actions:
                    assert outcome.status_code in (200, 201), (state, name, action, outcome.data)
                else:
                    assert 400 <= outcome.status_code < 500, (state, name, action)
                    assert status == application.status, (state, name, action)
                    assert AuditEvent.objects.count() == events, (state, name, action)
                transaction.set_rollback(True)


# --- A task's actions: one selector, both doors (workflows.selectors.task_actions) -------------


def test_a_tasks_actions_are_the_same_on_its_page_and_in_the_api(people, head_my):
    """For each persona, ``GET /api/v1/tasks/{id}/`` lists the actions the task page renders
    (its context's ``actions``, from the same selector); whoever gets 404 on one gets 404 on
    the other."""
    from viewflow.workflow.models import Task

    from workflows.engine import OPEN_TASK_STATUSES

    application = _submitted(people)
    task = Task.objects.get(
        process__permitprocess__application_id=application.pk,
        flow_task_type="HUMAN",
        status__in=OPEN_TASK_STATUSES,
    )
    seen = {}
    for name, user in {**people, "head_my": head_my}.items():
        api, web = APIClient(), Client()
        api.force_authenticate(user)
        web.force_login(user)
        answer, page = api.get(f"{API}/tasks/{task.pk}/"), web.get(f"/tasks/{task.pk}/")
        assert answer.status_code == page.status_code, name
        if answer.status_code == 404:
            continue
        assert answer.status_code == 200, name
        assert answer.json()["actions"] == list(page.context["actions"]), name
        seen[name] = answer.json()["actions"]
    assert seen["district_reviewer"][:2] == ["claim", "decide"]
    assert "decide" not in seen.get("auditor", [])
