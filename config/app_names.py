"""Third-party apps under names of ours in the admin: their own configs give none, so the admin
would call them "Axes" (login lockouts, ``roles.login_throttling``) and "Guardian" (the object
permissions of ``roles``)."""

from axes.apps import AppConfig as AxesConfig
from django.utils.translation import gettext_lazy as _
from guardian.apps import GuardianConfig


class LoginLockoutsConfig(AxesConfig):
    verbose_name = _("Login lockouts")


class ObjectPermissionsConfig(GuardianConfig):
    verbose_name = _("Object permissions")
