"""The forms of a change patch's page (issue 48): the field verification on a phone, the send
on, the head's close. The service checks every value again and names what it refuses."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from core.messages import (
    MSG_PATCH_AREA,
    MSG_PATCH_CHANGE_TYPE,
    MSG_PATCH_CHECKED_ON,
    MSG_PATCH_FINDING,
    MSG_PATCH_FINDINGS,
    MSG_PATCH_INSPECTORS,
    MSG_PATCH_NOT_STAFF,
    MSG_PATCH_OUTCOME,
    MSG_PATCH_SEND_DISTRICT,
    MSG_PATCH_SEND_REASON,
    MSG_PHOTOS_MANY,
)
from forest_watch.choices import ChangeType, Outcome
from public.reports import PHOTOS_MAX

from .common import ServiceForm, radio_field, record_text
from .people import day_field, inspectors_field, person_choices
from .procedures import MultipleFileField, MultipleFileInput


class PatchVerifyForm(ServiceForm):
    checked_on = day_field(_("Day of the field check"), MSG_PATCH_CHECKED_ON)
    inspectors = inspectors_field(
        _("Tick everyone who went to the patch, yourself included: two or more."),
        MSG_PATCH_INSPECTORS,
        MSG_PATCH_NOT_STAFF,
    )
    change_type = radio_field(_("Change found"), ChangeType.choices, MSG_PATCH_CHANGE_TYPE)
    finding = record_text(_("What the field check found"), rows=4, required=MSG_PATCH_FINDING)
    permit_reference = forms.CharField(
        label=_("Permit found (reference)"), required=False, max_length=20
    )
    measured_area_ha = forms.DecimalField(
        label=_("Measured area (ha)"),
        min_value=0,
        max_digits=14,
        decimal_places=4,
        error_messages=dict.fromkeys(("required", "invalid", "min_value"), MSG_PATCH_AREA),
    )
    longitude = forms.FloatField(label=_("Longitude of the position"), required=False)
    latitude = forms.FloatField(label=_("Latitude of the position"), required=False)
    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to 3 photos (JPEG or PNG, 5 MB each)."),
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png", "capture": "environment"}
        ),
    )

    def __init__(self, *args: Any, staff: Iterable[User] = (), **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "verify")
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].choices = person_choices(staff)  # type: ignore[attr-defined]

    def clean_photos(self) -> list[Any]:
        files: list[Any] = self.cleaned_data["photos"]
        if len(files) > PHOTOS_MAX:
            raise forms.ValidationError(MSG_PHOTOS_MANY)
        return files

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        lon, lat = data.pop("longitude"), data.pop("latitude")
        data["position"] = (
            {"type": "Point", "coordinates": [lon, lat]}
            if lon is not None and lat is not None
            else None
        )
        return data


class PatchSendOnForm(ServiceForm):
    district = forms.ChoiceField(
        label=_("District the patch lies in"),
        error_messages={
            "required": MSG_PATCH_SEND_DISTRICT,
            "invalid_choice": MSG_PATCH_SEND_DISTRICT,
        },
    )
    reason = record_text(
        _("Why it lies outside this district"), rows=2, required=MSG_PATCH_SEND_REASON
    )

    def __init__(
        self, *args: Any, districts: Iterable[tuple[str, str]] = (), **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "send")
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", "—"), *districts]  # type: ignore[attr-defined]


class PatchCloseForm(ServiceForm):
    outcome = radio_field(_("Outcome"), Outcome.choices, MSG_PATCH_OUTCOME)
    findings = record_text(_("Findings"), rows=4, required=MSG_PATCH_FINDINGS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "close")
        super().__init__(*args, **kwargs)
