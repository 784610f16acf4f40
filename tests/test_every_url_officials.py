"""Every URL × the municipal officials, auditors, the head and the superuser × hostile
requests: nothing gives a 5xx (the second half of tests/test_every_url.py's probe, a module of
its own so that it runs beside the first on another pytest-xdist worker)."""

import pytest

from tests.test_every_url import PERSONAS, probe_server_errors

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_no_url_gives_a_server_error_to_municipal_officials_auditors_or_the_superuser():
    probe_server_errors(PERSONAS[6:])
