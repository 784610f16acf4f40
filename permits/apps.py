from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = _("Permits")

    def ready(self) -> None:
        from audit.bindings import binding_check_register
        from audit.labels import ACTION_LABELS, labels_register

        from .choices import Decision, Status, Step
        from .integrity import facts_unbound

        # The trail labels the codes of the application record it carries (audit.labels).
        labels_register("status", dict(Status.choices))
        # A review decision is recorded as the audit action of the same value
        # (``DECISION_ACTION``), so the two read alike: "退回补正" on the workspace's row and
        # in the official's report.
        labels_register("decision", {d.value: ACTION_LABELS[d.value] for d in Decision})
        labels_register("step", dict(Step.choices))
        # manage.py audit_verify holds each application's record against its events.
        binding_check_register(facts_unbound)
