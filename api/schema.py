"""The refusals every operation of a kind can answer, added to the OpenAPI schema once
(SPECTACULAR_SETTINGS' POSTPROCESSING_HOOKS) instead of in each view's annotation:

- 400 on every operation: a NUL in any query string is refused before the view
  (``permits.middleware.RefuseNulMiddleware``), in the error format;
- 404 on every paginated list: a page beyond the last, or not a number (DRF's paginator).
"""

from typing import Any

ERROR_BODY = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
DESCRIPTIONS = {"400": "Bad request", "404": "No such page"}


def document_refusals(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            query = {
                p.get("name") for p in operation.get("parameters", []) if p.get("in") == "query"
            }
            codes = ["400", *(["404"] if "page" in query else [])]
            for code in codes:
                operation["responses"].setdefault(
                    code, {"content": ERROR_BODY, "description": DESCRIPTIONS[code]}
                )
    return result
