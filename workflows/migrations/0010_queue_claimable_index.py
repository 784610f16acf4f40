"""Indexes for the reviewer's queue (tasks open and unclaimed, oldest first), issue 10.

``tasks_for_user(queue="queue")`` filters on the task's agency and permission, its status and
owner, and orders by creation. ``0002``'s index finds an agency's tasks, but neither in that
order nor by owner: at a million applications (some 90,000 tasks in one district's queue)
PostgreSQL read all of them from the table to count them, and walked the table's creation-date
index past the other districts' tasks for a page (bench/README.md). Both indexes hold only
claimable tasks (a task leaves them when claimed or done):

- ``workflows_task_claimable_idx`` in the queue's order: a page of 50 is an index scan that
  stops after 50 rows;
- ``workflows_task_claimable_count_idx`` on the agency and permission alone: its entries are
  deduplicated (one key, a list of rows), about a tenth of the size of the first, so the exact
  ``count`` is an index-only scan of a few dozen pages.

The table is viewflow's, so the indexes are created with SQL rather than a model Meta
(PostgreSQL and SQLite both have partial indexes).
"""

from django.db import migrations

CLAIMABLE = "status = 'NEW' AND owner_id IS NULL AND flow_task_type = 'HUMAN'"
INDEXES = {
    "workflows_task_claimable_idx": "owner_permission_obj_pk, owner_permission, created, id",
    "workflows_task_claimable_count_idx": "owner_permission_obj_pk, owner_permission",
}


class Migration(migrations.Migration):
    dependencies = [("workflows", "0009_step_clocks"), ("viewflow", "0015_task_scheduled")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON viewflow_task ({columns}) WHERE {CLAIMABLE}",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
