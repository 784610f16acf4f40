import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

REVIEW_ACTIONS = ("approve", "reject", "return", "agree", "disagree")


def decisions_from_audit_events(apps, schema_editor):
    """Decisions were rebuilt from audit events until now: read the events once, keep them as
    rows. Same names, dates and opinions, so existing documents re-render identically."""
    AuditEvent = apps.get_model("permits", "AuditEvent")
    Agency = apps.get_model("roles", "Agency")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    PermitProcess = apps.get_model("workflows", "PermitProcess")
    ReviewDecision = apps.get_model("workflows", "ReviewDecision")
    Task = apps.get_model("viewflow", "Task")
    agencies = set(Agency.objects.values_list("pk", flat=True))
    users = set(User.objects.values_list("pk", flat=True))
    done = set(ReviewDecision.objects.exclude(task_id=None).values_list("task_id", flat=True))
    events = AuditEvent.objects.filter(action__in=REVIEW_ACTIONS, application__isnull=False)
    for event in events.order_by("seq").iterator():
        details = event.details or {}
        task_id = details.get("task_id")
        if task_id in done:
            continue
        process_id = Task.objects.filter(pk=task_id).values_list("process_id", flat=True).first()
        if process_id is None or not PermitProcess.objects.filter(pk=process_id).exists():
            # No task any more: the pass that was running when the decision was made.
            process_id = (
                PermitProcess.objects.filter(
                    application_id=event.application_id, created__lte=event.at
                )
                .order_by("-pk")
                .values_list("pk", flat=True)
                .first()
            )
        if process_id is None:
            continue
        ReviewDecision.objects.create(
            process_id=process_id,
            application_id=event.application_id,
            task_id=task_id,
            step=details.get("step", ""),
            agency_id=event.agency_id if event.agency_id in agencies else None,
            agency_name=event.agency_name,
            decided_by_id=event.actor_id if event.actor_id in users else None,
            decided_by_name=event.actor_display_name,
            decision=event.action,
            opinion=event.opinion,
            against_disagreement=details.get("against_disagreement", []),
            decided_at=event.at,
        )
        done.add(task_id)


class Migration(migrations.Migration):
    dependencies = [
        ("permits", "0006_report_labels"),
        ("roles", "0001_initial"),
        ("workflows", "0005_frozen_route"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("task_id", models.BigIntegerField(blank=True, null=True, unique=True)),
                (
                    "step",
                    models.CharField(
                        choices=[
                            ("district_review", "District review"),
                            ("consultation", "Consultation"),
                            ("municipal_review", "Municipal review"),
                        ],
                        max_length=20,
                        verbose_name="step",
                    ),
                ),
                ("agency_name", models.CharField(max_length=80, verbose_name="agency")),
                ("decided_by_name", models.CharField(max_length=150, verbose_name="decided by")),
                (
                    "decision",
                    models.CharField(
                        choices=[
                            ("approve", "Approve"),
                            ("reject", "Reject"),
                            ("return", "Return for revision"),
                            ("agree", "Agree"),
                            ("disagree", "Disagree"),
                        ],
                        max_length=10,
                        verbose_name="decision",
                    ),
                ),
                ("opinion", models.TextField(blank=True, verbose_name="opinion")),
                (
                    "against_disagreement",
                    models.JSONField(
                        blank=True,
                        default=list,
                        verbose_name="approved against the disagreement of",
                    ),
                ),
                (
                    "decided_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="decided"),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="roles.agency",
                    ),
                ),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decisions",
                        to="permits.application",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "process",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decisions",
                        to="workflows.permitprocess",
                    ),
                ),
            ],
            options={
                "verbose_name": "review decision",
                "verbose_name_plural": "review decisions",
                "ordering": ["decided_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ReturnItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("field", models.CharField(blank=True, max_length=100, verbose_name="field")),
                (
                    "attachment_kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("design_document", "Operation design document"),
                            ("site_map", "Site map"),
                            ("project_approval", "Project approval"),
                            ("risk_assessment", "Risk assessment"),
                            ("quarantine_certificate", "Quarantine certificate"),
                            ("restoration_plan", "Restoration plan"),
                            ("other", "Other"),
                        ],
                        max_length=30,
                        verbose_name="attachment kind",
                    ),
                ),
                ("message", models.TextField(verbose_name="message")),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="return_items",
                        to="workflows.reviewdecision",
                    ),
                ),
            ],
            options={
                "verbose_name": "return item",
                "verbose_name_plural": "return items",
                "ordering": ["pk"],
            },
        ),
        migrations.RunPython(decisions_from_audit_events, migrations.RunPython.noop),
    ]
