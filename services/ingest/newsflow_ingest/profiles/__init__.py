"""Site profiles: small declarative TOML files of CSS/XPath selectors per field, for what the general extractor
misses on a site that newsflow's users really crawl.

A profile names its domains (a host or any subdomain of it), optional selectors of elements to remove before
anything is read, and a rule per field. A field a profile reads takes priority over every general source and
gets the provenance ``"profile"``; a rule that matches nothing leaves the general extraction in charge. Profiles
are loaded from the directory ``NEWSFLOW_PROFILES_DIR`` names (``builtin``: the examples shipped in this
package). Format and examples: docs/extraction.md.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

LOGGER = logging.getLogger(__name__)

BUILTIN_DIR = Path(__file__).resolve().parent
PROFILE_FIELDS = frozenset(
    {"title", "description", "section", "authors", "tags", "published_at", "modified_at", "body"}
)
_LIST_FIELDS = frozenset({"authors", "tags", "body"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_MAX_TEXT = 100_000


class ProfileError(ValueError):
    """A profile file that cannot be used (bad TOML, unknown field, invalid selector). Raised by
    :func:`load_profile`; :func:`load_profiles` logs it and skips the file so one bad file does not stop a worker."""


@dataclass(frozen=True)
class FieldRule:
    """How one field is read: a compiled selector, optionally an attribute, one value or all."""

    selector: Any  # etree.XPath or CSSSelector: both are called with the root
    expression: str
    attribute: str | None = None
    all: bool = False


@dataclass(frozen=True)
class SiteProfile:
    """The rules for one site."""

    name: str
    domains: tuple[str, ...]
    remove: tuple[Any, ...] = ()
    fields: dict[str, FieldRule] = field(default_factory=dict)

    def matches(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == domain or host.endswith("." + domain) for domain in self.domains)


@dataclass(frozen=True)
class ProfileSet:
    """Every loaded profile; the most specific domain wins."""

    profiles: tuple[SiteProfile, ...] = ()

    def for_url(self, url: str) -> SiteProfile | None:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            return None
        best: tuple[int, SiteProfile] | None = None
        for profile in self.profiles:
            if profile.matches(host):
                length = max(len(d) for d in profile.domains if host == d or host.endswith("." + d))
                if best is None or length > best[0]:
                    best = (length, profile)
        return best[1] if best else None


def load_profile(path: Path) -> SiteProfile:
    """Read and compile one profile file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProfileError(f"{path}: {error}") from error
    domains = data.get("domains")
    if not isinstance(domains, list) or not domains or not all(isinstance(d, str) and d for d in domains):
        raise ProfileError(f"{path}: 'domains' must be a non-empty list of host names")
    remove = data.get("remove", {})
    if not isinstance(remove, dict):
        raise ProfileError(f"{path}: 'remove' must be a table with 'css' and/or 'xpath' lists")
    removers = [_compile(path, "css", e) for e in _strings(path, remove.get("css", []))]
    removers += [_compile(path, "xpath", e) for e in _strings(path, remove.get("xpath", []))]
    rules: dict[str, FieldRule] = {}
    for name, rule in dict(data.get("fields", {})).items():
        if name not in PROFILE_FIELDS:
            raise ProfileError(f"{path}: unknown field {name!r} (known: {', '.join(sorted(PROFILE_FIELDS))})")
        if not isinstance(rule, dict) or len({"css", "xpath"} & rule.keys()) != 1:
            raise ProfileError(f"{path}: field {name!r} needs exactly one of 'css' or 'xpath'")
        kind = "css" if "css" in rule else "xpath"
        expression = str(rule[kind])
        rules[name] = FieldRule(
            _compile(path, kind, expression),
            expression,
            attribute=rule.get("attr"),
            all=bool(rule.get("all", name in _LIST_FIELDS)),
        )
    return SiteProfile(
        name=str(data.get("name") or path.stem),
        domains=tuple(d.lower().strip(".") for d in domains),
        remove=tuple(removers),
        fields=rules,
    )


def load_profiles(directory: Path | str | None) -> ProfileSet:
    """Every ``*.toml`` profile of ``directory`` (``"builtin"``: the shipped examples; empty: none)."""
    if not directory:
        return ProfileSet()
    folder = BUILTIN_DIR if str(directory) == "builtin" else Path(directory)
    profiles: list[SiteProfile] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            profiles.append(load_profile(path))
        except ProfileError:
            LOGGER.warning("site profile skipped", exc_info=True)
    return ProfileSet(tuple(profiles))


def _strings(path: Path, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"{path}: selector lists must be lists of strings")
    return list(value)


def _compile(path: Path, kind: str, expression: str) -> Any:
    try:
        if kind == "css":
            return CSSSelector(expression, translator="html")
        return etree.XPath(expression)
    except (SelectorError, etree.XPathSyntaxError) as error:
        raise ProfileError(f"{path}: invalid {kind} selector {expression!r}: {error}") from error


def remove_elements(profile: SiteProfile, root: Any) -> None:
    """Remove what the profile's ``remove`` selectors match (in place)."""
    for selector in profile.remove:
        for element in _run(selector, root):
            if hasattr(element, "drop_tree") and element.getparent() is not None:
                element.drop_tree()


def read_fields(profile: SiteProfile, root: Any) -> dict[str, list[str]]:
    """Text values per field (one, or all for list fields); fields whose rule matches nothing are left out.
    ``body`` values are prefixed with their block kind: ``"heading\\tText"``."""
    found: dict[str, list[str]] = {}
    for name, rule in profile.fields.items():
        values: list[str] = []
        for match in _run(rule.selector, root):
            text = _value(match, rule.attribute)
            if not text:
                continue
            values.append(f"{_block_kind(match)}\t{text}" if name == "body" else text)
            if not rule.all:
                break
        if values:
            found[name] = values
    return found


def _run(selector: Any, root: Any) -> Iterable[Any]:
    try:
        result = selector(root)
    except etree.XPathError:
        LOGGER.debug("profile selector failed", exc_info=True)
        return []
    return result if isinstance(result, list) else [result]


def _value(match: Any, attribute: str | None) -> str:
    if isinstance(match, str):
        text = match
    elif attribute:
        text = match.get(attribute) or "" if hasattr(match, "get") else ""
    elif hasattr(match, "text_content"):
        text = match.text_content()
    else:
        text = ""
    return " ".join(str(text)[:_MAX_TEXT].split())


def _block_kind(match: Any) -> str:
    tag = getattr(match, "tag", "")
    if tag in _HEADING_TAGS:
        return "heading"
    if tag == "li":
        return "list_item"
    if tag == "blockquote":
        return "quote"
    return "paragraph"


_active: ProfileSet | None = None


def active_profiles() -> ProfileSet:
    """The profiles of ``NEWSFLOW_PROFILES_DIR``, loaded once per process; none when settings are unusable."""
    global _active
    if _active is None:
        try:
            from newsflow_shared.config import get_settings

            _active = load_profiles(get_settings().profiles_dir)
        except Exception:  # bad settings must not turn every page into an extraction failure
            LOGGER.warning("site profiles not loaded", exc_info=True)
            _active = ProfileSet()
    return _active


def use_profiles(profiles: ProfileSet | None) -> None:
    """Make ``profiles`` the active set (tests, embedding programs); ``None``: reload from settings on next use."""
    global _active
    _active = profiles
