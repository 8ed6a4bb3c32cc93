"""Indexes for the round-level report lists (desk, review queue, My reports, reports API)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0007_report_waiting_lead_review"),
    ]

    operations: list[migrations.operations.base.Operation] = []
