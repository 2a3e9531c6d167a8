"""The audit trail becomes append-only in the database itself.

On PostgreSQL a trigger refuses every UPDATE and DELETE on the table, whoever asks: the
application, the admin, or someone with a SQL prompt and the application's credentials.
Other databases (the SQLite of local development) rely on the application and the admin,
which never change an entry.

The user becomes a reference without a database foreign key, so deleting a user does not
try to rewrite (SET NULL) the entries that name them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CREATE_TRIGGER = """
CREATE OR REPLACE FUNCTION audit_auditentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % on audit_auditentry is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_auditentry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_auditentry_refuse_change();
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_refuse_change();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "Viewed"),
                    ("create", "Created"),
                    ("change", "Changed"),
                    ("export", "Exported"),
                    ("login", "Signed in"),
                    ("logout", "Signed out"),
                    ("login_failed", "Failed sign-in"),
                    ("erase", "Erased"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="user",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="audit_entries",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(_on_postgresql(CREATE_TRIGGER), _on_postgresql(DROP_TRIGGER)),
    ]
