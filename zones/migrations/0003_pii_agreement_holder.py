import core.pii
from core.pii_rotation import pii_column_decrypt, pii_column_encrypt
from django.db import migrations

# The holders written in clear before (issue 49) encrypted under the active key of
# PERMITS_PII_KEY_FILE; the reverse writes them back in clear (it needs the same keys).


def holders_encrypt(apps, schema_editor):
    pii_column_encrypt(apps.get_model("zones", "Parcel"), "agreement_holder")


def holders_decrypt(apps, schema_editor):
    pii_column_decrypt(apps.get_model("zones", "Parcel"), "agreement_holder")


class Migration(migrations.Migration):

    dependencies = [
        ("zones", "0002_boundaries"),
    ]

    operations = [
        migrations.AlterField(
            model_name="parcel",
            name="agreement_holder",
            field=core.pii.EncryptedTextField(
                blank=True, max_length=200, verbose_name="management agreement holder (管护协议)"
            ),
        ),
        migrations.RunPython(holders_encrypt, holders_decrypt, elidable=False),
    ]
