"""``manage.py check --deploy`` holds production to HTTPS end to end behind the TLS or TLCP
gateway (issue 49 item 5, docs/deployment.md "TLS and TLCP in front of gunicorn"): the public
address, secure cookies, HSTS, and the proxy settings agreeing (``documents.E007``)."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from documents.checks import (
    MSG_COOKIES_NOT_SECURE,
    MSG_NO_HSTS,
    MSG_PROTO_NO_PROXY,
    MSG_PROXY_NO_PROTO,
    MSG_SITE_NOT_HTTPS,
    transport_check,
    transport_problems,
)

PROXY_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.fixture
def production(settings):
    """Production as docs/deployment.md sets it behind one gateway."""
    settings.DEBUG = False
    settings.SITE_URL = "https://permits.example.gov.cn"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.SECURE_PROXY_SSL_HEADER = PROXY_HEADER
    return settings


def test_production_as_the_guide_sets_it_passes(production):
    assert transport_problems() == []
    assert transport_check() == []


def test_development_is_not_held_to_it(settings):
    settings.DEBUG = True
    settings.SESSION_COOKIE_SECURE = False
    assert transport_problems() == []


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"SITE_URL": "http://permits.example.gov.cn"}, MSG_SITE_NOT_HTTPS),
        ({"SESSION_COOKIE_SECURE": False}, MSG_COOKIES_NOT_SECURE),
        ({"CSRF_COOKIE_SECURE": False}, MSG_COOKIES_NOT_SECURE),
        ({"SECURE_HSTS_SECONDS": 0}, MSG_NO_HSTS),
        ({"SECURE_PROXY_SSL_HEADER": None}, MSG_PROXY_NO_PROTO),
        ({"AXES_IPWARE_PROXY_COUNT": 0}, MSG_PROTO_NO_PROXY),
    ],
)
def test_each_missing_transport_setting_is_an_error(production, changes, problem):
    for name, value in changes.items():
        setattr(production, name, value)
    (error,) = transport_check()
    assert error.id == "documents.E007"
    assert error.msg == problem.format(url=production.SITE_URL, count=1)


def test_direct_tls_without_a_proxy_passes(production):
    """gunicorn terminating TLS itself: no proxy, no forwarded header trusted."""
    production.AXES_IPWARE_PROXY_COUNT = 0
    production.SECURE_PROXY_SSL_HEADER = None
    assert transport_problems() == []


def test_check_deploy_reports_it(production):
    production.SECURE_HSTS_SECONDS = 0
    with pytest.raises(SystemCheckError, match=r"documents\.E007.*DJANGO_SECURE_HSTS_SECONDS"):
        call_command("check", "--deploy", "--tag", "security", "--fail-level", "ERROR")
