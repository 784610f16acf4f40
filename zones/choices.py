"""The forest's origin (起源), one vocabulary for the 小班 registry and the applications: the
site rules compare the origin an application declares with its parcels' (``permits.rules``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ForestOrigin(models.TextChoices):
    NATURAL = "natural", _("Natural forest")
    PLANTED = "planted", _("Planted forest")
