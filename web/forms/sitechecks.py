"""The task page's site check (现场查验, product.md §16 L12; Administrative Licensing Law art. 34
para. 3): the day, who of the agency went, what they found, the area they measured and the
record's files. The service checks everything again; these fields give its messages beside the
field before it is asked, every one at once."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _
from viewflow.forms import Layout, Row

from core.messages import (
    MSG_AREA_WORKFLOWS,
    MSG_DATE_WORKFLOWS,
    MSG_DECLARED_AREA,
    MSG_FINDINGS,
    MSG_NOT_STAFF,
    MSG_TOO_MANY_SITE_CHECK_FILES,
    MSG_TWO_INSPECTORS,
)
from workflows.services.sitechecks import AREA_MAX

from .common import PostedForm, record_text
from .people import day_field, inspectors_field, person_choices
from .procedures import MultipleFileField

# Files of one check: its record (记录表) and photos, each checked by the service like any upload.
SITE_CHECK_FILES_MAX = 20
SITE_CHECK_HELP = _(
    "Where the substance of an application must be verified, two or more of the agency's staff "
    "check it (Administrative Licensing Law art. 34 para. 3). This step approves the occupation "
    "only once the check is recorded; the applicant reads it with the application."
)
INSPECTORS_HELP = _("Tick everyone who went to the site, yourself included: two or more.")


class SiteCheckForm(PostedForm):
    """Record a site check on the district step of an occupation. ``inspectors``: the people the
    service accepts (``web.sitechecks.site_check_inspectors``), offered as checkboxes."""

    checked_on = day_field(_("Day of the check"), MSG_DATE_WORKFLOWS)
    measured_area_ha = forms.DecimalField(
        label=_("Measured area (ha)"),
        error_messages=dict.fromkeys(("required", "invalid"), MSG_AREA_WORKFLOWS),
    )
    findings = record_text(_("Findings"), rows=4, required=MSG_FINDINGS)
    inspectors = inspectors_field(INSPECTORS_HELP, MSG_TWO_INSPECTORS, MSG_NOT_STAFF)
    files_field = "record_files"
    record_files = MultipleFileField(label=_("Record and photos (optional)"), required=False)

    layout = Layout(Row("checked_on", "measured_area_ha"), "findings")

    def __init__(
        self,
        *args: Any,
        inspectors: Iterable[User] = (),
        declared_area: Decimal | None = None,
        today: date,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", "site-check")
        super().__init__(*args, **kwargs)
        self.today = today
        cast(forms.MultipleChoiceField, self.fields["inspectors"]).choices = person_choices(
            inspectors
        )
        if declared_area is not None:
            area = f"{declared_area.normalize():f}"
            self.fields["measured_area_ha"].help_text = MSG_DECLARED_AREA % {"area": area}

    def clean_checked_on(self) -> date:
        day: date = self.cleaned_data["checked_on"]
        if day > self.today:
            raise forms.ValidationError(MSG_DATE_WORKFLOWS)
        return day

    def clean_measured_area_ha(self) -> Decimal:
        area: Decimal = self.cleaned_data["measured_area_ha"]
        if not area.is_finite() or not 0 < area <= AREA_MAX:
            raise forms.ValidationError(MSG_AREA_WORKFLOWS)
        return area

    def clean_inspectors(self) -> list[str]:
        names: list[str] = self.cleaned_data["inspectors"]
        if len(set(names)) < 2:
            raise forms.ValidationError(MSG_TWO_INSPECTORS)
        return names

    def clean_record_files(self) -> list[Any]:
        files: list[Any] = self.cleaned_data["record_files"]
        if len(files) > SITE_CHECK_FILES_MAX:
            raise forms.ValidationError(
                MSG_TOO_MANY_SITE_CHECK_FILES % {"most": SITE_CHECK_FILES_MAX}
            )
        return files
