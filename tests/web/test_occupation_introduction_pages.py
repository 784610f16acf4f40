"""Occupation (占用林地) and introduction (外来物种引入) through the pages: the forms, the document
checklist, the countersign tasks of the consulted agencies and the approver's view of them."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.messages import (
    MSG_COUNTERSIGNED,
    MSG_O3,
    MSG_O3_NOT_AGREED,
    MSG_O4,
    MSG_REQUIRED_ATTACHMENT,
    MSG_S2,
)
from permits.choices import Decision, Kind, Status, Step
from permits.models import Application, OccupationRequest
from permits.rules.base import citation_for_people
from permits.rules.occupation import SOURCE_142_1_1_ITEM_6, SOURCE_O3_BEIJING
from roles.models import Role
from web.forms.applications import APPLICATION_FORMS, SITE_FORM_FIELDS, section_field_names
from workflows.services import MSG_OPINION_REQUIRED, MSG_REASON_AGAINST_DISAGREEMENT

from ..factories import member, pdf_upload
from .helpers import (
    decide,
    draft,
    form_data,
    introduction_data,
    occupation_data,
    open_task,
    submitted_as,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def planning_consultant(reference_data):
    """Consulted reviewer of 市规划自然资源委 (Beijing occupations are countersigned there)."""
    return member(role=Role.CONSULTANT, agency_code="bj-planning", username="planning")


@pytest.fixture
def water_consultant(reference_data):
    return member(role=Role.CONSULTANT, agency_code="bj-water", username="water")


@pytest.fixture
def ecology_consultant(reference_data):
    return member(role=Role.CONSULTANT, agency_code="bj-ecology", username="ecology")


@pytest.fixture
def forestry_consultant(reference_data):
    return member(role=Role.CONSULTANT, agency_code="bj-forestry", username="forest_consult")


@pytest.fixture
def in_consultation(applicant_my, reviewer_my):
    """A Beijing occupation the 密云 district bureau sent on to 市规划自然资源委."""
    application = submitted_as(kind="occupation", by=applicant_my)
    return decide(application, by=reviewer_my)


def _task_url(application):
    return reverse("task-detail", args=[open_task(application).pk])


@pytest.mark.parametrize("kind", list(Kind))
def test_each_form_shows_every_field_of_its_type_in_a_section(kind):
    form = APPLICATION_FORMS[kind]()
    assert sorted([*section_field_names(kind), *SITE_FORM_FIELDS]) == sorted(form.fields)


def test_new_application_lets_the_applicant_choose_the_kind(english, client, applicant_my):
    client.force_login(applicant_my)

    listing = client.get(reverse("applications:index"))
    assert reverse("applications:new") in listing.content.decode()
    page = client.get(reverse("applications:new"))

    html = page.content.decode()
    for kind in Kind:
        assert reverse("applications:create", args=[kind.value]) in html
        assert str(kind.label) in html
    assert "Project approval" in html and "Risk assessment" in html


def test_reviewer_cannot_choose_a_kind(client, reviewer_my):
    client.force_login(reviewer_my)
    assert client.get(reverse("applications:new")).status_code == 403


def test_occupation_form_upload_checklist_and_submit(english, client, applicant_my):
    client.force_login(applicant_my)
    create_url = reverse("applications:create", args=["occupation"])
    form_page = client.get(create_url).content.decode()
    for section in ("Project", "Forest land", "Occupation"):
        assert f'vf-form__formset-header">{section}</h3>' in form_page

    data = form_data(occupation_data(title="网页占用林地申请"))
    # The site comes as the applicant's GeoJSON file rather than typed into the box.
    site = data.pop("site_geometry")
    data["site_file"] = SimpleUploadedFile("site.geojson", site.encode(), "application/geo+json")

    response = client.post(create_url, data)

    occupation = OccupationRequest.objects.get(title="网页占用林地申请")
    assert occupation.site_geometry == json.loads(site)
    detail_url = reverse("application-detail", args=[occupation.pk])
    assert response.url == detail_url
    assert occupation.destroys_surface_vegetation is True
    assert occupation.duration_months == 18
    page = client.get(detail_url)
    problems = page.context["problems"]
    assert [(p["field"], p["code"]) for p in problems] == [
        ("attachments", "required_attachment"),
        ("attachments", "required_attachment"),
    ]
    assert [(d["kind"], bool(d["files"])) for d in page.context["documents"]] == [
        ("project_approval", False),
        ("site_map", False),
    ]
    assert str(MSG_REQUIRED_ATTACHMENT % {"kind": "Site map"}) in page.content.decode()
    assert page.context["upload_form"]["kind"].value() == "project_approval"

    for kind in ("project_approval", "site_map"):
        upload = client.post(
            reverse("application-attachment-add", args=[occupation.pk]),
            {"kind": kind, "file": pdf_upload(f"{kind}.pdf")},
        )
        assert upload.url == detail_url
    page = client.get(detail_url)
    assert page.context["problems"] == []
    assert all(d["files"] for d in page.context["documents"])

    client.post(reverse("application-submit", args=[occupation.pk]))
    assert Application.objects.get(pk=occupation.pk).status == Status.SUBMITTED


def test_occupation_facts_are_grouped(english, client, applicant_my):
    occupation = draft(kind="occupation", by=applicant_my)
    client.force_login(applicant_my)

    sections = dict(
        client.get(reverse("application-detail", args=[occupation.pk])).context["fact_sections"]
    )

    assert [str(title) for title in sections] == [
        "Application",
        "Occupation site",
        "Project",
        "Forest land",
        "Occupation",
    ]
    forest_land = {str(label): value for label, value in sections["Forest land"]}
    assert forest_land["destroys surface vegetation"] == "Yes"
    assert forest_land["area (ha)"] == "1.2"


def test_blocking_rule_shows_on_the_checklist_with_its_source(english, client, applicant_my):
    from permits.rules.occupation import SOURCE_FOREST_LAW_38

    occupation = draft(kind="occupation", by=applicant_my, duration_months=30)
    client.force_login(applicant_my)

    page = client.get(reverse("application-detail", args=[occupation.pk]))

    # What the agency will decide on, beside the checklist: advice, not a wall (issue 46).
    assert page.context["problems"] == []
    assert [f.rule for f in page.context["findings"]] == ["O4"]
    html = page.content.decode()
    assert str(MSG_O4 % {"limit": 24}) in html
    assert SOURCE_FOREST_LAW_38 in html


# O3 of a Beijing infrastructure project: Beijing's basis, then item 6 of the red-line regime.
SOURCE_O3 = f"{SOURCE_O3_BEIJING}；{SOURCE_142_1_1_ITEM_6}"


def test_red_line_warns_with_o3_and_its_source(english, client, applicant_my):
    occupation = draft(kind="occupation", by=applicant_my, protection_class="red_line")
    client.force_login(applicant_my)

    html = client.get(reverse("application-detail", args=[occupation.pk])).content.decode()

    assert str(MSG_O3) in html and citation_for_people(SOURCE_O3) in html
    assert SOURCE_O3 not in html  # cited by the document's title, without its internal code


def test_edit_an_occupation(client, applicant_my):
    occupation = draft(kind="occupation", by=applicant_my)
    client.force_login(applicant_my)
    url = reverse("application-edit", args=[occupation.pk])
    assert client.get(url).status_code == 200

    data = form_data(occupation_data(occupation_kind="permanent", duration_months=None))
    data["destroys_surface_vegetation"] = "unknown"
    response = client.post(url, data)

    assert response.url == reverse("application-detail", args=[occupation.pk])
    occupation.refresh_from_db()
    assert occupation.occupation_kind == "permanent"
    assert occupation.duration_months is None
    assert occupation.destroys_surface_vegetation is None


def test_introduction_form_and_its_checklist(english, client, applicant_my):
    client.force_login(applicant_my)
    create_url = reverse("applications:create", args=["introduction"])
    assert client.get(create_url).status_code == 200

    response = client.post(create_url, form_data(introduction_data()))

    application = Application.objects.get(kind="introduction")
    assert response.url == reverse("application-detail", args=[application.pk])
    page = client.get(response.url)
    problems = {(p["code"], p["rule"]) for p in page.context["problems"]}
    assert problems == {("required_attachment", None)}
    assert [f.rule for f in page.context["findings"]] == ["S2"]
    documents = {d["kind"]: d["rule"] for d in page.context["documents"]}
    assert documents == {"quarantine_certificate": None, "risk_assessment": "S2"}
    assert str(MSG_S2) in page.content.decode()


def test_invasive_species_is_refused_on_the_checklist(english, client, applicant_my):
    application = draft(
        kind="introduction",
        by=applicant_my,
        scientific_name="Lithobates catesbeianus",
        chinese_name="牛蛙",
    )
    client.force_login(applicant_my)

    page = client.get(reverse("application-detail", args=[application.pk]))

    assert [f.rule for f in page.context["findings"]] == ["S1"]
    assert "牛蛙" in page.content.decode()


def test_list_filters_by_the_new_kinds(english, client, applicant_my):
    occupation = draft(kind="occupation", by=applicant_my)
    introduction = draft(kind="introduction", by=applicant_my)
    client.force_login(applicant_my)

    page = client.get(reverse("applications:index"), {"kind": "occupation"})

    assert [a.pk for a in page.context["page_obj"]] == [occupation.pk]
    html = page.content.decode()
    assert "Forest-land occupation" in html and "Alien species introduction" in html
    assert introduction.reference not in html


# --- consultation -------------------------------------------------------------------------


def test_planning_consultant_sees_the_countersign_task(
    english, client, in_consultation, planning_consultant
):
    client.force_login(planning_consultant)

    queue = client.get(reverse("tasks:index"), {"queue": "queue"})
    assert in_consultation.reference in queue.content.decode()
    page = client.get(_task_url(in_consultation))

    assert page.status_code == 200
    assert page.context["step"] == Step.CONSULTATION
    choices = [value for value, _label in page.context["decision_form"].fields["decision"].choices]
    assert choices == [Decision.AGREE, Decision.DISAGREE]
    assert page.context["countersigns"] == []
    assert "北京市规划和自然资源委员会" in page.content.decode()


def test_the_queue_page_shows_more_rows_in_the_same_queries(
    client, applicant_my, reviewer_my, planning_consultant
):
    """No query per row on the work queue page, the consulted agency of each countersign
    included (product.md §14: a bureau's queue may hold thousands)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(planning_consultant)
    url = reverse("tasks:index") + "?queue=queue"
    decide(submitted_as(kind="occupation", by=applicant_my), by=reviewer_my)
    client.get(url)  # warm the process's caches (content types, calendar)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert [row["agency"].code for row in page.context["rows"]] == ["bj-planning"]
    for _ in range(2):
        decide(submitted_as(kind="occupation", by=applicant_my), by=reviewer_my)
    with CaptureQueriesContext(connection) as three:
        page = client.get(url)
    assert [row["agency"].code for row in page.context["rows"]] == ["bj-planning"] * 3
    assert len(three) == len(one), [q["sql"][:120] for q in three.captured_queries]


def test_disagree_needs_an_opinion(english, client, in_consultation, planning_consultant):
    client.force_login(planning_consultant)

    response = client.post(_task_url(in_consultation), {"decision": "disagree", "opinion": ""})

    assert response.context["decision_form"].errors["opinion"] == [str(MSG_OPINION_REQUIRED)]
    assert Application.objects.get(pk=in_consultation.pk).status == Status.CONSULTATION


def test_agree_moves_on_to_the_municipal_approver(
    english, client, in_consultation, planning_consultant
):
    client.force_login(planning_consultant)

    response = client.post(_task_url(in_consultation), {"decision": "agree", "opinion": ""})

    assert response.url == reverse("tasks:index")
    assert str(MSG_COUNTERSIGNED) in client.get(response.url).content.decode()
    assert Application.objects.get(pk=in_consultation.pk).status == Status.MUNICIPAL_REVIEW


def test_approver_sees_the_disagreement_and_must_give_a_reason(
    english, client, in_consultation, planning_consultant, approver
):
    opinion = "项目选址与控制性详细规划不符，建议调整。"
    decide(in_consultation, by=planning_consultant, decision="disagree", opinion=opinion)
    client.force_login(approver)
    url = _task_url(in_consultation)

    page = client.get(url)

    [countersign] = page.context["countersigns"]
    assert (countersign.agency.code, countersign.decision) == ("bj-planning", "disagree")
    assert page.context["disagreement"] is True
    html = page.content.decode()
    assert opinion in html
    assert "permits-countersign--disagree" in html
    assert planning_consultant.first_name in html
    assert str(MSG_REASON_AGAINST_DISAGREEMENT) in html

    refused = client.post(url, {"decision": "approve", "opinion": ""})

    assert refused.status_code == 200
    assert refused.context["decision_form"].errors["opinion"] == [
        str(MSG_REASON_AGAINST_DISAGREEMENT)
    ]
    assert Application.objects.get(pk=in_consultation.pk).status == Status.MUNICIPAL_REVIEW

    approved = client.post(
        url, {"decision": "approve", "opinion": "项目属市重点工程，已调整选址。"}
    )

    assert approved.url == reverse("tasks:index")
    # Approved: the approval is issued once the restoration fee is paid (product.md §16 L7).
    assert Application.objects.get(pk=in_consultation.pk).status == Status.AWAITING_FEE


def test_countersign_opinions_are_for_officials_not_the_applicant(
    client, applicant_my, in_consultation, planning_consultant, auditor
):
    decide(in_consultation, by=planning_consultant, decision="agree", opinion="符合规划。")
    client.force_login(applicant_my)

    page = client.get(reverse("application-detail", args=[in_consultation.pk]))

    assert list(page.context["countersigns"]) == []
    assert "符合规划。" not in page.content.decode()  # neither in the card nor in the history

    client.force_login(auditor)
    page = client.get(reverse("application-detail", args=[in_consultation.pk]))
    assert [c.decision for c in page.context["countersigns"]] == ["agree"]
    assert "符合规划。" in page.content.decode()


def test_o3_refusal_is_shown_with_its_source(
    english, client, applicant_my, reviewer_my, planning_consultant, approver
):
    application = submitted_as(kind="occupation", by=applicant_my, protection_class="red_line")
    decide(application, by=reviewer_my)
    decide(application, by=planning_consultant, decision="disagree", opinion="位于生态保护红线内。")
    client.force_login(approver)

    response = client.post(
        _task_url(application), {"decision": "approve", "opinion": "重大工程，确需占用。"}
    )

    assert response.status_code == 200
    [refusal] = response.context["refusals"]
    assert refusal["rule"] == "O3"
    html = response.content.decode()
    assert str(MSG_O3_NOT_AGREED) in html
    assert citation_for_people(SOURCE_O3) in html and SOURCE_O3 not in html
    assert Application.objects.get(pk=application.pk).status == Status.MUNICIPAL_REVIEW


def test_introduction_into_waters_reaches_water_and_ecology(
    english,
    client,
    applicant_my,
    water_consultant,
    ecology_consultant,
    forestry_consultant,
):
    district = member(role=Role.REVIEWER, agency_code="110118-agriculture")
    agriculture = member(role=Role.APPROVER, agency_code="bj-agriculture")
    application = submitted_as(kind="introduction", by=applicant_my)
    decide(application, by=district)

    for consultant in (water_consultant, ecology_consultant):
        client.force_login(consultant)
        queue = client.get(reverse("tasks:index"), {"queue": "queue"})
        [row] = queue.context["rows"]
        assert row["application"].pk == application.pk
        assert row["agency"] == consultant.memberships.get().agency
        response = client.post(
            reverse("task-detail", args=[row["task"].pk]), {"decision": "agree", "opinion": ""}
        )
        assert response.url == reverse("tasks:index")
    client.force_login(forestry_consultant)
    assert client.get(reverse("tasks:index"), {"queue": "queue"}).context["rows"] == []

    client.force_login(agriculture)
    page = client.get(_task_url(application))
    agencies = {c.agency.code for c in page.context["countersigns"]}
    assert agencies == {"bj-water", "bj-ecology"}
    assert page.context["disagreement"] is False


def test_water_consultant_cannot_open_an_occupation_countersign(
    client, in_consultation, water_consultant
):
    client.force_login(water_consultant)
    url = _task_url(in_consultation)

    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "agree", "opinion": ""}).status_code == 404
    assert client.get(reverse("application-detail", args=[in_consultation.pk])).status_code == 404
    assert Application.objects.get(pk=in_consultation.pk).status == Status.CONSULTATION
