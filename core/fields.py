"""The field declarations many models repeat, each made once here: a protected foreign key
(to a user, an agency, an application, a document…), an optional moment, the inspectors of a
site visit. Each factory
takes the parts that vary from model to model (the verbose name, the related name, whether the
field may be empty), so a model declares the same column as before; the schema does not move.

They refer to Django alone: a model names its target as ``"app.Model"`` (or the class), so any
app's models may use them whatever its layer. A target named by its label gets its typed
factory (``ProtectedFK``) in the lowest app that may name its class: ``roles.fields``,
``permits.fields``, ``documents.fields``."""

from typing import (
    TYPE_CHECKING,
    Any,
    Generic,
    Literal,
    TypeAlias,
    TypedDict,
    TypeVar,
    Unpack,
    overload,
)

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_stubs_ext import StrPromise

    Label: TypeAlias = str | StrPromise

_M = TypeVar("_M", bound=models.Model)


class FKOptions(TypedDict, total=False):
    """What else a protected foreign key may declare: its reverse name (``"+"`` unless given;
    None: Django's default), its help text, the choices a form offers, and whether a form may
    leave it empty (as ``optional`` unless given: a key only the engine fills, such as a
    decision's deciding account, may be null and still not blank)."""

    related_name: str | None
    help_text: "Label"
    limit_choices_to: dict[str, Any]
    blank: bool


@overload
def protected_fk(
    to: type[_M],
    verbose_name: "Label",
    *,
    optional: Literal[False] = False,
    **options: Unpack[FKOptions],
) -> "models.ForeignKey[_M, _M]": ...
@overload
def protected_fk(
    to: type[_M], verbose_name: "Label", *, optional: Literal[True], **options: Unpack[FKOptions]
) -> "models.ForeignKey[_M | None, _M | None]": ...
@overload
def protected_fk(
    to: str, verbose_name: "Label", *, optional: bool = False, **options: Unpack[FKOptions]
) -> "models.ForeignKey[Any, Any]": ...
def protected_fk(
    to: "str | type[models.Model]",
    verbose_name: "Label",
    *,
    optional: bool = False,
    **options: Unpack[FKOptions],
) -> "models.ForeignKey[Any, Any]":
    """A foreign key that protects its target (``on_delete=PROTECT``); ``optional``: it may be
    empty (``null`` and, unless ``blank=False``, ``blank``). An argument left at Django's
    default (``related_name`` None, ``help_text`` empty) declares the same column as leaving it
    out."""
    options.setdefault("related_name", "+")
    options.setdefault("blank", optional)
    return models.ForeignKey(
        to, models.PROTECT, null=optional, verbose_name=verbose_name, **options
    )


class ProtectedFK(Generic[_M]):
    """The protected foreign keys to one model named by its label (``"roles.Agency"``), typed
    as its class though the module declaring them may not import it."""

    def __init__(self, to: str, verbose_name: "Label | None" = None) -> None:
        self.to = to
        self.verbose_name = verbose_name

    @overload
    def __call__(
        self,
        verbose_name: "Label | None" = None,
        *,
        optional: Literal[False] = False,
        **o: Unpack[FKOptions],
    ) -> "models.ForeignKey[_M, _M]": ...
    @overload
    def __call__(
        self,
        verbose_name: "Label | None" = None,
        *,
        optional: Literal[True],
        **o: Unpack[FKOptions],
    ) -> "models.ForeignKey[_M | None, _M | None]": ...
    def __call__(
        self, verbose_name: "Label | None" = None, *, optional: bool = False, **o: Unpack[FKOptions]
    ) -> "models.ForeignKey[Any, Any]":
        label = verbose_name if verbose_name is not None else self.verbose_name
        assert label is not None, f"a foreign key to {self.to} wants its verbose name"
        return protected_fk(self.to, label, optional=optional, **o)


# The user who did something (``recorded by``, ``decided by``…).
user_fk: "ProtectedFK[User]" = ProtectedFK(settings.AUTH_USER_MODEL)


def optional_moment(verbose_name: "Label", **kwargs: Any) -> "models.DateTimeField[Any, Any]":
    """When something happened, empty until it has (``null`` and ``blank``)."""
    return models.DateTimeField(verbose_name, null=True, blank=True, **kwargs)


def inspectors_field(*, optional: bool = False) -> "models.ManyToManyField[Any, Any]":
    """The staff who went to the site together (a site check, an inspection); ``optional``:
    none named yet (``blank``)."""
    return models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=optional, related_name="+", verbose_name=_("inspectors")
    )
