"""The extractor on who took part: parties that act, not the ones only named."""

from typing import Any

import pytest


@pytest.fixture
def read_parties(read: Any) -> Any:
    return lambda text: list(read(text)["parties"])


# -- the police chiefs' organisation, whose name is also its conferences' ---------------------


@pytest.mark.parametrize(
    "text",
    [
        "The 18th SOMTC opened in Manila on Monday, attended by representatives of ASEANAPOL.",
        "The 18th SOMTC opened in Manila on Monday. Japan will cooperate with Aseanapol "
        "(the ASEAN Chiefs of Police) against scam centres.",
        "In a statement on Friday, the ASEANAPOL Secretariat said the 40th ASEANAPOL "
        "Conference in Phnom Penh had agreed on a new database.",
        "The Executive Director of the ASEANAPOL Secretariat co-chaired the planning meeting "
        "for the 41st ASEANAPOL Conference in Vientiane on Monday.",
        "The 18th SOMTC opened in Manila on Monday, attended by representatives of the ASEAN "
        "Chiefs of Police.",
        "The 18th SOMTC opened in Manila on Monday. The ASEAN National Police have pledged to "
        "share data on scam centres.",
    ],
)
def test_the_police_chiefs_organisation_takes_part_when_it_acts(
    read_parties: Any, text: str
) -> None:
    assert "ASEANAPOL" in read_parties(text)


@pytest.mark.parametrize(
    "text",
    [
        "The 40th ASEANAPOL Conference opened in Phnom Penh on Monday.",
        "The 40th ASEANAPOL Conference opened in Phnom Penh on Monday. The Philippines is a "
        "founding member of ASEANAPOL.",
        "The 40th ASEANAPOL Conference opened in Phnom Penh on Monday. Delegates discussed "
        "the ASEANAPOL Database System and the role of the ASEANAPOL Secretariat.",
    ],
)
def test_the_police_chiefs_organisation_named_as_a_frame_takes_no_part(
    read_parties: Any, text: str
) -> None:
    assert "ASEANAPOL" not in read_parties(text)


# -- countries listed, and the agencies that stand for them ------------------------------------


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("The 20th SOMTC opened in Hanoi on Monday. Viet Nam will sign agreements with "
         "Brunei, Singapore, Thailand and Myanmar.", "THA"),
        ("The 20th SOMTC opened in Hanoi on Monday. Viet Nam signed agreements with "
         "Malaysia, Singapore, Indonesia and Laos.", "IDN"),
    ],
)  # fmt: skip
def test_a_country_listed_after_a_city_state_is_a_party_not_its_country(
    read_parties: Any, text: str, party: str
) -> None:
    assert party in read_parties(text)


def test_a_country_after_its_own_city_is_still_only_the_venue(read_parties: Any) -> None:
    found = read_parties("The 20th SOMTC opened on Monday. Delegates toured Bangkok, Thailand.")
    assert "THA" not in found


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("The 40th ASOD opened in Manila on Monday, attended by representatives of the DEA.",
         "USA"),
        ("Officers of the Central Narcotics Bureau joined the 40th ASOD in Manila on Monday.",
         "SGP"),
        ("The 38th ASEANAPOL Conference opened in Kuala Lumpur on Monday; the Myanmar Police "
         "Force sent a delegation.", "MMR"),
    ],
)  # fmt: skip
def test_a_national_agency_of_the_registry_stands_for_its_party(
    read_parties: Any, text: str, party: str
) -> None:
    assert party in read_parties(text)


# -- lines that are not the report ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The 20th SOMTC opened in Manila on Monday.\n\nRead also: India and ASEAN fight "
        "terrorism together\n\nThe officials will meet again in 2024.",
        "[Translated from the Indian edition of this report.]\n\nThe 20th SOMTC opened in "
        "Manila on Monday.",
        "The 20th SOMTC opened in Manila on Monday.\n\nSee also: India joins the fight "
        "against cybercrime",
        "The 20th SOMTC opened in Manila on Monday.\n\nTranslated by an Indian desk editor",
    ],
)
def test_related_links_and_editors_notes_name_no_party(read_parties: Any, text: str) -> None:
    assert "IND" not in read_parties(text)


# -- countries named as places, other countries and currencies ---------------------------------


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The 20th SOMTC opened in Manila on Monday. Smuggling across the Lao-Viet Nam "
         "border was discussed.", {"LAO", "VNM"}),
        ("The 20th SOMTC opened in Manila on Monday. Officials spoke of camps on the "
         "Cambodian border and of the Malaysia–Thailand frontier.", {"KHM", "MYS", "THA"}),
        ("The 20th SOMTC opened in Manila on Monday. Hackers from North Korea were named.",
         {"KOR"}),
        ("The 20th SOMTC opened in Manila on Monday. Losses reached US$2 billion.", {"USA"}),
    ],
)  # fmt: skip
def test_a_border_another_country_and_a_currency_name_no_party(
    read_parties: Any, text: str, absent: set[str]
) -> None:
    assert not absent & set(read_parties(text))


def test_a_country_beside_a_border_still_takes_part_when_it_acts(read_parties: Any) -> None:
    found = read_parties(
        "The 20th SOMTC opened in Manila on Monday. Thailand proposed joint patrols of the "
        "Thailand-Myanmar border, and the United States pledged US$2 million."
    )
    assert {"THA", "USA"} <= set(found)
    assert "MMR" not in found


@pytest.mark.parametrize(
    "text",
    [
        "The 20th SOMTC opened in Hanoi on Monday. Work plans with the Plus Three countries "
        "and India were adopted.",
        "The 9th AMMD closed in Bali on Friday. The ministers will brief their ASEAN+3 "
        "counterparts next year.",
    ],
)
def test_the_plus_three_named_together_are_the_three_partners(read_parties: Any, text: str) -> None:
    assert {"CHN", "JPN", "KOR"} <= set(read_parties(text))


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("Brunei Darussalam, Cambodia, Indonesia, Lao PDR, Myanmar, the Philippines, "
         "Singapore, Thailand, Viet Nam and the chair, Malaysia, will sign the statement at "
         "the 20th SOMTC.", "MYS"),
        ("Delegations from Brunei, Cambodia, Indonesia, Laos, Malaysia, Myanmar, the "
         "Philippines, Singapore, Viet Nam and the host country, the Kingdom of Thailand, "
         "will attend the 40th ASOD.", "THA"),
    ],
)  # fmt: skip
def test_a_member_named_for_its_role_in_the_roll_call_is_a_party_of_its_own(
    read_parties: Any, text: str, party: str
) -> None:
    found = read_parties(text)
    assert party in found
    assert "ASEAN" in found
    assert "SGP" not in found


# -- countries named as where something goes, comes from or is based ---------------------------

_LEAD = "The 24th SOMTC was held in Vientiane on 26-28 June 2024, chaired by Lao PDR. "


@pytest.mark.parametrize(
    ("sentence", "places"),
    [
        (
            "Methamphetamine from Myanmar's Shan State has flooded markets as far as Australia "
            "and Japan.",
            {"MMR", "AUS", "JPN"},
        ),
        ("Victims are often trafficked to China and Malaysia, the meeting heard.", {"CHN", "MYS"}),
        ("Heroin is smuggled through Cambodia into Thailand.", {"KHM", "THA"}),
        ("Scam centres hold workers from India and Kenya.", {"IND"}),
        ("Like the European Union, ASEAN is building a common arrest warrant.", {"EU"}),
        ("A US-based research group puts the trade at 60 billion dollars.", {"USA"}),
    ],
)
def test_a_country_named_only_as_where_a_flow_goes_or_comes_from_takes_no_part(
    read_parties: Any, sentence: str, places: set[str]
) -> None:
    assert not places & set(read_parties(_LEAD + sentence))


@pytest.mark.parametrize(
    ("sentence", "party"),
    [
        ("Officials from the Philippines and Viet Nam shared their experience.", "VNM"),
        ("Delegates from Japan presented a study of drugs trafficked to the region.", "JPN"),
    ],
)
def test_people_who_come_from_a_country_for_the_meeting_make_it_a_party(
    read_parties: Any, sentence: str, party: str
) -> None:
    assert party in read_parties(_LEAD + sentence)
