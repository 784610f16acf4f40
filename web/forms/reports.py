"""The reports a permit obliges its holder to file."""

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from viewflow.forms import Layout

from permits.models import ScheduledReport


class ReportForm(forms.Form):
    """The permit holder files one of the reports the permit obliges (monitoring, restoration)."""

    report = forms.TypedChoiceField(label=_("Report due"), coerce=int)
    text = forms.CharField(
        label=pgettext_lazy("report text", "Report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was monitored or restored, and what was found."),
    )
    file = forms.FileField(label=_("Attachment (optional)"), required=False)

    layout = Layout("report", "text", "file")

    def __init__(self, *args: Any, reports: Sequence[ScheduledReport] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["report"]).choices = [
            (r.pk, report_label(r)) for r in reports
        ]
        if reports:
            self.fields["report"].initial = reports[0].pk


def report_label(report: ScheduledReport) -> str:
    return _("%(kind)s no. %(number)s, due %(due)s") % {
        "kind": report.get_kind_display(),
        "number": report.sequence,
        "due": report.due_date.isoformat(),
    }
