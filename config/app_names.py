"""Third-party apps under names of ours in the admin: their own configs give none, so the admin
would call them "Axes" (login lockouts, ``roles.login_throttling``), "Guardian" (the object
permissions of ``roles``), "Knox", "Otp_Totp", "Otp_Static", "OTP WebAuthn" and "Django_Cas_Ng"
(issue 47). django-otp-webauthn registers no admin of its own: passkeys are listed and removed
by their owner (web/passkeys.py) and reset by a head or the security administrator, audited,
never edited as rows."""

from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_cas_ng.apps import CASConfig
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpConfig
from django_otp_webauthn.apps import OtpWebauthnConfig
from guardian.apps import GuardianConfig


class LoginLockoutsConfig(AxesConfig):
    verbose_name = _("Login lockouts")


class ObjectPermissionsConfig(GuardianConfig):
    verbose_name = _("Object permissions")


class ApiTokensConfig(AppConfig):
    """django-rest-knox's tokens (api/authentication.py, audit/api_tokens.py)."""

    name = "knox"
    label = "knox"
    verbose_name = _("API tokens")


class AuthenticatorAppsConfig(TotpConfig):
    verbose_name = _("Authenticator apps (second factor)")


class RecoveryCodesConfig(StaticConfig):
    verbose_name = _("Recovery codes (second factor)")


class CasTicketsConfig(CASConfig):
    verbose_name = _("Unified sign-in (CAS) tickets")


class PasskeysConfig(OtpWebauthnConfig):
    verbose_name = _("Passkeys (second factor)")
