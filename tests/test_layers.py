"""The layers of the code, read from every import (those inside functions included): each
layer imports only what lies below it, no module imports itself in a circle, only the
renderers touch ReportLab and pikepdf, and no module grows past about 400 lines."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "kethandout"
MODULES = {".".join(("kethandout", *p.relative_to(SOURCE).with_suffix("").parts)).removesuffix(".__init__"): p
           for p in sorted(SOURCE.rglob("*.py"))}

BANNED = {  # package -> the packages it may not import: everything above it
    "content": ("build", "compose", "checks", "render", "deck", "cli"),
    "style": ("content", "compose", "deck", "render", "checks", "build", "cli"),
    "compose": ("deck", "render", "checks", "build", "cli"),
    "deck": ("render", "checks", "build", "cli"),
    "render": ("checks", "build", "cli"),
    "checks": ("render", "build", "cli"),
    "build": ("cli",),
}
THIRD_PARTY = {"reportlab": ("render",), "pikepdf": ("render",), "pptx": ("render", "deck")}
MAX_LINES = 400


def imports(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function: `from a import b` counts
    as a.b when that is a module of kethandout, else as a."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            children = {f"{node.module}.{alias.name}" for alias in node.names} & MODULES.keys()
            found |= children or {node.module}
    return found


def _layer(module: str) -> str:
    """The package a module belongs to ("" for the modules at the top: errors, files ...)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and (SOURCE / parts[1]).is_dir() else ""


GRAPH = {module: {name for name in imports(path) if name in MODULES and name != module}
         for module, path in MODULES.items()}


@pytest.mark.parametrize("package", sorted(BANNED))
def test_a_layer_imports_nothing_above_it(package):
    broken = sorted((module, name) for module, names in GRAPH.items() if _layer(module) == package
                    for name in names if _layer(name) in BANNED[package])
    assert broken == []


@pytest.mark.parametrize("library", sorted(THIRD_PARTY))
def test_only_the_renderers_import_the_writers_libraries(library):
    users = sorted(module for module, path in MODULES.items()
                   if any(name == library or name.startswith(library + ".") for name in imports(path))
                   and _layer(module) not in THIRD_PARTY[library])
    assert users == []


def test_no_import_circle():
    """Depth-first search for a back edge; the circle found is named in the failure."""
    state: dict[str, str] = {}
    trail: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        trail.append(module)
        for name in sorted(GRAPH[module]):
            if state.get(name) == "open":
                return trail[trail.index(name):] + [name]
            if name not in state and (circle := visit(name)):
                return circle
        state[module] = "done"
        trail.pop()
        return None

    circles = [circle for module in sorted(GRAPH) if module not in state and (circle := visit(module))]
    assert circles == []


def test_no_module_over_about_400_lines():
    long = {module: n for module, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_check_finds_what_it_looks_for(tmp_path):
    """The import reader sees an import hidden in a function, as `from a import b` of a module."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from kethandout.build import pipeline\n    import reportlab.pdfgen\n")
    assert imports(sample) == {"kethandout.build.pipeline", "reportlab.pdfgen"}


def test_the_template_context_and_citation_style_live_in_compose():
    from kethandout.compose import context

    assert {"template_context", "citation", "compose"} <= set(vars(context))
    defined = {node.name for path in (SOURCE / "build").glob("*.py")
               for node in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(node, ast.FunctionDef)}
    assert not defined & {"template_context", "citation", "first_author", "clinic_sections"}
