"""Input meant to break the server: every answer is a 4xx in api.md's error format, never a 500,
and nothing is stored. The PostgreSQL-marked cases matter there only (it refuses NUL in text)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.parsers import JSONParser
from core import jsonsafe
from permits.geometry import MAX_POSITIONS
from permits.models import Application, Attachment
from tests.factories import tending_draft

from .helpers import (
    API,
    beijing_body,
    create,
    error_fields,
    introduction_body,
    occupation_body,
)
from .test_errors import assert_error_shape

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000
# Below Python's recursion limit, above ours: parses, and would crash whatever walks it.
MIDDLE = "[" * 500 + "]" * 500


def square(lon=116.5, lat=40.5, size=0.01) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def post_raw(client, url, body: str):
    return client.generic("POST", url, body.encode(), content_type="application/json")


def assert_refused(response, status=400):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    assert_error_shape(response)


# ---- JSON bodies -----------------------------------------------------------------------------


@pytest.mark.parametrize("body", [DEEP, MIDDLE, '{"a":' * 3000 + "1" + "}" * 3000])
def test_deeply_nested_json_is_400_on_the_token_endpoint(client_for, reference_data, body):
    assert_refused(post_raw(client_for(None), f"{API}/auth/token/", body))


@pytest.mark.parametrize("body", [DEEP, MIDDLE])
def test_deeply_nested_json_is_400_everywhere(client_for, applicant_my, body):
    client = client_for(applicant_my)
    draft = create(client, beijing_body())
    for url in (
        f"{API}/applications/",
        f"{API}/applications/{draft['id']}/withdraw/",
        f"{API}/applications/{draft['id']}/incidents/",
        f"{API}/obligations/1/filings/",
        f"{API}/tasks/1/decide/",
    ):
        assert_refused(post_raw(client, url, body))
    patch = client.generic(
        "PATCH", f"{API}/applications/{draft['id']}/", body.encode(), "application/json"
    )
    assert_refused(patch)


def test_nesting_inside_a_field_names_the_field(client_for, applicant_my):
    nested: list = []
    for _level in range(jsonsafe.MAX_DEPTH + 5):
        nested = [nested]
    response = client_for(applicant_my).post(
        f"{API}/applications/", {**beijing_body(), "site_geometry": nested}, format="json"
    )
    assert_refused(response)
    [(field, code)] = error_fields(response).items()
    assert field.startswith("site_geometry") and code == "too_deep"
    assert not Application.objects.exists()


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_non_finite_numbers_are_400(client_for, applicant_my, number):
    body = '{"kind": "tending", "area_ha": ' + number + "}"
    response = post_raw(client_for(applicant_my), f"{API}/applications/", body)
    assert_refused(response)
    assert response.json()["errors"][0]["code"] == "not_finite"


def test_body_larger_than_the_limit_is_413(client_for, applicant_my, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"kind": "tending", "title": "%s"}' % ("x" * 2000)
    assert_refused(post_raw(client_for(applicant_my), f"{API}/applications/", body), 413)


def test_the_parser_is_the_default_of_every_api_view():
    from rest_framework.settings import api_settings

    assert api_settings.DEFAULT_PARSER_CLASSES[0] is JSONParser


# ---- NUL characters --------------------------------------------------------------------------

NUL_BODIES = [
    ("title", {"title": "a\x00b"}, "json"),
    (
        "site_geometry.x",
        {"site_geometry": {"type": "Polygon", "coordinates": [], "x": "\x00"}},
        "json",
    ),
    ("compartments.0", {"compartments": ["12\x00"]}, "json"),
    ("district", {"district": "11\x0018"}, "multipart"),
    ("jurisdiction", {"jurisdiction": "\x00"}, "multipart"),
    ("title", {"title": "\x00"}, "multipart"),
]


def _nul_create(client, overrides: dict, fmt: str):
    body = beijing_body()
    if fmt == "multipart":
        body = {k: v for k, v in body.items() if isinstance(v, str)}
    return client.post(f"{API}/applications/", {**body, **overrides}, format=fmt)


@pytest.mark.parametrize(("field", "overrides", "fmt"), NUL_BODIES)
def test_nul_in_a_field_is_a_field_error(client_for, applicant_my, field, overrides, fmt):
    response = _nul_create(client_for(applicant_my), overrides, fmt)
    assert_refused(response)
    assert error_fields(response).get(field) == "null_characters_not_allowed"
    assert not Application.objects.exists()


@pytest.mark.postgres
@pytest.mark.parametrize(("field", "overrides", "fmt"), NUL_BODIES)
def test_nul_in_a_field_is_400_on_postgresql(client_for, applicant_my, field, overrides, fmt):
    assert_refused(_nul_create(client_for(applicant_my), overrides, fmt))


def test_nul_in_a_patch_form_body_is_400(client_for, applicant_my):
    client = client_for(applicant_my)
    draft = create(client, beijing_body())
    response = client.patch(
        f"{API}/applications/{draft['id']}/", {"district": "\x00"}, format="multipart"
    )
    assert_refused(response)
    assert error_fields(response) == {"district": "null_characters_not_allowed"}


NUL_QUERIES = [
    ("applications/", {"q": "\x00"}),
    ("applications/", {"district": "a\x00"}),
    ("tasks/", {"district": "\x00"}),
    ("audit/events/", {"actor": "\x00"}),
    ("certificates/x/verify/", {"code": "\x00"}),
]


@pytest.mark.parametrize(("path", "query"), NUL_QUERIES)
def test_nul_in_a_query_string_is_400(client_for, auditor, path, query):
    assert_refused(client_for(auditor).get(f"{API}/{path}", query))


@pytest.mark.postgres
@pytest.mark.parametrize(("path", "query"), NUL_QUERIES)
def test_nul_in_a_query_string_is_400_on_postgresql(client_for, auditor, path, query):
    assert_refused(client_for(auditor).get(f"{API}/{path}", query))


def test_nul_in_an_api_path_is_400(client_for, reference_data):
    assert_refused(client_for(None).get(f"{API}/certificates/a%00/verify/"))


# ---- lone surrogates ----------------------------------------------------------------------
# JSON may escape half a surrogate pair ("\\ud800"); Python then holds a string that no UTF-8
# encoder takes: the database's, or the renderer of an error that quotes the value back (a
# choice's "not a valid choice"). Raw bodies: the test client would refuse to encode them.

SURROGATE_FIELDS = [
    ("title", {"title": "a\ud800"}),
    ("kind", {"kind": "\ud800"}),
    ("district", {"district": "\udfff"}),
    ("compartments.0", {"compartments": ["12\ud800"]}),
    ("site_geometry", {"site_geometry": {"type": "Polygon", "\ud800": []}}),
]


@pytest.mark.parametrize(("field", "overrides"), SURROGATE_FIELDS)
def test_a_lone_surrogate_in_a_field_is_a_field_error(client_for, applicant_my, field, overrides):
    body = json.dumps({**beijing_body(), **overrides})  # escaped: "\\ud800"
    response = post_raw(client_for(applicant_my), f"{API}/applications/", body)
    assert_refused(response)
    assert error_fields(response).get(field) == "invalid_unicode"
    assert not Application.objects.exists()


def test_a_lone_surrogate_in_a_top_level_name_is_400(client_for, applicant_my):
    body = json.dumps({**beijing_body(), "\ud800": 1})
    response = post_raw(client_for(applicant_my), f"{API}/applications/", body)
    assert_refused(response)
    assert [e["code"] for e in response.json()["errors"]] == ["invalid_unicode"]


def test_a_lone_surrogate_is_400_on_the_token_endpoint_and_in_an_edit(
    client_for, reference_data, applicant_my
):
    body = json.dumps({"username": "\ud800", "password": "x"})
    assert_refused(post_raw(client_for(None), f"{API}/auth/token/", body))
    client = client_for(applicant_my)
    draft = create(client, beijing_body())
    response = client.generic(
        "PATCH",
        f"{API}/applications/{draft['id']}/",
        json.dumps({"title": "\udc80"}).encode(),
        content_type="application/json",
    )
    assert_refused(response)
    assert error_fields(response) == {"title": "invalid_unicode"}
    assert Application.objects.get(pk=draft["id"]).title == draft["title"]


@pytest.mark.postgres
@pytest.mark.parametrize(("field", "overrides"), SURROGATE_FIELDS)
def test_a_lone_surrogate_is_400_on_postgresql(client_for, applicant_my, field, overrides):
    body = json.dumps({**beijing_body(), **overrides})
    assert_refused(post_raw(client_for(applicant_my), f"{API}/applications/", body))


def test_paired_surrogates_are_the_character_they_escape(client_for, applicant_my):
    body = json.dumps({**beijing_body(), "title": "松\U0001f332林"})  # "\\ud83c\\udf32"
    assert "\\ud83c\\udf32" in body
    response = post_raw(client_for(applicant_my), f"{API}/applications/", body)
    assert response.status_code == 201, response.content[:500]
    assert Application.objects.get().title == "松\U0001f332林"


# ---- fields of another kind, unknown fields --------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (beijing_body(scientific_name="Ambrosia"), "scientific_name"),
        (beijing_body(status="approved"), "status"),
        (beijing_body(reference="TD-2026-999999"), "reference"),
        ({**beijing_body(), "titel": "typo"}, "titel"),
        ({**occupation_body(), "compartments": ["1-1"]}, "compartments"),
        ({**introduction_body(), "area_ha": "1.0"}, "area_ha"),
    ],
)
def test_unknown_or_foreign_fields_are_refused_on_create(client_for, applicant_my, body, field):
    response = client_for(applicant_my).post(f"{API}/applications/", body, format="json")
    assert_refused(response)
    assert error_fields(response) == {field: "unknown_field"}
    assert not Application.objects.exists()


def test_unknown_fields_are_refused_on_patch(client_for, applicant_my):
    client = client_for(applicant_my)
    draft = create(client, beijing_body(title="原标题"))
    response = client.patch(
        f"{API}/applications/{draft['id']}/",
        {"title": "新标题", "scientific_name": "x", "organisation": 5},
        format="json",
    )
    assert_refused(response)
    assert error_fields(response) == {
        "organisation": "unknown_field",
        "scientific_name": "unknown_field",
    }
    assert Application.objects.get(pk=draft["id"]).title == "原标题"


# ---- dates and numbers -----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01"])
@pytest.mark.parametrize("field", ["start_date", "end_date"])
def test_implausible_dates_are_field_errors(client_for, applicant_my, field, value):
    body = beijing_body(start_date=None, end_date=None)
    response = client_for(applicant_my).post(
        f"{API}/applications/", {**body, field: value}, format="json"
    )
    assert_refused(response)
    assert error_fields(response) == {field: "date_out_of_range"}


NUMERIC_FIELDS = {
    "tending": [
        "area_ha",
        "canopy_density",
        "stand_density",
        "thinning_intensity_pct",
        "removal_volume_m3",
    ],
    "occupation": ["area_ha", "duration_months"],
    "introduction": ["quantity", "monitoring_interval_months", "monitoring_years"],
}
BODIES = {"tending": beijing_body, "occupation": occupation_body, "introduction": introduction_body}
HUGE = [1e308, -1e308, -1, 10**30, -(10**30), 2**63, True, "1e308", "abc", [], {}]


@pytest.mark.parametrize(
    ("kind", "field"),
    [(kind, field) for kind, fields in NUMERIC_FIELDS.items() for field in fields],
)
def test_huge_and_negative_numbers_are_field_errors(client_for, applicant_my, kind, field):
    client = client_for(applicant_my)
    for value in HUGE:
        response = client.post(
            f"{API}/applications/", {**BODIES[kind](), field: value}, format="json"
        )
        assert_refused(response)
        assert field in error_fields(response), (value, response.json())
    assert not Application.objects.exists()


# ---- site geometry ---------------------------------------------------------------------------

BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[116, 40], [116.1, 40.1], [116.1, 40], [116, 40.1], [116, 40]]],
}


@pytest.mark.parametrize(
    ("geometry", "code"),
    [
        (BOWTIE, "invalid_polygon"),
        (
            {"type": "Polygon", "coordinates": [[[116, 40], [116.1, 40], [116, 40]]]},
            "ring_too_short",
        ),
        (
            {"type": "Polygon", "coordinates": [[[116, 40], [117, 40], [117, 41], [116, 41]]]},
            "ring_not_closed",
        ),
        (square(lon=181), "coordinate_out_of_range"),
        (square(lat=-91), "coordinate_out_of_range"),
        (
            {"type": "Polygon", "coordinates": [[[True, 40], [1, 1], [2, 2], [True, 40]]]},
            "invalid_position",
        ),
        (
            {"type": "Polygon", "coordinates": [[["116", "40"], [1, 1], [2, 2], ["116", "40"]]]},
            "invalid_position",
        ),
        ({"type": "Polygon", "coordinates": [[[116], [1, 1], [2, 2], [116]]]}, "invalid_position"),
        ({"type": "Polygon", "coordinates": []}, "invalid_geometry"),
        ({"type": "MultiPolygon", "coordinates": [[]]}, "invalid_geometry"),
        ({"type": "Polygon", "coordinates": "x"}, "invalid_geometry"),
        ({**square(), "properties": {"a": 1}}, "invalid_geometry"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[116 + i * 1e-5, 40] for i in range(MAX_POSITIONS)] + [[116, 40]]],
            },
            "too_many_positions",
        ),
        ("POLYGON((0 0, 1 0, 1 1, 0 0))", "invalid_geometry"),
        ([1, 2], "invalid_geometry"),
    ],
)
def test_bad_site_geometry_is_a_field_error(client_for, applicant_my, geometry, code):
    response = client_for(applicant_my).post(
        f"{API}/applications/", {**beijing_body(), "site_geometry": geometry}, format="json"
    )
    assert_refused(response)
    assert error_fields(response) == {"site_geometry": code}


def test_valid_polygon_and_multipolygon_are_accepted(client_for, applicant_my):
    client = client_for(applicant_my)
    multi = {
        "type": "MultiPolygon",
        "coordinates": [square()["coordinates"], square(lon=117)["coordinates"]],
    }
    for geometry in (square(), multi):
        assert create(client, {**beijing_body(), "site_geometry": geometry})["site_geometry"] == (
            geometry
        )


# ---- uploads ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000,
        b"[" * 500 + b"]" * 500,
        b'{"type": "Polygon", "coordinates": NaN}',
        b'{"type": "Polygon", "x": "\\u0000"}',
    ],
)
def test_hostile_geojson_upload_is_415(client_for, applicant_my, content):
    draft = tending_draft(by=applicant_my)
    response = client_for(applicant_my).post(
        f"{API}/applications/{draft.pk}/attachments/",
        {"file": SimpleUploadedFile("site.geojson", content), "kind": "site_map"},
        format="multipart",
    )
    assert_refused(response, 415)
    assert not Attachment.objects.filter(application=draft, kind="site_map").exists()


def test_nul_in_an_upload_name_never_reaches_the_database(client_for, applicant_my):
    draft = tending_draft(by=applicant_my)
    response = client_for(applicant_my).post(
        f"{API}/applications/{draft.pk}/attachments/",
        {"file": SimpleUploadedFile("a\x00.pdf", b"%PDF-1.4 x"), "kind": "other"},
        format="multipart",
    )
    # Django's multipart parser already cuts the name at the NUL; either answer is fine.
    assert response.status_code in (201, 400)
    assert all("\x00" not in a.name for a in Attachment.objects.all())


# ---- query-string filters --------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"since": "0001-01-01T00:00:00Z"},
        {"until": "9999-12-31T23:59:59Z"},
        {"application": "9" * 30},
        {"application": "-1"},
    ],
)
def test_out_of_range_audit_filters_are_400(client_for, auditor, query):
    response = client_for(auditor).get(f"{API}/audit/events/", query)
    assert_refused(response)
    assert list(error_fields(response)) == list(query)


def test_huge_actor_id_is_a_user_name_that_matches_nobody(client_for, auditor):
    response = client_for(auditor).get(f"{API}/audit/events/", {"actor": "9" * 30})
    assert response.status_code == 200 and response.json()["count"] == 0


# ---- numbers no task has ---------------------------------------------------------------------


TASK_ACTIONS = {
    "claim": {},
    "unclaim": {},
    "decide": {"decision": "approve", "opinion": "同意"},
    "reassign": {"to": "district_my", "reason": "出差"},
    "extend": {"reason": "现场勘查需要延期"},
}


@pytest.mark.parametrize(("action", "body"), TASK_ACTIONS.items())
@pytest.mark.parametrize("task_id", [0, 2**31, 2**63, 10**30])
def test_a_task_number_beyond_any_column_is_404(client_for, reviewer_my, action, body, task_id):
    response = client_for(reviewer_my).post(f"{API}/tasks/{task_id}/{action}/", body, format="json")
    assert_refused(response, status=404)


# ---- input that would be dropped is refused ----------------------------------------------------


def test_the_kind_of_an_application_is_not_changed_by_a_patch(client_for, applicant_my):
    client = client_for(applicant_my)
    draft = create(client, beijing_body())
    url = f"{API}/applications/{draft['id']}/"
    response = client.patch(url, {"kind": "introduction", "title": "改名"}, format="json")
    assert_refused(response)
    assert error_fields(response) == {"kind": "immutable"}
    assert Application.objects.get(pk=draft["id"]).title == draft["title"]
    same = client.patch(url, {"kind": "tending", "title": "改名"}, format="json")
    assert same.status_code == 200 and same.json()["title"] == "改名"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"decision": "accept", "opinion": "同意", "extra": 1}, "extra", "unknown_field"),
        ({"decision": "accept", "items": [{"message": "补正"}]}, "items", "not_allowed"),
    ],
)
def test_a_decision_refuses_what_it_would_drop(
    client_for, applicant_my, reviewer_my, body, field, code
):
    from tests.factories import submit
    from workflows.engine import open_tasks

    application = submit(tending_draft(by=applicant_my), applicant_my, accepted=False)
    task = open_tasks(application=application).get()
    response = client_for(reviewer_my).post(f"{API}/tasks/{task.pk}/decide/", body, format="json")
    assert_refused(response)
    assert error_fields(response) == {field: code}
    assert open_tasks(application=application).get().pk == task.pk  # still open


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("submit/", {"note": "", "urgent": True}),
        ("withdraw/", {"reason": "不做了", "force": True}),
    ],
)
def test_an_applicant_action_refuses_unknown_fields(client_for, applicant_my, path, body):
    client = client_for(applicant_my)
    draft = create(client, beijing_body())
    response = client.post(f"{API}/applications/{draft['id']}/{path}", body, format="json")
    assert_refused(response)
    assert set(error_fields(response).values()) == {"unknown_field"}
    assert Application.objects.get(pk=draft["id"]).status == "draft"


@pytest.mark.parametrize(
    "body",
    [
        '{"kind": "tending", "kind": "occupation"}',
        '{"site_geometry": {"type": "Polygon", "type": "Point"}}',
        '{"\\ud800": 1, "\\ud800": 2}',
    ],
)
def test_a_name_given_twice_in_a_json_object_is_400(client_for, applicant_my, body):
    """Readers disagree on which of the two values counts; neither is taken."""
    response = post_raw(client_for(applicant_my), f"{API}/applications/", body)
    assert_refused(response)
    assert [e["code"] for e in response.json()["errors"]] == ["duplicate_name"]
    assert not Application.objects.exists()


# ---- hostile files (issue 26 item 20) --------------------------------------------------------

HUGE_INTEGER = b"1" * 5000  # more digits than Python converts to an int


def zip_of(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_inflating_to(megabytes: int) -> bytes:
    """An Office document (OOXML) whose one part inflates to ``megabytes`` of zeros."""
    return zip_of(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": bytes(megabytes * 1024 * 1024),
        }
    )


def lying_docx() -> bytes:
    """An Office document whose part says it inflates to 10 bytes and inflates to 2 MB."""
    data = bytearray(docx_inflating_to(2))
    entry = data.rindex(b"PK\x01\x02")  # the last central directory entry: word/document.xml
    data[entry + 24 : entry + 28] = (10).to_bytes(4, "little")
    return bytes(data)


def attach(client, draft, name, content):
    return client.post(
        f"{API}/applications/{draft.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content), "kind": "other"},
        format="multipart",
    )


def test_a_site_file_with_a_number_of_thousands_of_digits_is_a_field_error(
    client_for, applicant_my
):
    draft = tending_draft(by=applicant_my)
    body = b'{"type": "Point", "coordinates": [' + HUGE_INTEGER + b", 40.5]}"
    response = client_for(applicant_my).post(
        f"{API}/applications/{draft.pk}/site/",
        {"file": SimpleUploadedFile("site.geojson", body)},
        format="multipart",
    )
    assert_refused(response)
    assert response.json()["errors"][0]["field"] == "file"
    assert response.json()["errors"][0]["code"] == "invalid_file"


@pytest.mark.parametrize(
    ("name", "content", "stored"),
    [
        ("x.html", b"%PDF-1.4 polyglot <html><script>alert(1)</script>", "x.pdf"),
        ("scan", b"\x89PNG\r\n\x1a\n....", "scan.png"),
        ("photo.JPEG", b"\xff\xd8\xff\xe0 jpeg", "photo.JPEG"),
        ("表格.docx", zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
         "表格.xlsx"),
        ("site.zip", zip_of({"site.shp": b"shp"}), "site.zip"),
    ],
)  # fmt: skip
def test_an_attachment_is_stored_under_the_extension_of_what_it_is(
    client_for, applicant_my, name, content, stored
):
    draft = tending_draft(by=applicant_my)
    client = client_for(applicant_my)
    response = attach(client, draft, name, content)
    assert response.status_code == 201, response.content[:300]
    assert response.json()["name"] == stored
    attachment = Attachment.objects.get(pk=response.json()["id"])
    assert attachment.name == stored
    download = client.get(f"{API}/applications/{draft.pk}/attachments/{attachment.pk}/download/")
    assert download.status_code == 200
    extension = stored.rsplit(".", 1)[-1]
    assert download["Content-Disposition"].rstrip('"').endswith("." + extension)


def test_a_zip_attachment_inflating_beyond_the_bound_is_413(client_for, applicant_my):
    draft = tending_draft(by=applicant_my)
    bomb = docx_inflating_to(101)
    assert len(bomb) < 1024 * 1024
    response = attach(client_for(applicant_my), draft, "bomb.docx", bomb)
    assert_refused(response, 413)
    assert response.json()["errors"][0]["field"] == "file"
    assert not Attachment.objects.filter(application=draft, kind="other").exists()


def test_a_zip_attachment_lying_about_its_size_is_415(client_for, applicant_my):
    draft = tending_draft(by=applicant_my)
    response = attach(client_for(applicant_my), draft, "liar.docx", lying_docx())
    assert_refused(response, 415)
    assert not Attachment.objects.filter(application=draft, kind="other").exists()


# ---- a draft in another jurisdiction (issue 26 item 21) --------------------------------------


def test_an_organisation_opens_no_draft_in_another_jurisdiction(client_for, applicant_my):
    from .helpers import tianjin_body

    response = client_for(applicant_my).post(f"{API}/applications/", tianjin_body(), format="json")
    assert_refused(response)
    (error,) = [e for e in response.json()["errors"] if e["field"] == "jurisdiction"]
    assert error["code"] == "jurisdiction_not_yours"
    assert "本单位只能在所属辖区" in error["message"] and "北京" in error["message"]
    assert not Application.objects.exists()


def test_a_draft_is_not_moved_to_another_jurisdiction(client_for, applicant_my):
    draft = tending_draft(by=applicant_my)
    response = client_for(applicant_my).patch(
        f"{API}/applications/{draft.pk}/",
        {"jurisdiction": "120000", "district": "120119"},
        format="json",
    )
    assert_refused(response)
    assert "jurisdiction" in error_fields(response)
    assert Application.objects.get(pk=draft.pk).jurisdiction_id == "110000"
