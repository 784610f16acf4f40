"""The protected foreign keys to the places and agencies (``core.fields.ProtectedFK``), for the
models of every app above ``roles``."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from core.fields import ProtectedFK

if TYPE_CHECKING:
    from roles.models import Agency, District, Jurisdiction

agency_fk: "ProtectedFK[Agency]" = ProtectedFK("roles.Agency", _("agency"))
district_fk: "ProtectedFK[District]" = ProtectedFK("roles.District", _("district"))
jurisdiction_fk: "ProtectedFK[Jurisdiction]" = ProtectedFK("roles.Jurisdiction", _("jurisdiction"))
