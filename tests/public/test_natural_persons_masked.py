"""Issue 49 leftover: what a natural person is shown as where anyone may look, without a login.
A holder without a unified social credit code, and a penalty's party named by an id number,
are natural persons: every public surface (the verification page and API with the check code,
the published decisions, a permit's inspection records, the published penalty decisions) names
them by the first characters only and never prints an id number in clear, even where an
official wrote the name and number into the facts. The documents served on them (the approval,
the 行政处罚决定书) name them in full: they are not served to the public (docs/legal-basis.md
F38a)."""

from io import StringIO
from urllib.parse import quote

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from documents.models import Certificate, DocumentKind
from enforcement import reference as enforcement_reference
from enforcement import services as cases
from roles.models import Organisation
from tests.factories import decide, submit_accepted, tending_draft

pytestmark = pytest.mark.django_db
API = "/api/v1"

HOLDER = "王小明"
PARTY = "李四光"
ID_NUMBER = "11010519491231002X"
PERSON = {"name": PARTY, "id_number": ID_NUMBER, "address": "北京市密云区溪翁庄镇"}
EVIDENCE = [{"kind": "photo", "description": "现场照片3张，伐桩12个"}]


@pytest.fixture
def people(applicant_my, reviewer_my, reviewer_my2, approver, head_my, reference_data):
    """A design held by a natural person (no credit code), approved and published; a penalty
    decided on a natural person whose name and id number the officials wrote into the facts."""
    Organisation.objects.filter(memberships__user=applicant_my).update(
        name=HOLDER, unified_credit_code=""
    )
    with time_machine.travel("2026-03-06 10:00 +0800", tick=False):
        application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
        application = decide(decide(application, reviewer_my), approver)
    call_command("permits_tick", "--now", "2026-03-06T10:05:00+08:00", stdout=StringIO())
    enforcement_reference.load()
    facts = f"{PARTY}（身份证号码{ID_NUMBER}）擅自采伐林木12株"
    case, _created = cases.case_open(source="manual", facts=facts, by=head_my)
    cases.case_register(case_id=case.pk, by=head_my, party=PERSON)
    cases.case_evidence(
        case_id=case.pk, by=reviewer_my, officers=["district_my", "district_my2"], evidence=EVIDENCE
    )
    decided = {"article": "forest-76-2", "fine": "6000", "base_value": "1500", "replant_trees": 36}
    cases.case_prior_notice(case_id=case.pk, by=reviewer_my, **decided)
    cases.case_statement(case_id=case.pk, by=reviewer_my, waived=True)
    cases.case_decide(case_id=case.pk, by=head_my, outcome="penalty", reasons="滥伐", **decided)
    approval = Certificate.objects.get(application=application, document_kind=DocumentKind.APPROVAL)
    return {"approval": approval}


def verify_page(s):
    approval = s["approval"]
    return f"/verify/{quote(approval.number)}/?code={approval.check_code}", "王**"


def verify_api(s):
    approval = s["approval"]
    return f"{API}/certificates/{quote(approval.number)}/verify/?code={approval.check_code}", "王**"


def decisions_page(s):
    return "/public/decisions/", "王**"


def decisions_api(s):
    return f"{API}/public/decisions/", "王**"


def inspections_page(s):
    return f"/public/permits/{quote(s['approval'].number)}/inspections/", "王**"


def inspections_api(s):
    return f"{API}/public/permits/{quote(s['approval'].number)}/inspections/", "王**"


def penalties_api(s):
    return f"{API}/public/penalties/", "李**"


def appraisal_page(s):
    return "/public/appraisal/", ""


SURFACES = [
    verify_page,
    verify_api,
    decisions_page,
    decisions_api,
    inspections_page,
    inspections_api,
    penalties_api,
    appraisal_page,
]


@pytest.mark.parametrize("surface", SURFACES, ids=lambda f: f.__name__)
def test_no_public_surface_names_a_natural_person_in_clear(people, surface):
    url, masked = surface(people)
    response = Client().get(url)
    assert response.status_code == 200, url
    body = response.content.decode()
    for clear in (HOLDER, PARTY, ID_NUMBER, ID_NUMBER.lower(), ID_NUMBER[6:14]):
        assert clear not in body, (url, clear)
    if masked:
        assert masked in body  # the person is there, masked: the surface really showed them


def test_the_published_facts_keep_the_place_and_the_last_four_of_the_id_number(people):
    (row,) = Client().get(f"{API}/public/penalties/").json()["results"]
    assert row["party"] == "李**"
    assert row["facts"] == "李**（身份证号码110105********002X）擅自采伐林木12株"
