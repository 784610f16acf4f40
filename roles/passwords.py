"""The password policy as settings (issue 47, docs/deployment.md "Password policy"): Django's
validators for length and common passwords, and these two: the kinds of character a password
mixes, and the last passwords of its owner not reused. Each says its rule in the site's
language (``get_help_text``), which the password forms show. A password's age is the date of
its newest record here (``password_set_at``)."""

from datetime import datetime
from typing import Any

from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from core.messages import (
    MSG_PASSWORD_CLASSES,
    MSG_PASSWORD_CLASSES_HELP,
    MSG_PASSWORD_HISTORY_HELP,
    MSG_PASSWORD_REUSED,
)

from .models import PasswordRecord


def character_classes(password: str) -> int:
    """How many of digits, lower-case letters, capital letters and other characters appear."""
    kinds = (str.isdigit, str.islower, str.isupper)
    found = {index for character in password for index, kind in enumerate(kinds) if kind(character)}
    other = any(not (c.isdigit() or c.islower() or c.isupper()) for c in password)
    return len(found) + int(other)


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 1) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                MSG_PASSWORD_CLASSES,
                code="password_too_few_classes",
                params={"count": self.min_classes},
            )

    def get_help_text(self) -> str:
        return str(MSG_PASSWORD_CLASSES_HELP % {"count": self.min_classes})


class PasswordHistoryValidator:
    """The last ``count`` passwords of a person (the current one included) are refused; every
    password set is recorded (its hash), the oldest beyond ``count`` forgotten."""

    def __init__(self, count: int = 0) -> None:
        self.count = count

    def _previous(self, user: User) -> list[str]:
        hashes = list(
            PasswordRecord.objects.filter(user=user).values_list("password", flat=True)[
                : self.count
            ]
        )
        if user.password and user.password not in hashes:
            hashes.append(user.password)  # set before the history was kept
        return hashes

    def validate(self, password: str, user: Any = None) -> None:
        if not self.count or not isinstance(user, User) or user.pk is None:
            return
        if any(check_password(password, encoded) for encoded in self._previous(user)):
            raise ValidationError(
                MSG_PASSWORD_REUSED, code="password_reused", params={"count": self.count}
            )

    def password_changed(self, password: str, user: Any = None) -> None:
        if not isinstance(user, User) or user.pk is None:
            return
        PasswordRecord.objects.create(user=user, password=user.password)
        keep = PasswordRecord.objects.filter(user=user).values_list("pk", flat=True)[
            : max(self.count, 1)
        ]
        PasswordRecord.objects.filter(user=user).exclude(pk__in=list(keep)).delete()

    def get_help_text(self) -> str:
        if not self.count:
            return ""
        return str(MSG_PASSWORD_HISTORY_HELP % {"count": self.count})


def password_set_at(user: User) -> datetime:
    """When ``user``'s password was set: its newest record, else when the account was made."""
    record = PasswordRecord.objects.filter(user=user).only("created").first()
    return record.created if record is not None else user.date_joined
