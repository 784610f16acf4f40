from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """The annual plan per 小班 (product.md §19 P4): what each district is to do where, year by
    year, imported as versions like the map layers."""

    name = "plans"
    verbose_name = _("Annual plans")
