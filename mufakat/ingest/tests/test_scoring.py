"""Error classes: where the extractor loses, said without naming a file or showing a value."""

from mufakat.ingest.scoring import error_classes, score_fields


def _meeting(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "relation": "held",
        "body": "ASOD",
        "number": 44,
        "start_date": None,
        "end_date": None,
        "city": None,
        "host": None,
        "chair": None,
    }
    return base | fields


def _doc(*meetings: dict[str, object], parties: tuple[str, ...] = ()) -> dict[str, object]:
    return {
        "meetings": list(meetings),
        "instruments": [],
        "crime_areas": [],
        "parties": list(parties),
    }


def test_a_missing_date_and_a_wrong_city_are_classed_by_field_and_kind_of_meeting() -> None:
    gold = _doc(_meeting(start_date="2023-08-28", city="Vientiane"))
    predicted = _doc(_meeting(city="Bangkok"))
    _fields, log = score_fields("x", gold, predicted)

    classes = error_classes(log)

    assert classes == {
        "meeting start_date missing (held ASOD)": 1,
        "meeting city wrong (held ASOD)": 2,
    }


def test_a_consultation_missed_counts_all_its_facts() -> None:
    gold = _doc(_meeting(), _meeting(body="ASOD+CHN", number=8, start_date="2023-08-29"))
    _fields, log = score_fields("x", gold, _doc(_meeting()))

    assert error_classes(log) == {"meeting missed (held consultation)": 2}


def test_a_meeting_announced_but_read_as_held_is_one_class() -> None:
    gold = _doc(_meeting(relation="mentioned"))
    _fields, log = score_fields("x", gold, _doc(_meeting()))

    assert error_classes(log) == {"meeting mentioned, predicted held": 2}


def test_parties_are_counted_without_naming_them() -> None:
    _fields, log = score_fields("x", _doc(parties=("LAO",)), _doc(parties=("THA",)))

    classes = error_classes(log)

    assert classes == {"parties missed": 1, "parties spurious": 1}
    assert not any("LAO" in name or "THA" in name for name in classes)
