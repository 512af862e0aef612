"""Which people two reductions of names (``person_key_0012``, ``person_key``) join and which they confuse.

Every person name of every gold set (``benchmarks/enrich_data/*.jsonl``: canonical name and forms) and of the
curated alias table (``data/aliases.json``: name and aliases) is keyed both ways. A person is its canonical name,
compared without diacritics ("António Guterres" in one set is "Antonio Guterres" in another).
Reported per reduction:

- **collisions**: keys shared by two different people (a wrong link the store could make) — the figure that
  must not grow;
- **joined**: pairs of one person's spellings in two scripts (Latin, Arabic) that share a key (a link the store
  can make), out of all such pairs of names of two or more words.

The looser key (``loose_person_key``, issue 16 ninth pass) is audited with the store's gate: the store links by
it only a row of the other script whose articles share ``SHARED_CONTEXT`` other entities with the article. Each
key it shares between two different people is checked against the gold paragraphs: the gate would pass if a
paragraph naming one of them shares that many other gold entities (canonical names, so every place and
organisation counts as joined across languages — the gate's most permissive reading) with the paragraphs naming
the other. The pairs of one person's spellings it joins and the exact key does not are checked the same way
(would the link be made).

``python benchmarks/name_key_audit.py`` (``--json FILE`` to keep the lists).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from itertools import product
from pathlib import Path
from typing import Any

from newsflow_enrich.entities.aliases import match_key
from newsflow_shared.name_keys import loose_person_key, person_key, person_key_0012, script_code
from newsflow_store.entities import SHARED_CONTEXT

DATA = Path(__file__).parent / "enrich_data"
ALIASES = Path(__file__).parents[1] / "services/enrich/newsflow_enrich/data/aliases.json"
REDUCTIONS: dict[str, Callable[[str], str | None]] = {"0012": person_key_0012, "current": person_key}


def people() -> dict[str, set[str]]:
    """Every person's spellings by canonical name, from the gold sets and the alias table."""
    spellings: dict[str, set[str]] = defaultdict(set)
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for entity in json.loads(line)["entities"]:
                if entity["type"] == "PERSON":
                    spellings[match_key(entity["name"])].update([entity["name"], *entity.get("forms", [])])
    for entry in json.loads(ALIASES.read_text(encoding="utf-8"))["entities"]:
        if entry["type"] == "PERSON":
            spellings[match_key(entry["name"])].update([entry["name"], *entry.get("aliases", [])])
    return spellings


def contexts() -> dict[str, list[set[str]]]:
    """Every person's gold paragraphs, each as the set of its other entities ("type:canonical name")."""
    found: dict[str, list[set[str]]] = defaultdict(list)
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            entities = json.loads(line)["entities"]
            named = {f"{entity['type']}:{match_key(entity['name'])}" for entity in entities}
            for entity in entities:
                if entity["type"] == "PERSON":
                    found[match_key(entity["name"])].append(named - {f"PERSON:{match_key(entity['name'])}"})
    return found


def shared_context(one: list[set[str]], other: list[set[str]], exclude: set[str]) -> int:
    """The most other entities a paragraph of ``one`` shares with the paragraphs of ``other`` together (the
    store counts distinct entities over the candidate row's articles)."""
    union = set().union(*other) - exclude if other else set()
    return max((len((paragraph - exclude) & union) for paragraph in one), default=0)


def gated_collisions(spellings: dict[str, set[str]]) -> list[dict[str, Any]]:
    """Each pair of different people whose Latin and non-Latin spellings share a loose key: the most shared
    context either way, and whether the store's gate would link them."""
    by_key: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for person, names in spellings.items():
        for name in names:
            if (found := loose_person_key(name)) is not None:
                by_key[found][person].add(script_code(name) == "Latn")
    context = contexts()
    report = []
    for found, people in sorted(by_key.items()):
        for one, other in product(sorted(people), repeat=2):
            if one < other and people[one] | people[other] == {True, False}:
                exclude = {f"PERSON:{one}", f"PERSON:{other}"}
                shared = max(
                    shared_context(context[one], context[other], exclude),
                    shared_context(context[other], context[one], exclude),
                )
                report.append({"key": found, "people": [one, other], "shared": shared,
                               "linked": shared >= SHARED_CONTEXT})  # fmt: skip
    return report


def loosely_joined(spellings: dict[str, set[str]]) -> list[dict[str, Any]]:
    """One person's Latin × Arabic pairs the loose key joins and the exact key does not, with the context the
    person's other paragraphs give a paragraph of theirs (would the store's gate link them)."""
    context = contexts()
    report = []
    for person, names in sorted(spellings.items()):
        for latin, arabic in _script_pairs(names):
            exact, loose = person_key(latin), loose_person_key(latin)
            if (
                exact is None
                or exact == person_key(arabic)
                or loose is None
                or loose != loose_person_key(arabic)
            ):
                continue
            paragraphs = context[person]
            shared = max(
                (
                    shared_context([p], paragraphs[:i] + paragraphs[i + 1 :], set())
                    for i, p in enumerate(paragraphs)
                ),
                default=0,
            )
            report.append(
                {"pair": f"{latin} / {arabic}", "shared": shared, "linked": shared >= SHARED_CONTEXT}
            )
    return report


def collisions(spellings: dict[str, set[str]], key: Callable[[str], str | None]) -> dict[str, list[str]]:
    """Keys shared by two or more people: key → the people's names."""
    owners: dict[str, set[str]] = defaultdict(set)
    for person, names in spellings.items():
        for name in names:
            if (found := key(name)) is not None:
                owners[found].add(person)
    return {found: sorted(who) for found, who in owners.items() if len(who) > 1}


def _script_pairs(names: set[str]) -> Iterator[tuple[str, str]]:
    latin = sorted(name for name in names if script_code(name) == "Latn")
    arabic = sorted(name for name in names if script_code(name) == "Arab")
    return product(latin, arabic)


def joined(spellings: dict[str, set[str]], key: Callable[[str], str | None]) -> tuple[int, int, list[str]]:
    """(pairs sharing a key, pairs of keyed names, the pairs apart) over each person's Latin × Arabic names."""
    together, total, apart = 0, 0, []
    for names in spellings.values():
        for latin, arabic in _script_pairs(names):
            if key(latin) is None or key(arabic) is None:
                continue  # a one-word spelling has no key under either reduction
            total += 1
            if key(latin) == key(arabic):
                together += 1
            else:
                apart.append(f"{latin} / {arabic}")
    return together, total, apart


def audit() -> dict[str, Any]:
    """Both reductions over every person name; the collisions the current one adds."""
    spellings = people()
    report: dict[str, Any] = {"people": len(spellings), "names": sum(map(len, spellings.values()))}
    for label, key in REDUCTIONS.items():
        together, total, apart = joined(spellings, key)
        report[label] = {
            "collisions": collisions(spellings, key),
            "joined": together,
            "pairs": total,
            "apart": apart,
        }
    before = {tuple(who) for who in report["0012"]["collisions"].values()}
    report["new_collisions"] = {
        k: v for k, v in report["current"]["collisions"].items() if tuple(v) not in before
    }
    report["newly_joined"] = sorted(set(report["0012"]["apart"]) - set(report["current"]["apart"]))
    report["loose"] = {
        "collisions": collisions(spellings, loose_person_key),
        "gated": gated_collisions(spellings),
        "loosely_joined": loosely_joined(spellings),
    }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args()
    report = audit()
    print(f"{report['people']} people, {report['names']} spellings")
    for label in REDUCTIONS:
        found = report[label]
        pairs = f"{found['joined']} of {found['pairs']} Latin/Arabic pairs share a key"
        print(f"{label}: {len(found['collisions'])} collisions; {pairs}")
        for key, who in sorted(found["collisions"].items()):
            print(f"  {key}: {' | '.join(who)}")
    new = [f"{key}: {' | '.join(who)}" for key, who in report["new_collisions"].items()]
    print("new collisions: " + ("; ".join(new) or "none"))
    print("newly joined: " + ("; ".join(report["newly_joined"]) or "none"))
    loose = report["loose"]
    print(f"loose: {len(loose['collisions'])} collisions; gate needs {SHARED_CONTEXT} shared entities")
    for pair in loose["gated"]:
        verdict = "LINKED" if pair["linked"] else "kept apart"
        print(f"  {pair['key']}: {' | '.join(pair['people'])}: {pair['shared']} shared, {verdict}")
    joined_by_loose = loose["loosely_joined"]
    linked = sum(pair["linked"] for pair in joined_by_loose)
    print(
        f"loose only: {len(joined_by_loose)} Latin/Arabic pairs of one person, {linked} with context to link"
    )
    for pair in joined_by_loose:
        print(f"  {pair['pair']}: {pair['shared']} shared")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
