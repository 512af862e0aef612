"""The catalogue key of a person's name (``person_key``) and the script test the store links by."""

from __future__ import annotations

import pytest
from newsflow_shared.name_keys import is_latin_script, person_key, script_code


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("Khalid al-Falih", "خالد الفالح"), ("Brad Smith", "براد سميث"), ("Suleyman Soylu", "سليمان صويلو")],
)
def test_a_latin_spelling_and_the_arabic_one_share_the_key(latin: str, arabic: str) -> None:
    assert person_key(latin) is not None
    assert person_key(latin) == person_key(arabic)


def test_one_word_names_and_different_people_have_no_shared_key() -> None:
    assert person_key("Madonna") is None
    assert person_key("Mohammed bin Salman") != person_key("Mohammed bin Zayed")


def test_scripts() -> None:
    assert is_latin_script("Mehmet Şimşek")
    assert is_latin_script("Jean-Yves Le Drian")
    assert not is_latin_script("خالد الفالح")
    assert not is_latin_script("Владимир Путин")
    assert not is_latin_script("42")  # no letters: not a Latin name


def test_script_codes() -> None:
    assert script_code("Mehmet Şimşek") == "Latn"
    assert script_code("خالد الفالح") == "Arab"
    assert script_code("Владимир Путин") == "Cyrl"
    assert script_code("Al-Falih خالد") == "Arab"  # mixed: the non-Latin script names it
    assert script_code("42") == ""
