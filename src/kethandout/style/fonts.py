"""Font files shipped as Python packages, so print matches screen on every machine."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import fontpkg_arimo
import fontpkg_atkinson_hyperlegible

HANDOUT_FAMILY = "AtkinsonHyperlegible"
_ATKINSON = Path(fontpkg_atkinson_hyperlegible.ROOT) / "files"
HANDOUT_FILES = {
    "regular": _ATKINSON / "AtkinsonHyperlegible-Regular.ttf",
    "bold": _ATKINSON / "AtkinsonHyperlegible-Bold.ttf",
    "italic": _ATKINSON / "AtkinsonHyperlegible-Italic.ttf",
    "boldItalic": _ATKINSON / "AtkinsonHyperlegible-BoldItalic.ttf",
}


@dataclass(frozen=True)
class Metrics:
    """The font a deck names, and the file(s) whose metrics match it."""

    family: str
    regular: Path
    bold: Path | None = None  # None: `regular` is a variable font with a weight axis


# Decks: PowerPoint cannot embed fonts written by python-pptx, so slides use Arial, which
# every presenter has, and text is measured with Arimo, its metric-compatible twin.
DECK_FONT = "Arial"
ARIAL_METRICS = Metrics(DECK_FONT, Path(fontpkg_arimo.ROOT) / "files" / "Arimo[wght].ttf")
_ARIAL_LIKE = {"arial", "helvetica", "arimo", "liberation sans"}
# Fonts that fontconfig substitutes with a metric-compatible free font (30-metric-aliases.conf).
_METRIC_TWINS = {"calibri": "carlito", "cambria": "caladea", "times new roman": "liberation serif",
                 "courier new": "liberation mono", "georgia": "gelasio"}


def metrics_for(family: str) -> Metrics | None:
    """Metrics for a template's theme font, or None when no matching font file is found."""
    name = family.strip().lower()
    if name in _ARIAL_LIKE:
        return replace(ARIAL_METRICS, family=family)
    wanted = {name, _METRIC_TWINS.get(name, name)}
    files = [_fc_match(family, style) for style in ("Regular", "Bold")]
    if all(f and f[1] in wanted for f in files):
        return Metrics(family, Path(files[0][0]), Path(files[1][0]))
    return None


def _fc_match(family: str, style: str) -> tuple[str, str] | None:
    """(file, lower-case family) of the font fontconfig would draw for this family."""
    import subprocess  # only a user's deck template gets here; every build imported it before

    try:
        out = subprocess.run(["fc-match", "-f", "%{file}|%{family[0]}", f"{family}:style={style}"],
                             capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    file, _, found = out.partition("|")
    return (file, found.strip().lower()) if file else None
