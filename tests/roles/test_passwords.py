"""The password policy as settings (issue 47 item 3, roles/passwords.py): length, kinds of
character, the last passwords not reused, a maximum age; each rule said in Chinese."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import (
    get_default_password_validators,
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils import translation

from core.messages import MSG_PASSWORD_CLASSES, MSG_PASSWORD_REUSED
from demo.data.people import DEMO_PASSWORD
from roles.models import PasswordRecord
from roles.passwords import character_classes

STRONG = "Larch-stand-2031"


def refusals(password, user=None):
    with translation.override("zh-hans"):
        try:
            validate_password(password, user)
        except ValidationError as error:
            return [str(message) for message in error.messages]
    return []


@pytest.mark.parametrize(
    ("password", "classes"),
    [("12345678", 1), ("abcdefgh", 1), ("abcDEF12", 3), ("ab-CD-12", 4), ("林地林地林地", 1)],
)
def test_character_classes(password, classes):
    assert character_classes(password) == classes


def test_the_defaults_refuse_short_and_one_kind_passwords_in_chinese(db):
    assert any("至少" in m and "10" in m for m in refusals("Ab1-x"))
    with translation.override("zh-hans"):
        expected = str(MSG_PASSWORD_CLASSES % {"count": 3})
    assert expected in refusals("onlylowercaseletters")
    assert expected.startswith("密码")
    assert refusals(STRONG) == []


def test_the_demo_password_passes_the_policy(db):
    assert refusals(DEMO_PASSWORD) == []


def test_length_and_classes_are_settings(db, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 20},
        },
        {"NAME": "roles.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 4}},
    ]
    get_default_password_validators.cache_clear()
    try:
        assert len(refusals(STRONG)) == 1  # 16 characters: too short
        assert len(refusals("larch-stand-2031-larch")) == 1  # no capital
        assert refusals("Larch-stand-2031-Larch") == []
    finally:
        get_default_password_validators.cache_clear()


def test_the_last_passwords_are_not_reused(applicant_my):
    with translation.override("zh-hans"):
        reused = str(MSG_PASSWORD_REUSED % {"count": 5})
    applicant_my.set_password(STRONG)
    applicant_my.save()
    assert reused in refusals(STRONG, applicant_my)
    for n in range(5):
        applicant_my.set_password(f"Spruce-{n}-stand-2031")
        applicant_my.save()
    assert PasswordRecord.objects.filter(user=applicant_my).count() == 5
    assert "Larch" not in str(list(PasswordRecord.objects.values_list("password", flat=True)))
    assert reused in refusals("Spruce-0-stand-2031", applicant_my)
    assert refusals(STRONG, applicant_my) == []  # six passwords ago: allowed again


def test_the_rules_are_shown_on_the_password_form_in_chinese(client, applicant_my):
    client.force_login(applicant_my)
    page = client.get("/accounts/password/").content.decode()
    with translation.override("zh-hans"):
        for text in password_validators_help_texts():
            assert str(text) in page
    assert "数字" in page


def test_changing_the_password_through_the_form(client, applicant_my):
    client.force_login(applicant_my)
    answer = client.post(
        "/accounts/password/",
        {"old_password": "pw", "new_password1": "short", "new_password2": "short"},
    )
    assert answer.status_code == 200
    assert "密码" in answer.content.decode()
    answer = client.post(
        "/accounts/password/",
        {"old_password": "pw", "new_password1": STRONG, "new_password2": STRONG},
    )
    assert answer.status_code == 302
    applicant_my.refresh_from_db()
    assert applicant_my.check_password(STRONG)


def test_an_old_password_sends_its_owner_to_change_it(client, applicant_my, settings):
    settings.PERMITS_PASSWORD_MAX_AGE_DAYS = 90
    applicant_my.set_password(STRONG)
    applicant_my.save()
    client.force_login(applicant_my)
    assert client.get("/")["Location"] != "/accounts/password/"
    with time_machine.travel(timedelta(days=91)):
        client.force_login(applicant_my)
        answer = client.get("/")
        assert answer.status_code == 302
        assert answer["Location"] == "/accounts/password/"
        assert client.get("/accounts/password/").status_code == 200
        assert client.get("/api/v1/me/").status_code == 200  # the API is left alone
