"""Partial indexes for a round's compliance counts: endorsed reports and started drafts."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0008_round_report_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="progressreport",
            index=models.Index(
                condition=models.Q(("lead_reviewed_at__isnull", False), ("state", "submitted")),
                fields=["round", "party", "instrument"],
                name="report_endorsed",
            ),
        ),
        migrations.AddIndex(
            model_name="progressreport",
            index=models.Index(
                condition=models.Q(
                    ("state", "draft"),
                    models.Q(
                        ("lock_version__gt", 1),
                        models.Q(("status", "not_reported"), _negated=True),
                        models.Q(("narrative", ""), _negated=True),
                        ("percent__isnull", False),
                        _connector="OR",
                    ),
                ),
                fields=["round", "party", "instrument"],
                name="report_started_draft",
            ),
        ),
    ]
