"""The runtime package holds runtime code only, and its modules import one another without a cycle.

The evaluation and benchmark scripts are the top-level package ``benchmarks/`` (not installed), the training
scripts ``newsaudit.training`` (for ``make models``): no runtime module may import either, so an installed
newsaudit runs without them. Imports are read from the source with ``ast``, not by importing the modules.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "newsaudit"
#: Packages runtime code must never import.
OFF_LIMITS = ("newsaudit.training", "newsaudit.eval", "benchmarks")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def imports(path: Path, *, lazy: bool = True, typing: bool = True) -> Iterator[tuple[int, str]]:
    """``(line, module)`` for each import of a module of the package."""
    yield from imports_of(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py",
                          lazy=lazy, typing=typing)


def imports_of(source: str, name: str, is_package: bool = False, *, lazy: bool = True,
               typing: bool = True) -> Iterator[tuple[int, str]]:
    """``(line, module)`` for each import in the source of module ``name``: relative imports resolved, ``from M
    import N`` given as ``M.N``. ``lazy=False`` leaves out the imports inside functions, ``typing=False`` those
    under ``if TYPE_CHECKING:``."""
    package = name if is_package else name.rpartition(".")[0]

    def visit(nodes: Iterable[ast.AST]) -> Iterator[tuple[int, str]]:
        for node in nodes:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and not lazy:
                continue
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test) and not typing:
                yield from visit(node.orelse)
                continue
            if isinstance(node, ast.Import):
                yield from ((node.lineno, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([node.module] if node.module else [])])
                yield from ((node.lineno, f"{base}.{alias.name}") for alias in node.names)
            yield from visit(ast.iter_child_nodes(node))

    yield from visit([ast.parse(source)])


def _off_limits(module: str) -> bool:
    return any(module == bad or module.startswith(bad + ".") for bad in OFF_LIMITS)


def test_the_package_holds_no_evaluation_scripts() -> None:
    assert not (PACKAGE / "eval").exists()
    assert (ROOT / "benchmarks" / "run_all.py").is_file()


def test_runtime_code_imports_neither_training_nor_benchmarks() -> None:
    offenders = [f"{path.relative_to(ROOT)}:{line}: {module}"
                 for name, path in MODULES.items() if not name.startswith("newsaudit.training")
                 for line, module in imports(path) if _off_limits(module)]
    assert offenders == []


def test_training_imports_benchmarks_only_where_it_runs_from_a_clone() -> None:
    """Training may use the benchmarks' readers (``make models`` runs from the repository root), but only inside
    the functions that need them: importing a training module must work without ``benchmarks/``."""
    offenders = [f"{path.relative_to(ROOT)}:{line}: {module}"
                 for name, path in MODULES.items() if name.startswith("newsaudit.training")
                 for line, module in imports(path, lazy=False) if _off_limits(module)
                 and not module.startswith("newsaudit.training")]
    assert offenders == []


def import_graph(*, lazy: bool, typing: bool) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (``from M import N`` counts as M when N is no module)."""
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        targets = set()
        for _, module in imports(path, lazy=lazy, typing=typing):
            while module and module not in MODULES:
                module = module.rpartition(".")[0]
            if module and module != name:
                targets.add(module)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_module_level_imports_have_no_cycle() -> None:
    """What runs when a module is imported never comes back to a module still being imported."""
    assert cycles(import_graph(lazy=False, typing=False)) == []


def test_batch_has_no_import_cycle_even_for_type_checking() -> None:
    """The runner feeds records to the engines, the engines run ``task.audit_record``: neither imports the
    other for it (the cycle ``engines.py`` <-> ``runner.py`` is gone)."""
    graph = import_graph(lazy=False, typing=True)
    batch = [cycle for cycle in cycles(graph) if any(m.startswith("newsaudit.batch.") for m in cycle)]
    assert batch == []
    assert "newsaudit.batch.runner" not in graph["newsaudit.batch.engines"]


@pytest.mark.parametrize("source", [
    "from newsaudit.training.comment_data import GROUPS",
    "import newsaudit.training",
    "from benchmarks.common import emit",
    "from ..training import comment_data",
    "from .. import eval",
    "if x:\n    def f():\n        from newsaudit.eval import bench",
    "if TYPE_CHECKING:\n    import benchmarks",
])
def test_the_check_sees_every_form_of_import(source: str) -> None:
    found = [module for _, module in imports_of(source, "newsaudit.moderation.probe")]
    assert any(_off_limits(module) for module in found), found


def test_the_graph_leaves_out_what_it_is_told_to() -> None:
    source = "import a\nif TYPE_CHECKING:\n    import b\nelse:\n    import c\ndef f():\n    import d\n"
    modules = lambda **kw: [m for _, m in imports_of(source, "newsaudit.x", **kw)]  # noqa: E731
    assert modules() == ["a", "b", "c", "d"]
    assert modules(lazy=False, typing=False) == ["a", "c"]
