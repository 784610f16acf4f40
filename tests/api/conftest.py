"""The API tests' client fixture and the heads the extension and special procedure tests need;
the other personas come from tests/conftest.py."""

import pytest
from rest_framework.test import APIClient

from roles.models import Role
from tests.factories import member


@pytest.fixture
def client_for():
    """``client_for(user)``: an APIClient authenticated as ``user`` (None: anonymous)."""

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def head_planning(reference_data):
    """Head of 市规划自然资源委, consulted on Beijing's occupations (it decides none)."""
    return member(role=Role.HEAD, agency_code="bj-planning", username="head_plan")
