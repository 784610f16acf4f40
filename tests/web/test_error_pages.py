"""The error pages are ours, in the user's language, titled with the site's name; under DEBUG
(``make run``) a page that does not exist is still our 404 page for everyone but staff."""

import json

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from config.middleware import NotFoundPageUnderDebugMiddleware

pytestmark = pytest.mark.django_db

UNDER_DEBUG = "config.middleware.NotFoundPageUnderDebugMiddleware"
TITLES = {
    ("zh-hans", 404): "<title>404 页面未找到 - 林业行政许可</title>",
    ("en", 404): "<title>404 Page not found - Forestry permits</title>",
    ("zh-hans", 403): "<title>403 无权访问 - 林业行政许可</title>",
    ("en", 403): "<title>403 Access Forbidden - Forestry permits</title>",
    ("zh-hans", 500): "<title>500 服务器错误 - 林业行政许可</title>",
    ("en", 500): "<title>500 Server error - Forestry permits</title>",
}


def _in(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("path", ["/no-such-page/", "/applications/999999/"])
def test_not_found_is_our_page(client, applicant_my, language, path):
    client.force_login(applicant_my)

    response = _in(client, language).get(path)

    html = response.content.decode()
    assert response.status_code == 404
    assert TITLES[language, 404] in html
    assert "Django Material" not in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_forbidden_is_our_page(client, applicant_my, language):
    client.force_login(applicant_my)

    response = _in(client, language).get("/audit/")  # an applicant is no auditor

    html = response.content.decode()
    assert response.status_code == 403
    assert TITLES[language, 403] in html
    assert "Django Material" not in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_server_error_page_needs_no_context(language):
    """Django renders 500.html without a context processor's help: no request, no user."""
    with translation.override(language):
        html = server_error(RequestFactory().get("/")).content.decode()

    assert TITLES[language, 500] in html


def test_the_debug_404_middleware_is_installed():
    assert UNDER_DEBUG in settings.MIDDLEWARE, (
        f"config/settings/base.py MIDDLEWARE: add {UNDER_DEBUG!r} after "
        "'django.contrib.auth.middleware.AuthenticationMiddleware'"
    )


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    if UNDER_DEBUG not in settings.MIDDLEWARE:  # until the line above is in base.py
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, UNDER_DEBUG]


@pytest.mark.parametrize("path", ["/no-such-page/", "/applications/999999/"])
def test_under_debug_users_get_our_404_page(debug, client, applicant_my, path):
    client.force_login(applicant_my)

    response = client.get(path)

    assert response.status_code == 404
    assert TITLES["zh-hans", 404] in response.content.decode()


def test_under_debug_anonymous_visitors_get_our_404_page(debug, client, reference_data):
    response = client.get("/no-such-page/")

    assert TITLES["zh-hans", 404] in response.content.decode()


def test_under_debug_staff_get_djangos_technical_page(debug, client, reference_data):
    client.force_login(get_user_model().objects.create_superuser("dev", password="x"))

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Using the URLconf defined in" in response.content.decode()


def test_under_debug_the_apis_own_404_is_left_alone(debug, client, applicant_my):
    client.force_login(applicant_my)

    response = client.get("/api/v1/applications/999999/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_without_debug_the_middleware_does_nothing(rf):
    request = rf.get("/no-such-page/")
    middleware = NotFoundPageUnderDebugMiddleware(lambda r: None)
    assert middleware.process_exception(request, Exception()) is None


@pytest.mark.parametrize("under_debug", [False, True])
def test_an_api_address_no_view_serves_is_a_json_error(settings, client, applicant_my, under_debug):
    """api.md: every error of the API is JSON in its format, an unknown address's too."""
    if under_debug:
        settings.DEBUG = True
    client.force_login(applicant_my)

    for path in ("/api/v1/no-such-endpoint/", "/api/v2/applications/", "/api/v1/applications/x/"):
        response = client.get(path, HTTP_ACCEPT="text/html")
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json"), path
        body = response.json()
        assert body["errors"][0]["code"] == "not_found" and body["detail"], path


def test_an_api_crash_is_a_json_error_and_a_page_crash_our_page(rf):
    from config.error_handlers import server_error as handler

    with translation.override("zh-hans"):
        api = handler(rf.get("/api/v1/me/"))
        page = handler(rf.get("/desk/"))
    assert api.status_code == page.status_code == 500
    body = json.loads(api.content)
    assert body["errors"] == [
        {"field": None, "code": "server_error", "message": body["detail"], "rule": None,
         "source": None}
    ]  # fmt: skip
    assert "<html" in page.content.decode()
