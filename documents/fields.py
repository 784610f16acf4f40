"""The protected foreign key to a document (``core.fields.ProtectedFK``), for the models of
every app above ``documents``."""

from typing import TYPE_CHECKING

from core.fields import ProtectedFK

if TYPE_CHECKING:
    from documents.models import Certificate

certificate_fk: "ProtectedFK[Certificate]" = ProtectedFK("documents.Certificate")
