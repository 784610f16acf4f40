"""Requests and bodies shared by the API tests."""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import PDF_BYTES, tending_data, tianjin_tending_data

API = "/api/v1"


def api_body(data: dict, kind: str = "tending") -> dict:
    """A factory data dict (model names) as the API's JSON body (API names and JSON types)."""
    names = {"jurisdiction_id": "jurisdiction", "district_id": "district"}
    body = {}
    for name, value in data.items():
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, date):
            value = value.isoformat()
        body[names.get(name, name)] = value
    return {"kind": kind, **body}


def beijing_body(**overrides) -> dict:
    return api_body(tending_data(**overrides))


def tianjin_body(**overrides) -> dict:
    return api_body(tianjin_tending_data(**overrides))


def occupation_data(**overrides) -> dict:
    """A complete, rule-abiding Beijing temporary occupation (密云), in model field names."""
    data = {
        "jurisdiction_id": "110000",
        "district_id": "110118",
        "township": "溪翁庄镇",
        "village": "走马庄村",
        "title": "密云水库环湖路改造临时占用林地",
        "contact_name": "李工",
        "contact_phone": "010-69010000",
        "project_name": "密云水库环湖路改造工程",
        "project_type": "infrastructure",
        "project_approval_ref": "京发改（审）〔2026〕12号",
        "occupation_kind": "temporary",
        "duration_months": 12,
        "land_category": "planted_forest",
        "protection_class": "general",
        "area_ha": Decimal("1.25"),
        "destroys_surface_vegetation": True,
        "restoration_plan": "施工结束后三个月内补植油松、侧柏，恢复林地植被。",
    }
    data.update(overrides)
    return data


def tianjin_occupation_data(**overrides) -> dict:
    return occupation_data(
        jurisdiction_id="120000",
        district_id="120119",
        township="下营镇",
        village="常州村",
        **overrides,
    )


def introduction_data(**overrides) -> dict:
    """A complete, rule-abiding Beijing introduction (密云), in model field names."""
    data = {
        "jurisdiction_id": "110000",
        "district_id": "110118",
        "township": "溪翁庄镇",
        "village": "金叵罗村",
        "title": "虹鳟冷水鱼引种养殖",
        "contact_name": "赵工",
        "contact_phone": "010-69020000",
        "scientific_name": "Oncorhynchus mykiss",
        "chinese_name": "虹鳟",
        "taxon_group": "aquatic",
        "origin_country": "丹麦",
        "quantity": Decimal("5000"),
        "quantity_unit": "尾",
        "purpose": "aquaculture",
        "habitat_domain": "waters",
        "introduction_site": "密云区溪翁庄镇冷水鱼养殖场",
        "containment_measures": "封闭式循环水养殖，进出水口设拦鱼网，尾水处理后排放。",
        "monitoring_interval_months": 6,
        "monitoring_years": 1,
    }
    data.update(overrides)
    return data


def occupation_body(**overrides) -> dict:
    return api_body(occupation_data(**overrides), kind="occupation")


def tianjin_occupation_body(**overrides) -> dict:
    return api_body(tianjin_occupation_data(**overrides), kind="occupation")


def introduction_body(**overrides) -> dict:
    return api_body(introduction_data(**overrides), kind="introduction")


def pdf_file(name="作业设计书.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def create(client, body) -> dict:
    response = client.post(f"{API}/applications/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def upload(client, application_id, *, kind="design_document", file=None):
    return client.post(
        f"{API}/applications/{application_id}/attachments/",
        {"file": file or pdf_file(), "kind": kind},
        format="multipart",
    )


def submit(client, application_id):
    return client.post(f"{API}/applications/{application_id}/submit/")


def decide(client, task_id, decision="approve", opinion="同意"):
    """The answer of a decision (not checked: tests assert on refusals too)."""
    return client.post(
        f"{API}/tasks/{task_id}/decide/", {"decision": decision, "opinion": opinion}, format="json"
    )


def record(client, application_id) -> dict:
    response = client.get(f"{API}/applications/{application_id}/")
    assert response.status_code == 200, response.json()
    return response.json()


def pdf_content(response) -> bytes:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def tasks(client, queue="queue", **filters) -> list[dict]:
    response = client.get(f"{API}/tasks/", {"queue": queue, **filters})
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def error_fields(response) -> dict:
    """{field: code} of an error answer."""
    return {e["field"]: e["code"] for e in response.json()["errors"]}
