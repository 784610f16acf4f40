"""The dashboard's period."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from viewflow.forms import Layout, Row

from core.messages import MSG_PERIOD_REVERSED


class StatsPeriodForm(forms.Form):
    """The dashboard's period: both ends optional, ISO dates."""

    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))

    layout = Layout(Row("since", "until"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", MSG_PERIOD_REVERSED)
        return data
