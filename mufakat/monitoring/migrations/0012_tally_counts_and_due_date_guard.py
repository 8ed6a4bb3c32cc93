"""Counts in the tallies' indexes, and a guard on rounds' due dates.

The indexes end with the counts, so the compliance counts, My desk's rates, the report lists'
group sizes and the dashboards' sums are read from an index alone on both databases (an
``INCLUDE`` would be dropped on SQLite). The party dashboard gets its own, by party and round.

The guard refuses an update that changes a round's due date without its ``due_cutoff`` — a bulk
``QuerySet.update(due_date=…)``, which skips ``ReportingRound.save()`` — because the tallies' on
time counts follow the cutoff: the database says so rather than keep figures for the old date.
"""

from typing import Any

from django.db import migrations, models

MESSAGE = "The due date of a round changed without its due_cutoff: save the round (ReportingRound.save) instead."

POSTGRESQL = [
    f"""CREATE FUNCTION monitoring_round_due_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
END $$""",
    """CREATE TRIGGER monitoring_round_due_guard BEFORE UPDATE OF due_date ON monitoring_reportinground
FOR EACH ROW WHEN (NEW.due_date IS DISTINCT FROM OLD.due_date AND NEW.due_cutoff IS NOT DISTINCT FROM OLD.due_cutoff)
EXECUTE FUNCTION monitoring_round_due_guard()""",
]
SQLITE = [
    f"""CREATE TRIGGER monitoring_round_due_guard BEFORE UPDATE OF due_date ON monitoring_reportinground
WHEN NEW.due_date IS NOT OLD.due_date AND NEW.due_cutoff IS OLD.due_cutoff
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]


def install(apps: Any, schema_editor: Any) -> None:
    statements = POSTGRESQL if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement, params=None)


def uninstall(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS monitoring_round_due_guard ON monitoring_reportinground"
        )
        schema_editor.execute("DROP FUNCTION IF EXISTS monitoring_round_due_guard()")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS monitoring_round_due_guard")


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0011_report_tallies'),
        ('registry', '0002_aliases'),
        ('workplans', '0001_initial'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='reporttally',
            name='report_tally_round',
        ),
        migrations.AddIndex(
            model_name='reporttally',
            index=models.Index(fields=['party', 'round', 'instrument', 'status', 'state', 'n', 'pct_n', 'pct_sum'], name='report_tally_party'),
        ),
        migrations.AddIndex(
            model_name='reporttally',
            index=models.Index(fields=['instrument', 'round', 'priority_area', 'party', 'status', 'state', 'in_time', 'n', 'pct_n', 'pct_sum'], name='report_tally_counts'),
        ),
        migrations.AddIndex(
            model_name='slottally',
            index=models.Index(fields=['round', 'instrument', 'party', 'state', 'endorsed', 'started', 'in_time', 'n'], name='slot_tally_counts'),
        ),
        migrations.RunPython(install, uninstall),
    ]
