"""The API client fixture for the zone tests that go through HTTP."""

from tests.api.conftest import client_for  # noqa: F401 (a fixture)
