"""What the generated OpenAPI schema cannot know from the views' annotations alone, said once
for all operations (SPECTACULAR_SETTINGS' POSTPROCESSING_HOOKS):

- ``document_refusals``: 400 on every operation (a NUL in any query string is refused before
  the view, ``core.middleware.RefuseNulMiddleware``, in the error format), 401 on every
  operation that requires a login (its security names no anonymous ``{}``), and 404 on every
  paginated list (a page beyond the last, or not a number: DRF's paginator);
- ``allow_empty_filters``: an optional query parameter sent empty (``?district=``) is read as
  if it were absent, as HTML forms send an unfilled field (django-filter and DRF's serializers
  both do so); api.md writes ``?kind=&district=``;
- ``tell_kinds_apart``: each shape of a ``oneOf`` told apart by a discriminator accepts only its
  own value of that property, so that a body matches exactly one shape.
"""

from collections.abc import Iterator
from typing import Any

ERROR_BODY = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
DESCRIPTIONS = {"400": "Bad request", "401": "Not authenticated", "404": "No such page"}


def _operations(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "responses" in operation:
                yield operation


def _query_parameters(operation: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in operation.get("parameters", []) if p.get("in") == "query"]


def document_refusals(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    for operation in _operations(result):
        query = {p.get("name") for p in _query_parameters(operation)}
        security = operation.get("security") or [{}]
        login = ["401"] if {} not in security else []
        codes = ["400", *login, *(["404"] if "page" in query else [])]
        for code in codes:
            operation["responses"].setdefault(
                code, {"content": ERROR_BODY, "description": DESCRIPTIONS[code]}
            )
    return result


def allow_empty_filters(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    for operation in _operations(result):
        for parameter in _query_parameters(operation):
            if not parameter.get("required"):
                parameter["allowEmptyValue"] = True
    return result


def tell_kinds_apart(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """drf-spectacular's PolymorphicProxySerializer gives every shape the whole ``kind`` enum,
    so a record of one kind also matched the others' shapes (``oneOf`` wants exactly one).
    Where the shapes do not require the property (a PATCH, whose application's kind is in the
    path), they are alternatives (``anyOf``) without a discriminator, which OpenAPI wants
    required."""
    components = result.get("components", {}).get("schemas", {})
    for schema in components.values():
        discriminator = schema.get("discriminator")
        if "oneOf" not in schema or not discriminator:
            continue
        name = discriminator["propertyName"]
        shapes = []
        for value, reference in discriminator.get("mapping", {}).items():
            shape = components[reference.rsplit("/", 1)[-1]]
            described = shape["properties"][name].get("description")
            single: dict[str, Any] = {"type": "string", "enum": [value]}
            if described:
                single["description"] = described
            shape["properties"][name] = single
            shapes.append(shape)
        if not all(name in shape.get("required", ()) for shape in shapes):
            schema["anyOf"] = schema.pop("oneOf")
            del schema["discriminator"]
    return result
