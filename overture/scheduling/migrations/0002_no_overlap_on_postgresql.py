"""The database's own guarantee against double booking, on PostgreSQL.

Two live bookings of one calendar may not overlap over [starts_at,
blocked_until): the interview plus the buffer after it. Cancelled bookings
do not count. btree_gist lets the calendar id join the GiST index. SQLite
has no exclusion constraints; there, BEGIN IMMEDIATE serialises every
write, and the actions' lock-then-check does the rest.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

ADD = """
ALTER TABLE scheduling_booking ADD CONSTRAINT booking_no_overlap
EXCLUDE USING gist (
    calendar_id WITH =,
    tstzrange(starts_at, blocked_until, '[)') WITH &&
) WHERE (status = 'booked')
"""
DROP = "ALTER TABLE scheduling_booking DROP CONSTRAINT IF EXISTS booking_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraint, drop_constraint),
    ]
