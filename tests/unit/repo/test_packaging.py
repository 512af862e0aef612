"""What a normal (non-editable) install ships: every folder of Python modules in the project's packages is a
package setuptools finds. An editable install imports a folder without ``__init__.py`` as a namespace package,
so tests pass while ``pip install .`` (the Docker images) leaves it out — found when the new rooms of the
restructure had none."""

from __future__ import annotations

import tomllib
from pathlib import Path

from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[3]
# Folders of Python files that are data of a package, not modules to import.
NOT_PACKAGES = {"shared/newsflow_shared/migrations/versions"}


def test_every_folder_of_modules_is_a_package_the_build_finds() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found: set[str] = set()
    for where in config["packages"]["find"]["where"]:
        for package in find_packages(str(ROOT / where), include=config["packages"]["find"]["include"]):
            found.add(str(Path(where, *package.split("."))).removeprefix("./"))
    folders = {
        str(path.parent.relative_to(ROOT))
        for where in config["packages"]["find"]["where"]
        for path in (ROOT / where).glob("newsflow*/**/*.py")
    }
    missing = sorted(folders - found - NOT_PACKAGES)
    assert missing == [], f"folders of modules that a normal install leaves out (no __init__.py?): {missing}"
    assert {"shared/newsflow_crawl", "shared/newsflow_crawl/delivery", "shared/newsflow_crawl/state"} <= found
