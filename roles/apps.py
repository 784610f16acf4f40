from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = _("Agencies and roles")

    def ready(self) -> None:
        from .services import permission_ids_forget

        # After migrate and after a flush (tests): the permission rows may have new ids.
        post_migrate.connect(permission_ids_forget, dispatch_uid="roles.permission_ids_forget")
