"""The library and the CLI render in one process: nothing forks or starts a process, and a
build loads its renderers only when it renders."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def test_library_functions_never_fork(monkeypatch, tmp_path):
    """run_checks, the page budget and a build all run in the calling process."""
    from kethandout.build.jobs import resolve
    from kethandout.build.pipeline import check_page_budget, render_target
    from kethandout.checks import CheckOptions, run_checks
    from kethandout.content.validate import load_content_located

    def no_fork():
        raise AssertionError("a library function forked")

    content, located = load_content_located(ROOT / "content.yaml")
    monkeypatch.setattr(os, "fork", no_fork)
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: no_fork())
    found = run_checks(content, located, CheckOptions()) + check_page_budget(content, located, "a4", None, None)
    assert not [d for d in found if d.severity == "error"]
    outputs = render_target(resolve(content, tmp_path))
    # per product a handout, an at-a-glance sheet, a visit card, a consent form and a web page; one deck
    assert sorted(o.path.suffix for o in outputs) == [".html"] * 2 + [".pdf"] * 8 + [".pptx"]


def test_check_loads_no_renderer_but_for_the_page_budget(tmp_path):
    """`check --no-pages` never imports ReportLab or python-pptx's writer; a build does, once."""
    code = ("import sys; from kethandout.cli import main; rc = main(['check', '--no-pages', %r]); "
            "print('LOADED', [m for m in ('reportlab', 'pikepdf') if m in sys.modules]); sys.exit(rc)"
            ) % str(ROOT / "content.yaml")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0 and "LOADED []" in result.stdout, result.stderr
