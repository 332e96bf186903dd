"""Where the installed package keeps what is not code."""
from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path


@cache
def builtin_templates() -> Path:
    """The built-in templates: the repository's top-level templates/, installed as the package
    kethandout.templates (pyproject's package-dir). Found through the import system, so that
    an editable install reads them in the checkout and a wheel in site-packages."""
    spec = find_spec("kethandout.templates")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("kethandout is installed without its templates (kethandout.templates)")
    return Path(next(iter(spec.submodule_search_locations)))
