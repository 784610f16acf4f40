"""A page asks what a person's memberships give them once, though viewflow's app permissions,
the page, its tabs and its menu all ask (``config.middleware.MembershipsReadOnceMiddleware``);
a writing request asks afresh."""

from collections import Counter

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.middleware import MembershipsReadOnceMiddleware
from permits import readmemo

from .helpers import submitted

pytestmark = pytest.mark.django_db

PAGES = ("tasks:index", "applications:index", "notifications", "dashboard:index")


def membership_queries_asked_twice(client, url) -> list[str]:
    client.get(url)  # the process's caches (content types, calendar)
    with CaptureQueriesContext(connection) as page:
        assert client.get(url).status_code == 200
    asked = Counter(q["sql"] for q in page.captured_queries if "roles_membership" in q["sql"])
    return [sql for sql, times in asked.items() if times > 1]


@pytest.mark.parametrize("name", PAGES)
def test_a_reviewers_page_asks_each_membership_question_once(
    client, applicant_my, reviewer_my, name
):
    submitted(by=applicant_my)
    client.force_login(reviewer_my)
    assert membership_queries_asked_twice(client, reverse(name)) == []


@pytest.mark.parametrize("name", ("desk:index", "applications:index", "notifications"))
def test_an_applicants_page_asks_each_membership_question_once(client, applicant_my, name):
    submitted(by=applicant_my)
    client.force_login(applicant_my)
    assert membership_queries_asked_twice(client, reverse(name)) == []


@pytest.mark.parametrize(("method", "kept"), [("GET", True), ("HEAD", True), ("POST", False)])
def test_only_a_reading_request_keeps_the_memberships_answers(rf, method, kept):
    """A writing request has no block: a decision asks what a role gives inside its
    transaction, after its locks, never an answer read before them."""
    calls = []

    def view(request):
        calls.append(readmemo.remembered((readmemo.AGENCY_PERMS, 1, "probe"), lambda: len(calls)))
        calls.append(readmemo.remembered((readmemo.AGENCY_PERMS, 1, "probe"), lambda: len(calls)))
        return HttpResponse()

    MembershipsReadOnceMiddleware(view)(rf.generic(method, "/"))
    assert calls == ([0, 0] if kept else [0, 1])
    assert readmemo.remembered((readmemo.AGENCY_PERMS, 1, "probe"), lambda: "fresh") == "fresh"
