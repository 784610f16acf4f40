"""The OpenAPI schema (/api/schema/) generates without a single warning: every enum named, every
field typed (drf-spectacular's --fail-on-warn, as a test so that CI keeps it so)."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_schema_has_no_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))
    text = target.read_text()
    assert "/api/v1/audit/proof/" in text and "/api/v1/tasks/{id}/extend/" in text
