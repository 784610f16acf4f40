"""The 小班 registry's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from viewflow.forms import Layout, Row

from roles.models import District

from .common import DistrictChoiceField


class ParcelFilterForm(forms.Form):
    district = DistrictChoiceField(
        label=_("District"),
        required=False,
        queryset=District.objects.select_related("jurisdiction"),
    )
    compartment = forms.CharField(
        label=_("Compartment"),
        required=False,
        max_length=41,
        help_text=_("A 林班 (“12”) or a 林班-小班 code (“12-3”)."),
    )

    layout = Layout(Row("district", "compartment"))
