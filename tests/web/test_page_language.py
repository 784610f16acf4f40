"""The public pages and a report's page speak to people, never in the system's identifiers
(issue 45 item 12): no rule or layer code, no geometry type with a bare coordinate pair ("Point ·
116.85, 40.40"), no "n=8"."""

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from documents.models import Certificate
from public.models import Report
from tests.test_language import internal_codes
from tests.web.test_no_leftover_language import _PageText
from web.appraisal import Cell

from .helpers import approved, submitted
from .test_report_pages import _file

pytestmark = pytest.mark.django_db


def _visible(html: str) -> str:
    page = _PageText("zh-hans")
    page.feed(html)
    return "\n".join(page.texts)


def test_a_reports_place_is_described_in_words(client, reference_data, reviewer_my):
    _file(client)
    report = Report.objects.get()
    client.force_login(reviewer_my)
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    text = _visible(html)
    assert "地点位于密云区，东经116.85000°，北纬40.40000°。" in text
    # Usernames (district_my) are data the staff page shows on purpose.
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert [code for code in internal_codes(text) if code not in usernames] == []


def test_the_median_reads_in_working_days_and_cases():
    cell = Cell(value=0.0, met=0, total=8, share=False)
    with translation.override("zh-hans"):
        html = render_to_string(
            "web/includes/appraisal_table.html",
            {
                "table": [{"agency": {"name": "密云区园林绿化局", "code": "x"}, "cells": [cell]}],
                "labels": ["办理用时中位数"],
                "quarter": None,
            },
        )
    text = _visible(html)
    assert "0个工作日" in text and "（共8件）" in text
    assert internal_codes(text) == []


def test_the_public_pages_show_no_internal_code(
    client, reference_data, applicant_my, reviewer_my, approver
):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    number = Certificate.objects.filter(application_id=application.pk).first().number
    client.cookies["django_language"] = "zh-hans"
    for url in (
        reverse("public-decisions"),
        reverse("verify", args=[number]),
        reverse("public-appraisal"),
        reverse("public-report-new"),
        reverse("public-report-new") + "?district=110118",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert internal_codes(_visible(response.content.decode())) == [], url


def test_the_applicant_reads_a_rule_not_its_code(client, applicant_my, reviewer_my):
    # Assisted regeneration on a dense middle-aged stand: T5 warns.
    application = submitted(by=applicant_my, operation_type="assisted_regeneration")
    url = reverse("application-detail", args=[application.pk])
    client.force_login(applicant_my)
    html = client.get(url).content.decode()
    assert "作业类型与林分状况不符" in html
    assert '<span class="permits-rule">' not in html
    assert not [code for code in internal_codes(_visible(html)) if code[0] in "TOSZN"]
    client.force_login(reviewer_my)  # the officials' shorthand stays theirs
    assert '<span class="permits-rule">T5</span>' in client.get(url).content.decode()
