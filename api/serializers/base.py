"""What several resources' representations share: the refusal of unknown fields and what
the schema says of it, the error body, and the small shapes nested in many records (an
application's summary line among them: the application list, a task, an overdue report)."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_doc
from drf_spectacular.utils import Direction
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.fields import empty
from rest_framework.utils import html

from audit.trail import display_name
from core import jsonsafe
from core.messages import MSG_DISTRICT_API, MSG_UNKNOWN_FIELD_PERMITS
from permits.models import Application

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class RefuseUnknownFieldsMixin(serializers.Serializer[Any]):
    """Input naming a field the serializer does not write is refused (400 ``unknown_field``),
    never silently dropped: a client that misspells a field, or sends another kind's field,
    learns it instead of believing it was saved."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            if unknown := sorted(str(key) for key in data if key not in writable):
                raise serializers.ValidationError(
                    {
                        name: [ErrorDetail(str(MSG_UNKNOWN_FIELD_PERMITS), code="unknown_field")]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)


class RefuseUnknownFieldsSchema(OpenApiSerializerExtension):
    """The schema says what the mixin does: a request body names no field beyond the ones it
    lists (``additionalProperties: false``), so that a body valid by the schema is not refused
    as ``unknown_field``."""

    target_class = RefuseUnknownFieldsMixin
    match_subclasses = True

    def map_serializer(self, auto_schema: AutoSchema, direction: Direction) -> dict[str, Any]:
        schema: dict[str, Any] = auto_schema._map_serializer(
            self.target, direction, bypass_extensions=True
        )
        if direction == "request":
            schema["additionalProperties"] = False
        # A serializer without a docstring of its own would be described by the mixin's.
        if schema.get("description") == get_doc(RefuseUnknownFieldsMixin):
            del schema["description"]
        return schema


class NonEmptyFileSchema(OpenApiSerializerFieldExtension):
    """DRF refuses an empty file unless ``allow_empty_file``: the schema says so."""

    target_class = serializers.FileField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: AutoSchema, direction: Direction) -> dict[str, Any]:
        schema: dict[str, Any] = auto_schema._map_serializer_field(
            self.target, direction, bypass_extensions=True
        )
        if not self.target.allow_empty_file:
            schema["minLength"] = 1
        return schema


class NotBlankTextSchema(OpenApiSerializerFieldExtension):
    """DRF strips a text and refuses it blank unless ``allow_blank``: so a text of blanks is
    refused as the empty one is, and the schema of what a request sends says so."""

    target_class = serializers.CharField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: AutoSchema, direction: Direction) -> dict[str, Any]:
        schema: dict[str, Any] = auto_schema._map_serializer_field(
            self.target, direction, bypass_extensions=True
        )
        field = self.target
        refuses_blanks = field.trim_whitespace and not field.allow_blank
        plain = schema.get("type") == "string" and not {"pattern", "format", "enum"} & set(schema)
        if direction == "request" and refuses_blanks and plain:
            schema["pattern"] = r"\S"
        return schema


class BoundedJSONField(serializers.JSONField):
    """A JSON value a request sends. A JSON body's parser bounded it already (``api.parsers``);
    in a form (multipart, urlencoded) the field is JSON text, parsed here by the same rules
    (``core.jsonsafe``): nesting past the limit, NaN, a NUL refused on the field (400), where
    DRF's ``json.loads`` let a deep text raise RecursionError (a 500)."""

    def to_internal_value(self, data: Any) -> Any:
        if self.binary or getattr(data, "is_json_string", False):
            try:
                return jsonsafe.loads(data)
            except jsonsafe.JSONRefused as refused:
                raise serializers.ValidationError(str(refused.message), code=refused.code) from None
        return super().to_internal_value(data)


class PresentIfGivenText(serializers.CharField):
    """Text a dict answer carries only where it applies (left out when its key is absent), null
    where it applies and is not known yet: ``required=False`` and ``allow_null`` together."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, allow_null=True, **kwargs)

    def get_attribute(self, instance: Any) -> Any:
        if isinstance(instance, Mapping) and self.source not in instance:
            raise serializers.SkipField()
        return super().get_attribute(instance)


class ServiceCheckedText(serializers.CharField):
    """A text the request must carry (required and not blank, as the schema says) that the
    service checks (a reason: ``permits.services.reason_required``; a reassignment's target)
    after whether the caller may see the object (404) and act on it (403): a missing or blank
    one passes here as ``""``, so that whoever may not act is told so, not that a text is
    missing."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"max_length": 2000, **kwargs})

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if data is serializers.empty or (isinstance(data, str) and not data.strip()):
            return ""
        return super().run_validation(data)


class ServiceCheckedValue(serializers.Field[Any, Any, Any, Any]):
    """A value the service checks whatever its JSON type (a subclass says for the schema what it
    should be): handed on as the request sent it (absent: None), so that the service answers
    every problem of the body at once, in its own terms, after whether the caller may see the
    object (404) and act on it (403, 409)."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        return None if data is serializers.empty else data

    def to_internal_value(self, data: Any) -> Any:
        return data

    def to_representation(self, value: Any) -> Any:
        return value


# ---- small shared shapes -------------------------------------------------------------------


class ErrorItemSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(allow_null=True)
    code = serializers.CharField()
    message = serializers.CharField()
    rule = serializers.CharField(allow_null=True)
    # DRF's metaclass moves declared fields off the class; only the stubs see a clash with
    # Field.source (and Serializer.errors below).
    source = serializers.CharField(allow_null=True)  # type: ignore[assignment]


class ErrorSerializer(serializers.Serializer[Any]):
    """Documents the error body of every endpoint (api.errors builds it)."""

    detail = serializers.CharField()
    errors = ErrorItemSerializer(many=True)  # type: ignore[assignment]  # see ErrorItemSerializer


class AgencyRefSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()


class OrganisationRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    jurisdiction = serializers.CharField(source="jurisdiction_id")
    district = serializers.CharField(source="district_id", allow_null=True)


class UserRefSerializer(serializers.Serializer[Any]):
    """A person as the record names them (decisions, filed reports)."""

    id = serializers.IntegerField()
    username = serializers.CharField(source="get_username")
    display_name = serializers.SerializerMethodField()

    def get_display_name(self, user: User) -> str:
        return display_name(user)


class ApplicationSummarySerializer(serializers.ModelSerializer[Application]):
    """One line of a list: the application list and the application of a task."""

    district = serializers.CharField(source="district_id")
    jurisdiction = serializers.CharField(source="jurisdiction_id")

    class Meta:
        model = Application
        fields = (
            "id",
            "reference",
            "kind",
            "title",
            "district",
            "jurisdiction",
            "status",
            "created",
            "submitted_at",
            "decided_at",
        )
        read_only_fields = fields


def uploads_field(help_text: "StrOrPromise", **kwargs: Any) -> serializers.ListField:
    """A body's files (multipart only), handed to the service as its ``uploads``, which checks
    each one (413, 415)."""
    child = serializers.FileField(max_length=None, use_url=False)
    options = {"required": False, "default": list, **kwargs}
    return serializers.ListField(child=child, source="uploads", help_text=help_text, **options)


class RepeatedInFormsMixin(serializers.Field[Any, Any, Any, Any]):
    """A list field: in a form (multipart), the values of the field repeated; in JSON, the
    field's value."""

    def get_value(self, dictionary: Any) -> Any:
        if html.is_html_input(dictionary):
            return dictionary.getlist(self.field_name) if self.field_name in dictionary else empty
        return super().get_value(dictionary)


class PhotosField(RepeatedInFormsMixin, serializers.ListField):
    """Multipart only: up to 3 photos (JPEG or PNG by content, 5 MB each; the service checks
    them as a public report's, ``public.reports.photos``): a report's and a patch
    verification's."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.FileField(max_length=None, use_url=False))
        kwargs.setdefault("required", False)
        kwargs.setdefault("default", list)
        kwargs.setdefault(
            "help_text", _("Multipart only: up to 3 photos (JPEG or PNG, 5 MB each).")
        )
        super().__init__(**kwargs)


def district_query_field() -> serializers.RegexField:
    """A query's district: its six-digit code, or blank for every district the caller may
    read."""
    return serializers.RegexField(
        r"^[0-9]{6}\Z",
        required=False,
        allow_blank=True,
        default="",
        max_length=6,
        error_messages={"invalid": MSG_DISTRICT_API, "max_length": MSG_DISTRICT_API},
    )
