"""API tokens that end (issue 47 item 3): expiry, revocation, rotation, the owner's list and the
security administrator's (audit.api_tokens, api/views/auth.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.messages import MSG_TOKEN_LIMIT

from .helpers import API

TOKEN = f"{API}/auth/token/"


def sign_in(username="applicant_my", **extra):
    return APIClient().post(TOKEN, {"username": username, "password": "pw", **extra}, format="json")


def bearer(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def secadmin(reviewer_yq):
    reviewer_yq.user_permissions.add(Permission.objects.get(codename="manage_api_tokens"))
    return reviewer_yq


def test_a_token_carries_its_expiry_and_ends_then(applicant_my, settings):
    with time_machine.travel("2026-03-02 09:00 +08:00", tick=False):
        answer = sign_in()
        assert answer.status_code == 200
        body = answer.json()
        assert set(body) == {"token", "expires_at"}
        assert body["expires_at"].startswith("2026-03-02T19:00")  # 10 h, the default
        assert bearer(body["token"]).get(f"{API}/me/").status_code == 200
    with time_machine.travel("2026-03-02 18:59 +08:00", tick=False):
        assert bearer(body["token"]).get(f"{API}/me/").status_code == 200
    with time_machine.travel("2026-03-02 19:01 +08:00", tick=False):
        assert bearer(body["token"]).get(f"{API}/me/").status_code == 401
    assert not AuthToken.objects.exists()


def test_token_hours_is_a_setting(applicant_my, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(hours=2)}
    with time_machine.travel("2026-03-02 09:00 +08:00", tick=False):
        assert sign_in().json()["expires_at"].startswith("2026-03-02T11:00")


def test_revoke_answers_204_then_the_token_401(applicant_my):
    token = sign_in().json()["token"]
    client = bearer(token)
    assert client.delete(TOKEN).status_code == 204
    assert client.get(f"{API}/me/").status_code == 401
    assert client.delete(TOKEN).status_code == 401
    created, revoked = AuditEvent.objects.filter(
        action__in=[AuditAction.TOKEN_CREATED, AuditAction.TOKEN_REVOKED]
    ).order_by("seq")
    assert created.action == AuditAction.TOKEN_CREATED
    assert revoked.action == AuditAction.TOKEN_REVOKED
    assert revoked.details["subject"] == {"username": "applicant_my"}
    assert revoked.details["reason"] == "owner"
    assert token not in str(created.details) and token[:15] not in str(revoked.details)


def test_delete_without_a_token_is_401(applicant_my):
    assert APIClient().delete(TOKEN).status_code == 401


def test_a_new_token_leaves_the_old_one_rotation_revokes_it(applicant_my):
    first = sign_in().json()["token"]
    second = sign_in().json()["token"]
    assert bearer(first).get(f"{API}/me/").status_code == 200
    assert bearer(second).get(f"{API}/me/").status_code == 200
    third = sign_in(rotate=True).json()["token"]
    assert bearer(first).get(f"{API}/me/").status_code == 401
    assert bearer(second).get(f"{API}/me/").status_code == 401
    assert bearer(third).get(f"{API}/me/").status_code == 200
    rotated = AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED)
    assert [e.details["reason"] for e in rotated] == ["rotated", "rotated"]


def test_the_limit_per_person_refuses_a_further_token_unless_rotating(applicant_my, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    sign_in(), sign_in()
    answer = sign_in()
    assert answer.status_code == 409
    assert answer.json()["detail"] == str(MSG_TOKEN_LIMIT % {"count": 2})
    assert sign_in(rotate=True).status_code == 200
    assert AuthToken.objects.count() == 1


def test_garbage_tokens_and_bodies_are_refused_without_5xx(applicant_my):
    for header in (
        "Token",
        "Token a b",
        "Token zz\u00ff\u00fe",
        "Token " + "x" * 5000,
        "Token ../",
    ):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        assert client.get(f"{API}/me/").status_code == 401, header
        assert client.delete(TOKEN).status_code == 401, header
    for body in ({"rotate": "maybe", "username": "applicant_my", "password": "pw"}, {"x": [1]}):
        assert APIClient().post(TOKEN, body, format="json").status_code == 400
    client = bearer(sign_in().json()["token"])
    for handle in ("0" * 16, "x", "a" * 300):
        assert client.delete(f"{API}/auth/tokens/{handle}/").status_code == 404
    assert client.delete(f"{API}/auth/tokens/%00/").status_code == 400  # NUL: refused before
    assert client.get(f"{API}/auth/tokens/", {"everyone": "perhaps"}).status_code == 400


def test_the_owner_lists_and_revokes_their_tokens_not_anothers(applicant_my, applicant_yq):
    mine = bearer(sign_in().json()["token"])
    sign_in()
    theirs = bearer(sign_in("applicant_yq").json()["token"])
    listed = mine.get(f"{API}/auth/tokens/").json()
    assert len(listed) == 2
    assert set(listed[0]) == {"id", "username", "created_at", "expires_at"}
    assert {t["username"] for t in listed} == {"applicant_my"}
    their_id = theirs.get(f"{API}/auth/tokens/").json()[0]["id"]
    assert mine.delete(f"{API}/auth/tokens/{their_id}/").status_code == 404
    assert mine.get(f"{API}/auth/tokens/", {"everyone": "1"}).status_code == 403
    assert theirs.get(f"{API}/me/").status_code == 200
    owner = APIClient()
    owner.force_authenticate(applicant_my)
    for token in listed:
        assert owner.delete(f"{API}/auth/tokens/{token['id']}/").status_code == 204
    assert mine.get(f"{API}/me/").status_code == 401
    assert AuthToken.objects.filter(user=applicant_my).count() == 0


def test_a_security_administrator_lists_and_revokes_anyones(secadmin, applicant_my):
    victim = bearer(sign_in().json()["token"])
    admin = bearer(sign_in(secadmin.username).json()["token"])
    everyone = admin.get(f"{API}/auth/tokens/", {"everyone": "1"}).json()
    assert {t["username"] for t in everyone} == {"applicant_my", secadmin.username}
    handle = next(t["id"] for t in everyone if t["username"] == "applicant_my")
    assert admin.delete(f"{API}/auth/tokens/{handle}/").status_code == 204
    assert victim.get(f"{API}/me/").status_code == 401
    event = AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED).get()
    assert event.actor == secadmin
    assert event.details["subject"] == {"username": "applicant_my"}
    assert event.details["reason"] == "administrator"


def test_the_tokens_page_lists_and_revokes(client, secadmin, applicant_my):
    sign_in()
    client.force_login(applicant_my)
    page = client.get("/account/api-tokens/")
    assert page.status_code == 200
    assert client.get("/account/api-tokens/?everyone=1").status_code == 403
    [token] = AuthToken.objects.filter(user=applicant_my)
    handle = token.digest[:16]
    assert client.post(f"/account/api-tokens/{handle}/revoke/").status_code == 302
    assert not AuthToken.objects.filter(user=applicant_my).exists()
    sign_in()
    [token] = AuthToken.objects.filter(user=applicant_my)
    client.force_login(secadmin)
    page = client.get("/account/api-tokens/?everyone=1")
    assert "applicant_my" in page.content.decode()
    answer = client.post(f"/account/api-tokens/{token.digest[:16]}/revoke/", {"everyone": "1"})
    assert answer.status_code == 302 and answer["Location"].endswith("?everyone=1")
    assert not AuthToken.objects.filter(user=applicant_my).exists()
    assert client.post("/account/api-tokens/nonsense/revoke/").status_code == 404


def test_expired_tokens_are_not_listed(applicant_my):
    with time_machine.travel(timezone.now() - timedelta(hours=11)):
        sign_in()
    client = bearer(sign_in().json()["token"])
    assert len(client.get(f"{API}/auth/tokens/").json()) == 1
