from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import checks  # noqa: F401  registers the deploy checks
        from .forms import forms_changed
        from .models import DecisionForm

        post_save.connect(forms_changed, sender=DecisionForm, dispatch_uid="documents.forms_saved")
        post_delete.connect(forms_changed, sender=DecisionForm, dispatch_uid="documents.forms_gone")
