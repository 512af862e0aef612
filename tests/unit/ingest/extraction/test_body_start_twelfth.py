"""Issue 15, twelfth pass: where the body starts. Page header written as a short list above the lead (a
metadata strip: "Published", the date, the section, "Print Article"), a picture credit (with its caption) above
the lead, and a signed byline line the byline reader did not take; found on metadata-dev's ``dev`` split and AEB."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction.body_start import drop_leading_crumbs

LEAD = (
    "A 56-year-old woman has died following a three-vehicle crash in the county on Friday, police said, and "
    "the road was closed for several hours while officers examined the scene."
)
MORE = (
    "Officials said the new engines would be tested through the spring, and that the first flight could come "
    "before the end of next year if the tests go as planned."
)


@pytest.mark.parametrize(
    "strip",
    [
        # BBC: the metadata strip's visually hidden label, its date a <time> the extractor drops
        ["- Published"],
        ["- 24 July 2015", "- From the section US & Canada", "- comments"],
        ["- Order Reprints", "- Print Article"],
    ],
)
def test_a_header_strip_written_as_a_short_list_above_the_lead_goes(strip: list[str]) -> None:
    assert drop_leading_crumbs([*strip, LEAD, MORE]) == [LEAD, MORE]


@pytest.mark.parametrize(
    "lines",
    [
        # key points above the text: items of sentence length
        ["- The magnitude 5.9 quake has killed at least 134 people.", "- Another 900 were injured.", LEAD],
        # a list that is the text: no lead follows it
        ["- 2 eggs", "- 200 g flour", "- a pinch of salt", "- 1 cup of milk", "- butter", LEAD],
        ["- Japan Edition", "- Asia", "- Europe", "- Australia", "- India", "- China", "- Korea", LEAD],
        # the strip is followed by another list item, not the lead
        ["- Published", f"- {LEAD}"],
        # below the lead, short items are the text's own list
        [LEAD, "- Published", MORE],
    ],
)
def test_other_lists_stay(lines: list[str]) -> None:
    assert drop_leading_crumbs(lines) == lines


@pytest.mark.parametrize(
    "furniture",
    [
        ["Foto: Agencije"],
        ["Photo : Radio-Canada / Steve Bruce"],
        ["(Image: Getty Images)"],
        ["Getty Images"],
        # a caption right above its credit is the picture's too
        ["Un autobus scolaire.", "Photo : Radio-Canada / Steve Bruce"],
    ],
)
def test_a_picture_credit_above_the_lead_goes(furniture: list[str]) -> None:
    assert drop_leading_crumbs([*furniture, LEAD, MORE]) == [LEAD, MORE]


@pytest.mark.parametrize(
    "lines",
    [
        # a first line that reads as the lead stays even above a credit
        [LEAD, "Photo : Radio-Canada / Steve Bruce", MORE],
        # "Photos" as a heading, and a sentence about pictures
        ["Photos which were released online are making the rounds on social media this week.", MORE],
    ],
)
def test_lines_about_pictures_that_are_not_credits_stay(lines: list[str]) -> None:
    assert drop_leading_crumbs(lines) == lines


@pytest.mark.parametrize(
    "byline",
    ["By Cristina Alonso", "Von Jennifer Patt", "Par Stéphane Dupont", "Por FIDEL RENDÓN MATIENZO",
     "By Jane Doe and John Smith", "by", "By:"],
)  # fmt: skip
def test_a_signed_byline_line_above_the_lead_goes(byline: str) -> None:
    assert drop_leading_crumbs([byline, LEAD, MORE]) == [LEAD, MORE]


@pytest.mark.parametrize(
    "line",
    [
        "By the numbers",  # a heading: the word after "By" is not a name
        "By 2030, the city wants every bus to run on electricity, and the council has set aside the money.",
        "By John Gruber, who writes and produces this site, and reads every letter he gets from readers.",
    ],
)
def test_lines_opening_with_by_that_are_not_bylines_stay(line: str) -> None:
    assert drop_leading_crumbs([line, LEAD]) == [line, LEAD]


@pytest.mark.parametrize(
    "header",
    [
        "Patricio Candia | Palma de Mallorca | 08/01/2014",
        "Fahad Shabbir (@FahadShabbir) 12 minutes ago Wed 29th April 2020 | 03:32 PM",
        "By Jane Doe · Staff Writer · March 3, 2021",
    ],
)
def test_a_header_line_of_parts_with_a_date_above_the_lead_goes(header: str) -> None:
    assert drop_leading_crumbs([header, LEAD, MORE]) == [LEAD, MORE]


@pytest.mark.parametrize(
    "line",
    [
        "| 2020-09-01 | $2,800 | Mark Dings |",  # a table row
        "Home | News | Sport",  # parts without a date
        # a sentence with a bar in it
        "The council met on March 3, 2021 | and voted to expand the city's bus network across the northern suburbs.",
    ],
)
def test_lines_of_parts_without_a_header_shape_stay(line: str) -> None:
    assert drop_leading_crumbs([line, LEAD]) == [line, LEAD]


DATELINED = [
    "WASHINGTON (CNN) — Not everyone subscribes to a New Year’s resolution, but Americans will follow new laws.",
    "NEW DELHI: Shares of PSU banks were trading with gains in Thursday's morning session on the exchange.",
    "SEOUL, Aug. 20 (Yonhap) -- North Korea's official newspaper blasted South Korea on Tuesday for the drill.",
]


@pytest.mark.parametrize("above", [["CNN"], ["BCCL"], ["F.P. Report"], ["NFL", "Reuters"]])
@pytest.mark.parametrize("lead", DATELINED)
def test_short_lines_above_a_datelined_lead_go(above: list[str], lead: str) -> None:
    assert drop_leading_crumbs([*above, lead, MORE]) == [lead, MORE]


@pytest.mark.parametrize(
    "lines",
    [
        # a headline-length line above the dateline (an interview's title quote, a caption) stays
        ["»Der Zeitgeist ist nun wirklich kein altruistischer«", "DIE ZEIT: Herr Kühnert, Sie nennen sich einen "
         "Sozialisten. Was verstehen Sie darunter, und was heißt das für Ihre Partei?"],
        # a short sentence above it
        ["It rained.", DATELINED[0]],
        # no dateline: the lead opens with an ordinary sentence
        ["CNN", LEAD],
        # the dateline is not the next line of prose
        ["CNN", MORE, DATELINED[0]],
    ],
)  # fmt: skip
def test_lines_above_other_leads_stay(lines: list[str]) -> None:
    assert drop_leading_crumbs(lines) == lines
