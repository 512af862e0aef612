"""docs/schema.md documents every table and column of models.py, and nothing that is not there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from newsflow_shared.migrate import head_revision
from newsflow_shared.models import DB_SCHEMA_VERSION, Base

SCHEMA_DOC = Path(__file__).resolve().parents[3] / "docs" / "schema.md"
TABLES = {table.name: table for table in Base.metadata.sorted_tables}


def _sections() -> dict[str, str]:
    """Text under each ``### `table``` heading, by table name."""
    text = SCHEMA_DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### `([a-z_]+)`\s*$", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1].split("\n## ")[0] for i in range(1, len(parts), 2)}


def _documented_columns(section: str) -> list[str]:
    return re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)


def test_every_table_has_a_section() -> None:
    assert sorted(_sections()) == sorted(TABLES)


@pytest.mark.parametrize("table_name", sorted(TABLES))
def test_every_column_is_documented_once(table_name: str) -> None:
    documented = _documented_columns(_sections().get(table_name, ""))
    missing = [column.name for column in TABLES[table_name].columns if column.name not in documented]
    assert missing == [], f"docs/schema.md does not document {table_name}.{missing}"
    assert len(documented) == len(set(documented)), f"a column of {table_name} is documented twice"
    unknown = set(documented) - {column.name for column in TABLES[table_name].columns}
    assert unknown == set(), f"docs/schema.md documents columns {table_name} does not have: {unknown}"


@pytest.mark.parametrize("table_name", sorted(TABLES))
def test_column_rows_give_type_null_meaning_and_example(table_name: str) -> None:
    rows = re.findall(r"^\| `[a-z_]+` \|.*$", _sections()[table_name], flags=re.MULTILINE)
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        assert len(cells) == 5 and all(cells), row
        assert cells[2] in {"yes", "no"}, row


@pytest.mark.parametrize("table_name", sorted(TABLES))
def test_nullability_matches_models(table_name: str) -> None:
    rows = re.findall(r"^\| `([a-z_]+)` \| [^|]+ \| (yes|no) \|", _sections()[table_name], flags=re.MULTILINE)
    documented = dict(rows)
    for column in TABLES[table_name].columns:
        assert documented[column.name] == ("yes" if column.nullable else "no"), f"{table_name}.{column.name}"


def test_version_and_revision_are_current() -> None:
    text = SCHEMA_DOC.read_text(encoding="utf-8")
    assert f"Schema version | **{DB_SCHEMA_VERSION}**" in text
    assert f"Alembic revision | **`{head_revision()}`**" in text
    assert f"| {DB_SCHEMA_VERSION} | `{head_revision()}` |" in text  # the changelog's latest line
