"""Screening at submission (product.md §15): the map decides the effective protection class, the
rules run on it (Z1–Z3, and T/O rules on the effective class), the 小班 registry's official
facts, overlaps with other applications, layer versions, and the site requirement."""

import pytest

from audit.models import AuditEvent
from core.errors import RulesViolated, StateConflict
from core.messages import MSG_Z1
from permits import services
from permits.models import SiteOverlap, SiteParcel, SiteScreening
from permits.screening import overlaps_of, screening_of, screening_record
from tests.factories import (
    decide,
    persona,
    submit,
    tending_draft,
    tianjin_occupation_draft,
    tianjin_tending_data,
)
from tests.zones.helpers import LAT, LON, box, parcel_layer, site_in, zone_layer
from workflows.services import application_submit
from zones.models import Layer, ProtectedZone

pytestmark = pytest.mark.django_db

CORE = box(LON - 0.01, LAT - 0.01, 0.05, 0.05)


def codes(problems) -> set[str]:
    return {p.rule for p in problems if p.rule}


def refused(application, by) -> list:
    with pytest.raises(RulesViolated) as error:
        application_submit(application=application, by=by)
    return error.value.problems


def test_the_screening_computes_area_zones_and_the_effective_class(applicant_my):
    zone_layer("reserve_core", (CORE, "雾灵山核心区"))
    zone_layer("water_source", (box(LON, LAT, 0.001, 0.001), "一级水源保护区"))
    draft = tending_draft(by=applicant_my, site_geometry=site_in(area_ha=10), area_ha=10)

    screening = screening_of(draft)
    assert float(screening.site_area_ha) == pytest.approx(10, rel=0.01)
    assert screening.effective_protection_class == "reserve_core"
    kinds = {z["kind"]: z for z in screening.zones}
    assert kinds["reserve_core"]["overlap_ha"] == pytest.approx(10, rel=0.01)
    assert kinds["water_source"]["overlap_ha"] < 10
    assert kinds["reserve_core"]["source"] == "测试依据"
    record = screening_record(draft)
    assert record["effective_protection_class"] == "reserve_core"
    assert {v["kind"] for v in record["layer_versions"]} == {"reserve_core", "water_source"}


def test_a_site_in_a_stricter_zone_than_declared_is_refused_naming_the_zone(applicant_my):
    zone_layer("reserve_core", (CORE, "雾灵山核心区"))
    draft = tending_draft(by=applicant_my, site_geometry=site_in(), protection_class="general")

    problems = refused(draft, applicant_my)

    assert {"Z1", "T2"} <= codes(problems)
    z1 = next(p for p in problems if p.rule == "Z1")
    assert z1.field == "protection_class" and "雾灵山核心区" in z1.message
    assert "测试依据" in z1.message and "000 二（三）" in z1.source and "004 三7" in z1.source
    assert str(MSG_Z1)[:10] in str(MSG_Z1)
    # The draft, its fields and files are untouched by the refusal.
    assert type(draft).objects.get(pk=draft.pk).status == "draft"
    assert draft.attachments.count() == 1


def test_the_map_never_weakens_a_declaration(applicant_my):
    """No zone at all: a declared core zone still refuses (T2); the declaration stands."""
    draft = tending_draft(by=applicant_my, protection_class="reserve_core")

    problems = refused(draft, applicant_my)

    assert "T2" in codes(problems) and "Z1" not in codes(problems)
    assert screening_of(draft).effective_protection_class == "reserve_core"


def test_a_key_zone_inside_a_red_line_still_gets_the_key_zone_rule(applicant_jz):
    """Tianjin T3 (only fire prevention and pest control) fires on a key zone even when the
    strictest zone there is the red line, and Z1 names both."""
    here = box(117.40, 40.10, 0.05, 0.05)
    zone_layer("red_line", (here, "蓟州红线"), jurisdiction="120000")
    zone_layer("key_zone", (here, "蓟州重点区"), jurisdiction="120000")
    data = tianjin_tending_data(site_geometry=site_in(117.41, 40.11), protection_class="red_line")
    draft = tending_draft(by=applicant_jz, **data)

    problems = refused(draft, applicant_jz)

    assert {"T3"} <= codes(problems)
    assert "Z1" not in codes(problems)  # red line declared: the strictest class is declared
    assert screening_of(draft).effective_protection_class == "red_line"


def test_an_area_far_from_the_site_is_an_advisory_warning(applicant_my):
    draft = tending_draft(by=applicant_my, site_geometry=site_in(area_ha=10), area_ha=13)

    warnings = services.application_warnings(draft)

    z2 = next(w for w in warnings if w.rule == "Z2")
    assert z2.field == "area_ha" and "13" in z2.message and "10.0" in z2.message
    near_site = site_in(LON + 0.1, area_ha=10)
    near = tending_draft(by=applicant_my, site_geometry=near_site, area_ha=10.5)
    assert "Z2" not in {w.rule for w in services.application_warnings(near)}


def test_the_registry_origin_overrides_a_planted_declaration(applicant_my):
    parcel_layer("110118", (box(LON, LAT, 0.01, 0.01), "12-3", "natural"))
    site = site_in(LON + 0.001, LAT + 0.001, area_ha=5)
    draft = tending_draft(
        by=applicant_my,
        site_geometry=site,
        area_ha=5,
        forest_origin="planted",
        operation_type="commercial_harvest",
    )

    problems = refused(draft, applicant_my)

    assert {"Z1", "T1"} <= codes(problems)
    z1 = next(p for p in problems if p.rule == "Z1")
    assert z1.field == "forest_origin" and "12-3" in z1.message


def test_a_design_may_take_its_site_from_the_registry(applicant_my):
    parcel_layer(
        "110118",
        (box(LON, LAT, 0.01, 0.01), "12-3", "natural"),
        (box(LON + 0.01, LAT, 0.01, 0.01), "12-4", "natural"),
    )
    draft = tending_draft(by=applicant_my, site_geometry=None, compartments=["12-3", "12-4"])

    screening = screening_of(draft)
    assert screening.from_registry
    assert {p["compartment"] for p in screening.parcels} == {"12-3", "12-4"}
    submitted = application_submit(application=draft, by=applicant_my)
    assert submitted.status == "submitted"
    assert (
        AuditEvent.objects.filter(application_id=draft.pk, action="submit")
        .get()
        .snapshot["screening"]["from_registry"]
    )


def test_a_site_is_required_at_submission(applicant_my):
    draft = tending_draft(by=applicant_my, site_geometry=None, compartments=["99-9"])

    with pytest.raises(RulesViolated) as error:
        application_submit(application=draft, by=applicant_my)

    assert ("site_geometry", "required") in {(p.field, p.code) for p in error.value.problems}


def test_applications_in_review_on_the_same_land_are_flagged_both_ways(applicant_my):
    first = submit(tending_draft(by=applicant_my, site_geometry=site_in(area_ha=10)), applicant_my)
    second = submit(
        tending_draft(by=applicant_my, site_geometry=site_in(LON + 0.002, area_ha=10)),
        applicant_my,
    )

    (seen_by_second,) = overlaps_of(second)
    (seen_by_first,) = overlaps_of(first)
    assert seen_by_second["reference"] == first.reference
    assert seen_by_first["reference"] == second.reference
    assert 0 < seen_by_first["overlap_ha"] < 10
    assert screening_record(first)["overlaps"][0]["status"] == "district_review"


def test_where_both_sides_found_the_pair_each_shows_its_own_area(applicant_my):
    """Both screenings recorded the pair (the second found the first at its submission, the
    first found the second when it was screened again): each application shows the area its
    own screening measured, and the other once."""
    first = submit(tending_draft(by=applicant_my, site_geometry=site_in(area_ha=10)), applicant_my)
    second = submit(
        tending_draft(by=applicant_my, site_geometry=site_in(LON + 0.002, area_ha=10)),
        applicant_my,
    )
    assert not SiteOverlap.objects.filter(screening_id=first.pk).exists()
    SiteOverlap.objects.create(screening_id=first.pk, other_id=second.pk, overlap_ha="1.2500")
    SiteOverlap.objects.filter(screening_id=second.pk, other_id=first.pk).update(overlap_ha="3.5")

    assert [(o["reference"], o["overlap_ha"]) for o in overlaps_of(first)] == [
        (second.reference, 1.25)
    ]
    assert [(o["reference"], o["overlap_ha"]) for o in overlaps_of(second)] == [
        (first.reference, 3.5)
    ]


def test_a_draft_is_never_reported_as_an_overlap(applicant_my):
    draft = tending_draft(by=applicant_my, site_geometry=site_in(area_ha=10))
    other = tending_draft(by=applicant_my, site_geometry=site_in(area_ha=10))
    assert overlaps_of(draft) == [] and overlaps_of(other) == []


def approved_tianjin_occupation(applicant_jz, **fields):
    occupation = submit(tianjin_occupation_draft(by=applicant_jz, **fields), applicant_jz)
    occupation = decide(occupation, persona_or("district_jz"), "approve")
    occupation = decide(occupation, persona("jz_plan"), "agree", agency_code="120119-planning")
    occupation = decide(
        occupation, persona("jz_gov"), "agree", agency_code="120119-government-service"
    )
    return decide(occupation, persona("tj_forest"), "approve")


def persona_or(username):
    from tests.factories import member

    return member(role="reviewer", agency_code="120119-forestry", username=username)


def test_an_occupation_over_an_occupation_in_force_is_refused(applicant_jz):
    site = site_in(117.45, 40.05, area_ha=2)
    permit = approved_tianjin_occupation(applicant_jz, site_geometry=site, area_ha=2)
    assert permit.status == "approved"

    overlapping = site_in(117.4505, 40.0505, area_ha=2)
    draft = tianjin_occupation_draft(by=applicant_jz, site_geometry=overlapping, area_ha=2)
    problems = refused(draft, applicant_jz)

    z3 = next(p for p in problems if p.rule == "Z3")
    assert permit.reference in z3.message and z3.field == "site_geometry"
    assert "第三十七条" in z3.source
    # A tending design on the same land is flagged, not refused.
    design = tending_draft(
        by=applicant_jz, **tianjin_tending_data(site_geometry=overlapping, area_ha=2)
    )
    assert [o["reference"] for o in overlaps_of(design)] == [permit.reference]
    assert "Z3" not in codes(services.submission_problems(design))


def test_a_replaced_layer_keeps_its_old_version_and_screenings_name_theirs(applicant_my):
    first = zone_layer("key_zone", (CORE, "旧重点区"))
    draft = tending_draft(by=applicant_my, site_geometry=site_in())
    assert screening_of(draft).effective_protection_class == "key_zone"

    second = zone_layer("key_zone", (box(LON + 1, LAT, 0.01, 0.01), "新重点区"))
    first.refresh_from_db()
    assert first.superseded_at is not None and second.version == first.version + 1
    assert ProtectedZone.objects.filter(layer=first).count() == 1  # kept
    assert screening_of(draft).layer_versions[0]["version"] == first.version

    services.application_update(application=draft, by=applicant_my, data={"title": "改"})
    rescreened = screening_of(draft)
    assert rescreened.effective_protection_class == "general"
    assert [v["id"] for v in rescreened.layer_versions] == [second.pk]
    assert Layer.objects.filter(kind="key_zone").count() == 2


def test_a_zone_not_yet_in_force_is_not_applied(applicant_my):
    from roles.models import Jurisdiction
    from tests.zones.helpers import collection
    from zones.imports import ImportFile
    from zones.services import layer_import

    layer_import(
        kind="reserve_core",
        file=ImportFile(
            jurisdiction=Jurisdiction.objects.get(pk="110000"),
            source="将来",
            data=collection((CORE, {"name": "未来核心区", "effective_from": "2999-01-01"})),
        ),
    )
    draft = tending_draft(by=applicant_my, site_geometry=site_in())
    assert screening_of(draft).effective_protection_class == "general"


def test_an_introduction_may_name_a_point(applicant_my):
    from tests.factories import introduction_draft

    zone_layer("water_source", (CORE, "水源区"))
    draft = introduction_draft(
        by=applicant_my, site_geometry={"type": "Point", "coordinates": [LON, LAT]}
    )
    screening = screening_of(draft)
    assert screening.zones[0]["name"] == "水源区" and float(screening.site_area_ha) == 0
    assert application_submit(application=draft, by=applicant_my).status == "submitted"


def in_municipal_review(applicant_jz, site):
    occupation = submit(
        tianjin_occupation_draft(by=applicant_jz, site_geometry=site, area_ha=2), applicant_jz
    )
    occupation = decide(occupation, persona_or("district_jz"), "approve")
    occupation = decide(occupation, persona("jz_plan"), "agree", agency_code="120119-planning")
    return decide(occupation, persona("jz_gov"), "agree", agency_code="120119-government-service")


def test_the_grant_checks_the_land_again(applicant_jz):
    """Two occupations of the same land both reach the final step (each was submitted while the
    other was not yet a permit): the first grant passes, the second is refused (409: Z3 stands,
    issue 46 High 1: refuse on it or say why it does not hold) and changes nothing."""
    from permits.models import Application, SiteOverlap

    first = in_municipal_review(applicant_jz, site_in(117.45, 40.05, area_ha=2))
    second = in_municipal_review(applicant_jz, site_in(117.4505, 40.0505, area_ha=2))
    SiteOverlap.objects.all().delete()  # as if submitted at the same moment: nobody saw the other
    decide(first, persona("tj_forest"), "approve")

    with pytest.raises(StateConflict) as error:
        decide(second, persona("tj_forest"), "approve")

    assert [p.rule for p in error.value.problems] == ["Z3"]
    assert first.reference in error.value.problems[0].message
    assert Application.objects.get(pk=second.pk).status == "municipal_review"


def test_a_refresh_replaces_the_last_screening_and_what_it_found(applicant_my):
    """A refresh writes the screening over in place: the 小班 and overlaps of the last one go,
    never piling up, and a site taken away takes its screening with it."""
    parcel_layer("110118", (box(LON - 0.01, LAT - 0.01, 0.05, 0.05), "31-7", "natural"))
    submitted = submit(
        tending_draft(by=applicant_my, site_geometry=site_in(area_ha=10)), applicant_my
    )
    draft = tending_draft(by=applicant_my, site_geometry=site_in(area_ha=10))
    first = screening_of(draft)
    assert [o["reference"] for o in overlaps_of(draft)] == [submitted.reference]
    assert SiteParcel.objects.filter(screening_id=draft.pk).count() == 1

    far = site_in(LON + 1, LAT + 1, area_ha=5)  # clear of the 小班 and of the other site
    draft = services.application_update(
        application=draft, by=applicant_my, data={"site_geometry": far}
    )

    again = SiteScreening.objects.get(application_id=draft.pk)
    assert again.screened_at >= first.screened_at
    assert float(again.site_area_ha) == pytest.approx(5, rel=0.01)
    assert again.parcels == [] and overlaps_of(draft) == []
    assert not SiteParcel.objects.filter(screening_id=draft.pk).exists()
    assert not SiteOverlap.objects.filter(screening_id=draft.pk).exists()

    services.application_update(application=draft, by=applicant_my, data={"site_geometry": None})
    assert not SiteScreening.objects.filter(application_id=draft.pk).exists()
