"""Submitting occupations and introductions (product.md §3.2, §3.3, §10): every problem at once
(missing values, required attachments, blocking rules with their clause), the admin-editable
invasive list, and a refused submission that leaves the draft as it was."""

import pytest

from audit.models import AuditEvent
from core.errors import Problem, RulesViolated
from core.messages import (
    MSG_O1_BEIJING,
    MSG_O4,
    MSG_REQUIRED_ATTACHMENT,
    MSG_REQUIRED_PERMITS,
    MSG_S2,
)
from permits import services
from permits.choices import AttachmentKind, Status
from permits.models import Application, Attachment, InvasiveSpecies
from permits.rules import introduction as i
from permits.rules import occupation as o
from permits.rules import tending as t
from permits.rules.species import SOURCE_004_2_4_FOREST
from tests.factories import (
    introduction_draft,
    occupation_draft,
    pdf_upload,
    submit_accepted,
    tianjin_introduction_draft,
    tianjin_occupation_draft,
)
from workflows.models import PermitProcess

pytestmark = pytest.mark.django_db


def refused(application, by) -> list[Problem]:
    with pytest.raises(RulesViolated) as error:
        submit_accepted(application=application, by=by)
    return error.value.problems


def summary(problems) -> set[tuple]:
    """(field, code, rule) of every problem."""
    return {(p.field, p.code, p.rule) for p in problems}


def rule(problems, code) -> Problem:
    (found,) = [p for p in problems if p.rule == code]
    return found


def missing_attachment(kind) -> Problem:
    message = str(MSG_REQUIRED_ATTACHMENT % {"kind": AttachmentKind(kind).label})
    return Problem("attachments", "required_attachment", message)


def assert_still_a_draft(application, *, attachments: int) -> None:
    fresh = Application.objects.get(pk=application.pk).detail
    assert fresh.status == Status.DRAFT
    assert fresh.submitted_at is None
    assert fresh.district_agency is None and fresh.lead_agency is None
    assert Attachment.objects.filter(application_id=application.pk).count() == attachments
    assert not AuditEvent.objects.filter(application_id=application.pk, action="submit").exists()
    assert not PermitProcess.objects.filter(application_id=application.pk).exists()


# --- Occupation ----------------------------------------------------------------------------------


def test_an_occupation_reports_every_problem_at_once(applicant_my):
    draft = occupation_draft(
        by=applicant_my,
        with_attachments=False,
        title="",
        project_approval_ref="",
        restoration_plan="",
        land_category="natural_forest",
        protection_class="key_zone",
        project_type="commercial",
        duration_months=36,
    )
    problems = refused(draft, applicant_my)
    assert summary(problems) == {
        ("title", "required", None),
        ("project_approval_ref", "required", None),
        ("restoration_plan", "required", None),
        ("attachments", "required_attachment", None),
        ("project_type", "findings_blocking", "O1"),
        ("duration_months", "findings_blocking", "O4"),
    }
    attachments = [p for p in problems if p.code == "required_attachment"]
    assert attachments == [missing_attachment("project_approval"), missing_attachment("site_map")]
    o1, o4 = rule(problems, "O1"), rule(problems, "O4")
    assert (o1.message, o1.source) == (str(MSG_O1_BEIJING), o.SOURCE_000_2_4_OCCUPATION)
    assert (o4.message, o4.source) == (
        str(MSG_O4) % {"limit": 24},
        o.SOURCE_FOREST_LAW_38,
    )
    assert "24" in o4.message
    required = [p for p in problems if p.code == "required"]
    assert {p.message for p in required} == {str(MSG_REQUIRED_PERMITS)}
    assert_still_a_draft(draft, attachments=0)


def test_o2_nothing_in_a_reserve_core_zone(applicant_my):
    draft = occupation_draft(
        by=applicant_my, protection_class="reserve_core", project_type="national_defense"
    )
    problems = refused(draft, applicant_my)
    assert summary(problems) == {("protection_class", "findings_blocking", "O2")}
    assert rule(problems, "O2").source == t.SOURCE_000_2_3_CORE
    assert_still_a_draft(draft, attachments=2)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"land_category": "natural_forest", "project_type": "infrastructure"}, "project_type"),
        (
            {
                "land_category": "natural_forest",
                "project_type": "eco_tourism",
                "destroys_surface_vegetation": True,
            },
            "destroys_surface_vegetation",
        ),
        (
            {
                "land_category": "natural_forest",
                "project_type": "forest_wellness",
                "destroys_surface_vegetation": False,
            },
            None,
        ),
        ({"land_category": "natural_forest", "project_type": "major_national_project"}, None),
        ({"land_category": "planted_forest", "project_type": "commercial"}, None),
    ],
)
def test_o1_in_tianjin_any_natural_forest_land(applicant_jz, fields, expected):
    draft = tianjin_occupation_draft(by=applicant_jz, **fields)
    if expected is None:
        application = submit_accepted(application=draft, by=applicant_jz)
        assert application.status == Status.DISTRICT_REVIEW
        return
    problems = refused(draft, applicant_jz)
    assert summary(problems) == {(expected, "findings_blocking", "O1")}
    assert rule(problems, "O1").source == o.SOURCE_001_3_2_2_OCCUPATION


@pytest.mark.parametrize(
    ("fields", "refused_by"),
    [
        ({"land_category": "natural_forest", "protection_class": "key_zone"}, "O1"),
        ({"land_category": "natural_forest", "protection_class": "general"}, None),
        (
            {
                "land_category": "natural_forest",
                "protection_class": "key_zone",
                "project_type": "national_defense",
            },
            None,
        ),
    ],
)
def test_o1_in_beijing_only_the_key_zone(applicant_my, fields, refused_by):
    draft = occupation_draft(by=applicant_my, **fields)
    if refused_by is None:
        assert submit_accepted(application=draft, by=applicant_my).status == (
            Status.DISTRICT_REVIEW
        )
    else:
        assert [p.rule for p in refused(draft, applicant_my)] == [refused_by]


@pytest.mark.parametrize(
    ("fields", "allowed"),
    [
        ({"duration_months": 24}, True),
        ({"duration_months": 25}, False),
        ({"occupation_kind": "permanent", "duration_months": 60, "restoration_plan": ""}, True),
    ],
)
def test_o4_temporary_use_at_most_two_years(applicant_my, fields, allowed):
    draft = occupation_draft(by=applicant_my, **fields)
    if allowed:
        submit_accepted(application=draft, by=applicant_my)
    else:
        assert [p.rule for p in refused(draft, applicant_my)] == ["O4"]


def test_a_temporary_occupation_needs_its_duration_and_restoration_plan(applicant_my):
    draft = occupation_draft(by=applicant_my, duration_months=None, restoration_plan="")
    assert summary(refused(draft, applicant_my)) == {
        ("duration_months", "required", None),
        ("restoration_plan", "required", None),
    }


def test_o3_red_line_is_advisory_at_submission(applicant_my):
    """An infrastructure project (item 6 of the red-line regime) is advised, not refused."""
    draft = occupation_draft(by=applicant_my, protection_class="red_line")
    (warning,) = services.application_warnings(draft)
    assert (warning.rule, warning.field, warning.source) == (
        "O3",
        "protection_class",
        f"{o.SOURCE_O3_BEIJING}；{o.SOURCE_142_1_1_ITEM_6}",
    )
    assert o.SOURCE_004_3_7_RED_LINE in warning.source
    assert submit_accepted(application=draft, by=applicant_my).status == (Status.DISTRICT_REVIEW)


@pytest.mark.parametrize(
    ("make", "applicant", "basis"),
    [
        (occupation_draft, "applicant_my", o.SOURCE_O3_BEIJING),
        (tianjin_occupation_draft, "applicant_jz", o.SOURCE_O3_TIANJIN),
    ],
)
def test_o3_a_project_the_red_line_does_not_admit_is_refused_with_every_other_problem(
    request, make, applicant, basis
):
    by = request.getfixturevalue(applicant)
    draft = make(
        by=by,
        protection_class="red_line",
        project_type="commercial",
        occupation_kind="temporary",
        duration_months=30,
        restoration_plan="复绿",
    )
    problems = refused(draft, by)
    assert [p.rule for p in problems if p.rule] == ["O3", "O4"]
    o3 = rule(problems, "O3")
    assert (o3.field, o3.code, o3.source) == ("project_type", "findings_blocking", basis)
    assert services.application_warnings(draft) == []
    assert_still_a_draft(draft, attachments=2)


# --- Introduction --------------------------------------------------------------------------------


def test_an_introduction_reports_every_problem_at_once(applicant_my):
    draft = introduction_draft(
        by=applicant_my,
        with_attachments=False,
        scientific_name="Hyphantria cunea (Drury, 1773)",
        chinese_name="",
        containment_measures="",
        monitoring_interval_months=None,
    )
    problems = refused(draft, applicant_my)
    assert summary(problems) == {
        ("chinese_name", "required", None),
        ("containment_measures", "required", None),
        ("monitoring_interval_months", "required", None),
        ("attachments", "required_attachment", None),
        ("scientific_name", "findings_blocking", "S1"),
        ("attachments", "findings_blocking", "S2"),
    }
    assert missing_attachment("quarantine_certificate") in problems
    s1, s2 = rule(problems, "S1"), rule(problems, "S2")
    assert "美国白蛾" in s1.message and "Hyphantria cunea" in s1.message
    assert "美国白蛾" in s1.source  # the clause of the list entry that names it
    assert (s2.message, s2.source) == (str(MSG_S2), i.SOURCE_004_2_4_APPROVAL)
    assert_still_a_draft(draft, attachments=0)


def test_s2_the_quarantine_certificate_does_not_replace_the_risk_assessment(applicant_my):
    draft = introduction_draft(by=applicant_my, with_attachments=False)
    services.attachment_add(
        application=draft,
        by=applicant_my,
        kind="quarantine_certificate",
        upload=pdf_upload(),
    )
    problems = refused(draft, applicant_my)
    assert summary(problems) == {("attachments", "findings_blocking", "S2")}
    assert_still_a_draft(draft, attachments=1)


@pytest.mark.parametrize(
    ("scientific_name", "chinese_name"),
    [
        ("Rana catesbeiana Shaw, 1802", "美国青蛙"),
        ("  LITHOBATES   catesbeianus  (Shaw, 1802)", ""),
        ("Lithobates catesbeianus", "牛蛙"),
        ("Anura sp.", "牛 蛙"),
        ("Anura sp.", "　牛蛙。"),
    ],
)
def test_s1_the_bullfrog_however_it_is_written(applicant_my, scientific_name, chinese_name):
    draft = introduction_draft(
        by=applicant_my,
        scientific_name=scientific_name,
        chinese_name=chinese_name or "美国青蛙",
        taxon_group="aquatic",
        purpose="aquaculture",
        habitat_domain="waters",
    )
    problems = refused(draft, applicant_my)
    s1 = rule(problems, "S1")
    assert "牛蛙" in s1.message and "Lithobates catesbeianus" in s1.message
    assert s1.field == "scientific_name"
    assert s1.source
    assert_still_a_draft(draft, attachments=2)


def test_s1_applies_in_tianjin_too(applicant_jz):
    draft = tianjin_introduction_draft(
        by=applicant_jz, scientific_name="Pomacea canaliculata", chinese_name="福寿螺"
    )
    assert [p.rule for p in refused(draft, applicant_jz)] == ["S1"]


def test_a_non_invasive_species_is_accepted(applicant_my):
    draft = introduction_draft(by=applicant_my)
    assert submit_accepted(application=draft, by=applicant_my).status == (Status.DISTRICT_REVIEW)


GOLDENROD_SOURCE = "《重点管理外来入侵物种名录》（农业农村部等2022年第567号公告）"


@pytest.fixture
def goldenrod(reference_data):
    """An administrator adds 加拿大一枝黄花 to the list."""
    return InvasiveSpecies.objects.create(
        scientific_name="Solidago canadensis",
        chinese_name="加拿大一枝黄花",
        synonyms=["Solidago altissima"],
        taxon_group="plant",
        source=GOLDENROD_SOURCE,
    )


def goldenrod_draft(by, **fields):
    return introduction_draft(
        by=by,
        scientific_name="Solidago canadensis L.",
        chinese_name="加拿大一枝黄花",
        **fields,
    )


def test_a_species_an_administrator_adds_is_refused(applicant_my, goldenrod):
    problems = refused(goldenrod_draft(applicant_my), applicant_my)
    assert "加拿大一枝黄花" in rule(problems, "S1").message
    draft = introduction_draft(by=applicant_my, scientific_name="Solidago altissima")
    assert [p.rule for p in refused(draft, applicant_my)] == ["S1"]


def test_a_species_taken_off_the_list_is_accepted(applicant_my, goldenrod):
    goldenrod.active = False
    goldenrod.save()
    draft = goldenrod_draft(applicant_my)
    assert submit_accepted(application=draft, by=applicant_my).status == (Status.DISTRICT_REVIEW)


def test_s1_cites_the_source_of_the_matched_entry(applicant_my, goldenrod):
    problems = refused(goldenrod_draft(applicant_my), applicant_my)
    assert rule(problems, "S1").source == GOLDENROD_SOURCE


def test_s1_cites_the_seeded_entrys_own_clause(applicant_my):
    draft = introduction_draft(by=applicant_my, scientific_name="Rana catesbeiana Shaw, 1802")
    assert rule(refused(draft, applicant_my), "S1").source == SOURCE_004_2_4_FOREST


# --- A refusal changes nothing -------------------------------------------------------------------


def test_a_refused_submission_leaves_the_draft_as_it_was(applicant_my):
    draft = introduction_draft(by=applicant_my, scientific_name="Cydia pomonella")
    before = Application.objects.filter(pk=draft.pk).values().get()
    detail_before = {
        name: getattr(draft, name) for name in ("scientific_name", "chinese_name", "quantity")
    }
    events_before = AuditEvent.objects.count()

    refused(draft, applicant_my)

    assert Application.objects.filter(pk=draft.pk).values().get() == before
    fresh = Application.objects.get(pk=draft.pk).detail
    assert {name: getattr(fresh, name) for name in detail_before} == detail_before
    assert AuditEvent.objects.count() == events_before
    assert_still_a_draft(draft, attachments=2)
    # …and once corrected it goes through.
    services.application_update(
        application=draft,
        by=applicant_my,
        data={"scientific_name": "Quercus rubra", "chinese_name": "北美红栎"},
    )
    assert submit_accepted(application=draft, by=applicant_my).status == (Status.DISTRICT_REVIEW)
