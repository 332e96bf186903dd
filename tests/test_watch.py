"""`watch` keeps warm and rebuilds only what a change concerns; the rebuild skip keys on the
files the last build read, not on the folders around them."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

MINIMAL = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kethandout", *args], cwd=cwd, capture_output=True, text=True)


def _project(tmp_path: Path, *templates: str) -> Path:
    """The minimal content, and a templates/ folder with copies of these built-in templates."""
    (tmp_path / "content.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "templates").mkdir()
    for name in templates:
        shutil.copy(ROOT / "templates" / name, tmp_path / "templates" / name)
    return tmp_path


def test_a_file_the_build_did_not_read_does_not_start_a_rebuild(tmp_path):
    project = _project(tmp_path, "deck.md.j2")
    assert _run("build", "--only", "html", cwd=project).returncode == 0
    (project / "notes.txt").write_text("beside the content, never read", encoding="utf-8")
    (project / "content.es.yaml").write_text("not read: no --lang es", encoding="utf-8")
    deck = project / "templates" / "deck.md.j2"
    deck.write_text(deck.read_text(encoding="utf-8") + "\nNot in the web page.\n", encoding="utf-8")
    assert _run("build", "--only", "html", cwd=project).stdout.startswith("up to date")
    # A template of the name the web page uses, added to the folder: it is used from now on.
    handout = (ROOT / "templates" / "handout.md.j2").read_text(encoding="utf-8") + "\nOne more line.\n"
    (project / "templates" / "handout.md.j2").write_text(handout, encoding="utf-8")
    again = _run("build", "--only", "html", cwd=project)
    assert "wrote" in again.stdout and "One more line" in (project / "output" / "test-patient-handout.html").read_text()
    assert _run("build", "--only", "html", cwd=project).stdout.startswith("up to date")


def test_watch_rebuilds_only_the_outputs_a_change_concerns(tmp_path, monkeypatch):
    """A changed deck template rebuilds the deck alone; a changed content file, everything."""
    from kethandout.cli.options import parser
    from kethandout.cli.watch import Watcher

    project = _project(tmp_path, "deck.md.j2", "handout.md.j2")
    monkeypatch.chdir(project)
    args = parser().parse_args(["watch", "--templates", "templates", "--lang", "en"])
    watcher = Watcher(args)
    watcher.build()
    outputs = {p.name: p for p in Path("output").iterdir() if not p.name.startswith(".")}
    assert {p.suffix for p in outputs.values()} == {".pdf", ".pptx", ".html"}
    before = {name: p.stat().st_mtime_ns for name, p in outputs.items()}

    deck_template = (project / "templates" / "deck.md.j2").resolve()
    deck_template.write_text(deck_template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    wanted = watcher.concerned({deck_template})
    assert {p.suffix for p in wanted} == {".pptx"}
    watcher.build(wanted)
    after = {name: p.stat().st_mtime_ns for name, p in outputs.items()}
    assert [name for name in before if before[name] != after[name]] == [n for n in before if n.endswith(".pptx")]

    assert watcher.concerned({(project / "notes.txt").resolve()}) is None  # not an input
    everything = watcher.concerned({(project / "content.yaml").resolve()})
    assert {p.name for p in everything} == set(outputs)
