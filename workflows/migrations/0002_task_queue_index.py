"""An index for the reviewer's queue: tasks are matched on (agency, permission, status).

The table is viewflow's, so the index is created with SQL rather than a model Meta.
"""

from django.db import migrations

INDEX = "workflows_task_queue_idx"


class Migration(migrations.Migration):
    dependencies = [("workflows", "0001_initial"), ("viewflow", "0015_task_scheduled")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON viewflow_task "
            "(owner_permission_obj_pk, owner_permission, status)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
