"""Field-level differences between two versions of an instrument."""

from mufakat.workplans.versions import Labels, diff


def version(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": 1,
        "lock_version": 1,
        "title": "Bali Work Plan",
        "end_year": 2025,
        "adopted_on": "2019-11-27",
        "adopted_precision": "day",
        "parties": [1],
        "links": [],
        "priority_areas": [
            {
                "id": 10,
                "title": "Prevention",
                "crime_areas": ["terrorism"],
                "activities": [
                    {
                        "id": 100,
                        "code": "P-1",
                        "title": "Workshop",
                        "lead_parties": ["IDN"],
                        "indicators": [],
                    }
                ],
            }
        ],
    }
    base.update(overrides)
    return base


def test_the_first_version_has_no_changes() -> None:
    assert diff(None, version(), Labels()) == []


def test_a_changed_field_is_reported_with_before_and_after() -> None:
    changes = diff(version(), version(end_year=2026, lock_version=2), Labels())

    assert [(c.path, c.before, c.after) for c in changes] == [("end_year", "2025", "2026")]


def test_references_are_shown_through_the_labels() -> None:
    labels = Labels(
        field_names={"parties": "parties"},
        references={"parties": lambda ids: ", ".join({1: "ASEAN", 2: "JPN"}[i] for i in ids)},
    )

    (change,) = diff(version(), version(parties=[1, 2]), labels)

    assert (change.label, change.before, change.after) == ("parties", "ASEAN", "ASEAN, JPN")


def test_changes_inside_activities_are_reported_by_activity_code() -> None:
    after = version()
    after["priority_areas"] = [
        {
            "id": 10,
            "title": "Prevention",
            "crime_areas": ["terrorism"],
            "activities": [
                {
                    "id": 100,
                    "code": "P-1",
                    "title": "Workshop",
                    "lead_parties": ["IDN", "MYS"],
                    "indicators": [],
                },
                {"id": 101, "code": "P-2", "title": "Study", "lead_parties": [], "indicators": []},
            ],
        }
    ]

    changes = {c.path: c for c in diff(version(), after, Labels())}

    assert changes["activities[100].lead_parties"].after == "IDN, MYS"
    assert changes["activities[101]"].after == "added"


def test_an_old_version_without_the_tree_does_not_look_like_everything_was_added() -> None:
    old = version()
    del old["priority_areas"]

    assert diff(old, version(), Labels()) == []


def test_a_partial_adoption_date_stored_as_date_and_precision_compares_equal() -> None:
    old = version(adopted_on="2017-01-01", adopted_precision="year")

    assert diff(old, version(adopted_on="2017"), Labels()) == []


def test_links_to_instruments_the_reader_cannot_see_are_not_reported() -> None:
    after = version(links=[{"kind": "derives_from", "target": 7}, {"kind": "amends", "target": 8}])
    labels = Labels(
        visible_instruments={7: "PoA PCRVE"}, link_kinds={"derives_from": "derives from"}
    )

    changes = diff(version(), after, labels)

    assert [(c.path, c.after) for c in changes] == [
        ("links[derives_from:7]", "derives from PoA PCRVE")
    ]
