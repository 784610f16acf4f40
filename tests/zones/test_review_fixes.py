"""Attacks and edges found in review: hostile numbers and mixed dimensions, a site too large,
a blank declaration hidden by the map, a drawing away from the 小班 named, a zone imported during
the review, shapefile encodings and projections, many parcels, and who may import layers."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import InvalidInput, RulesViolated
from permits import services
from permits.screening import screening_of
from tests.api.helpers import API, beijing_body
from tests.factories import UserFactory, decide, submit, tending_draft
from tests.zones.helpers import (
    LAT,
    LON,
    WGS84_PRJ,
    box,
    collection,
    parcel_layer,
    site_in,
    site_shapefile,
    zone_layer,
)
from workflows.services import application_submit
from zones.geo import GeometryRefused
from zones.readers import read_features

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "geometry",
    [
        '{"type":"Point","coordinates":[1' + "0" * 400 + ",40]}",
        '{"type":"Polygon","coordinates":[[[116.5,40.5],[116.6,40.5,3],[116.6,40.6],[116.5,40.5]]]}',
    ],
)
def test_hostile_numbers_and_mixed_dimensions_are_never_a_server_error(
    client_for, applicant_my, geometry
):
    body = json.dumps({**beijing_body(), "site_geometry": "GEOMETRY"}).replace(
        '"GEOMETRY"', geometry
    )
    response = client_for(applicant_my).post(
        f"{API}/applications/", body, content_type="application/json"
    )
    assert response.status_code in (201, 400)
    if response.status_code == 400:
        assert response.json()["errors"][0]["field"].startswith("site_geometry")


def test_a_site_larger_than_any_application_is_refused(applicant_my):
    with pytest.raises(InvalidInput) as error:
        tending_draft(by=applicant_my, site_geometry=box(116.0, 40.0, 0.5, 0.5))
    assert [(p.field, p.code) for p in error.value.problems] == [
        ("site_geometry", "site_too_large")
    ]


def test_a_blank_protection_class_is_missing_even_in_a_mapped_zone(applicant_my):
    zone_layer("key_zone", (box(LON - 0.01, LAT - 0.01, 0.05, 0.05), "重点区"))
    draft = tending_draft(by=applicant_my, site_geometry=site_in(), protection_class="")

    problems = services.submission_problems(draft)

    assert ("protection_class", "required") in {(p.field, p.code) for p in problems}


def test_the_named_sub_compartments_are_screened_with_the_drawing(applicant_my):
    parcel_layer("110118", (box(LON, LAT, 0.01, 0.01), "12-3", "natural"))
    zone_layer("key_zone", (box(LON, LAT, 0.01, 0.01), "12-3所在重点区"))
    elsewhere = site_in(LON + 0.2, LAT, area_ha=5)
    draft = tending_draft(
        by=applicant_my,
        site_geometry=elsewhere,
        compartments=["12-3"],
        forest_origin="planted",
        area_ha=5,
    )

    screening = screening_of(draft)
    assert [p["compartment"] for p in screening.parcels] == ["12-3"]
    assert screening.effective_protection_class == "key_zone"
    assert {"Z1"} <= {p.rule for p in services.submission_problems(draft)}


def test_a_zone_imported_during_the_review_stops_the_grant(applicant_my, reviewer_my, approver):
    application = submit(tending_draft(by=applicant_my, site_geometry=site_in()), applicant_my)
    application = decide(application, reviewer_my, "approve")
    zone_layer("reserve_core", (box(LON - 0.01, LAT - 0.01, 0.05, 0.05), "新划核心区"))

    with pytest.raises(RulesViolated) as error:
        decide(application, approver, "approve")

    assert {"Z1", "T2"} <= {p.rule for p in error.value.problems}
    application.refresh_from_db()
    assert application.status == "municipal_review"


WGS84 = WGS84_PRJ
ODD_PROJECTION = (
    'PROJCS["odd",' + WGS84 + ',PROJECTION["Foo_Bar"],PARAMETER["False_Easting",0.0],'
    'UNIT["Meter",1.0]]'
)


@pytest.mark.parametrize("cpg", [b"hex", b"rot13", b"base64"])
def test_a_cpg_naming_a_non_text_codec_is_ignored(cpg):
    (feature,) = read_features(site_shapefile(cpg=cpg, prj=WGS84, name="x"))
    assert feature.properties["name"] == "x"


def test_a_projection_proj_does_not_know_is_an_unknown_crs():
    with pytest.raises(GeometryRefused) as refused:
        read_features(site_shapefile(prj=ODD_PROJECTION))
    assert refused.value.code == "unknown_crs"


def test_many_parcels_list_with_their_histories(client_for, applicant_my):
    parcels = [
        (box(LON + (i % 40) * 0.002, LAT + (i // 40) * 0.002, 0.002, 0.002), f"{i // 40}-{i}", "")
        for i in range(1200)
    ]
    parcel_layer("110118", *parcels)
    response = client_for(applicant_my).get(f"{API}/parcels/", {"district": "110118"})
    assert response.status_code == 200 and len(response.json()) == 1200


def test_only_who_may_configure_imports_layers(client, reference_data):
    staff = UserFactory(username="clerk", is_staff=True)
    client.force_login(staff)
    data = {"kind": "key_zone", "jurisdiction": "110000", "source": "x"}
    assert client.get("/admin/zones/layer/add/").status_code == 403
    assert client.post("/admin/zones/layer/add/", data).status_code == 403


def test_a_reviewer_cannot_make_the_server_read_a_site_file(client_for, applicant_my, reviewer_my):
    draft = application_submit(application=tending_draft(by=applicant_my), by=applicant_my)

    response = client_for(reviewer_my).post(
        f"{API}/applications/{draft.pk}/site/",
        {"file": SimpleUploadedFile("s.geojson", collection((site_in(), {})))},
        format="multipart",
    )
    assert response.status_code == 403
