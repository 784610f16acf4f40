"""An upgraded installation's old DRF tokens (keys in clear) are dropped with their table.

Migration roles 0006 is run by itself on a database that has the table, as the upgrade runs it:
migrating the whole project back to roles 0005 and forward again (every app that depends on a
later roles migration unapplied and applied, 47 s on SQLite) would run the same operation."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

DROP = ("roles", "0006_drop_old_api_tokens")


def test_the_old_token_table_and_its_clear_keys_are_dropped(transactional_db):
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    # An installation at roles 0005 or earlier runs it on its way to the current schema.
    assert DROP in graph.forwards_plan(max(graph.leaf_nodes("roles")))
    assert DROP in executor.loader.applied_migrations
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY)")
        cursor.execute("INSERT INTO authtoken_token VALUES ('0123456789abcdef')")
    drop = executor.loader.get_migration(*DROP)
    state = executor.loader.project_state(DROP, at_end=False)
    with connection.schema_editor(atomic=drop.atomic) as editor:
        drop.apply(state, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    # An installation that never had the table has nothing to drop.
    with connection.schema_editor(atomic=drop.atomic) as editor:
        drop.apply(executor.loader.project_state(DROP, at_end=False), editor)
