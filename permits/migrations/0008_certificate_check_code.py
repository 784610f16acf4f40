"""A random check code (校验码) per decision document; existing documents get their own."""

from django.db import migrations, models

import permits.models


def backfill(apps, schema_editor):
    Certificate = apps.get_model("permits", "Certificate")
    for certificate in Certificate.objects.filter(check_code="").only("pk"):
        Certificate.objects.filter(pk=certificate.pk).update(
            check_code=permits.models.check_code_new()
        )


class Migration(migrations.Migration):
    dependencies = [("permits", "0007_input_bounds")]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="check_code",
            field=models.CharField(
                default="", editable=False, max_length=32, verbose_name="check code"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="certificate",
            name="check_code",
            field=models.CharField(
                default=permits.models.check_code_new,
                editable=False,
                max_length=32,
                verbose_name="check code",
            ),
        ),
    ]
