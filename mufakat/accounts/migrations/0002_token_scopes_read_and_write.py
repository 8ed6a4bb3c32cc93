"""Token scopes are checked from now on: ``read`` or ``read`` + ``write``.

Tokens issued before had no scopes, which meant the user's own rights; they keep them as
read-write tokens. New tokens are read-only unless issued with ``write``.
"""

from django.db import migrations, models

import mufakat.accounts.models


def empty_scopes_mean_read_write(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.all().only("pk", "scopes"):
        if not token.scopes:
            ApiToken.objects.filter(pk=token.pk).update(scopes=["read", "write"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="scopes",
            field=models.JSONField(
                default=mufakat.accounts.models.read_only_scopes,
                help_text='"read": reads only; "read" and "write": the user\'s own rights.',
            ),
        ),
        migrations.RunPython(empty_scopes_mean_read_write, migrations.RunPython.noop),
    ]
