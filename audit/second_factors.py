"""A second factor enrolled or reset (issue 47 items 2 and 4): the device written and the
identity event recorded in one transaction. Here, above roles (roles.second_factor holds the
devices and the checks, and knows nothing of the trail), so that every door that enrols or
resets calls these and none records beside them. No secret or code enters the event, nor a
passkey's key material (its public key, credential id, attestation): only the kind of device."""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from roles import second_factor

from .choices import AuditAction
from .identity import identity_record


def second_factor_enrol(
    *, device: TOTPDevice, raw_code: object, client_ip: str | None
) -> list[str] | None:
    """Confirm the pending TOTP ``device`` with a code from it: its owner's recovery codes (to
    be shown once), or None if the code is wrong (nothing changes)."""
    code = second_factor.code_clean(raw_code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, confirmed=False)
        if code is None or not code.isdigit() or not device.verify_token(code):
            return None
        user = device.user
        # One TOTP device a person: an earlier one (re-enrolment) ends with the new one.
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = second_factor.recovery_codes_issue(user)
        identity_record(
            AuditAction.OTP_ENROLLED,
            subject=user,
            client_ip=client_ip,
            details={"method": "totp", "recovery_count": len(codes)},
        )
    return codes


def second_factor_reset(*, subject: User, by: User, client_ip: str | None) -> int:
    """Delete ``subject``'s devices (a lost phone): they enrol again at their next sign-in.
    Only a head of their agency or a security administrator may (``may_reset``)."""
    if not second_factor.may_reset(by=by, subject=subject):
        raise PermissionDenied
    with transaction.atomic():
        count = second_factor.devices_delete(subject)
        identity_record(
            AuditAction.OTP_RESET,
            subject=subject,
            by=by,
            client_ip=client_ip,
            details={"devices": count},
        )
    return count


def passkey_enrol(
    *, user: User, helper: Any, state: dict[str, Any], data: Any, name: str, client_ip: str | None
) -> WebAuthnCredential:
    """Verify the browser's answer ``data`` to the registration ``state`` (its challenge,
    used once) with django-otp-webauthn's ``helper``, and save the passkey it makes for
    ``user`` under ``name``, with its ``otp_enrolled`` event, in one transaction. Raises the
    library's and py_webauthn's errors for an answer that does not verify (nothing saved)."""
    with transaction.atomic():
        device: WebAuthnCredential = helper.register_complete(user=user, state=state, data=data)
        device.name = name
        device.save(update_fields=["name"])
        identity_record(
            AuditAction.OTP_ENROLLED,
            subject=user,
            client_ip=client_ip,
            details={"method": "webauthn", "device": "passkey"},
        )
    return device


def passkey_remove(*, user: User, pk: int, client_ip: str | None) -> bool:
    """``user`` removes one of their own passkeys (recorded as ``otp_reset`` by its owner);
    False if they have none of that number (someone else's is never touched)."""
    with transaction.atomic():
        deleted, _rows = WebAuthnCredential.objects.filter(user=user, pk=pk).delete()
        if not deleted:
            return False
        identity_record(
            AuditAction.OTP_RESET,
            subject=user,
            client_ip=client_ip,
            details={"devices": 1, "method": "webauthn", "device": "passkey"},
        )
    return True
