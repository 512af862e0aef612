"""Every distribution the extraction code loads is one a plain ``pip install ".[ingest]"`` installs: declared in
pyproject.toml, or required (without an extra) by something declared. Found when ``lxml.html.clean`` moved to the
``lxml_html_clean`` distribution, which trafilatura's justext asks for only through lxml's ``html_clean`` extra:
a pip that did not install it gave a ``newsflow extract`` failing with ImportError (issue 15)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[3]
EXTRACTION = ROOT / "services/ingest/newsflow_ingest/extraction"
_LOADED = (
    "import sys, json; from newsflow_ingest.extraction import parse_article; "
    "parse_article('<html><body><article><p>' + 'Words of a story. ' * 80 + '</p></article></body></html>',"
    " 'https://example.test/a'); print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
)


def _declared(extras: tuple[str, ...] = ("ingest",)) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in extras:
        lines += project["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


def _closure(requirements: list[Requirement]) -> set[str]:
    """Distributions installed for ``requirements``: each one's own requirements without an extra marker, and
    the extras a requirement line of the project names, but not the extras a dependency asks for."""
    found: set[str] = set()
    queue = [(req, True) for req in requirements]
    while queue:
        req, ours = queue.pop()
        name = canonicalize_name(req.name)
        if name in found or (req.marker and not req.marker.evaluate({"extra": ""})):
            continue
        found.add(name)
        for line in metadata.requires(req.name) or []:
            sub = Requirement(line)
            wanted = ours and any(sub.marker and sub.marker.evaluate({"extra": e}) for e in req.extras)
            if not sub.marker or sub.marker.evaluate({"extra": ""}) or wanted:
                queue.append((sub, False))
    return found


def _third_party_imports(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and not n.startswith("newsflow")}


def test_every_third_party_import_of_the_extraction_package_is_declared() -> None:
    owners = metadata.packages_distributions()
    declared = {canonicalize_name(req.name) for req in _declared()}
    missing = {
        module: owners.get(module)
        for module in _third_party_imports(EXTRACTION)
        if not {canonicalize_name(d) for d in owners.get(module, [])} & declared
    }
    assert missing == {}, f"imported by newsflow_ingest.extraction but not declared in pyproject: {missing}"


def test_every_distribution_the_extractor_loads_is_installed_by_the_ingest_extra() -> None:
    loaded = json.loads(subprocess.run([sys.executable, "-c", _LOADED], capture_output=True, check=True,
                                       text=True, timeout=120).stdout)  # fmt: skip
    owners = metadata.packages_distributions()
    # trafilatura imports py3langid when present (the enrich extra installs it): optional, not needed
    installed = _closure(_declared(("ingest", "enrich")))
    outside = {
        module: owners[module]
        for module in loaded
        if module in owners
        and not {canonicalize_name(d) for d in owners[module]} & installed
        and not module.startswith(("_", "newsflow"))
    }
    assert "lxml_html_clean" in loaded  # the import the issue found undeclared is really made
    assert outside == {}, (
        f"loaded by the extractor, installed only by luck (an extra of a dependency): {outside}"
    )
