"""The extraction package's docstring maps every module, so a new module cannot be left out of the map."""

from __future__ import annotations

from pathlib import Path

import newsflow_ingest.extraction as extraction


def test_the_package_docstring_names_every_module() -> None:
    modules = {path.stem for path in Path(extraction.__file__).parent.glob("*.py") if path.stem != "__init__"}
    doc = extraction.__doc__ or ""
    assert sorted(name for name in modules if f"``{name}``" not in doc) == []
