"""The house rules of ``helpers``, drawn from its code: one idea per module, each short enough to
read in one sitting; imports flow one way (no circles); no module reaches into another's private
names; the notebooks import one way.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from tools.builder import ENV_LINE

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "helpers"
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))
MAX_LINES = 500


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module imported from, names imported) for every helpers-internal import in ``path``."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "helpers" or target.startswith("helpers."):
                names = [a.name for a in node.names]
                if node.module is None or target == package:  # `from . import x`: modules
                    for name in names:
                        found.append((f"{target}.{name}" if f"{target}.{name}" in NAMES else target, []))
                else:
                    found.append((target, names))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name.startswith("helpers")]
    return found


NAMES = {module_name(p) for p in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_each_module_is_short_enough_to_read_in_one_sitting(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module_name(path)} has {lines} lines: it holds two ideas, split it"


def test_no_module_imports_another_ones_private_names():
    for path in MODULES:
        for target, names in imports(path):
            private = [n for n in names if n.startswith("_") and n != "__version__"]
            assert not private, f"{module_name(path)} imports {private} from {target}"


def import_graph() -> dict[str, set[str]]:
    """Module -> the helpers modules it imports (a package's own submodules and the package
    itself left out: a package's __init__ gathers its modules, which is no circle)."""
    graph = {module_name(p): set() for p in MODULES}
    for path in MODULES:
        here = module_name(path)
        for target, _ in imports(path):
            while target not in graph and "." in target:  # a name inside a module: the module
                target = target.rpartition(".")[0]
            if target in graph and target != here and not target.startswith(here + ".") \
                    and not here.startswith(target + "."):
                graph[here].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    done: set[str] = set()

    def visit(node, path):
        if node in path:
            return path[path.index(node):] + [node]
        if node in done:
            return None
        for nxt in sorted(graph.get(node, ())):
            cycle = visit(nxt, path + [node])
            if cycle:
                return cycle
        done.add(node)
        return None

    for node in sorted(graph):
        cycle = visit(node, [])
        if cycle:
            return cycle
    return None


def test_imports_flow_one_way():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]  # the finder finds
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_the_house_test_sees_the_imports():
    # guard against a parser that finds nothing: sampling uses windows, widgets use several modules
    graph = import_graph()
    assert "helpers.windows" in graph["helpers.sampling"]
    assert len(graph["helpers.widgets"]) >= 4


NOTEBOOKS = (sorted((ROOT / "notebooks").rglob("[0-9][0-9]_*.ipynb"))
             + sorted((ROOT / "apps").rglob("*.ipynb")))
ONE_STYLE = re.compile(r"^from helpers\.[a-z_][a-z_0-9.]* import [\w(][\w, ()]*( as \w+)?$")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebooks_import_names_from_their_module_one_way(path):
    """``from helpers.<module> import name``: every name shows where it lives; no lazy map needed."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if path.parent.name == "zh":  # the Chinese edition's one extra line (tools/builder.py), and only it
            source = source.removeprefix(ENV_LINE + "\n")
        for line in source.splitlines():
            stripped = line.split("#", 1)[0].strip()  # a trailing comment is fine
            if re.match(r"(from|import) helpers\b", stripped):
                assert ONE_STYLE.match(stripped), (
                    f"{path.name}: `{stripped}`; write `from helpers.<module> import name`")
        assert not re.search(r"(?<![\w.])helpers\.\w", re.sub(r"from helpers\.\S+ import", "", source)), (
            f"{path.name}: uses `helpers.<name>`; import the name from its module instead:\n{source}")
