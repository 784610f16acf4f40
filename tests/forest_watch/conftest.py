"""The API client fixture for the patch tests that go through HTTP."""

from tests.api.conftest import client_for  # noqa: F401 (a fixture)
