"""Field verification and the close (issue 48 items 3 and 4): two or more of the assigned
agency's staff record the result on a phone (position, photos), a patch outside the district is
sent on, the head closes it with its outcome, numbered; every act audited, none half done."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from audit.models import AuditEvent
from desks.selectors import official_desk
from enforcement.models import Case
from forest_watch import services
from forest_watch.choices import PatchStatus
from forest_watch.models import Patch, PatchLayer, Verification

from .helpers import box, import_patches, props

pytestmark = pytest.mark.django_db

IN_FORCE = {"before_date": "2026-02-01", "after_date": "2026-06-01"}


@pytest.fixture
def patch(reference_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        layer = import_patches((box(116.80, 40.40, 0.002, 0.002), props("V-1", **IN_FORCE)))
    return Patch.objects.get(layer=layer)


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 40)).save(out, "PNG")
    return SimpleUploadedFile("field.png", out.getvalue(), content_type="image/png")


def _body(**overrides) -> dict:
    return {
        "checked_on": "2026-06-10",
        "inspectors": ["district_my", "district_my2"],
        "change_type": "felling",
        "finding": "现场为择伐迹地，未见采伐许可证。",
        "measured_area_ha": "1.42",
        "position": {"type": "Point", "coordinates": [116.801, 40.401]},
        **overrides,
    }


def _verified(patch, by):
    return services.patch_verify(patch_id=patch.pk, by=by, today=None, **_body())


def test_two_staff_record_the_field_result_with_a_photo(
    patch, reviewer_my, reviewer_my2, client_for
):
    body = {**_body(), "photos": [_png()]}
    body["position"] = '{"type": "Point", "coordinates": [116.801, 40.401]}'
    answer = client_for(reviewer_my).post(
        f"/api/v1/patches/{patch.pk}/verification/", body, format="multipart"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == PatchStatus.VERIFIED
    verification = Verification.objects.get(patch=patch)
    assert {p.username for p in verification.inspectors.all()} == {"district_my", "district_my2"}
    assert verification.position["type"] == "Point" and verification.photos.count() == 1
    event = AuditEvent.objects.get(action="patch_verified")
    assert event.actor_id == reviewer_my.pk and event.details["patch_id"] == patch.pk


def test_one_officer_alone_is_refused_and_nothing_is_recorded(
    patch, reviewer_my, reviewer_my2, client_for
):
    answer = client_for(reviewer_my).post(
        f"/api/v1/patches/{patch.pk}/verification/",
        _body(inspectors=["district_my"]),
        format="json",
    )
    assert answer.status_code == 400
    assert [e["field"] for e in answer.json()["errors"]] == ["inspectors"]
    assert not Verification.objects.exists()
    assert Patch.objects.get(pk=patch.pk).status == PatchStatus.ASSIGNED


def test_every_bad_value_is_named_at_once(patch, reviewer_my, reviewer_my2, client_for):
    answer = client_for(reviewer_my).post(
        f"/api/v1/patches/{patch.pk}/verification/",
        _body(
            checked_on="2099-01-01",
            change_type="?",
            finding="",
            measured_area_ha="-1",
            permit_reference="TD-0000-000000",
            position={"type": "Point", "coordinates": [2.0, 48.0]},
        ),
        format="json",
    )
    assert answer.status_code == 400
    fields = {e["field"] for e in answer.json()["errors"]}
    assert fields == {
        "checked_on",
        "change_type",
        "finding",
        "measured_area_ha",
        "permit_reference",
        "position",
    }


def test_a_file_that_is_no_photo_is_refused(patch, reviewer_my, reviewer_my2, client_for):
    fake = SimpleUploadedFile("x.png", b"%PDF-1.4 not a photo", content_type="image/png")
    answer = client_for(reviewer_my).post(
        f"/api/v1/patches/{patch.pk}/verification/",
        {**_body(position=""), "photos": [fake]},
        format="multipart",
    )
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "photos"


def test_an_inspector_of_another_district_finds_no_patch(patch, reviewer_yq, client_for):
    answer = client_for(reviewer_yq).post(
        f"/api/v1/patches/{patch.pk}/verification/", _body(), format="json"
    )
    assert answer.status_code == 404


def test_the_municipality_reads_the_patch_but_does_not_verify_it(patch, approver, client_for):
    answer = client_for(approver).post(
        f"/api/v1/patches/{patch.pk}/verification/", _body(), format="json"
    )
    assert answer.status_code == 403


def test_a_patch_outside_the_district_is_sent_on(patch, reviewer_my, reviewer_yq, client_for):
    answer = client_for(reviewer_my).post(
        f"/api/v1/patches/{patch.pk}/send-on/",
        {"district": "110119", "reason": "图斑位于延庆区界内"},
        format="json",
    )
    assert answer.status_code == 204
    patch.refresh_from_db()
    assert patch.district_id == "110119" and patch.agency.code == "110119-forestry"
    assert client_for(reviewer_my).get(f"/api/v1/patches/{patch.pk}/").status_code == 404
    assert client_for(reviewer_yq).get(f"/api/v1/patches/{patch.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="patch_sent_on").count() == 1


def test_sending_on_to_an_unknown_district_is_refused(patch, reviewer_my, client_for):
    answer = client_for(reviewer_my).post(
        f"/api/v1/patches/{patch.pk}/send-on/", {"district": "120119", "reason": ""}, format="json"
    )
    assert answer.status_code == 400
    assert {e["field"] for e in answer.json()["errors"]} == {"district", "reason"}


def test_the_head_closes_an_unlawful_patch_and_its_enforcement_case_opens(
    patch, reviewer_my, reviewer_my2, head_my, client_for
):
    _verified(patch, reviewer_my)
    answer = client_for(head_my).post(
        f"/api/v1/patches/{patch.pk}/close/",
        {"outcome": "unlawful", "findings": "无证采伐，移交立案。"},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["status"] == "closed" and body["outcome"] == "unlawful"
    assert "督〔" in body["closing_number"] and body["closing_number"].endswith("号")
    assert AuditEvent.objects.get(action="patch_closed").details["outcome"] == "unlawful"
    # Issue 48 item 4: the offence goes on as a 林业行政处罚 case, the patch its source.
    case = Case.objects.get(source="patch", source_id=str(patch.pk))
    assert body["case"] == {"id": case.pk, "number": case.number}
    assert case.agency == patch.agency and case.status == "opened"
    assert case.facts.startswith(patch.number) and "无证采伐" in case.facts
    assert AuditEvent.objects.filter(action="case_opened").count() == 1
    listed = client_for(head_my).get("/api/v1/patches/").json()["results"]
    assert [p["case"] for p in listed if p["id"] == patch.pk] == [body["case"]]


@pytest.mark.parametrize("outcome", ["lawful", "natural"])
def test_a_lawful_or_natural_change_opens_no_case(
    patch, reviewer_my, reviewer_my2, head_my, client_for, outcome
):
    _verified(patch, reviewer_my)
    answer = client_for(head_my).post(
        f"/api/v1/patches/{patch.pk}/close/",
        {"outcome": outcome, "findings": "经核实。"},
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["case"] is None
    assert not Case.objects.exists()


def test_only_the_head_closes_and_only_once_verified(
    patch, reviewer_my, reviewer_my2, head_my, client_for
):
    body = {"outcome": "lawful", "findings": "持证采伐。"}
    url = f"/api/v1/patches/{patch.pk}/close/"
    assert client_for(head_my).post(url, body, format="json").status_code == 409
    _verified(patch, reviewer_my)
    assert client_for(reviewer_my).post(url, body, format="json").status_code == 403
    bad = client_for(head_my).post(url, {"outcome": "maybe", "findings": ""}, format="json")
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} == {"outcome", "findings"}
    assert client_for(head_my).post(url, body, format="json").status_code == 200
    assert client_for(head_my).post(url, body, format="json").status_code == 409
    verify = client_for(reviewer_my).post(
        f"/api/v1/patches/{patch.pk}/verification/", _body(), format="json"
    )
    assert verify.status_code == 409


def test_the_close_calls_the_one_hook_the_enforcement_cases_attach_to(
    patch, reviewer_my, reviewer_my2, head_my, monkeypatch
):
    seen = []
    monkeypatch.setattr(services, "patch_closed", lambda **kw: seen.append(kw["patch"].pk))
    _verified(patch, reviewer_my)
    services.patch_close(patch_id=patch.pk, by=head_my, outcome="unlawful", findings="无证。")
    assert seen == [patch.pk]


def test_the_desks_show_the_patches_waiting_per_layer(patch, reviewer_my, reviewer_my2, head_my):
    [item] = [
        i
        for i in official_desk(user=reviewer_my, today=date(2026, 6, 1))
        if i.kind.startswith("patches")
    ]
    assert (item.kind, item.pk, item.what) == ("patches_verify", patch.layer_id, "1")
    _verified(patch, reviewer_my)
    kinds = [i.kind for i in official_desk(user=head_my, today=date(2026, 6, 1))]
    assert "patches_close" in kinds
    assert not [
        i
        for i in official_desk(user=reviewer_my, today=date(2026, 6, 1))
        if i.kind.startswith("patches")
    ]


def test_the_desk_labels_a_demo_layers_item(patch, reviewer_my):
    """Issue 48 item 7: a demo layer's item says 演示数据; a real one's is the bare year."""

    def item():
        desk = official_desk(user=reviewer_my, today=date(2026, 6, 1))
        return next(i for i in desk if i.kind == "patches_verify")

    with translation.override("zh-hans"):
        assert item().reference == "2026"
        PatchLayer.objects.filter(pk=patch.layer_id).update(demo=True)
        assert item().reference == "2026 演示数据"
