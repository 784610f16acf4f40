"""The auditor's workspace: the event search."""

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from viewflow.forms import Layout, Row

from audit.choices import AuditAction
from permits.choices import Status
from roles.models import Agency

from .dashboard import StatsPeriodForm


class AuditSearchForm(StatsPeriodForm):
    """Event search (product.md §7, §13): who, which agency, what, which application, when, with
    which outcome (the status it led to)."""

    actor = forms.CharField(label=_("Person (user name)"), required=False, max_length=150)
    # The agency by its name; the value is its code, what the events store.
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    application = forms.CharField(label=_("Reference"), required=False, max_length=20)
    outcome = forms.ChoiceField(label=_("Outcome (status after)"), required=False)

    layout = Layout(
        Row("actor", "agency", "action"), Row("application", "outcome"), Row("since", "until")
    )

    def __init__(self, *args: Any, agencies: Iterable[Agency] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["agency"]).choices = [
            ("", _("All")),
            *((agency.code, agency.name) for agency in agencies),
        ]
        cast(forms.ChoiceField, self.fields["action"]).choices = [
            ("", _("All")),
            *AuditAction.choices,
        ]
        cast(forms.ChoiceField, self.fields["outcome"]).choices = [("", _("All")), *Status.choices]
