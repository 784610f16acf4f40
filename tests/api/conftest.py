"""The API tests' client fixture; the personas come from tests/conftest.py."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def client_for():
    """``client_for(user)``: an APIClient authenticated as ``user`` (None: anonymous)."""

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make
