"""PostgreSQL refuses TRUNCATE of the access log: row triggers (0002) do not fire on TRUNCATE.

The one way through is the transaction-local setting `portal.allow_log_truncate = on`, which only the
test runner's flush sets (tests/conftest.py). It does not weaken the production guard: the runtime
roles of docker-compose.yml have no TRUNCATE privilege at all (checked before any trigger runs), and
the owner role, which could set it, could as well drop the trigger.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION accounts_accesslog_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('portal.allow_log_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'accounts_accesslog is append-only: TRUNCATE refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_accesslog_refuse_truncate
    BEFORE TRUNCATE ON accounts_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION accounts_accesslog_refuse_truncate();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS accounts_accesslog_refuse_truncate ON accounts_accesslog;
DROP FUNCTION IF EXISTS accounts_accesslog_refuse_truncate();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_help_channels")]
    operations = [migrations.RunPython(forward, backward)]
