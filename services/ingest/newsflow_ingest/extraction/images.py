"""The article's main images with caption and credit: ``<figure>``/``<figcaption>``, WordPress ``wp-caption``
blocks and the declared ``og:image``/JSON-LD image."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from newsflow_shared.messages import Image

from newsflow_ingest.extraction.document import class_and_id, element_text, normalize_space

_FIGURES_XPATH = (
    "//body//figure | //body//*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption ')]"
)
# XPath's normalize-space() separators, for the same test on candidates already found
_XML_SPACE = re.compile(r"[ \t\r\n]+")
# Images inside these regions are thumbnails of other stories, logos or ads, not the article's images.
_OUTSIDE_ARTICLE = ("sidebar", "widget", "related", "footer", "menu", "comment", "promo", "advert", "popular")
_OUTSIDE_TAGS = frozenset({"aside", "nav", "footer"})
_CAPTION_LABEL = re.compile(r"^(?:caption|photo caption|image caption)\s*:\s*", re.I)
# "(AP Photo/ Turkish Military, Pool photo)", "(Photo: Reuters)", "(Getty Images)"
_PAREN_CREDIT = re.compile(
    r"\s*\(((?:[^()]*\b(?:photo|photograph|image|picture|credit|courtesy|file|pool)\b|AP|AFP|Reuters|Getty|EPA|"
    r"Anadolu|SPA|WAM|dpa|Xinhua)[^()]*)\)\s*\.?$",
    re.I,
)
# "... Photo: Jane Doe/Reuters", "... Image credit: NASA", "... | Getty Images"
_LABEL_CREDIT = re.compile(
    r"\s*(?:[|–—-]\s*)?\b((?:photo(?:graph)?|image|picture)s?(?:\s+credit)?\s*(?:by|:)\s*.+|"
    r"credit\s*:\s*.+)$",
    re.I,
)
_SIZE_SUFFIX = re.compile(r"-\d{2,5}x\d{2,5}(?=\.\w{3,4}$)")
_MAX_IMAGES = 10


@dataclass
class ImageResult:
    """The images found and their caption texts (which the body must not repeat)."""

    images: list[Image]
    caption_texts: list[str]


def split_credit(caption: str) -> tuple[str | None, str | None]:
    """Split a caption into ``(caption, credit)``: "Akar meets Gerasimov (AP Photo/ Pool)" gives
    ``("Akar meets Gerasimov", "AP Photo/ Pool")``."""
    text = _CAPTION_LABEL.sub("", normalize_space(caption))
    for pattern in (_PAREN_CREDIT, _LABEL_CREDIT):
        match = pattern.search(text)
        if match and match.start() > 0:
            credit = match.group(1).strip()
            credit = (
                re.sub(r"^(?:photo|image)?\s*credits?\s*:\s*", "", credit, flags=re.I)
                if ":" in credit[:14]
                else credit
            )
            return text[: match.start()].strip(" .,|–—-") or None, credit or None
    return text or None, None


def extract_images(
    root: Any, base_url: str, declared: Sequence[str], candidates: Sequence[Any] | None = None
) -> ImageResult:
    """Images of the article: declared ones (og:image, JSON-LD) first, then figures in the article area.
    A figure showing the declared image lends it its caption and credit.

    ``candidates``: the body's caption elements in document order (``body.find_furniture``), when already
    found; the figures are picked from them instead of searching the tree again."""
    by_key: dict[str, Image] = {}
    captions: list[str] = []
    for url in declared:
        absolute = _absolute(url, base_url)
        if absolute and _key(absolute) not in by_key:
            by_key[_key(absolute)] = Image(url=absolute)
    for figure in root.xpath(_FIGURES_XPATH) if candidates is None else _figures(root, candidates):
        if _outside_article(figure):
            continue
        img = figure.find(".//img")
        image_url = _absolute(_image_source(img), base_url) if img is not None else None
        caption_text, credit_text = _caption_and_credit(figure)
        if caption_text:
            captions.append(caption_text)
        if not image_url:
            continue
        caption, caption_credit = split_credit(caption_text) if caption_text else (None, None)
        credit = credit_text or caption_credit
        image = by_key.get(_key(image_url))
        if image is None:
            by_key[_key(image_url)] = Image(url=image_url, caption=caption, credit=credit)
        elif image.caption is None and image.credit is None:
            image.caption, image.credit = caption, credit
        if len(by_key) >= _MAX_IMAGES:
            break
    return ImageResult(list(by_key.values()), captions)


def _figures(root: Any, candidates: Sequence[Any]) -> list[Any]:
    """What ``_FIGURES_XPATH`` selects, among ``candidates`` (a superset in document order)."""
    body = root.find("body")
    return [
        element
        for element in candidates
        if element is not body
        and (element.tag == "figure" or "wp-caption" in _XML_SPACE.split(element.get("class") or ""))
    ]


def _caption_and_credit(figure: Any) -> tuple[str | None, str | None]:
    """The caption text of a figure and the text of a separate credit element, if it has one."""
    credit = None
    for element in figure.iterdescendants():
        if isinstance(element.tag, str) and any(w in class_and_id(element) for w in ("credit", "copyright")):
            credit = element_text(element, limit=300) or None
            break
    for element in figure.iter("figcaption", "p", "div", "span"):
        if element.tag == "figcaption" or "caption" in class_and_id(element):
            text = element_text(element, limit=1000)
            if credit and credit in text:
                text = text.replace(credit, "").strip()
            return text or None, credit
    return None, credit


def _image_source(img: Any) -> str | None:
    for attribute in ("src", "data-src", "data-lazy-src", "data-original"):
        value = img.get(attribute)
        if value and not value.startswith("data:"):
            return str(value)
    srcset = img.get("srcset") or img.get("data-srcset")
    if srcset:
        return str(srcset.split(",")[0].split()[0])
    return None


def _absolute(url: str | None, base_url: str) -> str | None:
    if not url:
        return None
    try:
        absolute = urljoin(base_url, url.strip())
    except ValueError:
        return None
    return absolute if absolute.startswith(("http://", "https://")) else None


def _key(url: str) -> str:
    """Compare images without query strings and WordPress size variants (``-1024x683.jpg``)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    return _SIZE_SUFFIX.sub("", path.split("://", 1)[-1])


def _outside_article(element: Any) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag in ("body", "html"):
            return False
        if ancestor.tag in _OUTSIDE_TAGS:
            return True
        names = class_and_id(ancestor)
        if any(word in names for word in _OUTSIDE_ARTICLE):
            return True
    return False
