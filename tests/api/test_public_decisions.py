"""Decisions published (product.md §19 P1; 行政许可法 第四十条): the tick publishes each deciding
document once, within seven working days; the list (API and page) needs no login, names legal
persons and masks natural persons, prints no contact, attachment or third party, and reads the
status as the verification does, so a later act shows the same day."""

import json
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from documents.models import Certificate, DocumentKind
from permits.choices import Status
from permits.models import Application
from public.models import Publication
from public.publication import holder_public
from roles.models import Organisation
from tests.factories import decide, submit_accepted, tending_draft

from .helpers import API

pytestmark = pytest.mark.django_db
FIELDS = {
    "number",
    "document_kind",
    "kind",
    "decided_on",
    "holder",
    "district",
    "township",
    "compartments",
    "area_ha",
    "valid_from",
    "valid_until",
    "status",
    "status_on",
}


def _tick(now: str) -> str:
    out = StringIO()
    call_command("permits_tick", "--now", now, stdout=out)
    return out.getvalue()


@pytest.fixture
def approved(applicant_my, reviewer_my, approver):
    """A 密云 design approved on Friday 6 March 2026 (its holder has no credit code)."""
    with time_machine.travel("2026-03-06 10:00 +0800", tick=False):
        application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
        return decide(decide(application, reviewer_my), approver)


def test_the_tick_publishes_each_decision_once_within_seven_working_days(client_for, approved):
    assert client_for().get(f"{API}/public/decisions/").json()["results"] == []
    assert "decisions published: 1" in _tick("2026-03-06T10:05:00+08:00")
    assert "decisions published: 0" in _tick("2026-03-06T10:10:00+08:00")
    (row,) = Publication.objects.all()
    assert row.document.document_kind == DocumentKind.APPROVAL
    assert row.due_on == date(2026, 3, 17)  # seven working days after Friday 6 March
    # Notices of the procedure (the acceptance) are the applicant's, not published.
    assert Certificate.objects.filter(application=approved).count() > 1


def test_the_entry_is_the_contract_and_nothing_else_of_the_file(client_for, approved):
    _tick("2026-03-06T10:05:00+08:00")
    response = client_for().get(f"{API}/public/decisions/")
    assert response.status_code == 200
    (entry,) = response.json()["results"]
    assert set(entry) == FIELDS
    approval = approved.certificates.get(document_kind=DocumentKind.APPROVAL)
    assert entry["number"] == approval.number
    assert entry["kind"] == "tending" and entry["document_kind"] == "approval"
    assert entry["decided_on"] == "2026-03-06"
    assert entry["district"] == "密云区"
    assert entry["compartments"] == approved.compartments
    assert entry["status"] == "valid"
    text = json.dumps(response.json(), ensure_ascii=False)
    for private in (approved.contact_name, approved.contact_phone, approved.title):
        assert private and private not in text
    # The holder has no unified social credit code: taken for a natural person, masked.
    assert entry["holder"] == holder_public(approved.organisation.name, "")
    assert entry["holder"] != approved.organisation.name


def test_a_legal_person_is_named_and_a_natural_person_masked():
    assert holder_public("北京绿岭生态建设有限公司", "91110118MA1Y000030") == (
        "北京绿岭生态建设有限公司"
    )
    # Two marks whatever the length: the mask does not tell the name's length.
    assert holder_public("王小明", "") == "王**"
    assert holder_public("欧阳小明", "") == "欧**"
    assert holder_public("王明", " ") == "王**"
    assert holder_public("", "") == "***"


def test_a_holder_with_its_credit_code_is_named(client_for, approved):
    Organisation.objects.filter(pk=approved.organisation_id).update(
        unified_credit_code="12110118MB1Y000016"
    )
    _tick("2026-03-06T10:05:00+08:00")
    (entry,) = client_for().get(f"{API}/public/decisions/").json()["results"]
    assert entry["holder"] == "密云区国有林场"


def test_the_status_is_the_verifications_and_a_later_act_shows_at_once(client_for, approved):
    _tick("2026-03-06T10:05:00+08:00")
    approval = approved.certificates.get(document_kind=DocumentKind.APPROVAL)
    # A later act (here the status a revocation leaves) is read live, as the verification reads.
    Application.objects.filter(pk=approved.pk).update(status=Status.REVOKED)
    (entry,) = client_for().get(f"{API}/public/decisions/").json()["results"]
    verified = client_for().get(f"{API}/certificates/{approval.number}/verify/").json()
    assert entry["status"] == verified["status"] == "revoked"


def test_a_refusal_is_published_refused(client_for, applicant_my, reviewer_my):
    with time_machine.travel("2026-03-06 10:00 +0800", tick=False):
        application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
        decide(application, reviewer_my, decision="reject", opinion="小班位于核心区，不予许可。")
    _tick("2026-03-06T10:05:00+08:00")
    (entry,) = client_for().get(f"{API}/public/decisions/").json()["results"]
    assert entry["document_kind"] == "refusal" and entry["status"] == "refused"
    # Issue 46, Low: the result is published, the applicant refused is not named.
    assert entry["holder"] == "（不予许可决定不公布申请人名称）"
    assert application.organisation.name not in json.dumps(entry, ensure_ascii=False)


def test_the_list_filters_by_district_kind_and_date(client_for, approved):
    _tick("2026-03-06T10:05:00+08:00")
    anonymous = client_for()

    def count(query: str) -> int:
        response = anonymous.get(f"{API}/public/decisions/?{query}")
        assert response.status_code == 200, response.content
        return response.json()["count"]

    assert count("district=110118") == 1
    assert count("district=110119") == 0
    assert count("kind=tending") == 1
    assert count("kind=occupation") == 0
    assert count("since=2026-03-06&until=2026-03-06") == 1
    assert count("since=2026-03-07") == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("district=abc", "district"),
        ("kind=bogus", "kind"),
        ("since=2026-13-01", "since"),
        ("since=2026-03-07&until=2026-03-06", "until"),
    ],
)
def test_bad_filters_are_400_naming_the_field(client_for, query, field):
    response = client_for().get(f"{API}/public/decisions/?{query}")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_the_page_needs_no_login_and_prints_no_contact(approved):
    _tick("2026-03-06T10:05:00+08:00")
    page = Client().get("/public/decisions/")
    assert page.status_code == 200
    html = page.content.decode()
    approval = approved.certificates.get(document_kind=DocumentKind.APPROVAL)
    assert approval.number in html and 'data-status="valid"' in html
    # Each row names the document by its printed title (a refused change is told apart).
    assert approval.content["document"]["title"] in html
    assert approved.contact_phone not in html and approved.contact_name not in html
    filtered = Client().get("/public/decisions/?district=110119").content.decode()
    assert 'id="public-decisions-empty"' in filtered
    # A bad date is said next to its field, and the list still answers.
    bad = Client().get("/public/decisions/?since=2026-13-01&page=x")
    assert bad.status_code == 200
    assert 'class="permits-field-error"' in bad.content.decode()
    # ... and nothing is listed under it, as if it were the answer.
    assert 'id="public-decisions-empty"' in bad.content.decode()
    reversed_period = Client().get("/public/decisions/?since=2026-03-07&until=2026-03-06")
    assert 'id="public-decisions-empty"' in reversed_period.content.decode()
    # Read only: no other method.
    assert Client().post("/public/decisions/").status_code == 405


@pytest.mark.parametrize(
    "query", ["district=%D9%A1%D9%A1%D9%A0%D9%A1%D9%A1%D9%A8", "since=20260306"]
)
def test_only_ascii_codes_and_iso_days_are_filters(client_for, query):
    assert client_for().get(f"{API}/public/decisions/?{query}").status_code == 400


def test_a_holder_renamed_by_a_change_is_published_under_its_new_name(
    client_for, applicant_my, agriculture_approver, introduction
):
    from tests.api.test_permit_requests_http import ASKED, CHANGE, _decide

    Organisation.objects.filter(pk=introduction.organisation_id).update(
        unified_credit_code="12110118MB1Y000016"
    )
    holder, agency = client_for(applicant_my), client_for(agriculture_approver)
    with time_machine.travel(ASKED, tick=False):
        url = f"{API}/applications/{introduction.pk}/change-requests/"
        assert holder.post(url, CHANGE, format="json").status_code == 201
        assert _decide(agency, "accept", application=introduction).status_code == 200
        assert (
            _decide(agency, "approve", "符合变更条件。", application=introduction).status_code
            == 200
        )
    _tick("2026-09-01T11:00:00+08:00")
    entries = client_for().get(f"{API}/public/decisions/").json()["results"]
    (change,) = [e for e in entries if e["document_kind"] == "change_decision"]
    assert change["holder"] == CHANGE["changes"]["holder_name"]
    (approval,) = [e for e in entries if e["document_kind"] == "approval"]
    assert approval["status"] == "superseded"


def test_the_total_is_counted_up_to_a_bound_not_to_the_end(
    client_for, approved, applicant_my, reviewer_my, approver, monkeypatch
):
    """At a million published decisions the total stops counting at ``COUNT_CAP`` (bench/README:
    the exact count was the list's whole time): past the bound the total says "at least", and
    the pages beyond it are not offered."""
    from core.pagination import CappedPaginator

    with time_machine.travel("2026-03-09 10:00 +0800", tick=False):
        second = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
        decide(decide(second, reviewer_my), approver)
    _tick("2026-03-09T10:05:00+08:00")
    body = client_for().get(f"{API}/public/decisions/").json()
    assert (body["count"], body["count_capped"], len(body["results"])) == (2, False, 2)
    monkeypatch.setattr(CappedPaginator, "cap", 1)
    body = client_for().get(f"{API}/public/decisions/").json()
    assert (body["count"], body["count_capped"], len(body["results"]), body["next"]) == (
        1,
        True,
        1,
        None,
    )
    assert client_for().get(f"{API}/public/decisions/", {"page": 2}).status_code == 404
    page = Client().get("/public/decisions/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200 and "页以上" in page.content.decode()


def test_the_tick_reads_a_queue_filled_as_each_decision_is_issued(approved):
    """The tick publishes what was queued in the transaction that issued each deciding document;
    it never scans every document (bench/README: 4 s a tick at a million)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from public.models import PublicationPending
    from public.publication import decisions_publish

    approval = Certificate.objects.get(application=approved, document_kind=DocumentKind.APPROVAL)
    assert list(PublicationPending.objects.values_list("document_id", flat=True)) == [approval.pk]
    # The notices of the procedure are not queued: only deciding documents are published.
    assert Certificate.objects.filter(application=approved).count() > 1
    _tick("2026-03-06T10:05:00+08:00")
    assert not PublicationPending.objects.exists()
    assert Publication.objects.get().document_id == approval.pk
    with CaptureQueriesContext(connection) as idle:
        assert decisions_publish(timezone.now()) == 0
    assert len(idle.captured_queries) <= 3  # the savepoint, the queue, its release
