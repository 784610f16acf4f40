from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("public", "0005_enforcement_cases_to_cases"),
    ]

    operations = [
        migrations.DeleteModel(
            name="EnforcementCase",
        ),
    ]
