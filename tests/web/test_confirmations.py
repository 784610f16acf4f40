"""Irreversible actions (withdraw, revoke, reject; not_accept once the acceptance step exists)
ask for confirmation with a required reason; a missing reason is a field error that changes
nothing, and no way of posting gives a 5xx."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEvent
from core.messages import (
    MSG_CONFIRM_REVOKE_CONSEQUENCE,
    MSG_CONFIRM_REVOKE_CONSEQUENCE_APPROVAL,
    MSG_CONFIRM_WITHDRAW_PERMIT_CONSEQUENCE,
    MSG_CONFIRM_WITHDRAW_PERMIT_CONSEQUENCE_APPROVAL,
    MSG_NOT_HEARD,
    MSG_NOT_HEARD_APPROVAL,
    MSG_REASON_REQUIRED,
)
from permits.choices import Status
from permits.models import Application
from tests.factories import design_licensed, hear_holder
from workflows.services import MSG_OPINION_REQUIRED

from .helpers import approved, open_task, submitted

pytestmark = pytest.mark.django_db


def _status(application) -> str:
    return Application.objects.get(pk=application.pk).status


def test_withdraw_asks_for_confirmation_and_a_reason(english, client, applicant_my):
    application = submitted(by=applicant_my)
    client.force_login(applicant_my)
    url = reverse("application-withdraw", args=[application.pk])
    events = AuditEvent.objects.count()

    missing = client.post(url, {"reason": "  "})
    assert missing.status_code == 200
    assert missing.context["withdraw_form"].errors["reason"] == [str(MSG_REASON_REQUIRED)]

    page = client.post(url, {"reason": "项目取消"})
    html = page.content.decode()
    assert 'data-confirm="1"' in html and "项目取消" in html
    assert 'name="confirmed" value="1"' in html and "required" in html

    emptied = client.post(url, {"reason": "", "confirmed": "1"})
    assert 'data-confirm="1"' in emptied.content.decode()  # asked again, with the error
    assert str(MSG_REASON_REQUIRED) in emptied.content.decode()
    assert _status(application) == Status.DISTRICT_REVIEW
    assert AuditEvent.objects.count() == events

    done = client.post(url, {"reason": "项目取消", "confirmed": "1"})
    assert done.status_code == 302
    assert _status(application) == Status.WITHDRAWN


def test_withdraw_by_someone_else_is_403_before_any_form(client, applicant_my, auditor):
    application = submitted(by=applicant_my)
    client.force_login(auditor)
    url = reverse("application-withdraw", args=[application.pk])
    for data in ({}, {"reason": "x"}, {"reason": "x", "confirmed": "1"}):
        assert client.post(url, data).status_code == 403
    assert _status(application) == Status.DISTRICT_REVIEW


def test_withdrawing_what_cannot_be_withdrawn_is_a_message(
    english, client, applicant_my, reviewer_my, approver
):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    client.force_login(applicant_my)
    response = client.post(reverse("application-withdraw", args=[application.pk]), {"reason": "x"})
    assert response.status_code == 302
    assert _status(application) == Status.APPROVED


BOTH_FORMS = pytest.mark.parametrize("licence", [True, False], ids=["licence", "approval"])


def _worded(html: str, licence: bool, licensed, approval) -> None:
    """``html`` shows the licence's wording, or the 批复's (参照 the Licensing Law), not both."""
    shown, other = (licensed, approval)[:: 1 if licence else -1]
    assert escape(str(shown)) in html and escape(str(other)) not in html


@BOTH_FORMS
def test_revoke_asks_for_confirmation(
    english, client, applicant_my, reviewer_my, approver, licence
):
    """The consequence cites art. 69(3) for a licence, by analogy for a 批复 (issue 46 item 3)."""
    if licence:
        design_licensed()
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    hear_holder(application, approver, ground="fraud")
    client.force_login(approver)
    url = reverse("application-revoke", args=[application.pk])
    body = {"ground": "fraud", "reason": "违规采伐"}
    page = client.post(url, body)
    html = page.content.decode()
    assert 'data-confirm="1"' in html and "69(3)" in html  # the public-interest bar named
    revoke = (MSG_CONFIRM_REVOKE_CONSEQUENCE, MSG_CONFIRM_REVOKE_CONSEQUENCE_APPROVAL)
    _worded(html, licence, *revoke)
    assert _status(application) == Status.APPROVED
    client.post(url, {**body, "confirmed": "1"})
    assert _status(application) == Status.REVOKED


def test_reject_asks_for_confirmation_and_keeps_the_posted_fields(
    english, client, applicant_my, reviewer_my
):
    application = submitted(by=applicant_my)
    task = open_task(application)
    client.force_login(reviewer_my)
    url = reverse("task-detail", args=[task.pk])

    missing = client.post(url, {"decision": "reject", "opinion": ""})
    assert missing.context["decision_form"].errors["opinion"] == [str(MSG_OPINION_REQUIRED)]

    page = client.post(url, {"decision": "reject", "opinion": "不符合条件"})
    html = page.content.decode()
    assert 'data-confirm="1"' in html and "不符合条件" in html
    assert 'name="decision" value="reject"' in html
    assert _status(application) == Status.DISTRICT_REVIEW

    client.post(url, {"decision": "reject", "opinion": "", "confirmed": "1"})
    assert _status(application) == Status.DISTRICT_REVIEW

    client.post(url, {"decision": "reject", "opinion": "不符合条件", "confirmed": "1"})
    assert _status(application) == Status.REJECTED


def test_approve_needs_no_confirmation(client, applicant_my, reviewer_my):
    application = submitted(by=applicant_my)
    client.force_login(reviewer_my)
    client.post(
        reverse("task-detail", args=[open_task(application).pk]),
        {"decision": "approve", "opinion": "同意"},
    )
    assert _status(application) == Status.MUNICIPAL_REVIEW


@BOTH_FORMS
def test_revoking_unheard_says_why_in_the_words_of_the_decisions_form(
    english, client, applicant_my, reviewer_my, approver, licence
):
    """Art. 7 for a licence; a 批复's holder is heard by analogy (issue 46 item 3)."""
    if licence:
        design_licensed()
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    client.force_login(approver)
    url = reverse("application-revoke", args=[application.pk])
    body = {"ground": "fraud", "reason": "违规采伐", "confirmed": "1"}
    html = client.post(url, body, follow=True).content.decode()
    _worded(html, licence, MSG_NOT_HEARD, MSG_NOT_HEARD_APPROVAL)
    assert _status(application) == Status.APPROVED


@BOTH_FORMS
def test_withdrawing_the_permit_names_art_8_in_the_words_of_the_decisions_form(
    english, client, applicant_my, reviewer_my, approver, licence
):
    """Art. 8(2)'s compensation for a licence; by analogy for a 批复 (issue 46 item 3)."""
    if licence:
        design_licensed()
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    hear_holder(application, approver, act="withdraw", ground="law_changed")
    client.force_login(approver)
    url = reverse("application-withdraw-permit", args=[application.pk])
    html = client.post(url, {"reason": "补偿另行依法处理。"}).content.decode()
    assert 'data-confirm="1"' in html and "8(2)" in html
    withdraw = (
        MSG_CONFIRM_WITHDRAW_PERMIT_CONSEQUENCE,
        MSG_CONFIRM_WITHDRAW_PERMIT_CONSEQUENCE_APPROVAL,
    )
    _worded(html, licence, *withdraw)
    assert _status(application) == Status.APPROVED
