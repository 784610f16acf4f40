"""The public endpoints under schemathesis (issue 31: "no 5xx under schemathesis for the public
endpoints"): bodies, paths and query strings generated from the OpenAPI schema, sent through
the WSGI application; none answers a server error."""

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

pytestmark = pytest.mark.django_db

EXAMPLES = 60


@pytest.fixture
def connections_kept():
    """The WSGI application closes the database connections after each request (Django's
    ``close_old_connections`` on ``request_finished``), which would end the test's transaction:
    disconnected here as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_public_endpoint_answers_a_server_error(reference_data, settings, connections_kept):
    settings.ALLOWED_HOSTS = ["*"]
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    public = schema.include(path_regex=r"^/api/v1/public/")
    operations = [result.ok() for result in public.get_all_operations()]
    assert {op.label for op in operations} >= {
        "GET /api/v1/public/decisions/",
        "POST /api/v1/public/reports/",
        "GET /api/v1/public/reports/{code}/",
    }
    seen: list[int] = []
    for operation in operations:
        _probe(operation, seen)
    assert len(seen) >= len(operations)
    assert Counter(seen)[400] > 0  # hostile bodies and queries were sent, and refused


def _probe(operation, seen: list[int]) -> None:
    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def probe(case):
        response = case.call()
        seen.append(response.status_code)
        assert response.status_code < 500, (operation.label, case.body, response.text[:300])

    probe()
