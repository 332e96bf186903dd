"""The layers of the code, read from its imports: the deck's layout never imports a renderer,
the checks never import the build, and the template context lives in compose/."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "kethandout"

RULES = {  # package -> modules it may not import
    "deck": ("kethandout.render", "kethandout.build", "kethandout.cli"),
    "checks": ("kethandout.build", "kethandout.render", "kethandout.cli", "kethandout.batch"),
    "compose": ("kethandout.build", "kethandout.render", "kethandout.deck", "kethandout.checks", "kethandout.cli"),
    "content": ("kethandout.render", "kethandout.deck", "kethandout.cli", "kethandout.batch"),
    "style": ("kethandout.render", "kethandout.deck", "kethandout.build", "kethandout.compose", "kethandout.checks"),
}


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize("package", sorted(RULES))
def test_a_layer_imports_nothing_above_it(package):
    broken = [(path.name, name) for path in sorted((SOURCE / package).glob("*.py")) for name in sorted(_imports(path))
              if any(name == banned or name.startswith(banned + ".") for banned in RULES[package])]
    assert broken == []


def test_the_template_context_and_citation_style_live_in_compose():
    from kethandout.compose import context

    assert {"template_context", "citation", "compose"} <= set(vars(context))
    defined = {node.name for node in ast.parse((SOURCE / "build.py").read_text(encoding="utf-8")).body
               if isinstance(node, ast.FunctionDef)}
    assert not defined & {"template_context", "citation", "first_author", "clinic_sections"}
