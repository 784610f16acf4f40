from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForestWatchConfig(AppConfig):
    name = "forest_watch"
    verbose_name = _("Forest supervision: change patches")

    def ready(self) -> None:
        # A patch's acts record its status on their events: the trail labels it.
        from audit.labels import labels_extend

        from .choices import PatchStatus

        labels_extend("status", dict(PatchStatus.choices))
