"""One persona set for the whole suite (product.md §1), like healthchecks' alice/bob/charlie."""

import pytest
import time_machine

from permits import services
from permits.models import Obligation
from roles import reference
from roles.models import Role
from supervision.models import Inspection
from supervision.services import filing_submit
from workflows import engine
from workflows import reference as route_reference
from workflows.models import PermitProcess
from workflows.services import task_decide

from . import factories, kept_database
from .api.helpers import introduction_data
from .factories import (
    OrganisationFactory,
    applicant,
    decide,
    member,
    pdf_upload,
    submit_accepted,
    tending_draft,
)


def pytest_collection_modifyitems(config, items):
    """The tests marked ``slow`` first (within the groups pytest-django then sorts by database
    use): under pytest-xdist the longest (minutes) starts at once on one worker while the others
    share the rest, instead of late and running on alone. The same order in every worker.

    Tests marked ``postgres`` need row locks, several connections or a flushable live-server
    database (SQLite's append-only triggers refuse the flush). They run in CI's PostgreSQL pass;
    here, on SQLite, they are skipped, each saying so."""
    from django.db import connection

    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL; runs in CI's PostgreSQL pass (.ci/run)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


# ---- the test database (tests/kept_database.py) ----------------------------------------------


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """pytest-django's, plus: on SQLite with --reuse-db, a file database to keep, one per
    pytest-xdist worker (its name set here, after pytest-django added the worker's suffix to the
    names it knows)."""
    if request.config.getvalue("reuse_db"):
        worker = getattr(request.config, "workerinput", {}).get("workerid")
        kept_database.name_sqlite_file(worker)


@pytest.fixture(scope="session")
def _kept_databases(django_db_modify_db_settings):
    """Named before they are made (Django renames the settings' databases as it makes them)."""
    return kept_database.kept()


@pytest.fixture(scope="session")
def django_db_createdb(request, _kept_databases):
    """``--create-db``, or a kept database made from other migration files than today's."""
    create = bool(request.config.getvalue("create_db"))
    if not request.config.getvalue("reuse_db"):
        return create
    return kept_database.must_create(_kept_databases, create=create)


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, _kept_databases):
    """pytest-django's, then the migrations' fingerprint beside each kept database."""
    if request.config.getvalue("reuse_db"):
        kept_database.stamp(_kept_databases)
    yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: a request through the test client leaves the
    language it chose active in the thread, which a later test calling a service directly would
    otherwise speak."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """A rolled-back test leaves no rows behind, but it could leave cached copies of them."""
    from django.core.cache import cache

    from zones.index import layer_index_forget

    cache.clear()
    layer_index_forget()


@pytest.fixture
def committed(db):
    """``committed(service, **kwargs)``: ``tests.factories.committed`` (the service's work after
    its commit runs when it returns)."""
    return factories.committed


@pytest.fixture
def reference_data(db):
    from documents import forms as decision_forms
    from permits import reference as permits_reference

    reference.load()
    route_reference.load()
    permits_reference.load()
    decision_forms.load()


@pytest.fixture
def org_miyun(reference_data):
    return OrganisationFactory(name="密云区国有林场", district_id="110118")


@pytest.fixture
def org_yanqing(reference_data):
    return OrganisationFactory(name="延庆区林业经营单位", district_id="110119")


@pytest.fixture
def org_jizhou(reference_data):
    return OrganisationFactory(
        name="蓟州区林业单位", jurisdiction_id="120000", district_id="120119"
    )


@pytest.fixture
def applicant_my(org_miyun):
    """An applicant of a 密云 state forest farm."""
    return applicant(organisation=org_miyun, username="applicant_my")


@pytest.fixture
def applicant_yq(org_yanqing):
    return applicant(organisation=org_yanqing, username="applicant_yq")


@pytest.fixture
def applicant_jz(org_jizhou):
    return applicant(organisation=org_jizhou, username="applicant_jz")


@pytest.fixture
def reviewer_my(reference_data):
    """District reviewer of 密云区园林绿化局."""
    return member(role=Role.REVIEWER, agency_code="110118-forestry", username="district_my")


@pytest.fixture
def reviewer_yq(reference_data):
    """District reviewer of 延庆区园林绿化局."""
    return member(role=Role.REVIEWER, agency_code="110119-forestry", username="district_yq")


@pytest.fixture
def reviewer_jz(reference_data):
    return member(role=Role.REVIEWER, agency_code="120119-forestry", username="district_jz")


@pytest.fixture
def approver(reference_data):
    """Municipal approver of 北京市园林绿化局."""
    return member(role=Role.APPROVER, agency_code="bj-forestry", username="muni_forest")


@pytest.fixture
def auditor(reference_data):
    return member(role=Role.AUDITOR, agency_code="bj-audit", username="auditor_bj")


@pytest.fixture
def auditor_tj(reference_data):
    return member(role=Role.AUDITOR, agency_code="120119-audit", username="auditor_tj")


@pytest.fixture
def outsider(reference_data):
    """Logged in, no membership at all."""
    from .factories import UserFactory

    return UserFactory(username="outsider")


@pytest.fixture
def reviewer_my2(reference_data):
    """A second reviewer of 密云区园林绿化局: a colleague of district_my."""
    return member(role=Role.REVIEWER, agency_code="110118-forestry", username="district_my2")


@pytest.fixture
def muni_plan(reference_data):
    """The municipal planning agency's consultant: countersigns a Beijing occupation."""
    return factories.persona("muni_plan")


@pytest.fixture
def head_my(reference_data):
    """Head (负责人) of 密云区园林绿化局: reads what its officials read, decides nothing."""
    return member(role=Role.HEAD, agency_code="110118-forestry", username="head_my")


@pytest.fixture
def head_forest(reference_data):
    """Head of 北京市园林绿化局, the agency that decides Beijing's tending and occupations."""
    return member(role=Role.HEAD, agency_code="bj-forestry", username="head_forest")


@pytest.fixture
def head_jz(reference_data):
    """Head of 蓟州区林业局."""
    return member(role=Role.HEAD, agency_code="120119-forestry", username="head_jz")


# An approved introduction under supervision (product.md §17) and who reviewed it.
INTRODUCTION_APPROVED_ON = "2026-03-02 10:00 +0800"


@pytest.fixture
def agriculture_approver(reference_data):
    """Approver of 北京市农业农村局, the lead agency of Beijing introductions."""
    return member(role=Role.APPROVER, agency_code="bj-agriculture")


@pytest.fixture
def agriculture_reviewer_my(reference_data):
    """Reviewer of 密云区农业农村局: reviews introductions in 密云 and what their holders file."""
    return member(role=Role.REVIEWER, agency_code="110118-agriculture", username="agri_my")


@pytest.fixture
def ecology_consultant(reference_data):
    """Consulted reviewer of 北京市生态环境局 (farmland introductions' habitat agency)."""
    return member(role=Role.CONSULTANT, agency_code="bj-ecology", username="ecology_bj")


@pytest.fixture
def introduction(applicant_my, agriculture_approver, agriculture_reviewer_my, ecology_consultant):
    """A farmland introduction (consulted: 市生态环境局 only), approved on 2 March 2026 with a
    report due every 6 months for a year. Reviewed through the services: the HTTP flow is
    covered in test_occupation_introduction_http."""
    reviewers = {
        "district_review": agriculture_reviewer_my,
        "consultation": ecology_consultant,
        "municipal_review": agriculture_approver,
    }
    with time_machine.travel(INTRODUCTION_APPROVED_ON, tick=False):
        application = services.application_create(
            by=applicant_my, kind="introduction", data=introduction_data(habitat_domain="farmland")
        )
        for kind in ("risk_assessment", "quarantine_certificate"):
            services.attachment_add(
                application=application, by=applicant_my, kind=kind, upload=pdf_upload()
            )
        submit_accepted(application=application, by=applicant_my)
        while task := engine.open_tasks(application=application).first():
            decision = "agree" if task.flow_task.name == "consultation" else "approve"
            task_decide(task_id=task.pk, by=reviewers[task.flow_task.name], decision=decision)
    return application


# A 密云 design whose completion was filed and accepted: its inspection (product.md §17 A2).
COMPLETION = {
    "completed_on": "2026-11-20",
    "parcels": [
        {"compartment": "12-3", "area_ha": "6", "operation_type": "young_forest_tending"},
        {"compartment": "12-4", "area_ha": "6.5", "operation_type": "young_forest_tending"},
    ],
}


@pytest.fixture
def inspection(applicant_my, reviewer_my, approver, head_my):
    """A 密云 design approved, its completion filed on 20 November 2026 and accepted by the
    district reviewer: an inspection awaits its inspectors."""
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        application = submit_accepted(application=tending_draft(by=applicant_my), by=applicant_my)
        application = decide(decide(application, reviewer_my), approver)
    completion = Obligation.objects.get(application=application, kind="tending_completion")
    with time_machine.travel("2026-11-20 09:00 +0800", tick=False):
        filing = filing_submit(obligation_id=completion.pk, by=applicant_my, data=COMPLETION)
        task = PermitProcess.objects.get(filing=filing).task_set.get(flow_task_type="HUMAN")
        task_decide(task_id=task.pk, by=reviewer_my, decision="accept")
    return Inspection.objects.get(application=application)
