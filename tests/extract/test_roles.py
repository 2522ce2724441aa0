"""Persons' roles read by the rules (testament.extract.roles), constructions that generalise across texts.
The sentences are our own, written for these tests."""

from __future__ import annotations

from testament.extract import extract_mentions


def _roles(text: str) -> list[tuple[str, str]]:
    return [(m.text, str(m.role)) for m in extract_mentions(text, roles="rules") if m.type == "person"]


def test_roles_each_name_after_a_list_of_the_perpetrators_opens_is_a_perpetrator() -> None:
    text = (
        "Many of the perpetrators have never been tried, including the religious judge Karim Saberi and "
        "the minister of the interior Hassan Moradi."
    )
    assert _roles(text) == [("Karim Saberi", "perpetrator"), ("Hassan Moradi", "perpetrator")]
    # the same names in a list of something else are no cue
    plain = "Many of the guests came late, including Karim Saberi and Hassan Moradi."
    assert [role for _, role in _roles(plain)] == ["other", "other"]


def test_roles_un_experts_who_sign_a_letter_are_officials_and_one_who_speaks_is_not() -> None:
    signed = (
        "Among the letter's signatories are Laura Fenwick, Special Rapporteur on freedom of expression, and "
        "Paolo Serra, Chair-Rapporteur of the Working Group on Disappearances."
    )
    assert _roles(signed) == [("Laura Fenwick", "official"), ("Paolo Serra", "official")]
    spoke = "Laura Fenwick, the UN Special Rapporteur on freedom of expression, spoke."
    assert _roles(spoke) == [("Laura Fenwick", "other")]


def test_roles_one_who_spoke_of_the_events_gives_an_account() -> None:
    assert _roles("Ali Tabrizi spoke in March 1989 about the fate of the prisoners.") == [
        ("Ali Tabrizi", "witness")
    ]
    assert _roles("Ali Tabrizi stated that the prisoners were moved at night.") == [
        ("Ali Tabrizi", "witness")
    ]


def test_roles_a_son_who_made_a_recording_public_makes_no_victim_of_his_father() -> None:
    text = "Years later, Hossein Karimi's son released a recording of his father's meeting."
    assert _roles(text) == [("Hossein Karimi", "other")]
    assert _roles("Hossein Karimi was hanged in 1988.") == [("Hossein Karimi", "victim")]


def test_roles_the_judges_of_a_tribunal_are_officials() -> None:
    text = (
        "Nasser Karimi, who led the judges, opened the hearing. Other judges had sat on such panels, "
        "including the barrister Ali Hosseini."
    )
    assert _roles(text) == [("Nasser Karimi", "official"), ("Ali Hosseini", "official")]


def test_roles_counsel_who_speaks_for_a_client_gives_no_account_of_their_own() -> None:
    assert _roles("His lawyer Reza Moradi told reporters that the testimony was strong.") == [
        ("Reza Moradi", "other")
    ]
    assert _roles("Reza Moradi told reporters that he had seen the hangings.") == [("Reza Moradi", "witness")]
