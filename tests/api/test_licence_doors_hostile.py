"""``licences/<identifier>/`` with hostile identifiers (issue 49 item 4): a malformed one is a
licence not found (404), never a server error, on SQLite and PostgreSQL alike."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("identifier", ["a%00b", "%E4%BA%AC" * 40, "..%2F..%2F", "x" * 5000])
def test_a_malformed_licence_identifier_is_not_found(reviewer_yq, identifier):
    client = APIClient()
    client.force_authenticate(reviewer_yq)
    status = client.get(f"/api/v1/licences/{identifier}/").status_code
    assert status == 404 or (status == 400 and "%00" in identifier)  # NUL: refused as read
