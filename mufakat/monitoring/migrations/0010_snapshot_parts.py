"""Each instrument's part of a snapshot in its own row, so a page detailing one instrument of a
large round no longer opens the whole stored document; the snapshots frozen before are cut
into parts here, one snapshot at a time (a document of an 80-instrument round is megabytes)."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def _split_parts(data: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """A frozen copy of ``snapshots.split_parts`` as it was when this migration was written."""
    parts: dict[int, dict[str, Any]] = {}
    for entry in data.get("instruments", []):
        parts.setdefault(int(entry["instrument"]["id"]), {})["entry"] = entry
    for key in ("reports", "drafts"):
        for pk, rows in data.get(key, {}).items():
            parts.setdefault(int(pk), {})[key] = rows
    # The activities of the instrument's cells (a visible activity without a cell is in none).
    activities = data.get("activities", {})
    for part in parts.values():
        named = {str(row[0]) for row in part.get("reports", [])}
        part["activities"] = {a: activities[a] for a in sorted(named) if a in activities}
    return parts


def split_snapshots(apps: Any, schema_editor: Any) -> None:
    """Cut every snapshot without parts into parts: the ids first, then one document at a time,
    so memory holds one snapshot's data whatever their number."""
    Snapshot = apps.get_model("monitoring", "Snapshot")
    SnapshotPart = apps.get_model("monitoring", "SnapshotPart")
    alias = schema_editor.connection.alias
    snapshots = Snapshot.objects.using(alias)
    pks = list(
        snapshots.exclude(pk__in=SnapshotPart.objects.using(alias).values("snapshot_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in pks:
        data = snapshots.filter(pk=pk).values_list("data", flat=True).get()
        SnapshotPart.objects.using(alias).bulk_create(
            SnapshotPart(snapshot_id=pk, instrument_id=instrument, data=part)
            for instrument, part in _split_parts(data).items()
        )
        del data


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0009_compliance_indexes"),
        ("workplans", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SnapshotPart",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("data", models.JSONField()),
                (
                    "instrument",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="workplans.instrument",
                    ),
                ),
                (
                    "snapshot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="parts",
                        to="monitoring.snapshot",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("snapshot", "instrument"), name="one_part_per_snapshot_instrument"
                    )
                ],
            },
        ),
        # Going back drops the table: the whole documents are still there.
        migrations.RunPython(split_snapshots, migrations.RunPython.noop, elidable=True),
    ]
