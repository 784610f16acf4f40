"""A year's layer of change patches imported like a zone layer (issue 48 item 1): GeoJSON,
zipped shapefile, GeoPackage; versioned, all or nothing, every refusal naming its feature."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from core.errors import InvalidInput
from core.messages import MSG_FEATURE
from forest_watch.choices import ChangeType, MatchStatus, PatchStatus
from forest_watch.imports import patch_layer_import
from forest_watch.models import Patch, PatchLayer
from roles.models import Jurisdiction
from zones.imports import ImportFile

from .helpers import box, import_patches, patch_file, patch_geopackage, patch_shapefile, props

pytestmark = pytest.mark.django_db

A = box(116.80, 40.40, 0.002, 0.002)
B = box(116.81, 40.40, 0.002, 0.002)
BOWTIE = {
    "type": "Polygon",
    "coordinates": [
        [[116.8, 40.4], [116.802, 40.402], [116.802, 40.4], [116.8, 40.402], [116.8, 40.4]]
    ],
}


def _feature(n: int) -> str:
    """How a refusal names its feature (MSG_FEATURE and the rows' messages: 第 n 个要素)."""
    return str(MSG_FEATURE % {"position": n, "message": ""}).rstrip("：: ")


def _messages(error: InvalidInput) -> list[str]:
    return [p.message for p in error.problems]


def test_a_geojson_layer_is_stored_as_a_version_with_its_fields(reference_data):
    layer = import_patches((A, props("MY-001")), (B, props("MY-002", change_type="采伐")))
    assert (layer.year, layer.version, layer.patch_count) == (2026, 1, 2)
    first = Patch.objects.get(layer=layer, number="MY-001")
    assert first.district_id == "110118"
    assert str(first.before_date) == "2025-10-01" and str(first.after_date) == "2026-04-01"
    assert first.change_type == ChangeType.FELLING and str(first.declared_area_ha) == "1.5000"
    assert first.land_class == "乔木林地" and first.area_ha > 0
    assert Patch.objects.get(number="MY-002").change_type == ChangeType.FELLING
    event = AuditEvent.objects.get(action="patch_layer_imported")
    assert event.details["patches"] == 2 and event.details["year"] == 2026


def test_a_second_import_supersedes_and_keeps_the_first(reference_data):
    first = import_patches((A, props("MY-001")))
    second = import_patches((A, props("MY-001")), (B, props("MY-002")))
    first.refresh_from_db()
    assert second.version == 2 and first.superseded_at is not None
    assert Patch.objects.filter(layer=first).count() == 1


def test_a_zipped_shapefile_of_patches_is_read(reference_data):
    data = patch_shapefile((A, props("SHP-1")), (B, props("SHP-2", county="110119")))
    layer = patch_layer_import(
        file=ImportFile(
            jurisdiction=Jurisdiction.objects.get(pk="110000"),
            source="督查",
            data=data,
            file_name="patches.zip",
        ),
        year=2026,
    )
    assert sorted(layer.patches.values_list("number", "district_id")) == [
        ("SHP-1", "110118"),
        ("SHP-2", "110119"),
    ]


def test_a_geopackage_of_patches_is_read(reference_data):
    data = patch_geopackage((A, props("GPKG-1")), (B, props("GPKG-2", change_type="fire")))
    layer = patch_layer_import(
        file=ImportFile(
            jurisdiction=Jurisdiction.objects.get(pk="110000"),
            source="督查",
            data=data,
            file_name="patches.gpkg",
        ),
        year=2026,
    )
    patch = layer.patches.get(number="GPKG-2")
    assert patch.change_type == ChangeType.FIRE and patch.area_ha > 0
    assert abs(patch.min_lon - 116.81) < 1e-9


def test_a_damaged_geopackage_is_refused_on_its_file(reference_data):
    data = patch_geopackage((A, props("GPKG-1")))[:2000]
    with pytest.raises(InvalidInput) as refused:
        patch_layer_import(
            file=ImportFile(
                jurisdiction=Jurisdiction.objects.get(pk="110000"), source="督查", data=data
            ),
            year=2026,
        )
    assert refused.value.problems[0].field == "file"
    assert not PatchLayer.objects.exists()


@pytest.mark.parametrize(
    ("patches", "wanted"),
    [
        pytest.param([(A, props("1")), (BOWTIE, props("2"))], _feature(2), id="self-intersecting"),
        pytest.param(
            [(A, props("1")), (box(10.0, 50.0, 0.01, 0.01), props("2"))],
            _feature(2),
            id="outside-china",
        ),
        pytest.param([(A, props("1")), (B, props("1"))], _feature(2), id="duplicate-number"),
        pytest.param([(A, props("1", county="999999"))], _feature(1), id="unknown-county"),
        pytest.param([(A, props("1", county="120119"))], _feature(1), id="other-jurisdiction"),
        pytest.param([(A, props("1", after_date="2025-01-01"))], _feature(1), id="dates-reversed"),
        pytest.param([(A, props("1", before_date="2025-13-40"))], _feature(1), id="bad-date"),
        pytest.param([(A, props("1", change_type="砍了"))], _feature(1), id="bad-change"),
        pytest.param([(A, props("1", area_ha="-3"))], _feature(1), id="negative-area"),
        pytest.param([(A, props("1", area_ha="1e999"))], _feature(1), id="huge-area"),
        pytest.param([(A, {"number": "1"})], _feature(1), id="fields-missing"),
    ],
)
def test_a_bad_patch_refuses_the_whole_file_naming_its_feature(reference_data, patches, wanted):
    with pytest.raises(InvalidInput) as refused:
        import_patches(*patches)
    messages = _messages(refused.value)
    assert all(p.field == "file" for p in refused.value.problems)
    assert any(wanted in m for m in messages), messages
    assert not PatchLayer.objects.exists() and not Patch.objects.exists()


def test_a_million_vertices_are_refused_with_the_feature_and_nothing_is_stored(reference_data):
    ring = [[116.8 + i * 1e-7, 40.4] for i in range(1_000_000)]
    ring += [[116.9, 40.5], [116.8, 40.4]]
    huge = {"type": "Polygon", "coordinates": [ring]}
    with pytest.raises(InvalidInput) as refused:
        import_patches((A, props("1")), (huge, props("2")))
    assert _feature(2) in refused.value.problems[0].message
    assert not Patch.objects.exists()


def test_an_unknown_year_is_refused_on_its_field(reference_data):
    with pytest.raises(InvalidInput) as refused:
        import_patches((A, props("1")), year=1850)
    assert refused.value.problems[0].field == "year"


def test_the_command_imports_and_matches(
    reference_data, tmp_path, capsys, django_capture_on_commit_callbacks
):
    path = tmp_path / "patches.geojson"
    path.write_bytes(patch_file((A, props("CMD-1")), (B, props("CMD-2"))))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("patches_import", str(path), "--year", "2026", "--jurisdiction", "110000")
    layer = PatchLayer.objects.get()
    assert layer.patch_count == 2 and layer.match_status == MatchStatus.DONE
    assert set(layer.patches.values_list("status", flat=True)) == {PatchStatus.ASSIGNED}
    assert "2 patches imported" in capsys.readouterr().out
    # The matching ran after the import's commit, not inside it: the command's line says so.


def test_the_command_reports_refusals_per_feature(reference_data, tmp_path):
    path = tmp_path / "patches.geojson"
    path.write_bytes(patch_file((A, props("1")), (B, props("1"))))
    with pytest.raises(CommandError) as refused:
        call_command("patches_import", str(path), "--year", "2026", "--jurisdiction", "110000")
    assert "file:" in str(refused.value)
    assert not PatchLayer.objects.exists()


def test_the_api_import_answers_the_contract(reference_data, approver, client_for):
    upload = patch_file((A, props("API-1")), (B, props("API-2")))
    answer = client_for(approver).post(
        "/api/v1/patch-layers/",
        {
            "file": SimpleUploadedFile("p.geojson", upload, "application/geo+json"),
            "year": "2026",
            "jurisdiction": "110000",
        },
        format="multipart",
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert {k: body[k] for k in ("year", "version", "patches")} == {
        "year": 2026,
        "version": 1,
        "patches": 2,
    }
    assert PatchLayer.objects.get(pk=body["id"]).imported_by == approver
    event = AuditEvent.objects.get(action="patch_layer_imported")
    assert event.actor_id == approver.pk


@pytest.mark.parametrize("who", ["reviewer_my", "outsider", "auditor", "applicant_my"])
def test_only_the_municipal_agency_imports_through_the_api(
    reference_data, client_for, who, request
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = request.getfixturevalue(who)
    answer = client_for(user).post(
        "/api/v1/patch-layers/",
        {
            "file": SimpleUploadedFile("p.geojson", patch_file((A, props("1")))),
            "year": "2026",
            "jurisdiction": "110000",
        },
        format="multipart",
    )
    assert answer.status_code == 403
    assert not PatchLayer.objects.exists()


def test_the_api_import_of_a_bad_file_is_a_field_error_in_chinese(
    reference_data, approver, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client_for(approver).post(
        "/api/v1/patch-layers/",
        {
            "file": SimpleUploadedFile("p.geojson", patch_file((A, props("1")), (B, props("1")))),
            "year": "2026",
            "jurisdiction": "110000",
        },
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert answer.status_code == 400
    problems = answer.json()["errors"]
    assert problems[0]["field"] == "file" and _feature(2) in problems[0]["message"]
    assert not PatchLayer.objects.exists()


def test_the_api_import_refuses_garbage_without_a_server_error(
    reference_data, approver, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for data in (
        b"\x00\x01garbage",
        b"SQLite format 3\x00" + b"\xff" * 500,
        json.dumps([1]).encode(),
    ):
        answer = client_for(approver).post(
            "/api/v1/patch-layers/",
            {"file": SimpleUploadedFile("p", data), "year": "2026", "jurisdiction": "110000"},
            format="multipart",
        )
        assert answer.status_code == 400, (data[:20], answer.content)
