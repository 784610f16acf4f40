"""Reports from the public (product.md §19 P2): the citizen's form and the tracking code's
lookup, and the handling agency's site check and closing. The service checks everything again;
these fields give its messages beside the field before it is asked, every one at once."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from public.models import ReportKind, ReportOutcome
from public.reports import (
    CONTACT_MAX,
    DESCRIPTION_MAX,
    MSG_CHECKED_ON,
    MSG_CLOSE_FINDINGS,
    MSG_CONTACT_LONG,
    MSG_DESCRIPTION,
    MSG_DESCRIPTION_LONG,
    MSG_DISTRICT,
    MSG_FINDINGS,
    MSG_KIND,
    MSG_OUTCOME,
    MSG_PHOTOS_MANY,
    MSG_SITE,
    MSG_TRANSFER_REASON,
    PHOTOS_MAX,
    report_districts,
)
from workflows.services import MSG_TOO_LONG, TEXT_MAX
from workflows.services.sitechecks import MSG_NOT_STAFF, MSG_TWO_INSPECTORS

from ..messages import MSG_CODE
from .common import radio_field
from .people import day_field, person_choices
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
        error_messages=dict.fromkeys(("required", "invalid_choice"), MSG_DISTRICT),
    )
    kind = radio_field(_("What did you see?"), ReportKind.choices, MSG_KIND)
    description = forms.CharField(
        label=_("Describe it"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Where exactly, when, what is happening (no need to name anyone)."),
        error_messages={"required": MSG_DESCRIPTION, "max_length": MSG_DESCRIPTION_LONG},
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


class ReportSiteCheckForm(forms.Form):
    checked_on = day_field(_("Day of the check"), MSG_CHECKED_ON)
    inspectors = forms.MultipleChoiceField(
        label=_("Inspectors"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everyone who went to the site, yourself included: two or more."),
        error_messages={
            "required": MSG_TWO_INSPECTORS,
            "invalid_choice": format_lazy(MSG_NOT_STAFF, names="%(value)s"),
        },
    )
    findings = forms.CharField(
        label=_("What the check found"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": MSG_FINDINGS, "max_length": MSG_TOO_LONG},
    )

    def __init__(self, *args: Any, staff: Iterable[User] = (), **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "check")
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].choices = person_choices(staff)  # type: ignore[attr-defined]


class ReportCloseForm(forms.Form):
    outcome = radio_field(_("Outcome"), ReportOutcome.choices, MSG_OUTCOME)
    findings = forms.CharField(
        label=_("Findings"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": MSG_CLOSE_FINDINGS, "max_length": MSG_TOO_LONG},
    )
    application = forms.CharField(
        label=_("Permit breached (reference)"),
        required=False,
        max_length=20,
        help_text=_(
            "With a permit breach only: the permit's reference; its correction is ordered."
        ),
    )
    order = forms.CharField(
        label=_("Correction ordered"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "With a permit breach only: what the holder must correct, printed on the "
            "rectification notice. Say nothing there of the report or the reporter."
        ),
        error_messages={"max_length": MSG_TOO_LONG},
    )

    def __init__(self, *args: Any, may_refer: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "close")
        super().__init__(*args, **kwargs)
        if not may_refer:  # a referral to the police is the head's (public.reports)
            choices = [c for c in ReportOutcome.choices if c[0] != ReportOutcome.REFERRED]
            self.fields["outcome"].choices = choices  # type: ignore[attr-defined]


class ReportTransferForm(forms.Form):
    district = forms.ChoiceField(
        label=_("District it belongs to"),
        error_messages=dict.fromkeys(("required", "invalid_choice"), MSG_DISTRICT),
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": MSG_TRANSFER_REASON, "max_length": MSG_TOO_LONG},
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "transfer")
        super().__init__(*args, **kwargs)
        districts = report_districts().exclude(code=current).values_list("code", "name")
        self.fields["district"].choices = [("", "—"), *districts]  # type: ignore[attr-defined]
