"""Every URL × the municipal officials, an auditor, the head, the superuser and the three
administrators (sysadmin, secadmin, auditadmin) × hostile requests: nothing gives a 5xx (the
second half of tests/test_every_url.py's probe, a module of its own so that it runs beside the
first on another pytest-xdist worker)."""

import pytest

from tests.test_every_url import ADMINISTRATORS, PERSONAS, probe_server_errors

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_no_url_gives_a_server_error_to_municipal_officials_auditors_or_the_administrators():
    assert PERSONAS[-3:] == ADMINISTRATORS  # the three are probed, admin pages included
    # One auditor: Tianjin's runs the same code on other rows (its 404s are probed in
    # test_every_url_hidden.py); the probe is CI's longest test.
    probe_server_errors(tuple(p for p in PERSONAS[6:] if p != "auditor_tj"))
