"""The production password hasher (issue 45 item 21; roles/hashers.py): a login verifies the
password once, with Argon2id at OWASP's setting; a hash left by the previous hasher (PBKDF2)
still logs in and is rewritten once, not at every login. The suite's settings use MD5 for speed:
these tests put the production list back."""

import pytest
from django.contrib.auth.hashers import get_hasher, make_password
from django.test import Client, override_settings

from config.settings import base
from roles.hashers import Argon2idHasher

from ..factories import UserFactory

PASSWORD = "Bench-passw0rd-45"  # noqa: S105


@pytest.fixture
def production_hashers():
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        yield


def _login(username: str) -> int:
    client = Client(REMOTE_ADDR="192.0.2.45")
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code


def test_production_hashes_with_argon2id_at_owasps_setting(production_hashers):
    hasher = get_hasher()
    assert isinstance(hasher, Argon2idHasher)
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$v=19$m=47104,t=1,p=1$")


def test_a_pbkdf2_hash_logs_in_and_is_rewritten_once(db, production_hashers, monkeypatch):
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        old = make_password(PASSWORD)
    user = UserFactory(username="holder_old_hash", password=old)
    user.password = old
    user.save(update_fields=["password"])
    assert _login("holder_old_hash") == 302
    user.refresh_from_db()
    upgraded = user.password
    assert upgraded.startswith("argon2$argon2id$v=19$m=47104,t=1,p=1$")
    verified = []
    original = Argon2idHasher.verify

    def counted(self, password, encoded):
        verified.append(encoded)
        return original(self, password, encoded)

    monkeypatch.setattr(Argon2idHasher, "verify", counted)
    assert _login("holder_old_hash") == 302
    user.refresh_from_db()
    assert user.password == upgraded  # no rehash at every login
    assert verified == [upgraded]  # one verification per login: axes adds none
