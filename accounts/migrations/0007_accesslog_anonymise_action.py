"""The ANONYMISE action, and the one controlled way to delete access-log rows past retention.

The row trigger of 0002 keeps refusing every UPDATE, and every DELETE except one: a row older than
the cutoff named by the transaction-local setting `portal.log_purge_before` AND older than a year,
whatever that setting says. Only `privacy.retention` sets it (SET LOCAL, inside its own transaction).
The runtime roles still hold no DELETE privilege on the table (grant_runtime_roles), so the purge runs
as the owner role (`manage.py apply_retention`); the privilege check comes before any trigger.
"""

from django.db import migrations, models

FORWARD = """
CREATE OR REPLACE FUNCTION accounts_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND coalesce(current_setting('portal.log_purge_before', true), '') <> ''
       AND OLD.at < current_setting('portal.log_purge_before', true)::timestamptz
       AND OLD.at < now() - interval '365 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'accounts_accesslog is append-only';
END;
$$ LANGUAGE plpgsql;
"""
BACKWARD = """
CREATE OR REPLACE FUNCTION accounts_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'accounts_accesslog is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_accesslog_merge_action")]
    operations = [
        migrations.AlterField(
            model_name="accesslog",
            name="action",
            field=models.CharField(
                choices=[
                    ("VIEW", "viewed a record"),
                    ("REVEAL", "revealed an identifier"),
                    ("EXPORT", "exported data"),
                    ("DOWNLOAD", "downloaded a file"),
                    ("API_READ", "read through the API"),
                    ("STATS_READ", "read aggregates"),
                    ("LIST", "listed records"),
                    ("MERGE", "merged duplicate records"),
                    ("ANONYMISE", "anonymised a record"),
                ],
                max_length=12,
                verbose_name="action",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
