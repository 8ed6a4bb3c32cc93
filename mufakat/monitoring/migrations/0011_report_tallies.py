"""Tallies of reports kept by the database (see ``mufakat.monitoring.tallies``).

A round now stores its ``due_cutoff`` (the first instant after the due day, local time), so the
triggers compare instants. The cutoffs are computed here with the rule of
``ReportingRound.save()``, written again because a migration must not import code that may
change. Then the two tally tables are created, the triggers installed and every tally counted
from the reports (one ``INSERT … SELECT … GROUP BY`` per table: ~10 s for a million reports).
"""

import datetime as dt
from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

from mufakat.monitoring import tallies


def cutoffs(apps: Any, schema_editor: Any) -> None:
    rounds = apps.get_model("monitoring", "ReportingRound")
    alias = schema_editor.connection.alias
    for pk, due in rounds.objects.using(alias).values_list("pk", "due_date"):
        midnight = dt.datetime.combine(due + dt.timedelta(days=1), dt.time.min)
        rounds.objects.using(alias).filter(pk=pk).update(due_cutoff=timezone.make_aware(midnight))


def install(apps: Any, schema_editor: Any) -> None:
    """The triggers and counts of this migration's two tables only: later migrations add
    their tables to the triggers once those tables exist."""
    vendor = schema_editor.connection.vendor
    for statement in tallies.create_triggers_sql(vendor, tallies.FIRST_TABLES):
        schema_editor.execute(statement, params=None)
    tallies.recount(schema_editor.connection, tallies.FIRST_TABLES)


def uninstall(apps: Any, schema_editor: Any) -> None:
    for statement in tallies.drop_triggers_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0010_snapshot_parts'),
        ('registry', '0002_aliases'),
        ('workplans', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='reportinground',
            name='due_cutoff',
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(cutoffs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='reportinground',
            name='due_cutoff',
            field=models.DateTimeField(editable=False),
        ),
        migrations.CreateModel(
            name='ReportTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('returned', 'Returned for correction'), ('accepted', 'Accepted')], max_length=10)),
                ('in_time', models.BooleanField()),
                ('n', models.IntegerField()),
                ('status', models.CharField(choices=[('not_started', 'Not started'), ('on_track', 'On track'), ('delayed', 'Delayed'), ('completed', 'Completed'), ('cancelled', 'Cancelled'), ('not_applicable', 'Not applicable'), ('not_reported', 'Not reported')], max_length=16)),
                ('pct_n', models.IntegerField()),
                ('pct_sum', models.BigIntegerField()),
                ('instrument', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workplans.instrument')),
                ('party', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.party')),
                ('priority_area', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workplans.priorityarea')),
                ('round', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='monitoring.reportinground')),
            ],
            options={
                'indexes': [models.Index(fields=['round', 'instrument'], name='report_tally_round')],
                'constraints': [models.UniqueConstraint(fields=('instrument', 'round', 'priority_area', 'party', 'status', 'state', 'in_time'), name='report_tally_key')],
            },
        ),
        migrations.CreateModel(
            name='SlotTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('returned', 'Returned for correction'), ('accepted', 'Accepted')], max_length=10)),
                ('in_time', models.BooleanField()),
                ('n', models.IntegerField()),
                ('endorsed', models.BooleanField()),
                ('started', models.BooleanField()),
                ('instrument', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workplans.instrument')),
                ('party', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='registry.party')),
                ('round', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='monitoring.reportinground')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('round', 'instrument', 'party', 'state', 'endorsed', 'started', 'in_time'), name='slot_tally_key')],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
