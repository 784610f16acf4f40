"""Importing layers (product.md §15): the command, the admin's import form, versions kept, the
audit event, and a refused file storing nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from tests.factories import UserFactory
from tests.zones.helpers import LAT, LON, box, collection
from zones.models import Layer, Parcel, ProtectedZone

pytestmark = pytest.mark.django_db

ZONES = collection(
    (box(LON, LAT, 0.02, 0.02), {"name": "甲核心区", "effective_from": "2020-01-01"}),
    (box(LON + 0.05, LAT, 0.02, 0.02), {"name": "乙核心区", "district": "110118"}),
)
PARCELS = collection(
    (box(LON, LAT, 0.01, 0.01), {"林班": "12", "小班": "3", "起源": "天然", "公益林等级": "国家级",
                                  "管护单位": "演示林场"}),
    (box(LON + 0.01, LAT, 0.01, 0.01), {"compartment": "12-4", "forest_origin": "planted"}),
)  # fmt: skip


def run(tmp_path, data: bytes, *args: str) -> str:
    path = tmp_path / "layer.geojson"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("zones_import", str(path), *args, stdout=out)
    return out.getvalue()


def test_the_command_imports_a_zone_layer_and_audits_it(tmp_path, reference_data):
    output = run(tmp_path, ZONES, "--kind", "reserve_core", "--jurisdiction", "110000",
                 "--source", "京政发〔2026〕1号")  # fmt: skip

    layer = Layer.objects.get()
    assert "2 features" in output and layer.version == 1 and layer.source == "京政发〔2026〕1号"
    zones = {z.name: z for z in ProtectedZone.objects.all()}
    assert zones["甲核心区"].effective_from.isoformat() == "2020-01-01"
    assert zones["乙核心区"].district_id == "110118" and zones["甲核心区"].district_id is None
    assert float(zones["甲核心区"].area_ha) > 300  # 0.02° × 0.02° near 40° N ≈ 376 ha
    event = AuditEvent.objects.get(action="layer_imported")
    assert event.details["sha256"] == layer.file_sha256 and event.details["version"] == 1


def test_the_registry_reads_chinese_attribute_names(tmp_path, reference_data):
    run(tmp_path, PARCELS, "--kind", "parcels", "--district", "110118", "--source", "小班库")

    parcels = {p.compartment: p for p in Parcel.objects.all()}
    assert parcels["12-3"].forest_origin == "natural"
    assert parcels["12-3"].welfare_grade == "national"
    assert parcels["12-3"].agreement_holder == "演示林场"
    assert parcels["12-4"].forest_origin == "planted" and parcels["12-4"].district_id == "110118"


def test_a_second_import_supersedes_and_keeps_the_first(tmp_path, reference_data):
    args = ("--kind", "red_line", "--jurisdiction", "110000", "--source", "红线")
    run(tmp_path, ZONES, *args)
    run(tmp_path, ZONES, *args)

    old, new = Layer.objects.order_by("version")
    assert (old.version, new.version) == (1, 2)
    assert old.superseded_at is not None and new.superseded_at is None
    assert ProtectedZone.objects.filter(layer=old).count() == 2


@pytest.mark.parametrize(
    ("data", "args", "message"),
    [
        (b"not json", ("--kind", "red_line", "--jurisdiction", "110000"), "file:"),
        (ZONES, ("--kind", "red_line"), "--jurisdiction"),
        (ZONES, ("--kind", "red_line", "--district", "999999"), "--district"),
        (collection((box(LON, LAT, 0.01, 0.01), {"district": "120119"})),
         ("--kind", "red_line", "--jurisdiction", "110000"), "120119"),
        (PARCELS.replace(b'"12-4"', b'""'),
         ("--kind", "parcels", "--district", "110118"), "forest_block"),
    ],
)  # fmt: skip
def test_a_refused_import_stores_nothing(tmp_path, reference_data, data, args, message):
    with pytest.raises(CommandError) as error:
        run(tmp_path, data, *args, "--source", "依据")
    assert message in str(error.value)
    assert not Layer.objects.exists() and not ProtectedZone.objects.exists()
    assert not AuditEvent.objects.filter(action="layer_imported").exists()


@pytest.fixture
def admin_client(client, reference_data):
    client.force_login(UserFactory(username="it_admin", is_staff=True, is_superuser=True))
    return client


def test_the_admin_imports_a_layer(admin_client):
    response = admin_client.post(
        "/admin/zones/layer/add/",
        {"kind": "key_zone", "jurisdiction": "110000", "source": "重点区划定文件",
         "file": SimpleUploadedFile("key.geojson", ZONES)},
    )  # fmt: skip

    assert response.status_code == 302
    layer = Layer.objects.get()
    assert layer.kind == "key_zone" and layer.imported_by.username == "it_admin"
    assert AuditEvent.objects.get(action="layer_imported").actor_username == "it_admin"


def test_the_admin_shows_why_a_file_is_refused(admin_client):
    response = admin_client.post(
        "/admin/zones/layer/add/",
        {"kind": "key_zone", "jurisdiction": "110000", "source": "文件",
         "file": SimpleUploadedFile("key.kml", b"<kml></kml>")},
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Layer.objects.exists()


def test_zones_and_parcels_are_read_only_in_the_admin(admin_client):
    run_path = admin_client.get("/admin/zones/protectedzone/")
    assert run_path.status_code == 200
    assert admin_client.get("/admin/zones/parcel/add/").status_code == 403
    assert admin_client.get("/admin/zones/layer/add/").status_code == 200


def test_screenings_refresh_screens_existing_sites_against_a_new_layer(applicant_my):
    from permits.models import SiteScreening
    from permits.screening import screening_of
    from tests.factories import tending_draft
    from tests.zones.helpers import site_in, zone_layer

    draft = tending_draft(by=applicant_my, site_geometry=site_in())
    SiteScreening.objects.all().delete()  # as before the upgrade that brought screening
    zone_layer("key_zone", (box(LON - 0.01, LAT - 0.01, 0.05, 0.05), "重点区"))
    out = io.StringIO()

    call_command("screenings_refresh", stdout=out)

    assert "1 applications screened" in out.getvalue()
    assert screening_of(draft).effective_protection_class == "key_zone"


def test_a_nul_in_an_attribute_is_dropped(tmp_path, reference_data):
    data = collection((box(LON, LAT, 0.01, 0.01), {"name": "核心\x00区"}))
    run(tmp_path, data, "--kind", "reserve_core", "--jurisdiction", "110000", "--source", "s")
    assert ProtectedZone.objects.get().name == "核心区"
