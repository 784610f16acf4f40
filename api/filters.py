"""Query-string filters of the list endpoints. A bad value answers 400 with the parameter as
``field`` (django-filter raises DRF's ValidationError, which errors.py shapes)."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from audit.models import AuditEvent
from permits.choices import Kind, Status
from permits.models import Application
from permits.selectors import SEARCH_MAX_LENGTH, application_search
from permits.validators import MAX_ID, validate_query_datetime


class IdField(forms.IntegerField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{"min_value": 1, "max_value": MAX_ID, **kwargs})


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IntegerFilter(django_filters.NumberFilter):
    # The stubs pin NumberFilter's field to DecimalField; any number field works at runtime.
    field_class = IdField  # type: ignore[assignment]


class BoundedDateTimeField(django_filters.fields.IsoDateTimeField):
    default_validators = [validate_query_datetime]


class BoundedIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = BoundedDateTimeField


class ApplicationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices)
    district = django_filters.CharFilter(field_name="district_id", help_text=_("GB/T 2260 code"))
    q = django_filters.CharFilter(
        method="filter_q",
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Part of the reference, of the title or of the applicant organisation's name."),
    )

    class Meta:
        model = Application
        fields = ["kind", "status", "district", "q"]

    def filter_q(
        self, queryset: QuerySet[Application], name: str, value: str
    ) -> QuerySet[Application]:
        return queryset.filter(application_search(value))


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        method="filter_actor", help_text=_("User name or user id of the actor.")
    )
    agency = django_filters.CharFilter(field_name="agency_code", help_text=_("Agency code."))
    action = django_filters.CharFilter(field_name="action")
    application = IntegerFilter(field_name="application_id")
    since = BoundedIsoDateTimeFilter(field_name="at", lookup_expr="gte")
    until = BoundedIsoDateTimeFilter(field_name="at", lookup_expr="lte")

    class Meta:
        model = AuditEvent
        fields = ["actor", "agency", "action", "application", "since", "until"]

    def filter_actor(
        self, queryset: QuerySet[AuditEvent], name: str, value: str
    ) -> QuerySet[AuditEvent]:
        if value.isdigit() and int(value) <= MAX_ID:
            return queryset.filter(Q(actor_id=int(value)) | Q(actor_username=value))
        return queryset.filter(actor_username=value)
