"""On PostgreSQL the database itself refuses UPDATE and DELETE on the audit trail, whatever the client.

SQLite has no such guard here: the test suite's flush between transactional tests deletes rows, and the
ORM already refuses changes there.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION sharing_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS sharing_auditevent_append_only ON sharing_auditevent;
CREATE TRIGGER sharing_auditevent_append_only BEFORE UPDATE OR DELETE ON sharing_auditevent
    FOR EACH ROW EXECUTE FUNCTION sharing_audit_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS sharing_auditevent_append_only ON sharing_auditevent;
DROP FUNCTION IF EXISTS sharing_audit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
