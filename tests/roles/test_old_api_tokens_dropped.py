"""An upgraded installation's old DRF tokens (keys in clear) are dropped with their table."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def test_the_old_token_table_and_its_clear_keys_are_dropped(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate([("roles", "0005_password_records")])
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY)")
        cursor.execute("INSERT INTO authtoken_token VALUES ('0123456789abcdef')")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert "authtoken_token" not in connection.introspection.table_names()
