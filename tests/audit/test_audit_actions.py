"""Audit actions are one enumeration (AuditAction): nothing else is ever written."""

import pytest

from audit.choices import AuditAction
from audit.models import AuditEvent
from audit.trail import audit_record

pytestmark = pytest.mark.django_db


def test_an_action_outside_the_enumeration_is_refused_and_nothing_is_written():
    with pytest.raises(ValueError):
        audit_record(action="approved")
    assert not AuditEvent.objects.exists()


def test_the_action_values_are_the_api_strings():
    assert {
        "create", "submit", "approve", "reject", "return", "agree", "disagree", "claim",
        "unclaim", "reassign", "withdraw", "revoke", "expire", "certificate_issued",
        "attachment_added",
    } <= set(AuditAction.values)  # fmt: skip


def test_every_action_has_a_chinese_label():
    from django.utils import translation

    with translation.override("zh-hans"):
        for action in AuditAction:
            assert action.label != action.value
            assert any("\u4e00" <= ch <= "\u9fff" for ch in str(action.label)), action


def test_every_action_fits_the_events_column():
    """PostgreSQL refuses a value longer than ``AuditEvent.action`` (SQLite stores it): an act
    whose action is too long fails there only (issue 46's ``compensation_agreement_confirmed``,
    32 characters, did)."""
    limit = AuditEvent._meta.get_field("action").max_length
    assert limit is not None
    assert [a.value for a in AuditAction if len(a.value) > limit] == []
