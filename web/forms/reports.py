"""Reports from the public (product.md §19 P2): the citizen's form and the tracking code's
lookup, and the handling agency's site check and closing. The service checks everything again;
these fields give its messages beside the field before it is asked, every one at once."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from core.messages import (
    MSG_CHECKED_ON,
    MSG_CLOSE_FINDINGS,
    MSG_CODE,
    MSG_CONTACT_LONG,
    MSG_DESCRIPTION,
    MSG_DESCRIPTION_LONG,
    MSG_DISTRICT_PUBLIC,
    MSG_FINDINGS,
    MSG_KIND_PUBLIC,
    MSG_NOT_STAFF,
    MSG_OUTCOME_PUBLIC,
    MSG_PHOTOS_MANY,
    MSG_SITE,
    MSG_TRANSFER_REASON,
    MSG_TWO_INSPECTORS,
)
from public.models import ReportKind, ReportOutcome
from public.reports import CONTACT_MAX, DESCRIPTION_MAX, PHOTOS_MAX, report_districts

from .common import ServiceForm, radio_field, record_text, text_area
from .people import day_field, inspectors_field, person_choices
from .procedures import MultipleFileField, MultipleFileInput

SITE_HELP = _(
    "Tap the map at the place (one point), or tap the corners of an area and press “Finish”; "
    "or paste a GeoJSON Point or Polygon."
)
CONTACT_HELP = _(
    "Optional. Only the agency handling the report reads it; it is never published or exported."
)
PHOTOS_HELP = _("Optional: up to 3 photos, JPEG or PNG, 5 MB each.")


class PublicReportForm(forms.Form):
    district = forms.ChoiceField(
        label=_("District"),
        error_messages=dict.fromkeys(("required", "invalid_choice"), MSG_DISTRICT_PUBLIC),
    )
    kind = radio_field(_("What did you see?"), ReportKind.choices, MSG_KIND_PUBLIC)
    description = text_area(
        _("Describe it"),
        rows=5,
        max_length=DESCRIPTION_MAX,
        required=MSG_DESCRIPTION,
        too_long=MSG_DESCRIPTION_LONG,
        help_text=_("Where exactly, when, what is happening (no need to name anyone)."),
    )
    site_geometry = forms.CharField(
        label=_("Place (GeoJSON)"),
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=SITE_HELP,
        error_messages={"required": MSG_SITE},
    )
    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        help_text=PHOTOS_HELP,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    contact = forms.CharField(
        label=_("How to reach you"),
        required=False,
        max_length=CONTACT_MAX,
        help_text=CONTACT_HELP,
        error_messages={"max_length": MSG_CONTACT_LONG},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        districts = report_districts().values_list("code", "name")
        self.fields["district"].choices = [("", "—"), *districts]  # type: ignore[attr-defined]

    def clean_photos(self) -> list[Any]:
        files: list[Any] = self.cleaned_data["photos"]
        if len(files) > PHOTOS_MAX:
            raise forms.ValidationError(MSG_PHOTOS_MANY)
        return files


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        error_messages=dict.fromkeys(("required", "max_length"), MSG_CODE),
    )


class ReportSiteCheckForm(ServiceForm):
    checked_on = day_field(_("Day of the check"), MSG_CHECKED_ON)
    inspectors = inspectors_field(
        _("Tick everyone who went to the site, yourself included: two or more."),
        MSG_TWO_INSPECTORS,
        MSG_NOT_STAFF,
    )
    findings = record_text(_("What the check found"), rows=4, required=MSG_FINDINGS)

    def __init__(self, *args: Any, staff: Iterable[User] = (), **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "check")
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].choices = person_choices(staff)  # type: ignore[attr-defined]


class ReportCloseForm(ServiceForm):
    outcome = radio_field(_("Outcome"), ReportOutcome.choices, MSG_OUTCOME_PUBLIC)
    findings = record_text(_("Findings"), rows=4, required=MSG_CLOSE_FINDINGS)
    application = forms.CharField(
        label=_("Permit breached (reference)"),
        required=False,
        max_length=20,
        help_text=_(
            "With a permit breach only: the permit's reference; its correction is ordered."
        ),
    )
    order = record_text(
        _("Correction ordered"),
        rows=3,
        help_text=_(
            "With a permit breach only: what the holder must correct, printed on the "
            "rectification notice. Say nothing there of the report or the reporter."
        ),
    )

    def __init__(self, *args: Any, may_refer: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "close")
        super().__init__(*args, **kwargs)
        if not may_refer:  # a referral to the police is the head's (public.reports)
            choices = [c for c in ReportOutcome.choices if c[0] != ReportOutcome.REFERRED]
            self.fields["outcome"].choices = choices  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {**data, "application": data["application"] or None, "order": data["order"] or None}


class ReportTransferForm(ServiceForm):
    district = forms.ChoiceField(
        label=_("District it belongs to"),
        error_messages=dict.fromkeys(("required", "invalid_choice"), MSG_DISTRICT_PUBLIC),
    )
    reason = record_text(_("Why"), rows=2, required=MSG_TRANSFER_REASON)

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "transfer")
        super().__init__(*args, **kwargs)
        districts = report_districts().exclude(code=current).values_list("code", "name")
        self.fields["district"].choices = [("", "—"), *districts]  # type: ignore[attr-defined]
