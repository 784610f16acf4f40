"""The protected foreign key to an application (``core.fields.ProtectedFK``) and the
attachments a record rests on, for the models of every app above ``permits``."""

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import ProtectedFK

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    from permits.models import Application, Attachment

application_fk: "ProtectedFK[Application]" = ProtectedFK("permits.Application", _("application"))


def attachments_field(
    verbose_name: "StrPromise | None" = None,
) -> "models.ManyToManyField[Attachment, Any]":
    """The application's attachments a record rests on (a site check's photos, a fee's
    receipt, a holder's answer…): none required, no reverse name."""
    return models.ManyToManyField(
        "permits.Attachment",
        blank=True,
        related_name="+",
        verbose_name=verbose_name if verbose_name is not None else _("attachments"),
    )
