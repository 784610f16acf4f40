"""The protected foreign key to an application (``core.fields.ProtectedFK``), for the models
of every app above ``permits``."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from core.fields import ProtectedFK

if TYPE_CHECKING:
    from permits.models import Application

application_fk: "ProtectedFK[Application]" = ProtectedFK("permits.Application", _("application"))
