"""Issue 29: the scheduled reports are obligations now (0008); the table goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("permits", "0008_obligations_fold")]

    operations = [migrations.DeleteModel(name="ScheduledReport")]
