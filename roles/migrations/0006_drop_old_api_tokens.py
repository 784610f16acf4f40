"""The API tokens of Django REST framework's ``authtoken`` app, which knox replaced (issue 47
item 3): an installation that had them keeps its ``authtoken_token`` table, whose keys sit in
clear text though nothing reads them any more. The table goes; an installation that never had
it has nothing to drop."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("roles", "0005_password_records")]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop),
    ]
