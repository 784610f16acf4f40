import django.db.models.deletion
from django.db import migrations, models

TIANJIN = "120000"
# workflows.reference.PROTECTION_WORK, as it was when this migration was written.
CERTIFICATE_PREFIX = "津规资林抚审"
REFUSAL_PREFIX = "津规资林抚不许"


def tianjin_protection_work_route(apps, schema_editor):
    """product.md §16 L9: Tianjin's tending route, whose district step is final, sends protection
    work in a core zone to Tianjin's municipal forestry agency. Only where the route and that one
    agency exist and an administrator has set nothing yet; running passes keep their frozen
    route."""
    Route = apps.get_model("workflows", "Route")
    Agency = apps.get_model("roles", "Agency")
    agencies = list(
        Agency.objects.filter(jurisdiction_id=TIANJIN, level="municipal", kind="forestry")[:2]
    )
    if len(agencies) != 1:
        return
    Route.objects.filter(
        jurisdiction_id=TIANJIN,
        kind="tending",
        final_agency__isnull=True,
        protection_work_final_agency__isnull=True,
    ).update(
        protection_work_final_agency=agencies[0],
        protection_work_certificate_prefix=CERTIFICATE_PREFIX,
        protection_work_refusal_prefix=REFUSAL_PREFIX,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0002_alter_organisation_unified_credit_code"),
        ("workflows", "0006_authority_fee"),
    ]

    operations = [
        migrations.AddField(
            model_name="route",
            name="protection_work_final_agency",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "product.md §16 L9: when rule T2's advice on fire prevention or pest control "
                    "in a nature-reserve core zone applies, the final step goes to this agency "
                    "(only where the route has no final step of its own)."
                ),
                limit_choices_to={"level": "municipal"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="roles.agency",
                verbose_name="protection work in a core zone: approving agency",
            ),
        ),
        migrations.AddField(
            model_name="route",
            name="protection_work_certificate_prefix",
            field=models.CharField(
                blank=True,
                help_text="The approving agency's own, e.g. 津规资林抚审.",
                max_length=20,
                verbose_name="protection work: certificate number prefix",
            ),
        ),
        migrations.AddField(
            model_name="route",
            name="protection_work_refusal_prefix",
            field=models.CharField(
                blank=True,
                help_text="For a refusal at that agency's step, e.g. 津规资林抚不许.",
                max_length=20,
                verbose_name="protection work: refusal decision number prefix",
            ),
        ),
        migrations.RunPython(tianjin_protection_work_route, migrations.RunPython.noop),
    ]
