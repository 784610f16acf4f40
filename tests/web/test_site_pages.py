"""Where the site is, on the pages (product.md §15): the "site and zones" section of the
application and review pages, the site given on the draft form (file, GeoJSON, drawing), and
the 小班 registry's pages with their permission-filtered history."""

import html
import io
import json
import math
import re
import zipfile
from decimal import Decimal

import pytest
import shapefile
from defusedxml.ElementTree import fromstring
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from core.errors import InvalidInput
from core.messages import MSG_MISSING_PRJ, MSG_NO_POLYGON
from permits import services
from permits.models import Application, TendingDesign
from permits.screening import screening_of
from permits.site_map_plan import site_map_plan
from roles.models import District
from web.site_map_svg import blank_grid, district_extent, site_frame
from zones.maps import map_svg
from zones.models import Parcel

from ..factories import applicant, submit, tending_draft
from ..zones.helpers import LAT, LON, box, parcel_layer, site_in, zone_layer
from .helpers import open_task, tending_form_data

pytestmark = pytest.mark.django_db

RED_LINE = box(LON - 0.01, LAT - 0.01, 0.05, 0.05)
PARCEL = box(LON - 0.001, LAT - 0.001, 0.01, 0.01)
SITE = site_in(area_ha=10)
KML_NS = "http://www.opengis.net/kml/2.2"


def site_section(response) -> str:
    """The "site and zones" card of an application or task page."""
    html = response.content.decode()
    start = html.index('<div class="mdc-card vf-card" id="site">')
    return html[start : html.index("mdc-layout-grid__cell", start)]


def geojson_file(geometry, name="site.geojson"):
    data = json.dumps({"type": "Feature", "geometry": geometry, "properties": {}}).encode()
    return SimpleUploadedFile(name, data, "application/geo+json")


def kml_file(body: str, name="site.kml"):
    document = f'<?xml version="1.0"?><kml xmlns="{KML_NS}"><Placemark>{body}</Placemark></kml>'
    return SimpleUploadedFile(name, document.encode(), "application/vnd.google-earth.kml+xml")


def kml_polygon(geometry) -> str:
    positions = " ".join(f"{lon},{lat}" for lon, lat in geometry["coordinates"][0])
    return (
        "<Polygon><outerBoundaryIs><LinearRing><coordinates>"
        f"{positions}</coordinates></LinearRing></outerBoundaryIs></Polygon>"
    )


def shapefile_zip_without_prj(geometry):
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    writer = shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON)
    writer.field("NAME", "C", 20)
    writer.poly([list(reversed(geometry["coordinates"][0]))])
    writer.record("site")
    writer.close()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for suffix, part in (("shp", shp), ("shx", shx), ("dbf", dbf)):
            zipped.writestr(f"site.{suffix}", part.getvalue())
    return SimpleUploadedFile("site.zip", archive.getvalue(), "application/zip")


BOW_TIE = {
    "type": "Polygon",
    "coordinates": [
        [[LON, LAT], [LON + 0.01, LAT + 0.01], [LON, LAT + 0.01], [LON + 0.01, LAT], [LON, LAT]]
    ],
}


def refusal_of(upload) -> str:
    """What the service says of the file (the page must show the same words)."""
    upload.seek(0)
    with pytest.raises(InvalidInput) as refused:
        services.site_from_upload(upload, kind="tending")
    upload.seek(0)
    (problem,) = refused.value.problems
    return str(problem.message)


# --------------------------------------------------------------------------- the page section


def test_the_application_page_shows_the_map_the_zones_and_the_parcels(
    english, client, applicant_my
):
    zone_layer("red_line", (RED_LINE, "密云水库生态保护红线"), source="京政发〔2018〕18号")
    parcel_layer("110118", (PARCEL, "12-3", "natural"))
    draft = tending_draft(by=applicant_my, site_geometry=SITE, area_ha=Decimal("10"))
    client.force_login(applicant_my)

    response = client.get(reverse("application-detail", args=[draft.pk]))

    section = site_section(response)
    assert "<svg" in section and 'role="img"' in section
    assert "密云水库生态保护红线" in section and "京政发〔2018〕18号" in section
    assert "Ecological protection red line" in section
    assert "Stricter than declared" in section  # declared general, the map says red line
    assert "permits-site-stricter" in section
    parcel = screening_of(draft).parcels[0]
    assert reverse("parcel-detail", args=[parcel["id"]]) in section
    assert "Natural forest" in section and "National public-welfare forest" in section
    assert "Demo data" not in section
    assert "v1" in section


def test_a_demo_layer_is_marked_and_a_registry_geometry_is_said_so(english, client, applicant_my):
    layer = parcel_layer("110118", (PARCEL, "12-3", "natural"))
    layer.demo = True
    layer.save()
    draft = tending_draft(by=applicant_my, site_geometry=None, compartments=["12-3"])
    client.force_login(applicant_my)

    section = site_section(client.get(reverse("application-detail", args=[draft.pk])))

    assert "Geometry taken from the 小班 registry" in section
    assert "Demo data" in section


def test_overlaps_with_other_applications_are_flagged(english, client, applicant_my):
    first = submit(tending_draft(by=applicant_my, site_geometry=SITE), applicant_my)
    second = tending_draft(by=applicant_my, site_geometry=site_in(LON + 0.002, area_ha=10))
    client.force_login(applicant_my)

    section = site_section(client.get(reverse("application-detail", args=[second.pk])))

    assert "Overlaps other applications or permits" in section
    assert f'data-overlap="{first.reference}"' in section
    assert reverse("application-detail", args=[first.pk]) in section
    # The page's Leaflet map draws the shared land too, named (issue 45 item 3).
    the_map = section.split("data-site-map", 1)[1].split(">", 1)[0]
    overlaps = json.loads(html.unescape(the_map.split('data-overlaps="', 1)[1].split('"', 1)[0]))
    assert [f["properties"]["name"] for f in overlaps["features"]] == [first.reference]
    assert overlaps["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_another_organisations_application_in_review_is_flagged_without_naming_it(
    english, client, applicant_my, reviewer_my
):
    """product.md §6: the applicant's pages flag the shared land of a submitted application, not
    whose it is, and no map draws it; a reviewer who may see it is told which it is."""
    neighbour = applicant(name="密云另一林场")
    theirs = submit(tending_draft(by=neighbour, site_geometry=SITE), neighbour)
    mine = submit(
        tending_draft(by=applicant_my, site_geometry=site_in(LON + 0.002, area_ha=10)),
        applicant_my,
    )
    draft = tending_draft(by=applicant_my, site_geometry=site_in(LON + 0.001, area_ha=10))
    client.force_login(applicant_my)

    response = client.get(reverse("application-detail", args=[mine.pk]))
    page = response.content.decode()
    edit_page = client.get(reverse("application-edit", args=[draft.pk])).content.decode()

    assert theirs.reference not in page
    assert mine.reference in edit_page  # its own application's shared land is drawn
    assert theirs.reference not in edit_page
    assert "Another organisation's application in review" in site_section(response)
    # Not drawn where it is not named: a large draft drawn around it would give its outline.
    assert [f for f in site_map_plan(mine).features if f.layer == "overlap"] == []
    assert [
        f for f in site_map_plan(mine, shown_to=applicant_my).features if f.layer == "overlap"
    ] == []
    shown = site_map_plan(mine, shown_to=reviewer_my).features
    assert [f.label for f in shown if f.layer == "overlap"] == [theirs.reference]
    client.force_login(reviewer_my)
    response = client.get(reverse("task-detail", args=[open_task(mine).pk]))
    assert f'data-overlap="{theirs.reference}"' in site_section(response)


def test_without_a_site_the_page_says_so(english, client, applicant_my):
    draft = tending_draft(by=applicant_my, site_geometry=None, compartments=["99-9"])
    client.force_login(applicant_my)

    section = site_section(client.get(reverse("application-detail", args=[draft.pk])))

    assert "No site given yet." in section and "<svg" not in section


def test_the_reviewer_sees_the_site_on_the_task_page(english, client, applicant_my, reviewer_my):
    zone_layer("eco_control", (RED_LINE, "密云生态控制区"))
    application = submit(tending_draft(by=applicant_my, site_geometry=SITE), applicant_my)
    client.force_login(reviewer_my)

    response = client.get(reverse("task-detail", args=[open_task(application).pk]))

    section = site_section(response)
    assert "<svg" in section and "密云生态控制区" in section
    assert "Ecological control area" in section


# --------------------------------------------------------------------------- the draft form


def edit(client, draft, **changes):
    data = tending_form_data(**changes)
    data.pop("site_geometry")
    return data


def stored(draft) -> dict:
    row = TendingDesign.objects.get(pk=draft.pk)
    return {"title": row.title, "site": row.site_geometry, "updated": row.updated}


@pytest.mark.parametrize("upload", ["geojson", "kml"])
def test_the_draft_form_takes_the_site_from_a_file(english, client, applicant_my, upload):
    draft = tending_draft(by=applicant_my, site_geometry=None, compartments=["99-9"])
    client.force_login(applicant_my)
    site = site_in(LON + 0.05, area_ha=3)
    data = edit(client, draft, title="上传位置", area_ha=Decimal("3"))
    data["site_file"] = geojson_file(site) if upload == "geojson" else kml_file(kml_polygon(site))

    response = client.post(reverse("application-edit", args=[draft.pk]), data)

    assert response.status_code == 302
    row = TendingDesign.objects.get(pk=draft.pk)
    assert row.title == "上传位置"
    assert row.site_geometry["type"] == "Polygon"
    assert row.site_geometry["coordinates"][0][0] == pytest.approx(site["coordinates"][0][0])
    assert float(screening_of(row).site_area_ha) == pytest.approx(3, rel=0.01)


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: shapefile_zip_without_prj(SITE), id="shapefile-without-prj"),
        pytest.param(
            lambda: kml_file("<Point><coordinates>116.5,40.5</coordinates></Point>"),
            id="kml-without-polygon",
        ),
        pytest.param(lambda: geojson_file(BOW_TIE), id="self-intersecting"),
    ],
)
def test_a_refused_file_changes_nothing_and_keeps_what_was_typed(
    english, client, applicant_my, upload
):
    draft = tending_draft(by=applicant_my, site_geometry=SITE)
    before = stored(draft)
    client.force_login(applicant_my)
    data = edit(client, draft, title="新标题不应保存", dominant_species="侧柏")
    data["site_geometry"] = json.dumps(SITE)
    data["site_file"] = upload()
    expected = refusal_of(data["site_file"])

    response = client.post(reverse("application-edit", args=[draft.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors["site_file"] == [expected]
    html = response.content.decode()
    assert f'data-field-error="site_file">{escape(expected)}' in html
    assert 'value="新标题不应保存"' in html and 'value="侧柏"' in html
    assert stored(draft) == before


def test_messages_name_the_file_problems(english):
    """The three refusals above are the readers' own messages."""
    assert refusal_of(shapefile_zip_without_prj(SITE)) == str(MSG_MISSING_PRJ)
    kml = kml_file("<Point><coordinates>116.5,40.5</coordinates></Point>")
    assert refusal_of(kml) == str(MSG_NO_POLYGON)
    assert "polygon is not valid" in refusal_of(geojson_file(BOW_TIE))


def test_a_refused_file_on_the_new_form_creates_nothing(english, client, applicant_my):
    client.force_login(applicant_my)
    data = tending_form_data(title="未保存的设计")
    data.pop("site_geometry")
    data["site_file"] = kml_file("<Point><coordinates>116.5,40.5</coordinates></Point>")

    response = client.post(reverse("applications:create", args=["tending"]), data)

    assert response.status_code == 200
    assert response.context["form"].errors["site_file"] == [str(MSG_NO_POLYGON)]
    assert 'value="未保存的设计"' in response.content.decode()
    assert not Application.objects.exists()


def test_the_draft_form_takes_a_typed_or_drawn_geojson(english, client, applicant_my):
    draft = tending_draft(by=applicant_my, site_geometry=SITE)
    client.force_login(applicant_my)
    drawn = site_in(LON + 0.1, area_ha=10)
    data = edit(client, draft)
    data["site_geometry"] = json.dumps(drawn)

    client.post(reverse("application-edit", args=[draft.pk]), data)

    assert TendingDesign.objects.get(pk=draft.pk).site_geometry == drawn


def test_an_invalid_typed_geojson_is_refused_beside_its_box(english, client, applicant_my):
    draft = tending_draft(by=applicant_my, site_geometry=SITE)
    before = stored(draft)
    client.force_login(applicant_my)
    data = edit(client, draft, title="不应保存")
    data["site_geometry"] = "[" * 100 + "]" * 100

    response = client.post(reverse("application-edit", args=[draft.pk]), data)

    assert response.status_code == 200 and response.context["form"].errors["site_geometry"]
    assert stored(draft) == before


def test_the_form_offers_the_drawing_map_with_its_frame(english, client, applicant_my):
    draft = tending_draft(by=applicant_my, site_geometry=SITE)
    client.force_login(applicant_my)

    html = client.get(reverse("application-edit", args=[draft.pk])).content.decode()

    assert 'enctype="multipart/form-data"' in html
    assert 'data-site-draw data-target="id_site_geometry"' in html
    for name in ("west", "south", "east", "north"):
        assert f"data-{name}=" in html
    assert re.search(r'<script src="/static/leaflet/leaflet\.js" defer></script>', html)
    assert re.search(r'<script src="/static/web/site_map\.js" defer></script>', html)
    assert "Start drawing" in html and "Finish" in html
    assert json.loads(re.search(r'id="id_site_geometry">([^<]*)<', html)[1].replace("&quot;", '"'))


def test_the_forms_map_searches_in_the_district_the_form_names(client, applicant_my):
    """Issue 45: the map's search is limited to the applicant's district, the one the form's
    district field holds when the search is made (static/web/site_map.js reads it; the search
    endpoint limits by it, tests/web/test_maps.py)."""
    client.force_login(applicant_my)
    for url in (
        reverse("applications:create", args=["tending"]),
        reverse("application-edit", args=[tending_draft(by=applicant_my).pk]),
    ):
        html = client.get(url).content.decode()
        root = re.search(r"<div[^>]*data-site-draw[^>]*>", html)[0]
        assert 'data-district-field="district"' in root
        assert re.search(r'<vf-field-select[^>]*name="district"', html)


def frame_of(html: str) -> dict[str, float]:
    root = re.search(r"<div[^>]*data-site-draw[^>]*>", html)[0]
    return {
        name: float(re.search(rf'data-{name}="([^"]+)"', root)[1])
        for name in ("west", "south", "east", "north")
    }


def test_a_new_form_draws_on_the_district_with_its_registry_and_zones(
    english, client, applicant_my
):
    """Issue 26 item 5: a new application's map is no empty grid but the district framed, its
    小班 and zones drawn, before any site is given."""
    far = box(LON + 0.2, LAT + 0.1, 0.01, 0.01)
    parcel_layer("110118", (PARCEL, "12-3", "natural"), (far, "40-1", "natural"))
    zone_layer("red_line", (RED_LINE, "红线甲"))
    client.force_login(applicant_my)

    html = client.get(reverse("applications:create", args=["tending"])).content.decode()

    assert "Drawing grid" not in html and "data-site-draw" in html
    canvas = html.split('class="permits-draw__canvas"', 1)[1].split("</svg>", 1)[0]
    assert "12-3" in canvas and "40-1" in canvas  # the registry
    assert "红线甲" in canvas  # the zones
    frame = frame_of(html)
    west, south, east, north = district_extent(District.objects.get(pk="110118"))
    assert frame["west"] <= west and frame["east"] >= east
    assert frame["south"] <= south and frame["north"] >= north
    # Framed on the district, not on a whole province: a small margin around it.
    assert frame["east"] - frame["west"] < 2 * (east - west)


def test_a_form_naming_小班_is_framed_on_them(english, client, applicant_my):
    far = box(LON + 0.2, LAT + 0.1, 0.01, 0.01)
    parcel_layer("110118", (PARCEL, "12-3", "natural"), (far, "40-1", "natural"))
    client.force_login(applicant_my)
    data = tending_form_data(compartments=["40-1"], site_geometry=None, title="")
    data["area_ha"] = "not a number"  # the form comes back with an error, and its map

    response = client.post(reverse("applications:create", args=["tending"]), data)

    assert response.status_code == 200
    frame = frame_of(response.content.decode())
    assert frame["west"] < LON + 0.2 < LON + 0.21 < frame["east"]
    assert frame["east"] - frame["west"] < 0.05  # the 小班, not the district


def test_a_parcel_page_offers_it_as_the_site_of_a_new_application(
    english, client, applicant_my, outsider
):
    parcel_layer("110118", (PARCEL, "12-3", "natural"))
    parcel = Parcel.objects.get(compartment="12-3")
    client.force_login(applicant_my)

    page = client.get(reverse("parcel-detail", args=[parcel.pk])).content.decode()
    link = re.search(r'data-use-as-site-kind="tending" href="([^"]+)"', page)[1]
    form = client.get(link.replace("&amp;", "&"))

    assert form.status_code == 200
    html = form.content.decode()
    shown = json.loads(re.search(r'id="id_site_geometry">([^<]*)<', html)[1].replace("&quot;", '"'))
    assert shown == parcel.geometry
    assert 'value="12-3"' in html  # the compartments field names it
    canvas = html.split('class="permits-draw__canvas"', 1)[1].split("</svg>", 1)[0]
    assert "Drawing grid" not in canvas and "<title>Site</title>" in canvas  # drawn as the site
    # Nothing but a current 小班's id is taken.
    for value in ("abc", "-1", "9" * 40, str(parcel.pk + 1000)):
        other = client.get(reverse("applications:create", args=["tending"]), {"parcel": value})
        assert other.status_code == 200 and 'value="12-3"' not in other.content.decode()

    client.force_login(outsider)  # no applicant: no offer
    page = client.get(reverse("parcel-detail", args=[parcel.pk])).content.decode()
    assert "data-use-as-site" not in page


def test_the_drawing_frame_is_where_the_map_draws_the_site(english, applicant_my):
    draft = tending_draft(by=applicant_my, site_geometry=SITE)
    plan = site_map_plan(draft)
    frame = site_frame(plan)
    root = fromstring(map_svg(plan))
    ns = {"svg": "http://www.w3.org/2000/svg"}
    site_path = next(
        p
        for p in root.iterfind("svg:path", ns)
        if (p.findtext("svg:title", namespaces=ns) or "").startswith("Site:")
    )
    numbers = [float(n) for n in re.findall(r"-?\d+\.?\d*", site_path.get("d"))]
    xs, ys = numbers[0::2], numbers[1::2]
    lons = [lon for lon, _lat in SITE["coordinates"][0]]
    lats = [lat for _lon, lat in SITE["coordinates"][0]]
    assert min(xs) == pytest.approx(frame.x(min(lons)), abs=0.11)
    assert max(xs) == pytest.approx(frame.x(max(lons)), abs=0.11)
    assert min(ys) == pytest.approx(frame.y(max(lats)), abs=0.11)
    assert max(ys) == pytest.approx(frame.y(min(lats)), abs=0.11)


def test_the_blank_grid_keeps_the_extent_in_proportion():
    canvas = blank_grid((116.0, 40.0, 116.2, 40.1))
    frame = canvas.frame
    tolerance = 1e-9
    assert frame.west <= 116.0 + tolerance and frame.east >= 116.2 - tolerance
    assert frame.south <= 40.0 + tolerance and frame.north >= 40.1 - tolerance
    # Equal degrees of latitude and of longitude × cos(latitude) take equal lengths.
    x_scale = (frame.x1 - frame.x0) / (frame.east - frame.west)
    y_scale = (frame.y1 - frame.y0) / (frame.north - frame.south)
    assert x_scale / y_scale == pytest.approx(math.cos(math.radians(40.05)), rel=1e-3)
    fromstring(str(canvas.svg))  # well-formed


# --------------------------------------------------------------------------- the registry


@pytest.fixture
def parcel(reference_data):
    neighbour = box(LON + 0.02, LAT, 0.01, 0.01)
    parcel_layer("110118", (PARCEL, "12-3", "natural"), (neighbour, "12-4", ""))
    return Parcel.objects.get(compartment="12-3")


def test_a_parcel_page_shows_only_the_history_its_reader_may_see(
    english, client, parcel, applicant_my, applicant_yq, outsider
):
    miyun = tending_draft(by=applicant_my, site_geometry=SITE, title="密云的设计")
    yanqing = tending_draft(
        by=applicant_yq, site_geometry=SITE, district_id="110119", title="延庆的设计"
    )
    url = reverse("parcel-detail", args=[parcel.pk])

    client.force_login(applicant_yq)
    page = client.get(url)
    assert [a.pk for a, _found in page.context["history"]] == [yanqing.pk]
    assert miyun.reference not in page.content.decode()

    client.force_login(applicant_my)
    page = client.get(url)
    assert [a.pk for a, _found in page.context["history"]] == [miyun.pk]
    html = page.content.decode()
    assert reverse("application-detail", args=[miyun.pk]) in html
    assert "<svg" in html and "12-3" in html and "Natural forest" in html

    client.force_login(outsider)
    page = client.get(url)
    assert page.status_code == 200 and page.context["history"] == []
    assert miyun.reference not in page.content.decode()


def test_an_unknown_parcel_is_404_and_anonymous_users_log_in(client, parcel, outsider):
    url = reverse("parcel-detail", args=[parcel.pk])
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response.url
    response = client.get(reverse("parcels:index"))
    assert response.status_code == 302 and reverse("login") in response.url

    client.force_login(outsider)
    assert client.get(reverse("parcel-detail", args=[parcel.pk + 999])).status_code == 404


def test_the_registry_list_filters_by_district_and_compartment(
    english, client, parcel, reviewer_my
):
    client.force_login(reviewer_my)

    page = client.get(reverse("parcels:index"), {"district": "110118", "compartment": "12-4"})

    assert [p.compartment for p in page.context["page_obj"]] == ["12-4"]
    assert reverse("parcel-detail", args=[parcel.pk]) not in page.content.decode()
    everything = client.get(reverse("parcels:index"))
    assert [p.compartment for p in everything.context["page_obj"]] == ["12-3", "12-4"]
    assert reverse("parcels:index") in everything.content.decode()  # the menu entry


def test_a_superseded_parcel_links_to_its_current_version(english, client, parcel, outsider):
    parcel_layer("110118", (PARCEL, "12-3", "planted"))
    client.force_login(outsider)

    page = client.get(reverse("parcel-detail", args=[parcel.pk]))

    current = page.context["current"]
    assert current.pk != parcel.pk and current.forest_origin == "planted"
    assert reverse("parcel-detail", args=[current.pk]) in page.content.decode()


def test_a_good_file_is_kept_in_the_box_when_another_field_is_wrong(english, client, applicant_my):
    draft = tending_draft(by=applicant_my, site_geometry=SITE)
    before = stored(draft)
    client.force_login(applicant_my)
    other = site_in(LON + 0.05, area_ha=3)
    data = edit(client, draft, canopy_density="dense")
    data["site_file"] = geojson_file(other)

    response = client.post(reverse("application-edit", args=[draft.pk]), data)

    form = response.context["form"]
    assert response.status_code == 200 and "canopy_density" in form.errors
    assert "site_file" not in form.errors
    assert json.loads(form["site_geometry"].value())["coordinates"] == other["coordinates"]
    assert stored(draft) == before
