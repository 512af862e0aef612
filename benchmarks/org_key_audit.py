"""Which organisations the organisation key (``newsflow_shared.org_keys.org_key``) joins and which it confuses.

Every ORG name of every gold set (``benchmarks/enrich_data/*.jsonl``: canonical name and forms) and of the
shipped tables (``data/aliases.json``: name and aliases; ``data/labels.json``: name and its English, French and
Arabic names) is keyed. An organisation is its canonical name, compared without diacritics. Reported:

- **collisions**: keys shared by two different organisations, and of those the ones the store's link could act
  on (two spellings of different languages, or of a language ``org_keys.name_language`` cannot tell) — the
  figure that must stay at zero;
- **joined**: pairs of one organisation's spellings in two languages that share a key (a link the store can
  make), out of all such pairs whose both spellings have a key.

``python benchmarks/org_key_audit.py`` (``--json FILE`` to keep the lists).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from newsflow_enrich.entities.aliases import match_key
from newsflow_shared.org_keys import name_language, org_key

DATA = Path(__file__).parent / "enrich_data"
TABLES = Path(__file__).parents[1] / "services/enrich/newsflow_enrich/data"


def organisations() -> dict[str, set[str]]:
    """Every organisation's spellings by canonical name, from the gold sets and the shipped tables."""
    spellings: dict[str, set[str]] = defaultdict(set)
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for entity in json.loads(line)["entities"]:
                if entity["type"] == "ORG":
                    spellings[match_key(entity["name"])].update([entity["name"], *entity.get("forms", [])])
    for entry in json.loads((TABLES / "aliases.json").read_text(encoding="utf-8"))["entities"]:
        if entry["type"] == "ORG":
            spellings[match_key(entry["name"])].update([entry["name"], *entry.get("aliases", [])])
    for entry in json.loads((TABLES / "labels.json").read_text(encoding="utf-8"))["entities"]:
        if entry["type"] == "ORG":
            names = [entry["name"], *entry["en"], *entry["fr"], *entry["ar"]]
            spellings[match_key(entry["name"])].update(names)
    return spellings


def _linkable(one: str, other: str) -> bool:
    """Whether the store's link could join the two spellings: their languages differ or one is unknown."""
    first, second = name_language(one), name_language(other)
    return first is None or second is None or first != second


def collisions(spellings: dict[str, set[str]]) -> dict[str, dict[str, Any]]:
    """Keys shared by two or more organisations: key → their spellings, and whether the link could act."""
    owners: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for organisation, names in spellings.items():
        for name in names:
            if (found := org_key(name)) is not None:
                owners[found][organisation].add(name)
    report = {}
    for found, who in owners.items():
        if len(who) < 2:
            continue
        linkable = any(
            _linkable(a, b)
            for first, second in combinations(sorted(who), 2)
            for a in who[first]
            for b in who[second]
        )
        report[found] = {"names": {k: sorted(v) for k, v in sorted(who.items())}, "linkable": linkable}
    return report


def joined(spellings: dict[str, set[str]]) -> tuple[int, int, list[str]]:
    """(pairs sharing a key, pairs of keyed spellings) over each organisation's spellings of two languages."""
    together, total, apart = 0, 0, []
    for names in spellings.values():
        for one, other in combinations(sorted(names), 2):
            languages = {name_language(one), name_language(other)}
            if None in languages or len(languages) < 2:
                continue
            first, second = org_key(one), org_key(other)
            if first is None or second is None:
                continue
            total += 1
            if first == second:
                together += 1
            else:
                apart.append(f"{one} / {other}")
    return together, total, apart


def audit() -> dict[str, Any]:
    spellings = organisations()
    together, total, apart = joined(spellings)
    found = collisions(spellings)
    return {
        "organisations": len(spellings),
        "names": sum(map(len, spellings.values())),
        "keyed": sum(1 for names in spellings.values() for name in names if org_key(name) is not None),
        "collisions": found,
        "linkable_collisions": {key: value for key, value in found.items() if value["linkable"]},
        "joined": together,
        "pairs": total,
        "apart": apart,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args()
    report = audit()
    print(f"{report['organisations']} organisations, {report['names']} spellings, {report['keyed']} keyed")
    print(
        f"{len(report['collisions'])} keys shared by two organisations, "
        f"{len(report['linkable_collisions'])} of them linkable (spellings of different or unknown languages)"
    )
    for key, value in sorted(report["collisions"].items()):
        mark = "LINKABLE " if value["linkable"] else ""
        print(f"  {mark}{key}: " + " | ".join(f"{k}: {v}" for k, v in value["names"].items()))
    print(
        f"{report['joined']} of {report['pairs']} two-language pairs of one organisation's keyed spellings share a key"
    )
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
