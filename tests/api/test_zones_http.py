"""Zones and parcels over HTTP (api.md "Zones and parcels"): the record's screening, the zone
and parcel lists with each parcel's history limited to what the reader sees, site files, and
hostile input refused field by field with nothing stored."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from permits.models import Application
from tests.api.helpers import API
from tests.factories import introduction_draft, tending_draft
from tests.zones.helpers import (
    LAT,
    LON,
    WGS84_PRJ,
    box,
    parcel_layer,
    site_in,
    site_shapefile,
    zone_layer,
)
from workflows.services import application_submit

pytestmark = pytest.mark.django_db

CORE = box(LON - 0.01, LAT - 0.01, 0.05, 0.05)


def upload(client, application, name, data):
    return client.post(
        f"{API}/applications/{application.pk}/site/",
        {"file": SimpleUploadedFile(name, data)},
        format="multipart",
    )


def problem(response) -> tuple[str, str]:
    (error,) = response.json()["errors"]
    return error["field"], error["code"]


def test_the_record_carries_the_screening(client_for, applicant_my):
    zone = zone_layer("reserve_core", (CORE, "演示核心区")).zones.get()
    draft = tending_draft(by=applicant_my, site_geometry=site_in(area_ha=10), area_ha=10)

    screening = client_for(applicant_my).get(f"{API}/applications/{draft.pk}/").json()["screening"]

    assert screening["site_area_ha"] == pytest.approx(10, rel=0.01)
    assert screening["effective_protection_class"] == "reserve_core"
    assert screening["zones"] == [
        {
            "id": zone.pk,
            "name": "演示核心区",
            "kind": "reserve_core",
            "overlap_ha": pytest.approx(10, rel=0.01),
            "source": "测试依据",
            "grade": None,
        }
    ]
    assert screening["overlaps"] == []
    assert screening["layer_versions"][0]["version"] == 1


def test_submission_refused_by_the_map_answers_z1_in_the_error_format(client_for, applicant_my):
    zone_layer("reserve_core", (CORE, "演示核心区"))
    draft = tending_draft(by=applicant_my, site_geometry=site_in())

    response = client_for(applicant_my).post(f"{API}/applications/{draft.pk}/submit/")

    assert response.status_code == 400
    z1 = next(e for e in response.json()["errors"] if e["rule"] == "Z1")
    assert z1["field"] == "protection_class" and "演示核心区" in z1["message"]
    assert "000 二（三）" in z1["source"]
    assert Application.objects.get(pk=draft.pk).status == "draft"


def test_zones_need_a_login_and_filter_by_kind_and_district(client_for, applicant_my):
    zone_layer("reserve_core", (CORE, "全市核心区"))
    zone_layer("water_source", (box(LON, LAT, 0.01, 0.01), "水源区"))
    zone_layer("red_line", (box(117.4, 40.1, 0.01, 0.01), "蓟州红线"), jurisdiction="120000")
    client = client_for(applicant_my)

    assert client_for().get(f"{API}/zones/").status_code == 401
    everything = client.get(f"{API}/zones/").json()
    assert {z["name"] for z in everything} == {"全市核心区", "水源区", "蓟州红线"}
    assert set(everything[0]) == {"id", "name", "kind", "grade", "jurisdiction", "district",
                                  "source", "geometry"}  # fmt: skip
    cores = client.get(f"{API}/zones/", {"kind": "reserve_core"}).json()
    assert [z["name"] for z in cores] == ["全市核心区"]
    miyun = client.get(f"{API}/zones/", {"district": "110118"}).json()
    assert {z["name"] for z in miyun} == {"全市核心区", "水源区"}


@pytest.mark.parametrize(
    ("query", "field"),
    [({"kind": "everywhere"}, "kind"), ({"district": "999999"}, "district"),
     ({"district": "x" * 50}, "district")],
)  # fmt: skip
def test_bad_zone_filters_are_field_errors(client_for, applicant_my, query, field):
    response = client_for(applicant_my).get(f"{API}/zones/", query)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_a_parcels_history_lists_only_what_the_reader_sees(
    client_for, applicant_my, applicant_yq, reviewer_my, reviewer_yq
):
    parcel_layer("110118", (box(LON, LAT, 0.01, 0.01), "12-3", "natural"))
    draft = tending_draft(by=applicant_my, site_geometry=None, compartments=["12-3"])
    application_submit(application=draft, by=applicant_my)

    def history(user):
        rows = client_for(user).get(f"{API}/parcels/", {"district": "110118"}).json()
        (parcel,) = rows
        assert parcel["compartment"] == "12-3" and parcel["forest_origin"] == "natural"
        assert parcel["agreement_holder"] is None  # the registry names no holder
        return parcel["history"]

    assert history(applicant_my) == [
        {"reference": draft.reference, "kind": "tending", "status": "submitted", "inspections": []}
    ]
    assert [h["reference"] for h in history(reviewer_my)] == [draft.reference]
    assert history(applicant_yq) == [] and history(reviewer_yq) == []
    by_code = client_for(applicant_my).get(f"{API}/parcels/", {"compartment": "12"}).json()
    assert [p["compartment"] for p in by_code] == ["12-3"]


def test_a_parcel_gives_its_holder_as_an_organisation(client_for, applicant_my, reviewer_my):
    """api.md: ``"agreement_holder": {"name", "credit_code"} | null`` (product.md §16 L13). A
    holder named without a credit code may be a natural person (a household): masked to all but
    officials (issue 49 item 3), on the API and on the registry's pages."""
    from tests.permits.test_holders import VILLAGE, held, holders_layer

    holders_layer(
        "110118",
        (box(LON, LAT, 0.01, 0.01), "12-3", held("东庄村股份经济合作社", VILLAGE)),
        (box(LON + 0.01, LAT, 0.01, 0.01), "12-4", {"管护单位": "张三丰"}),
        (box(LON + 0.02, LAT, 0.01, 0.01), "12-5", {}),
    )

    def holders(user):
        rows = client_for(user).get(f"{API}/parcels/", {"district": "110118"}).json()
        return {row["compartment"]: row["agreement_holder"] for row in rows}

    village = {"name": "东庄村股份经济合作社", "credit_code": VILLAGE}
    assert holders(applicant_my) == {
        "12-3": village,
        "12-4": {"name": "张**", "credit_code": ""},
        "12-5": None,
    }
    assert holders(reviewer_my)["12-4"] == {"name": "张三丰", "credit_code": ""}
    from django.test import Client

    page = Client()
    page.force_login(applicant_my)
    listed = page.get("/parcels/", {"district": "110118"}).content.decode()
    assert "张**" in listed and "张三丰" not in listed and "东庄村股份经济合作社" in listed
    page.force_login(reviewer_my)
    assert "张三丰" in page.get("/parcels/", {"district": "110118"}).content.decode()


def test_the_superuser_sees_no_history(client_for, applicant_my, reference_data):
    from tests.factories import UserFactory

    parcel_layer("110118", (box(LON, LAT, 0.01, 0.01), "12-3", "natural"))
    tending_draft(by=applicant_my, site_geometry=None, compartments=["12-3"])
    admin = UserFactory(username="it", is_superuser=True, is_staff=True)
    (parcel,) = client_for(admin).get(f"{API}/parcels/").json()
    assert parcel["history"] == []


# ---- site files -----------------------------------------------------------------------------


def geojson_bytes(geometry) -> bytes:
    return json.dumps({"type": "Feature", "geometry": geometry, "properties": {}}).encode()


BEIJING54_PRJ = (
    'GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,'
    '298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'
)


def test_a_site_file_sets_the_site_and_is_screened(client_for, applicant_my):
    draft = tending_draft(by=applicant_my, site_geometry=None)
    client = client_for(applicant_my)

    response = upload(client, draft, "site.zip", site_shapefile(prj=WGS84_PRJ))

    assert response.status_code == 200, response.json()
    assert response.json()["site_geometry"]["type"] == "Polygon"
    assert response.json()["screening"]["site_area_ha"] == pytest.approx(10, rel=0.01)


BOWTIE = {"type": "Polygon", "coordinates": [[[LON, LAT], [LON + 0.01, LAT + 0.01],
          [LON + 0.01, LAT], [LON, LAT + 0.01], [LON, LAT]]]}  # fmt: skip
KML_LINE = (
    b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark>'
    b"<LineString><coordinates>116.5,40.5 116.6,40.6</coordinates></LineString>"
    b"</Placemark></kml>"
)


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("site.zip", site_shapefile(prj=None), "missing_prj"),
        ("site.zip", site_shapefile(prj=BEIJING54_PRJ), "unknown_crs"),
        ("site.kml", KML_LINE, "no_polygon"),
        ("site.geojson", geojson_bytes(BOWTIE), "invalid_polygon"),
        ("paris.geojson", geojson_bytes(box(2.3, 48.8, 0.01, 0.01)), "outside_china"),
        ("open.geojson", b'{"type":"Polygon","coordinates":[[[116.5,40.5],[116.6,40.5],'
         b'[116.6,40.6],[116.5,40.6]]]}', "ring_not_closed"),
        ("big.geojson", geojson_bytes({"type": "Polygon", "coordinates": [
            [[116 + i * 1e-6, 40 + (i % 2) * 1e-7] for i in range(50_001)] + [[116, 40]]]}),
         "too_many_positions"),
        ("x.bin", b"\x00\x01garbage", None),
    ],
)  # fmt: skip
def test_a_refused_site_file_is_a_field_error_and_stores_nothing(
    client_for, applicant_my, name, data, code
):
    draft = tending_draft(by=applicant_my)
    before = Application.objects.get(pk=draft.pk).detail.site_geometry
    events = AuditEvent.objects.count()

    response = upload(client_for(applicant_my), draft, name, data)

    assert response.status_code == 400
    field, got = problem(response)
    assert field == "file" and (code is None or got == code)
    assert Application.objects.get(pk=draft.pk).detail.site_geometry == before
    assert AuditEvent.objects.count() == events


def test_only_the_applicant_sends_a_site_file(client_for, applicant_my, applicant_yq, reviewer_my):
    draft = tending_draft(by=applicant_my)
    data = geojson_bytes(site_in())
    assert upload(client_for(applicant_yq), draft, "s.geojson", data).status_code == 404
    assert upload(client_for(), draft, "s.geojson", data).status_code == 401
    submitted = application_submit(application=draft, by=applicant_my)
    assert upload(client_for(applicant_my), submitted, "s.geojson", data).status_code == 409


def test_an_introduction_takes_a_point_from_a_file(client_for, applicant_my):
    draft = introduction_draft(by=applicant_my, site_geometry=None)
    point = {"type": "Point", "coordinates": [LON, LAT]}
    response = upload(client_for(applicant_my), draft, "p.geojson", geojson_bytes(point))
    assert response.status_code == 200
    assert response.json()["site_geometry"] == point


def test_a_tending_design_refuses_a_point_file(client_for, applicant_my):
    draft = tending_draft(by=applicant_my)
    point = {"type": "Point", "coordinates": [LON, LAT]}
    response = upload(client_for(applicant_my), draft, "p.geojson", geojson_bytes(point))
    assert response.status_code == 400 and problem(response) == ("file", "no_polygon")


def test_overlap_is_reported_to_the_reviewer_too(client_for, applicant_my, reviewer_my):
    from tests.factories import submit

    first = submit(tending_draft(by=applicant_my, site_geometry=site_in(area_ha=10)), applicant_my)
    submit(tending_draft(by=applicant_my, site_geometry=site_in(LON + 0.002)), applicant_my)
    record = client_for(reviewer_my).get(f"{API}/applications/{first.pk}/").json()
    (overlap,) = record["screening"]["overlaps"]
    assert overlap["status"] == "district_review" and overlap["overlap_ha"] > 0


def test_an_applicant_is_not_told_of_another_organisations_application_in_review(
    client_for, applicant_my, reviewer_my
):
    """product.md §6: a draft is told nothing of it (re-screened at every save, it would let its
    author probe where others applied); once submitted, that land of the site is under review
    elsewhere and how much, not which. A reviewer is told which if they may see it."""
    from tests.factories import applicant, submit

    neighbour = applicant(name="密云另一林场")
    theirs = submit(tending_draft(by=neighbour, site_geometry=site_in(area_ha=10)), neighbour)
    mine = tending_draft(by=applicant_my, site_geometry=site_in(LON + 0.002))
    applicant_client = client_for(applicant_my)

    response = applicant_client.get(f"{API}/applications/{mine.pk}/")
    assert response.json()["screening"]["overlaps"] == []
    assert theirs.reference not in response.content.decode()

    submit(mine, applicant_my)
    response = applicant_client.get(f"{API}/applications/{mine.pk}/")
    (flagged,) = response.json()["screening"]["overlaps"]
    assert flagged["reference"] is None and flagged["status"] is None
    assert flagged["overlap_ha"] > 0
    assert theirs.reference not in response.content.decode()

    record = client_for(reviewer_my).get(f"{API}/applications/{mine.pk}/").json()
    assert [o["reference"] for o in record["screening"]["overlaps"]] == [theirs.reference]


def test_an_applicant_is_told_of_a_permit_in_force_and_of_its_own_applications(
    client_for, applicant_my, reviewer_my, approver
):
    from tests.factories import applicant, decide, submit

    neighbour = applicant(name="密云另一林场")
    permit = submit(tending_draft(by=neighbour, site_geometry=site_in(area_ha=10)), neighbour)
    decide(permit, reviewer_my)
    decide(permit, approver)
    permit.refresh_from_db()
    assert permit.status == "approved"
    own = submit(tending_draft(by=applicant_my, site_geometry=site_in(LON + 0.003)), applicant_my)
    mine = tending_draft(by=applicant_my, site_geometry=site_in(LON + 0.002))

    record = client_for(applicant_my).get(f"{API}/applications/{mine.pk}/").json()
    told = {o["reference"]: o["status"] for o in record["screening"]["overlaps"]}
    assert told == {permit.reference: "approved", own.reference: "district_review"}


@pytest.mark.parametrize("body", [{}, {"file": "not a file"}])
def test_a_site_request_without_a_file_is_a_field_error(client_for, applicant_my, body):
    draft = tending_draft(by=applicant_my)
    response = client_for(applicant_my).post(
        f"{API}/applications/{draft.pk}/site/", body, format="multipart"
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "file"


@pytest.mark.parametrize(
    "query",
    [{"district": "\x00"}, {"compartment": "1" * 100}, {"district": ["110118", "110119"]}],
)
def test_hostile_parcel_queries_are_refused_or_harmless(client_for, applicant_my, query):
    response = client_for(applicant_my).get(f"{API}/parcels/", query)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["errors"][0]["field"] in ("district", "compartment")
