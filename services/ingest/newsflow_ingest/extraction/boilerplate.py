"""Page furniture that body extractors let through: teaser boxes marked by their class names, and lines that are
only a link to another story ("Read more: …", "DON'T MISS … [INSIGHT]") or a label and the promotion list under
it ("Don't Miss:").

Measured on the Zyte article-extraction benchmark (benchmarks/extraction/): trafilatura already drops most
share bars, comment sections, cookie banners and ads by their class names, so pruning those again changes nothing;
the class words below are the ones it lets through ("latest" teaser rails, promos, newsletter sign-ups, most-read
boxes), and comment threads under a class word "comment"/"comments" that it does not know (a forum widget
whose replies quote each other: Tom's Hardware on metadata-dev's ``dev`` split; "commentary" is not such a
word) and the writer's biography box under the article ("author__biography", "slice-author-bio": Space.com,
TechRadar). Pruning every hidden element or "modal"/"overlay" container was measured too and *loses* text: pages hide
article text behind scripts or wrap it in such containers. What goes is narrower: an element that a class hides
outright ("d-none", "hidden", no breakpoint class showing it) and that holds little text, a popover, a dialog or a
list a click shows (Science X's editorial-process box, WordPress's session-expired dialog, GameSpot's deals).
Lines with no markup of their own go too: offers to start a paid subscription or trial, pointers to more coverage
at a web address ("More AP NBA: https://…"), and, among the last lines, the publisher's mission or policy statement
and invitations to the reader (docs/extraction.md, "Eleventh pass: body where trafilatura leads").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from newsflow_ingest.extraction.document import normalize_space, text_of
from newsflow_ingest.extraction.furniture_words import (
    FOLLOW_CALL,
    READ_ALSO_END,
    READ_ALSO_LABEL,
    READ_ALSO_REACH,
    RELATED_HEADING_WORDS,
    SHARE_LABEL,
)

# Words of a class or id, whole or at a "-"/"_" boundary ("latest-news-box", "Newsletter-container"). A call to
# subscribe ("subscribe-box") is a sign-up box; a class naming the readers a text is for or their state
# ("subscriber-premium", "subscriber-only", "subscribed") marks the article itself (TownNews/BLOX papers wrap the
# whole story in one: tucson.com on metadata-dev's ``dev`` split lost its story to the pruning).
_TEASER_CLASS = re.compile(
    r"(?:^|[\s_-])(?:latest\w*|promo\w*|newsletter\w*|signup|sign-up|subscribe(?![rd])\w*|"
    r"most-?(?:read|popular|viewed|shared)|trending|comments?|bio|biography)(?:$|[\s_-])",
    re.I,
)
_PROTECTED_TAGS = frozenset({"html", "body", "article", "main"})
# An element holding this share of the page's text is the article wrapper, whatever its class says.
_MAX_PRUNED_SHARE = 0.4
# "Read more: <headline>", "Related - <headline>": a label, then the linked headline of another story.
_LINK_LABEL = re.compile(
    r"^(?:read more|read also|also read|related(?: post| story| article)?|see more|see also|more|next|also|watch|"
    r"listen|click here|don'?t miss|must read|required reading|leggi anche(?: su)?|lesen sie auch|"
    r"(?:à )?lire aussi|voir aussi|lee también|leia também)\s*[:|\-–]\s*|^also on \S+\s+",
    re.I,
)
# "<headline> [INSIGHT]": a tabloid's teaser tag after a linked headline.
_TEASER_TAG = re.compile(r"\s*\[[^\]]{1,20}\]\W*$")
_MAX_LINK_LINE_WORDS = 25
# The other languages' labels (``furniture_words``) are looked for on lines this short: a label and a headline.
_MAX_LINK_LINE_CHARS = 300
# A heading of its own that announces other pages ("Don't Miss:", "Read Next:", "Related Stories", "Recommended").
_PROMO_LABEL = re.compile(
    r"^(?:don'?t miss|read next|read more|read also|also read|must read|see also|related(?: articles| posts| "
    r"stories| news| coverage| content| reading)?|recommended(?: for you| reading| stories| articles)?|"
    r"more stories|you (?:may|might) also like|trending(?: now)?)\s*:?$",
    re.I,
)
# The same headings in the major news languages ("Berita terkait", "Похожие новости", "【関連記事】").
_RELATED_HEADING = re.compile(
    rf"(?:[▶►▷➤→»>■●◆※☞]\s*)?[【\[［]?(?:{RELATED_HEADING_WORDS})[】\]］]?\s*[:：ঃ]?", re.I
)
_MAX_LABEL_CHARS = 40
# A call to share, follow or subscribe in another language is looked for on lines this short (the English ones,
# "Follow us on .{1,40}", are in ``body._BOILERPLATE_LINE``).
_MAX_SOCIAL_CALL_CHARS = 120
# An offer to start a paid subscription, membership or trial: a verb asking to start one, the thing offered, then
# its price or a "today"/"now"/"here" (measured on metadata-dev ``dev`` and AEB: four publishers' pitches, no
# article sentence; sentences about a streaming service's free trial have no such verb before it).
_SUBSCRIPTION_PITCH = re.compile(
    r"\b(?:start|begin|get|try|join|activate|claim|unlock)\b.{0,80}?"
    r"\b(?:subscriptions?|memberships?|(?:free|\d+[- ]day) trial|\d+ issues)\b.{0,100}?"
    r"(?:\btoday\b|\bnow\b|\bhere\b|\bfor (?:as little as|only|just)\b|[$£€₹]\s?\d|\brs\.? ?\d)",
    re.I,
)
_MAX_PITCH_LINE_CHARS = 500
# A call to click in capitals (twelfth pass): "CLICK HERE", "BY CLICKING HERE", at most this long.
_CLICK_HERE = re.compile(r"\bCLICK(?:ING)? HERE\b")
_MAX_CLICK_PROMPT_CHARS = 150
# The button WordPress's "Better Click To Tweet" box writes after its quoted sentence, in the same link.
_TWEET_BUTTON = re.compile(r"\s*click to tweet$", re.I)
# A pointer to more coverage elsewhere, as agency copy carries it: "Follow AP's full coverage of Brexit at
# https://…", "More AP NBA: https://… and https://…" (AEB golds leave them out; a sentence that merely ends with an
# address, "… signed the petition at https://…", is neither form).
_ADDRESS = r"(?:https?://|www\.)\S+"
_COVERAGE_POINTER = re.compile(
    rf"^(?:follow\b.{{0,80}}?\bcoverage\b.{{0,80}}?\bat|more(?:\s+[^\s:]+){{1,4}}:)\s*{_ADDRESS}"
    rf"(?:,?\s+and\s+{_ADDRESS})?\W*$",
    re.I,
)
# The publisher's statement under a story, of its mission or its policy ("VentureBeat's mission is to …", "The
# Times is committed to publishing a diversity of letters …", "… brought to you by our dedicated American team."),
# and invitations to the reader: the forum ("Join our Space Forums …"), a tip or a picture ("Do you want to
# submit a photo …? Reach out …"), sharing ("Like this story? Share it with a friend!"). Measured on metadata-dev
# ``dev`` and AEB, whose references leave them out; looked for among the last lines only (a story may say what an
# agency's mission is).
_CLOSING_STATEMENT = re.compile(
    r"^(?:[\w'’ .+&-]{1,40}?['’]s|our) (?:primary |core )?(?:journalistic |editorial )?mission is\b|"
    r"^(?:the )?[\w'’ .+&-]{1,40}? is committed to publishing\b|\bbrought to you by our\b|"
    r"^join (?:our|the) .{0,40}\b(?:forums?|community)\b|"
    r"^do you (?:want|wish|have) .{0,60}\?\s*(?:reach out|contact|e-?mail|send|get in touch|let us know)\b|"
    r"^(?:like|liked|enjoy|enjoyed|love|loved) (?:this|the|our) (?:story|article|post|piece)\?\s*share\b",
    re.I,
)
_MAX_CLOSING_LINES = 3
# Classes that hide an element outright (Bootstrap 3's and Tailwind's "hidden", Bootstrap 4/5's "d-none", "hide",
# "is-hidden", "u-hidden", "display-none"): a popover, a dialog or a deals list that a click or a script shows.
# Not when a breakpoint class shows it again ("d-none d-md-block", "hidden lg:block": the desktop page shows it),
# nor "hidden-xs" (phones only) or screen-reader classes ("sr-only": read out).
_HIDING_CLASSES = frozenset({"hidden", "d-none", "hide", "is-hidden", "u-hidden", "display-none"})
_SHOWN_AT_BREAKPOINT = re.compile(
    r"^(?:d-(?:sm|md|lg|xl|xxl)-|(?:sm|md|lg|xl|2xl):)(?:block|flex|inline|inline-block|inline-flex|grid|table)$"
)
# A hidden element with more text is left to the extractor: pages may hide the article itself until a script
# shows it (measured on metadata-dev ``dev`` and AEB: hidden popovers, dialogs and lists hold under 800).
_MAX_HIDDEN_CHARS = 1500
# An item under such a label: a pitch with a link to the other page making up this share of its text (measured:
# Benzinga's items 30-45 %; article paragraphs after such a heading link far less, or not at all).
_MIN_ITEM_LINK_SHARE = 0.25
_MAX_ITEM_CHARS = 300


def is_teaser(element: Any, classes: str | None = None, ident: str | None = None) -> bool:
    """Whether the element's class/id (``classes``/``ident`` when already read) names a teaser rail, promo or
    sign-up box."""
    if element.tag in _PROTECTED_TAGS:
        return False
    if classes is None:
        classes = element.get("class") or ""
    if ident is None:
        ident = element.get("id") or ""
    names = f"{classes} {ident}"
    if names.isascii():
        # Substring tests on the lower-cased names are three times faster than the pattern, which runs on every
        # element with a class or id; a non-ASCII name goes to the pattern (its case-insensitive matching
        # also pairs "ſ" with "s" and "ı" with "i")
        lowered = names.lower()
        if not (
            "latest" in lowered
            or "promo" in lowered
            or "newsletter" in lowered
            or "sign" in lowered
            or "subscribe" in lowered
            or "most" in lowered
            or "trending" in lowered
            or "comment" in lowered
            or "bio" in lowered
        ):
            return False
    return bool(_TEASER_CLASS.search(names))


def is_subscription_pitch(line: str) -> bool:
    """Whether a line offers a paid subscription, membership or trial to start now ("Start your Independent
    Premium subscription today.", "Click here to start Your 14-Day Trial Now!", "12 issues for £11.99"); a
    sentence about subscriptions (no call to start one, no price or "now" after it) stays. The pattern runs only on
    short lines that mention one of its nouns."""
    if len(line) >= _MAX_PITCH_LINE_CHARS:
        return False
    lowered = line.lower()
    if not any(word in lowered for word in ("subscription", "membership", "trial", "issues")):
        return False
    return _SUBSCRIPTION_PITCH.search(line) is not None


def is_click_prompt(line: str) -> bool:
    """Whether a short line in capitals asks the reader to click here ("GET FOX BUSINESS ON THE GO BY CLICKING
    HERE", "CLICK HERE TO READ MORE FROM THE WASHINGTON EXAMINER"): the publisher's promotion, which every
    reference leaves out (Fox Business on AEB and metadata-dev ``dev``, the Washington Examiner on ``dev``). A
    sentence saying "click here" stays ("For Michigan's full 2023-24 schedule, click here.": its reference keeps
    it), and so does a capitals line without "here" ("CLICK FOR FULL STATE SWIM RESULTS": AEB's gold keeps it)."""
    return (
        len(line) < _MAX_CLICK_PROMPT_CHARS
        and "HERE" in line
        and line.isupper()
        and bool(_CLICK_HERE.search(line))
    )


def without_tweet_button(line: str) -> str:
    """``line`` without a trailing "Click To Tweet" (bigbrandsystem.com on AEB: "…continuum.'Click To Tweet",
    whose gold keeps the sentence); the pattern runs only on lines ending in "weet"."""
    if not line.endswith(("weet", "WEET")):
        return line
    return _TWEET_BUTTON.sub("", line)


def is_coverage_pointer(line: str) -> bool:
    """Whether a short line points to more coverage at a web address ("More AP NBA: https://…"); the pattern runs
    only on lines that hold an address."""
    if len(line) >= _MAX_PITCH_LINE_CHARS or ("://" not in line and "www." not in line):
        return False
    return _COVERAGE_POINTER.match(line) is not None


def drop_closing_statements(lines: list[str]) -> list[str]:
    """Remove, among the last three lines, the publisher's statement of its mission or policy and invitations to
    the reader (``_CLOSING_STATEMENT``); the first line is the story's, whatever it says."""
    start = max(1, len(lines) - _MAX_CLOSING_LINES)
    tail = [
        line
        for line in lines[start:]
        if len(line) >= _MAX_PITCH_LINE_CHARS or _CLOSING_STATEMENT.search(line) is None
    ]
    return lines[:start] + tail


def is_hidden_box(classes: str) -> bool:
    """Whether a class attribute hides its element outright (``_HIDING_CLASSES``, no breakpoint showing it); the
    words are only split when "hid" or "none" is in the attribute."""
    if "hid" not in classes and "none" not in classes:
        return False
    words = classes.split()
    if _HIDING_CLASSES.isdisjoint(words):
        return False
    return not any(_SHOWN_AT_BREAKPOINT.match(word) for word in words)


def remove_hidden_boxes(marked: list[Any]) -> int:
    """Drop the ``marked`` hidden elements (in place) that hold little text; returns how many."""
    removed = 0
    for element in marked:
        if element.tag in _PROTECTED_TAGS or element.getparent() is None:
            continue
        if len(normalize_space(text_of(element))) > _MAX_HIDDEN_CHARS:
            continue
        element.drop_tree()
        removed += 1
    return removed


def remove_teaser_boxes(body: Any, marked: list[Any] | None = None) -> int:
    """Drop teaser boxes under ``body`` (in place), or the ``marked`` ones already found; returns how many."""
    if marked is None:
        marked = [e for e in body.iter() if isinstance(e.tag, str) and is_teaser(e)]
    if not marked:
        return 0
    limit = _MAX_PRUNED_SHARE * len(text_of(body))
    removed = 0
    for element in marked:
        if element.getparent() is None or len(text_of(element)) > limit:
            continue
        element.drop_tree()
        removed += 1
    return removed


def anchor_texts(root: Any) -> set[str]:
    """The case-folded, space-normalised text of every link of the page."""
    return {text.casefold() for a in root.iter("a") if (text := normalize_space(text_of(a)))}


def drop_link_lines(lines: Iterable[str], root: Any) -> list[str]:
    """Remove lines that are a label plus a linked headline ("Read more: X", "(MORE: X)", "Next: X", the label
    inside the link or not) or a linked headline plus a teaser tag ("X [VIDEO]"). A bare linked line stays: a
    body paragraph can be one link. The page's links are only collected when some line has a label or a tag."""
    kept: list[str] = []
    anchors: set[str] | None = None
    for line in lines:
        # "(MORE: X)", "(Leggi anche su: X)": the label and link in brackets
        bare = line[1:-1].strip() if line[:1] == "(" and line[-1:] == ")" else line
        core = _LINK_LABEL.sub("", bare)
        if core == bare and (label := _other_language_label(bare)):
            core = bare[label:]  # "Baca juga: X", "Читайте также: X", "【関連記事】X"
        if "[" in core:  # the tag pattern scans the whole line; most lines have no bracket
            core = _TEASER_TAG.sub("", core)
        core = core.strip().casefold()
        if core and core != bare.casefold() and len(line.split()) <= _MAX_LINK_LINE_WORDS:
            if anchors is None:
                anchors = anchor_texts(root)
            if core in anchors or bare.casefold() in anchors:  # the label may be inside the link
                continue
        kept.append(line)
    return kept


def _other_language_label(line: str) -> int:
    """Where a "read also" label of another language (``furniture_words``) ends at the start of a short line, or
    0; the labels are only tried when a colon, a dash, a bar or a closing bracket stands near the start."""
    if len(line) > _MAX_LINK_LINE_CHARS or READ_ALSO_END.search(line, 0, READ_ALSO_REACH) is None:
        return 0
    label = READ_ALSO_LABEL.match(line)
    return label.end() if label else 0


def drop_promotion_lists(lines: list[str], root: Any) -> list[str]:
    """Remove a label line announcing other pages ("Don't Miss:", "Read Next:", "Related Stories",
    "Recommended") and the linked items under it: lines of at most 300 characters whose text is a quarter or more
    link text (the page's links, matched by their text). A label whose items the extractor already pruned goes
    alone; the article text after the items stays. The page's links are only collected when a label is found."""
    kept: list[str] = []
    anchors: list[str] | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not _is_promo_label(line):
            kept.append(line)
            continue
        if anchors is None:
            anchors = sorted(anchor_texts(root), key=len, reverse=True)
        while index < len(lines) and _is_linked_item(lines[index], anchors):
            index += 1
    return kept


def _is_linked_item(line: str, anchors: list[str]) -> bool:
    if len(line) > _MAX_ITEM_CHARS:
        return False
    rest = line.casefold()
    linked = 0
    for text in anchors:  # longest first, each counted where it still stands in the line
        if len(text) > 3 and text in rest:
            linked += len(text)
            rest = rest.replace(text, " ")
    return linked >= _MIN_ITEM_LINK_SHARE * len(line)


_MIN_TRAILING_LINKS = 2
_MAX_TRAILING_LINK_CHARS = 150
# A linked line above the body's last line is taken for another story's headline from this many words on.
_MIN_HEADLINE_WORDS = 4
# A box's label that is only furniture as the body's last line (twelfth pass: IndieWire, Al Jazeera on AEB, The
# Escapist on dev), besides the promotion labels.
_LONE_LABEL = re.compile(r"popular on \S+(?: \S+)?|more:|recommended videos", re.I)


def drop_trailing_links(lines: list[str], root: Any) -> list[str]:
    """Remove a run of two or more lines at the end of the body that are each the whole text of a link (other
    stories' headlines left after the article: "15 Amazing Images of Stars", "Photos: Europa, …"), with a label
    line just above them ("Popular on IndieWire", "You may also like..."), or such a label left alone at the end. A
    run of headlines (4+ words each) may
    also stand just above the body's last line, which stays (the writer's closing note: Space.com on AEB, twice).
    One linked line alone stays: a body paragraph can be one link."""
    if len(lines) > 1 and (_is_promo_label(lines[-1].rstrip(" .…:")) or _LONE_LABEL.fullmatch(lines[-1])):
        lines = lines[:-1]  # a label left alone: the box's links are filled in by a script
    if len(lines) <= _MIN_TRAILING_LINKS:
        return lines
    anchors: set[str] | None = None
    for end in (len(lines), len(lines) - 1):
        if end < len(lines) and not all(_could_be_headline(line) for line in lines[end - 2 : end]):
            continue  # the page's links are read only when the two lines above the last could be headlines
        start, anchors = _linked_run_start(lines, end, root, anchors)
        if end < len(lines) and any(len(line.split()) < _MIN_HEADLINE_WORDS for line in lines[start:end]):
            continue  # above the last line, only headlines: "The budget", "The vote" are the story's links
        if end - start >= _MIN_TRAILING_LINKS:
            if _is_promo_label(lines[start - 1].rstrip(" .…:")):
                start -= 1
            return lines[:start] + lines[end:]
    return lines


def _could_be_headline(line: str) -> bool:
    return len(line) <= _MAX_TRAILING_LINK_CHARS and len(line.split()) >= _MIN_HEADLINE_WORDS


def _linked_run_start(
    lines: list[str], end: int, root: Any, anchors: set[str] | None
) -> tuple[int, set[str] | None]:
    """Where the run of short lines (or list items) that are each a link's whole text, ending before ``end``,
    starts; the page's link texts are read once, when a short line is looked up."""
    start = end
    while start > 1 and len(lines[start - 1]) <= _MAX_TRAILING_LINK_CHARS:
        if anchors is None:
            anchors = anchor_texts(root)
        # a list item comes out as "- text"
        if lines[start - 1].removeprefix("- ").casefold() not in anchors:
            break
        start -= 1
    return start, anchors


def _is_promo_label(line: str) -> bool:
    """Whether ``line`` is a short heading announcing other pages (``_PROMO_LABEL``, or its words in another
    language: ``_RELATED_HEADING``)."""
    if len(line) > _MAX_LABEL_CHARS:
        return False
    return _PROMO_LABEL.match(line) is not None or _RELATED_HEADING.fullmatch(line) is not None


def is_social_call(line: str) -> bool:
    """Whether a short line, in one of the major news languages, is a share bar's label ("Teilen", "Поделиться",
    "Facebook'ta paylaş") or a call to follow the publisher ("Bizi takip edin", "Подписывайтесь на наш
    Telegram-канал", "हमें फेसबुक पर फॉलो करें") and nothing else: the whole line opens with the call (or, where
    the verb comes last, ends with it) and is at most 120 characters, so a sentence quoting one stays."""
    return len(line) <= _MAX_SOCIAL_CALL_CHARS and (
        SHARE_LABEL.fullmatch(line) is not None or FOLLOW_CALL.fullmatch(line) is not None
    )
