"""calendars.py: other calendars and month names, read directly (parse_date's use of them is in
test_dates_twelfth.py)."""

from __future__ import annotations

from datetime import datetime

import pytest
from newsflow_ingest.extraction.calendars import (
    gregorian_year,
    solar_hijri,
    solar_hijri_to_gregorian,
    with_dateparser_month_names,
)


@pytest.mark.parametrize(
    ("solar", "gregorian"),
    [
        ((1402, 12, 13), datetime(2024, 3, 3)),
        ((1403, 1, 1), datetime(2024, 3, 20)),  # Nowruz 2024
        ((1399, 1, 1), datetime(2020, 3, 20)),
        ((1369, 1, 1), datetime(1990, 3, 21)),
        ((1402, 6, 31), datetime(2023, 9, 22)),  # the last day of a 31-day month
    ],
)
def test_a_solar_hijri_day_is_its_gregorian_day(solar: tuple[int, int, int], gregorian: datetime) -> None:
    assert solar_hijri_to_gregorian(*solar) == gregorian


def test_a_written_solar_hijri_date_keeps_its_clock() -> None:
    assert solar_hijri("۱۳ اسفند ۱۴۰۲ - ۱۴:۰۵") == (datetime(2024, 3, 3, 14, 5), True)
    assert solar_hijri("1402/12/13") == (datetime(2024, 3, 3), False)


@pytest.mark.parametrize("text", ["2024/03/03", "March 3, 2024", "1402/13/01", "1402/07/31"])
def test_other_dates_and_impossible_days_are_not_solar_hijri(text: str) -> None:
    assert solar_hijri(text) is None


def test_levantine_and_double_month_names_become_the_names_dateparser_reads() -> None:
    assert with_dateparser_month_names("3 آذار 2024") == "3 مارس 2024"
    assert with_dateparser_month_names("3 آذار/مارس 2024") == "3 مارس 2024"
    assert with_dateparser_month_names("March 3, 2024") == "March 3, 2024"


def test_the_thai_solar_year_becomes_the_gregorian_year_only_on_thai_text() -> None:
    assert gregorian_year(datetime(2567, 3, 3), "3 มีนาคม 2567") == datetime(2024, 3, 3)
    assert gregorian_year(datetime(2567, 3, 3), "3 March 2567") == datetime(2567, 3, 3)
    assert gregorian_year(datetime(2024, 3, 3), "3 มีนาคม 2024") == datetime(2024, 3, 3)
