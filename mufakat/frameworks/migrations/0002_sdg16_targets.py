"""Reference data every database holds: Sustainable Development Goal 16 and its twelve targets,
in the wording of the United Nations General Assembly resolution A/RES/70/1 (25 September 2015).
"""

from django.db import migrations

from mufakat.frameworks.reference import load_reference_frameworks


def load(apps, schema_editor):
    load_reference_frameworks(
        apps.get_model("frameworks", "Framework"), apps.get_model("frameworks", "FrameworkItem")
    )


def unload(apps, schema_editor):
    apps.get_model("frameworks", "Framework").objects.filter(key="sdg-16").delete()


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
