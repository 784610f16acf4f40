"""The OpenAPI schema says what the API does (issue 26 item 21, schemathesis' conformance checks):
a record matches exactly one shape of its kind, a body the schema admits names no field the API
refuses as unknown, the texts the services require are required, and an empty query parameter
is documented as allowed because it is read as absent."""

import copy
from typing import Any

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

from api.serializers.base import RefuseUnknownFieldsMixin
from permits.validators import MAX_ID
from tests.api.helpers import (
    API,
    beijing_body,
    create,
    introduction_body,
    occupation_body,
    record,
)
from tests.factories import tending_draft
from workflows import services as task_services


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _components(schema) -> dict[str, Any]:
    return schema["components"]["schemas"]


def _as_json_schema(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable`` spelled as JSON Schema, which jsonschema understands."""
    if isinstance(node, list):
        return [_as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _as_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


# ---- one shape per kind ------------------------------------------------------------------------


@pytest.mark.parametrize("component", ["Application", "ApplicationRequest"])
def test_each_kind_shape_admits_only_its_own_kind(schema, component):
    polymorphic = _components(schema)[component]
    mapping = polymorphic["discriminator"]["mapping"]
    assert len(polymorphic["oneOf"]) == len(mapping) == 3
    for kind, reference in mapping.items():
        shape = _components(schema)[reference.rsplit("/", 1)[-1]]
        assert shape["properties"]["kind"]["enum"] == [kind]
        assert "kind" in shape["required"]


def test_a_patch_names_no_discriminator_it_does_not_require(schema):
    """A PATCH need not repeat the kind (the path's application has one): its shapes are
    alternatives, and OpenAPI wants a discriminator's property required."""
    patched = _components(schema)["PatchedApplicationRequest"]
    assert "discriminator" not in patched and "oneOf" not in patched
    assert len(patched["anyOf"]) == 3


@pytest.mark.parametrize("body", [beijing_body, occupation_body, introduction_body])
def test_a_record_matches_exactly_one_shape(schema, client_for, applicant_my, body):
    client = client_for(applicant_my)
    draft = create(client, body())
    document = _as_json_schema(copy.deepcopy(schema))
    # OpenAPI 3.0 reads its schemas as JSON Schema draft 4 does (exclusiveMaximum: true).
    validator = jsonschema.Draft4Validator({**document, "$ref": "#/components/schemas/Application"})
    for answer in (draft, record(client, draft["id"])):
        assert not [error.message for error in validator.iter_errors(answer)]


# ---- request bodies ------------------------------------------------------------------------


def _refusing_serializers() -> list[type]:
    found, pending = [], [RefuseUnknownFieldsMixin]
    while pending:
        for subclass in pending.pop().__subclasses__():
            found.append(subclass)
            pending.append(subclass)
    return found


def test_bodies_that_refuse_unknown_fields_say_so(schema):
    components = _components(schema)
    names = {
        f"{prefix}{cls.__name__.removesuffix('Serializer')}Request"
        for cls in _refusing_serializers()
        for prefix in ("", "Patched")
    }
    # The shapes themselves, not the oneOf / anyOf that lists them.
    documented = {name for name in names & set(components) if "properties" in components[name]}
    assert {"ReasonRequest", "DecisionRequest", "TendingDesignRequest"} <= documented
    assert {"PatchedTendingDesignRequest", "AttachmentRequest", "SubmitRequest"} <= documented
    assert all(components[name]["additionalProperties"] is False for name in documented)
    # Reassigning ignores what it does not read (after the 404 and 403 it owes first).
    assert "additionalProperties" not in components["ReassignRequest"]


@pytest.mark.parametrize(
    ("component", "required"),
    [
        ("ReasonRequest", ["reason"]),
        ("ExtendRequest", ["reason"]),
        ("ReassignRequest", ["reason", "to"]),
    ],
)
def test_texts_the_services_require_are_required(schema, component, required):
    shape = _components(schema)[component]
    assert sorted(shape["required"]) == required
    assert all(shape["properties"][name]["minLength"] == 1 for name in required)
    assert all(shape["properties"][name]["pattern"] == r"\S" for name in required)


def test_a_text_of_blanks_is_refused_as_the_schema_says(schema, client_for, head_my):
    """DRF strips texts: one of blanks is refused as blank, so the schema wants a non-blank."""
    substitute = _components(schema)["AbsenceCreateRequest"]["properties"]["substitute"]
    assert substitute["pattern"] == r"\S"
    body = {"substitute": "   ", "starts": "2026-12-01", "ends": "2026-12-02"}
    response = client_for(head_my).post(f"{API}/absences/", body, format="json")
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("substitute", "blank")]


def test_a_missing_reason_is_still_asked_after_whether_one_may_act(
    client_for, applicant_my, reviewer_my
):
    """Required in the schema, the reason is still the service's to check, after the 403."""
    submitted = task_services.application_submit(
        application=tending_draft(by=applicant_my), by=applicant_my
    )
    url = f"{API}/applications/{submitted.pk}/withdraw/"
    assert client_for(reviewer_my).post(url, {}, format="json").status_code == 403
    response = client_for(applicant_my).post(url, {}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "reason"


def test_a_decision_is_documented_as_json_with_typed_items(schema):
    operation = schema["paths"]["/api/v1/tasks/{id}/decide/"]["post"]
    assert set(operation["requestBody"]["content"]) == {"application/json"}
    items = _components(schema)["DecisionRequest"]["properties"]["items"]
    assert items["type"] == "array" and "nullable" not in items
    item = _components(schema)[items["items"]["$ref"].rsplit("/", 1)[-1]]
    assert item["required"] == ["message"] and item["additionalProperties"] is False


def test_a_filing_sent_as_json_carries_no_photos(schema):
    content = schema["paths"]["/api/v1/obligations/{id}/filings/"]["post"]["requestBody"]
    json_shape = _components(schema)[
        content["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    ]
    multipart_shape = _components(schema)[
        content["content"]["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[-1]
    ]
    assert "photos" not in json_shape["properties"]
    assert multipart_shape["properties"]["photos"]["type"] == "array"


# ---- empty query parameters ------------------------------------------------------------------


def _list_operations(schema):
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get and "{" not in path:
            optional = [p["name"] for p in get.get("parameters", []) if p["in"] == "query"]
            yield path, get, optional


def test_every_optional_query_parameter_may_be_sent_empty(schema):
    parameters = [
        p
        for _path, operation, _names in _list_operations(schema)
        for p in operation.get("parameters", [])
        if p["in"] == "query"
    ]
    optional = [p for p in parameters if not p.get("required")]
    assert len(optional) > 30
    assert all(p["allowEmptyValue"] is True for p in optional)
    assert not any("allowEmptyValue" in p for p in parameters if p.get("required"))


@pytest.mark.django_db
def test_an_empty_query_parameter_answers_as_if_it_were_absent(
    schema, client_for, applicant_my, reviewer_my, auditor
):
    """What the schema documents (allowEmptyValue), for every list and every reader."""
    create(client_for(applicant_my), beijing_body())
    checked = 0
    for user in (applicant_my, reviewer_my, auditor):
        client = client_for(user)
        for path, operation, names in _list_operations(schema):
            required = [p for p in operation.get("parameters", []) if p.get("required")]
            absent = client.get(path)
            if required or absent.status_code != 200:
                continue
            for name in names:
                empty = client.get(path, {name: ""})
                assert (empty.status_code, empty.content) == (200, absent.content), (path, name)
                checked += 1
    assert checked > 40


@pytest.mark.parametrize(
    ("path", "name"),
    [("/tasks/", "q"), ("/tasks/", "district"), ("/parcels/", "compartment")],
)
def test_a_blank_text_filter_filters_nothing(client_for, reviewer_my, path, name):
    client = client_for(reviewer_my)
    absent = client.get(f"{API}{path}")
    blank = client.get(f"{API}{path}", {name: "   "})
    assert (blank.status_code, blank.content) == (200, absent.content)


def test_an_id_filter_documents_the_ids_it_accepts(schema, client_for, auditor):
    parameters = schema["paths"]["/api/v1/audit/events/"]["get"]["parameters"]
    application = next(p for p in parameters if p["name"] == "application")
    assert (application["schema"]["minimum"], application["schema"]["maximum"]) == (1, MAX_ID)
    response = client_for(auditor).get(f"{API}/audit/events/", {"application": 0})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "application"


def test_an_unknown_audit_format_is_refused_not_answered_as_json(schema, client_for, auditor):
    """The schema lists json and csv; ?format=pdf got JSON the caller had not asked for."""
    parameters = schema["paths"]["/api/v1/audit/events/"]["get"]["parameters"]
    assert next(p for p in parameters if p["name"] == "format")["schema"]["enum"] == [
        "json",
        "csv",
    ]
    client = client_for(auditor)
    response = client.get(f"{API}/audit/events/", {"format": "pdf"})
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("format", "invalid_choice")
    ]
    assert client.get(f"{API}/audit/events/", {"format": "json"}).status_code == 200
    assert client.get(f"{API}/audit/events/", {"format": "csv"})["Content-Type"].startswith(
        "text/csv"
    )
