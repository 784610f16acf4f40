"""Response headers and sessions: nothing a logged-in user receives is kept by a cache, every page
carries a Content-Security-Policy the UI works under, and sessions end when left idle."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from .factories import UserFactory, tending_draft
from .web.helpers import approved


def no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def csp_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def test_authenticated_pages_downloads_and_exports_are_not_stored(
    client, applicant_my, reviewer_my, approver, auditor
):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    draft = tending_draft(by=applicant_my)
    client.force_login(applicant_my)
    attachment = draft.attachments.get()
    for url in [
        "/applications/",
        reverse("application-detail", args=[application.pk]),
        reverse("application-certificate", args=[application.pk]),
        reverse("application-attachment", args=[draft.pk, attachment.pk]),
        f"/api/v1/applications/{application.pk}/",
        f"/api/v1/applications/{application.pk}/certificate.pdf",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url

    client.force_login(auditor)
    export = client.get("/api/v1/audit/events/", {"format": "csv"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    assert no_store(export)


def test_token_answers_and_token_authenticated_requests_are_not_stored(db):
    UserFactory(username="alice")
    client = APIClient()
    answer = client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "pw"}, format="json"
    )
    assert answer.status_code == 200
    assert no_store(answer)
    client.credentials(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")
    assert no_store(client.get("/api/v1/me/"))


def test_anonymous_public_pages_and_static_files_stay_cacheable(client, reference_data):
    assert not no_store(client.get("/api/schema/"))
    static = client.get(django_settings.STATIC_URL + "viewflow/css/viewflow.min.css")
    assert "no-store" not in static.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/", "/api/docs/"])
def test_every_page_carries_a_strict_script_policy(client, reference_data, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = csp_of(response)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    html = response.content.decode()
    # Every script the page runs is a file from our own origin, or carries this response's nonce.
    nonce = next((v for v in policy["script-src"] if v.startswith("'nonce-")), None)
    for tag in re.findall(r"<script\b[^>]*>", html):
        if 'type="application/json"' in tag or "src=" in tag:
            assert 'src="http' not in tag and "src='http" not in tag, tag
            continue
        assert nonce is not None and f'nonce="{nonce[7:-1]}"' in tag, tag


def _assert_no_inline_style(response) -> None:
    """No 'unsafe-inline' for styles (issue 45): every <style> carries this response's nonce,
    and no element a template writes has a style="" attribute."""
    policy = csp_of(response)
    assert "'unsafe-inline'" not in policy["style-src"]
    assert "'unsafe-inline'" not in policy.get("style-src-attr", [])
    nonce = next(v for v in policy["style-src"] if v.startswith("'nonce-"))
    html = response.content.decode()
    for tag in re.findall(r"<style\b[^>]*>", html):
        assert f'nonce="{nonce[7:-1]}"' in tag, tag
    assert re.findall(r"<[^>]*\sstyle=[^>]*>", html) == []


@pytest.mark.parametrize("path", ["/accounts/login/", "/api/docs/", "/public/decisions/"])
def test_public_pages_carry_a_strict_style_policy(client, reference_data, path):
    _assert_no_inline_style(client.get(path))


def test_logged_in_pages_have_no_inline_style(client, applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    for user, urls in (
        (
            applicant_my,
            ["/", "/applications/", reverse("application-detail", args=[application.pk])],
        ),
        (reviewer_my, ["/", "/tasks/", "/dashboard/", "/notifications/"]),
    ):
        client.force_login(user)
        for url in urls:
            response = client.get(url, follow=True)
            assert response.status_code == 200, url
            _assert_no_inline_style(response)


def test_logged_in_pages_have_no_inline_script(client, applicant_my, reviewer_my, approver):
    application = approved(applicant=applicant_my, reviewer=reviewer_my, approver=approver)
    client.force_login(applicant_my)
    for url in ["/applications/", "/tasks/", reverse("application-detail", args=[application.pk])]:
        response = client.get(url)
        assert "Content-Security-Policy" in response
        for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
            assert "src=" in tag or 'type="application/json"' in tag or "nonce=" in tag, tag


def test_swagger_init_script_is_served_as_a_file(client, reference_data):
    page = client.get("/api/docs/").content.decode()
    [init] = re.findall(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', page)
    script = client.get(init.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_admin_pages_carry_the_policy(client, db):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "'unsafe-inline'" not in csp_of(response)["script-src"]
    assert no_store(response)


def test_session_ends_after_the_idle_timeout_and_activity_renews_it(client, db, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    user = UserFactory(username="alice")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(user)
        clock.shift(timedelta(minutes=20))
        assert client.get("/api/v1/me/").status_code == 200  # activity renews the session
        clock.shift(timedelta(minutes=20))
        assert client.get("/api/v1/me/").status_code == 200
        clock.shift(timedelta(minutes=31))
        assert client.get("/api/v1/me/").status_code in (401, 403)


def test_proxy_ssl_header_is_trusted_only_when_configured():
    """SECURE_PROXY_SSL_HEADER lets a header decide whether a request was HTTPS: only a proxy
    that overwrites it may be trusted, so it is off unless DJANGO_TRUST_X_FORWARDED_PROTO is set."""
    assert django_settings.SECURE_PROXY_SSL_HEADER is None


def session_writes(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and (q["sql"].startswith(("UPDATE", "INSERT", "DELETE")))
    ]


def test_activity_renews_the_session_at_most_once_a_minute(client, db, settings):
    """The idle timeout without a write on every request: a request within a minute of the
    last renewal writes nothing, the first one after renews; an idle session still ends at
    most 30 minutes after the last request."""
    assert settings.SESSION_RENEW_SECONDS == 60
    user = UserFactory(username="alice")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(user)
        assert session_writes(client, "/api/v1/me/")  # the first request renews
        clock.shift(timedelta(seconds=30))
        assert session_writes(client, "/api/v1/me/") == []
        clock.shift(timedelta(seconds=31))
        assert session_writes(client, "/api/v1/me/")  # a minute since: renewed
        clock.shift(timedelta(minutes=29, seconds=59))
        assert client.get("/api/v1/me/").status_code == 200
        clock.shift(timedelta(minutes=30, seconds=1))
        assert client.get("/api/v1/me/").status_code in (401, 403)


def test_no_session_is_made_for_a_stale_cookie_or_without_one(client, db, settings):
    from django.contrib.sessions.models import Session

    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session-key-0123456789abcdef"
    for _ in range(3):
        client.get("/api/v1/me/")
        client.get(reverse("login"))
    APIClient().get("/api/v1/me/")
    assert not Session.objects.exists()


def test_no_template_carries_a_style_attribute():
    """The policy refuses inline styles (style-src-attr): a template's ``style=""`` breaks its
    page in the browser only (issue 46's hearing and filing pages did). Classes in pages.css."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "templates"
    found = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if 'style="' in path.read_text(encoding="utf-8").replace('style=""', "")
    ]
    assert found == []
