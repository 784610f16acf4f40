"""The patch list (issue 48 item 3; api.md "Change patches"): officials of the patch's district
and of the municipality, and the auditors, read it; others 403 (the list) or 404 (a patch);
a constant number of queries whatever the count; ``?format=csv|xlsx`` is the national table."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forest_watch.choices import Classification, PatchStatus
from forest_watch.models import Patch, PatchLayer

from .helpers import box, import_patches, props

pytestmark = pytest.mark.django_db

IN_FORCE = {"before_date": "2026-02-01", "after_date": "2026-06-01"}


def _layer(count_my=2, count_yq=1, start=0):
    patches = [
        (box(116.80 + i * 0.003, 40.40, 0.002, 0.002), props(f"MY-{start + i:04d}", **IN_FORCE))
        for i in range(count_my)
    ] + [
        (
            box(116.00 + i * 0.003, 40.50, 0.002, 0.002),
            props(f"YQ-{start + i:04d}", county="110119", **IN_FORCE),
        )
        for i in range(count_yq)
    ]
    return import_patches(*patches)


@pytest.fixture
def layer(reference_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return _layer()


def _numbers(answer) -> list[str]:
    assert answer.status_code == 200, answer.content
    return [row["number"] for row in answer.json()["results"]]


def test_a_district_official_reads_the_patches_of_the_district(layer, reviewer_my, client_for):
    answer = client_for(reviewer_my).get("/api/v1/patches/")
    assert _numbers(answer) == ["MY-0000", "MY-0001"]
    row = answer.json()["results"][0]
    assert set(row) == {
        "id",
        "number",
        "district",
        "change_type",
        "area_ha",
        "classification",
        "permits",
        "status",
        "due_date",
        "outcome",
        "case",
        "demo",
    }
    assert row["demo"] is False
    assert row["district"] == "110118" and row["classification"] == Classification.NO_PERMIT
    assert row["status"] == PatchStatus.ASSIGNED and row["case"] is None and row["outcome"] is None


@pytest.mark.parametrize("who", ["approver", "auditor"])
def test_the_municipality_and_the_auditors_read_every_district(layer, client_for, who, request):
    answer = client_for(request.getfixturevalue(who)).get("/api/v1/patches/")
    assert _numbers(answer) == ["MY-0000", "MY-0001", "YQ-0000"]


def test_tianjins_auditor_reads_none_of_beijings(layer, auditor_tj, client_for):
    assert _numbers(client_for(auditor_tj).get("/api/v1/patches/")) == []


@pytest.mark.parametrize("who", ["outsider", "applicant_my", None])
def test_anyone_else_reads_no_patch(layer, client_for, who, request):
    user = request.getfixturevalue(who) if who else None
    answer = client_for(user).get("/api/v1/patches/")
    assert answer.status_code in (401, 403)


def test_another_districts_patch_is_not_found(layer, reviewer_yq, client_for):
    mine = Patch.objects.get(number="MY-0000")
    assert client_for(reviewer_yq).get(f"/api/v1/patches/{mine.pk}/").status_code == 404
    theirs = Patch.objects.get(number="YQ-0000")
    answer = client_for(reviewer_yq).get(f"/api/v1/patches/{theirs.pk}/")
    assert answer.status_code == 200 and answer.json()["geometry"]["type"] == "Polygon"


def test_the_filters(layer, approver, client_for):
    client = client_for(approver)
    assert _numbers(client.get("/api/v1/patches/?district=110119")) == ["YQ-0000"]
    assert _numbers(client.get("/api/v1/patches/?classification=permitted")) == []
    assert len(_numbers(client.get("/api/v1/patches/?status=assigned"))) == 3
    assert len(_numbers(client.get(f"/api/v1/patches/?layer={layer.pk}"))) == 3
    for bad in ("layer=x", "district=abc", "classification=nope", "status=gone", "format=pdf"):
        answer = client.get(f"/api/v1/patches/?{bad}")
        assert answer.status_code == 400, bad
        assert answer.json()["errors"][0]["field"] == bad.split("=")[0]


def test_the_list_costs_the_same_queries_at_any_count(
    reference_data, approver, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _layer(count_my=3, count_yq=0)
    client = client_for(approver)
    client.get("/api/v1/patches/")  # warm the caches of the first request
    with CaptureQueriesContext(connection) as few:
        assert len(_numbers(client.get("/api/v1/patches/"))) == 3
    with django_capture_on_commit_callbacks(execute=True):
        _layer(count_my=40, count_yq=20, start=100)
    with CaptureQueriesContext(connection) as many:
        assert len(_numbers(client.get("/api/v1/patches/?layer="))) == 50
    assert len(many) == len(few)


def test_the_national_table_as_csv(layer, approver, client_for):
    answer = client_for(approver).get("/api/v1/patches/?format=csv")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    text = b"".join(answer.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 4 and rows[1][0] == "MY-0000" and rows[1][1] == "110118"


def test_the_national_table_as_xlsx_of_a_district(layer, reviewer_yq, client_for):
    answer = client_for(reviewer_yq).get("/api/v1/patches/?format=xlsx")
    assert answer.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "YQ-0000"


def test_the_layer_shows_its_matching_progress(layer, approver, client_for):
    answer = client_for(approver).get(f"/api/v1/patch-layers/{layer.pk}/")
    assert answer.status_code == 200
    assert answer.json()["match_status"] == "done" and answer.json()["matched"] == 3


def test_a_demo_layers_patches_say_so_everywhere(layer, approver, client_for):
    """Issue 48 item 7: the API's `demo`, the national table's last column, the page's badge."""
    PatchLayer.objects.filter(pk=layer.pk).update(demo=True)
    client = client_for(approver)
    rows = client.get("/api/v1/patches/").json()["results"]
    assert rows and all(row["demo"] is True for row in rows)
    assert client.get(f"/api/v1/patches/{rows[0]['id']}/").json()["demo"] is True
    assert client.get(f"/api/v1/patch-layers/{layer.pk}/").json()["demo"] is True
    answer = client.get("/api/v1/patches/?format=csv", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = b"".join(answer.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][-1] == "演示数据" and all(row[-1] == "演示数据" for row in table[1:])
    client.force_login(approver)
    page = client.get("/patches/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert page.count("data-demo>演示数据") == len(rows)


def test_a_real_layers_rows_are_blank_in_the_demo_column(layer, approver, client_for):
    answer = client_for(approver).get("/api/v1/patches/?format=csv")
    table = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig"))))
    assert all(row[-1] == "" for row in table[1:])
    page = client_for(approver)
    page.force_login(approver)
    assert "data-demo" not in page.get("/patches/").content.decode()
