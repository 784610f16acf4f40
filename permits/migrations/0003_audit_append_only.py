"""The database itself refuses to change or delete audit events (product.md §7).

PostgreSQL: a row trigger on UPDATE and DELETE (TRUNCATE, a table owner's operation that test
databases use to reset, is not a row change and is left to database privileges).
SQLite: one trigger each for UPDATE and DELETE.
"""

from django.db import migrations

MESSAGE = "audit events are append-only"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION permits_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER permits_auditevent_append_only
    BEFORE UPDATE OR DELETE ON permits_auditevent
    FOR EACH ROW EXECUTE FUNCTION permits_auditevent_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS permits_auditevent_append_only ON permits_auditevent;
DROP FUNCTION IF EXISTS permits_auditevent_append_only();
"""
SQLITE_UP = [
    f"""CREATE TRIGGER permits_auditevent_no_update BEFORE UPDATE ON permits_auditevent
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER permits_auditevent_no_delete BEFORE DELETE ON permits_auditevent
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS permits_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS permits_auditevent_no_delete;",
]


def forwards(apps, schema_editor):
    statements = {"postgresql": [POSTGRES_UP], "sqlite": SQLITE_UP}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"postgresql": [POSTGRES_DOWN], "sqlite": SQLITE_DOWN}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("permits", "0002_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
