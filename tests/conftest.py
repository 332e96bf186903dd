from __future__ import annotations

from pathlib import Path

import pytest

from kethandout.build import build
from kethandout.content.validate import load_content

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content.yaml"


@pytest.fixture(scope="session")
def content():
    return load_content(CONTENT)


@pytest.fixture(scope="session")
def outputs(content, tmp_path_factory) -> dict[str, Path]:
    """The default documents, built once for the whole test session."""
    out = tmp_path_factory.mktemp("output")
    letter = build(content, out, paper="letter")
    a4 = build(content, out, paper="a4", only="handout")
    return {"letter": letter[0], "deck": letter[1], "a4": a4[0]}


def item_titles(content) -> list[str]:
    items = content.benefits + content.risks + content.contraindications + content.routes
    return [item.title for item in items]
