"""The holder's requests on the application page and the agency's task page (product.md §18
B1, B2, B10): the holder asks from the "行政许可" card, bad input stays in the form beside its
field; the deciding agency accepts and decides from its task page, which shows the request and
offers only its decisions; the versions table shows the superseded approval."""

import pytest
import time_machine
from django.urls import reverse

from licensing.models import PermitRequest

pytestmark = pytest.mark.django_db

ASKED = "2026-09-01 10:00 +0800"


def _task(application):
    from viewflow.workflow.models import Task

    from workflows.engine import OPEN_TASK_STATUSES

    return Task.objects.get(
        process__permitprocess__application_id=application.pk,
        process__permitprocess__permit_request__isnull=False,
        flow_task_type="HUMAN",
        status__in=OPEN_TASK_STATUSES,
    )


def test_the_holder_asks_and_the_agency_decides_on_its_pages(
    client, applicant_my, agriculture_approver, introduction
):
    page_url = reverse("application-detail", args=[introduction.pk])
    client.force_login(agriculture_approver)
    assert 'data-action="request_change"' not in client.get(page_url).content.decode()
    client.force_login(applicant_my)
    page = client.get(page_url).content.decode()
    for action in ("request_change", "request_renewal", "request_surrender"):
        assert f'data-action="{action}"' in page
    assert 'id="permit-versions"' in page and 'data-version="1"' in page
    url = reverse("application-change-request", args=[introduction.pk])
    with time_machine.travel(ASKED, tick=False):
        bad = client.post(url, {"quantity": "99999", "contact_phone": "010-1", "reason": "调整"})
        assert bad.status_code == 400
        assert set(bad.context["change_request_form"].errors) == {"quantity"}
        assert 'value="010-1"' in bad.content.decode()  # nothing typed is lost
        assert not PermitRequest.objects.exists()
        done = client.post(url, {"quantity": "100", "reason": "引入数量减少。"})
        assert done.status_code == 302
        request = PermitRequest.objects.get()
        assert request.changes["quantity"]["to"] == "100"
        page = client.get(page_url).content.decode()
        assert f'data-request="{request.pk}"' in page
        assert 'data-action="request_change"' not in page  # one request at a time

        client.force_login(agriculture_approver)
        task = _task(introduction)
        task_url = reverse("task-detail", args=[task.pk])
        shown = client.get(task_url)
        html = shown.content.decode()
        assert 'id="permit-request"' in html and "引入数量减少" in html
        offered = [
            value for value, _label in shown.context["decision_form"].fields["decision"].choices
        ]
        assert offered == ["accept", "not_accept"]
    assert PermitRequest.objects.get().status == "submitted"


def test_a_requests_tasks_offer_no_special_procedure_and_say_why(
    client, applicant_my, agriculture_approver, introduction
):
    """Issue 45 item 20: the page offers only what ``task_actions`` grants, and ``task_actions``
    grants only what the service accepts; the refusal names a holder's request, not a filing."""
    from django.contrib.messages import get_messages

    from core.messages import MSG_NOT_ON_A_REQUEST
    from workflows import selectors
    from workflows import services as task_services
    from workflows.models import SpecialProcedure

    start = {
        "procedure-kind": "expert_review",
        "procedure-reason": "需组织专家论证",
        "procedure-expected_working_days": "15",
    }
    client.force_login(applicant_my)
    url = reverse("application-change-request", args=[introduction.pk])
    with time_machine.travel(ASKED, tick=False):
        assert client.post(url, {"quantity": "100", "reason": "引入数量减少。"}).status_code == 302
        client.force_login(agriculture_approver)
        for step in ("request_acceptance", "request_review"):
            task = _task(introduction)
            assert task.flow_task.name == step
            actions = selectors.task_actions(
                user=agriculture_approver, task=task, application=introduction.detail
            )
            assert "decide" in actions and "special_procedure" not in actions
            page = client.get(reverse("task-detail", args=[task.pk]))
            assert 'id="special-procedure"' not in page.content.decode()
            assert page.context["actions"] == actions
            refused = client.post(reverse("task-procedure-start", args=[task.pk]), start)
            assert [str(m) for m in get_messages(refused.wsgi_request)] == [
                str(MSG_NOT_ON_A_REQUEST)
            ]
            if step == "request_acceptance":
                task_services.task_decide(
                    task_id=task.pk, by=agriculture_approver, decision="accept"
                )
    assert not SpecialProcedure.objects.exists()


def test_a_refused_change_shows_its_errors_first_and_the_current_values(
    client, applicant_my, introduction
):
    """Issue 45 item 9: the refused change request's page opens on an error summary linking
    to the field (the form is far down on a phone); each field says what the permit holds."""
    from core.messages import MSG_NOW

    client.force_login(applicant_my)
    url = reverse("application-change-request", args=[introduction.pk])
    with time_machine.travel(ASKED, tick=False):
        bad = client.post(url, {"quantity": "99999", "reason": "调整"})
    html = bad.content.decode()
    summary = html.index('id="error-summary"')
    assert summary < html.index('id="change-request"') and summary < html.index("<h1")
    assert 'href="#id_quantity"' in html[summary:] and 'id="id_quantity"' in html
    assert html.count('id="error-summary"') == 1
    assert str(MSG_NOW % {"value": "5000"}) in html
    assert str(MSG_NOW % {"value": introduction.organisation.name}) in html


def test_every_refused_post_of_a_page_is_summed_up_at_the_top(client, applicant_my, introduction):
    """One summary for every form of the application page (here the surrender's), not only
    the forms whose view builds one."""
    client.force_login(applicant_my)
    refused = client.post(reverse("application-surrender", args=[introduction.pk]), {})
    assert refused.status_code == 400
    html = refused.content.decode()
    form = refused.context["surrender_form"]
    field = next(name for name in form.errors)
    assert html.index('id="error-summary"') < html.index("<h1")
    assert f'href="#{form[field].auto_id}"' in html
    # A page of filters read from a GET keeps its errors beside the fields.
    assert (
        'id="error-summary"'
        not in client.get(reverse("tasks:index"), {"kind": "x"}).content.decode()
    )


def test_a_surrender_asks_for_confirmation_first(client, applicant_my, introduction):
    """Issue 45 (Low): giving up the permit is confirmed, with the reason read back, before
    the request is sent; nothing is asked until then."""
    from core.messages import MSG_CONFIRM_SURRENDER_CONSEQUENCE

    client.force_login(applicant_my)
    url = reverse("application-surrender", args=[introduction.pk])
    with time_machine.travel(ASKED, tick=False):
        asked = client.post(url, {"reason": "不再引入"})
        html = asked.content.decode()
        assert asked.status_code == 200 and 'data-confirm="1"' in html and "不再引入" in html
        assert str(MSG_CONFIRM_SURRENDER_CONSEQUENCE) in html
        assert not PermitRequest.objects.exists()
        done = client.post(url, {"reason": "不再引入", "confirmed": "1"})
    assert done.status_code == 302
    assert PermitRequest.objects.get().kind == "surrender"


def test_giving_up_a_pifu_is_not_said_to_be_an_article_70_cancellation(
    client, applicant_my, introduction
):
    """Issue 46 item 3: where the legal office holds the decision to be a 批复, the confirmation
    says what giving it up means without the Licensing Law."""
    from core.messages import (
        MSG_CONFIRM_SURRENDER_CONSEQUENCE,
        MSG_CONFIRM_SURRENDER_CONSEQUENCE_APPROVAL,
    )
    from documents.models import ActForm, DecisionForm

    row = DecisionForm.objects.get(jurisdiction_id="110000", kind="introduction")
    row.form = ActForm.APPROVAL
    row.save()
    client.force_login(applicant_my)
    url = reverse("application-surrender", args=[introduction.pk])
    with time_machine.travel(ASKED, tick=False):
        html = client.post(url, {"reason": "不再引入"}).content.decode()
    assert str(MSG_CONFIRM_SURRENDER_CONSEQUENCE_APPROVAL) in html
    assert str(MSG_CONFIRM_SURRENDER_CONSEQUENCE) not in html and "第七十条" not in html
