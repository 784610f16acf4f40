import core.pii
from core.pii_rotation import pii_column_decrypt, pii_column_encrypt
from django.db import migrations

# The parties' names and id numbers written in clear before (issue 49) encrypted under the
# active key of PERMITS_PII_KEY_FILE; the reverse writes them back in clear (same keys).
PERSONAL = ("party_name", "party_id_number")


def parties_encrypt(apps, schema_editor):
    for name in PERSONAL:
        pii_column_encrypt(apps.get_model("enforcement", "Case"), name)


def parties_decrypt(apps, schema_editor):
    for name in PERSONAL:
        pii_column_decrypt(apps.get_model("enforcement", "Case"), name)


class Migration(migrations.Migration):

    dependencies = [
        ("enforcement", "0004_referral"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="party_name",
            field=core.pii.EncryptedTextField(blank=True, max_length=120, verbose_name="party"),
        ),
        migrations.AlterField(
            model_name="case",
            name="party_id_number",
            field=core.pii.EncryptedTextField(blank=True, max_length=18, verbose_name="id number"),
        ),
        migrations.RunPython(parties_encrypt, parties_decrypt, elidable=False),
    ]
