"""Reference data every database holds: Sustainable Development Goal 16 and its twelve targets,
in the wording of the United Nations General Assembly resolution A/RES/70/1 (25 September 2015).
"""

from django.db import migrations

SOURCE = (
    "United Nations General Assembly resolution A/RES/70/1, “Transforming our world: the 2030 "
    "Agenda for Sustainable Development” (25 September 2015), Goal 16 and its targets"
)
SOURCE_URL = "https://sdgs.un.org/goals/goal16"
GOAL = (
    "Promote peaceful and inclusive societies for sustainable development, provide access to "
    "justice for all and build effective, accountable and inclusive institutions at all levels"
)
TARGETS = (
    ("16.1", "Significantly reduce all forms of violence and related death rates everywhere"),
    (
        "16.2",
        "End abuse, exploitation, trafficking and all forms of violence against and torture of "
        "children",
    ),
    (
        "16.3",
        "Promote the rule of law at the national and international levels and ensure equal "
        "access to justice for all",
    ),
    (
        "16.4",
        "By 2030, significantly reduce illicit financial and arms flows, strengthen the recovery "
        "and return of stolen assets and combat all forms of organized crime",
    ),
    ("16.5", "Substantially reduce corruption and bribery in all their forms"),
    ("16.6", "Develop effective, accountable and transparent institutions at all levels"),
    (
        "16.7",
        "Ensure responsive, inclusive, participatory and representative decision-making at all "
        "levels",
    ),
    (
        "16.8",
        "Broaden and strengthen the participation of developing countries in the institutions "
        "of global governance",
    ),
    ("16.9", "By 2030, provide legal identity for all, including birth registration"),
    (
        "16.10",
        "Ensure public access to information and protect fundamental freedoms, in accordance "
        "with national legislation and international agreements",
    ),
    (
        "16.a",
        "Strengthen relevant national institutions, including through international "
        "cooperation, for building capacity at all levels, in particular in developing "
        "countries, to prevent violence and combat terrorism and crime",
    ),
    (
        "16.b",
        "Promote and enforce non-discriminatory laws and policies for sustainable development",
    ),
)


def load(apps, schema_editor):
    Framework = apps.get_model("frameworks", "Framework")
    FrameworkItem = apps.get_model("frameworks", "FrameworkItem")
    framework, _ = Framework.objects.update_or_create(
        key="sdg-16",
        defaults={
            "title": "Sustainable Development Goal 16: Peace, justice and strong institutions",
            "short_title": "SDG 16",
            "item_prefix": "SDG",
            "description": GOAL + ".",
            "source": SOURCE,
            "source_url": SOURCE_URL,
        },
    )
    for position, (code, text) in enumerate(TARGETS, start=1):
        FrameworkItem.objects.update_or_create(
            framework=framework,
            code=code,
            defaults={
                "title": text,
                "position": position,
                "source": f"{SOURCE}, target {code}",
            },
        )


def unload(apps, schema_editor):
    apps.get_model("frameworks", "Framework").objects.filter(key="sdg-16").delete()


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
