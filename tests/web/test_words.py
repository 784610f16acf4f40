"""The words of buttons, steps and messages say what they do (issue 45 item 13): a filing is
报送 (a verb), a step of a form 下一步, a first tap on a report's map marks a place, the
acceptance step's help speaks of 补正 and 不予受理, and a request's acceptance never says the
permit is 已批准."""

import re
from pathlib import Path

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from core.messages import MSG_TWO_INSPECTORS
from permits.models import Obligation
from tests.factories import tending_draft
from workflows.engine import open_tasks
from workflows.services import application_submit

from .test_permit_request_pages import ASKED, _task

pytestmark = pytest.mark.django_db


def _button_labels(html: str) -> list[str]:
    return re.findall(r'<span class="mdc-button__label">([^<]*)</span>', html)


def test_the_holder_files_with_a_verb(client, applicant_my, introduction):
    client.force_login(applicant_my)
    detail = client.get(reverse("application-detail", args=[introduction.pk])).content.decode()
    assert re.search(r'data-action="report">报送</a>', detail)
    owed = Obligation.objects.filter(application_id=introduction.pk, kind="monitoring").first()
    page = client.get(reverse("obligation-file", args=[owed.pk])).content.decode()
    labels = _button_labels(page)
    assert "报送" in labels and "文件" not in labels


def test_the_reports_first_step_leads_to_the_next_step(client, reference_data):
    page = client.get(reverse("public-report-new")).content.decode()
    labels = _button_labels(page)
    assert "下一步" in labels and "下一页" not in labels


def test_a_first_tap_on_a_reports_map_marks_a_place(client, reference_data):
    page = client.get(reverse("public-report-new"), {"district": "110118"}).content.decode()
    assert 'data-msg-point="已标出地点；' in page
    script = Path(__file__).resolve().parents[2] / "static" / "web" / "site_map.js"
    assert (
        'message(state.points.length === 1 && allowPoint ? "point" : "added"' in script.read_text()
    )


def test_the_acceptance_steps_help_speaks_of_its_own_decisions(client, applicant_my, reviewer_my):
    application = application_submit(application=tending_draft(by=applicant_my), by=applicant_my)
    client.force_login(reviewer_my)
    task = open_tasks(application=application).get()
    form = client.get(reverse("task-detail", args=[task.pk])).context["decision_form"]
    with translation.override("zh-hans"):
        help_text = str(form.fields["opinion"].help_text)
    assert "补正" in help_text and "不予受理" in help_text
    assert "不予批准" not in help_text


def test_accepting_a_change_request_does_not_say_approved(
    client, applicant_my, agriculture_approver, introduction
):
    client.force_login(applicant_my)
    url = reverse("application-change-request", args=[introduction.pk])
    with time_machine.travel(ASKED, tick=False):
        assert client.post(url, {"quantity": "100", "reason": "引入数量减少。"}).status_code == 302
        client.force_login(agriculture_approver)
        task_url = reverse("task-detail", args=[_task(introduction).pk])
        form = client.get(task_url).context["decision_form"]
        assert "不予批准" not in str(form.fields["opinion"].help_text)
        done = client.post(task_url, {"decision": "accept", "opinion": "", "confirmed": "1"})
    assert done.status_code == 302
    told = [str(m) for m in get_messages(done.wsgi_request)]
    assert told == ["已记录对变更申请的决定：受理。"]


def test_the_staff_count_rule_names_its_law():
    with translation.override("zh-hans"):
        assert "《中华人民共和国行政许可法》第三十四条第三款" in str(MSG_TWO_INSPECTORS)
