from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from roles.signals import administered, role_granted, role_revoked

        from . import sign_ins
        from .administration import on_administered

        # Identity on the chain (issue 47 item 4): every door's sign-in, failure, lockout and
        # sign-out, and every role change, whoever makes it.
        user_logged_in.connect(sign_ins.on_logged_in, dispatch_uid="audit.login")
        user_login_failed.connect(sign_ins.on_login_failed, dispatch_uid="audit.login_failed")
        user_locked_out.connect(sign_ins.on_locked_out, dispatch_uid="audit.login_locked")
        user_logged_out.connect(sign_ins.on_logged_out, dispatch_uid="audit.logout")
        role_granted.connect(sign_ins.on_role_granted, dispatch_uid="audit.role_granted")
        role_revoked.connect(sign_ins.on_role_revoked, dispatch_uid="audit.role_revoked")
        # roles sits below the trail: its administrators' acts reach it as a signal.
        administered.connect(on_administered, dispatch_uid="audit.administered")
