"""`watch` keeps warm and rebuilds only what a change concerns; the rebuild skip keys on the
files the last build read, not on the folders around them."""
from __future__ import annotations

import os
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
    assert "wrote" in again.stdout and "One more line" in (project / "output" / "test-patient-handout-testamine.html").read_text()
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


def _watcher(project: Path, monkeypatch, *options: str):
    from kethandout.cli.options import parser
    from kethandout.cli.watch import Watcher

    monkeypatch.chdir(project)
    watcher = Watcher(parser().parse_args(["watch", "--templates", "templates", "--lang", "en", *options]))
    watcher.build()
    return watcher


def test_watch_uses_a_template_override_added_while_it_runs(tmp_path, monkeypatch):
    """Jinja2's in-process cache kept the built-in template after a user's one was added."""
    project = _project(tmp_path)
    watcher = _watcher(project, monkeypatch, "--only", "html")
    added = (project / "templates" / "handout.md.j2").resolve()
    added.write_text((ROOT / "templates" / "handout.md.j2").read_text(encoding="utf-8") + "\nMARKER ONE\n",
                     encoding="utf-8")
    watcher.build(watcher.concerned({added}) or None)
    assert "MARKER ONE" in (project / "output" / "test-patient-handout-testamine.html").read_text(encoding="utf-8")


def test_watch_rebuilds_every_output_made_from_a_shared_include(tmp_path, monkeypatch):
    project = _project(tmp_path, "deck.md.j2", "handout.md.j2")
    (project / "templates" / "common.j2").write_text("Shared words.\n", encoding="utf-8")
    for name in ("deck.md.j2", "handout.md.j2"):
        template = project / "templates" / name
        template.write_text(template.read_text(encoding="utf-8") + '\n{% include "common.j2" %}\n', encoding="utf-8")
    watcher = _watcher(project, monkeypatch)
    wanted = watcher.concerned({(project / "templates" / "common.j2").resolve()})
    assert {p.suffix for p in wanted} == {".pdf", ".pptx", ".html"}


def test_an_include_that_may_be_missing_is_an_input_too(tmp_path):
    project = _project(tmp_path)
    handout = (ROOT / "templates" / "handout.md.j2").read_text(encoding="utf-8")
    (project / "templates" / "handout.md.j2").write_text(
        '{% include "optional.j2" ignore missing %}{% include ["listed.j2"] %}\n' + handout, encoding="utf-8")
    (project / "templates" / "listed.j2").write_text("LISTED ONE\n", encoding="utf-8")
    assert _run("build", "--only", "html", cwd=project).returncode == 0
    (project / "templates" / "listed.j2").write_text("LISTED TWO\n", encoding="utf-8")
    assert "wrote" in _run("build", "--only", "html", cwd=project).stdout
    (project / "templates" / "optional.j2").write_text("OPTIONAL\n", encoding="utf-8")
    assert "wrote" in _run("build", "--only", "html", cwd=project).stdout
    assert "OPTIONAL" in (project / "output" / "test-patient-handout-testamine.html").read_text(encoding="utf-8")


def test_a_clinic_batch_records_what_its_worker_processes_read(tmp_path):
    project = _project(tmp_path, "deck.md.j2")
    (project / "clinics").mkdir()
    for path in (ROOT / "examples" / "clinics").glob("*"):
        shutil.copy(path, project / "clinics" / path.name)
    build = ("build", str(ROOT / "content.yaml"), "--clinics", "clinics", "--jobs", "2", "--lang", "en", "--only", "deck")
    assert _run(*build, cwd=project).returncode == 0
    assert _run(*build, cwd=project).stdout.startswith("up to date")
    deck = project / "templates" / "deck.md.j2"
    deck.write_text(deck.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # read in the workers only
    assert not _run(*build, cwd=project).stdout.startswith("up to date")


def test_watch_and_build_of_the_same_options_share_the_rebuild_skip():
    from kethandout.cli.options import parser
    from kethandout.cli.rebuild_skip import options_key

    assert options_key(parser().parse_args(["watch", "--only", "html"])) == \
        options_key(parser().parse_args(["build", "--only", "html"]))


def test_a_hostile_manifest_is_ignored_quickly(tmp_path):
    """A FIFO (it would block), deep nesting (it would overflow the parser) and a huge file."""
    import os

    from kethandout.cli.rebuild_skip import MANIFEST, up_to_date

    manifest = tmp_path / MANIFEST
    os.mkfifo(manifest)
    assert up_to_date(tmp_path, "key") is None
    manifest.unlink()
    manifest.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    assert up_to_date(tmp_path, "key") is None
    with open(manifest, "wb") as handle:
        handle.truncate(2_000_000_000)
    assert up_to_date(tmp_path, "key") is None


def test_a_deck_template_replaced_by_one_of_the_same_size_and_time_is_read_again(tmp_path):
    """The design is read once while the file stays as it is: a file put in its place, of the
    same size and time, is another (a new inode and change time)."""
    import os

    from pptx import Presentation
    from pptx.util import Emu

    from kethandout.deck.design import open_design

    narrow, wide = tmp_path / "narrow.pptx", tmp_path / "wide.pptx"
    Presentation().save(narrow)
    prs = Presentation()
    prs.slide_width = Emu(12192000)
    prs.save(wide)
    size = max(narrow.stat().st_size, wide.stat().st_size)
    for path in (narrow, wide):  # padded to one size (a zip's reader finds its directory all the same)
        with open(path, "ab") as handle:
            handle.write(b"\0" * (size - path.stat().st_size))
    template = tmp_path / "deck.pptx"
    os.replace(narrow, template)
    first = open_design(template).geometry.slide_width
    before = template.stat()
    os.replace(wide, template)
    os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert template.stat().st_size == before.st_size
    assert open_design(template).geometry.slide_width != first


def test_changes_since_a_git_revision_keys_on_the_commit_it_names(tmp_path):
    project = _project(tmp_path)
    git = lambda *args: subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", "content.yaml")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "first")
    (project / "content.yaml").write_text(MINIMAL.replace("It can lift a low mood.", "It can lift your mood."),
                                          encoding="utf-8")
    build = ("build", "--only", "deck", "--changes-since", "git:HEAD")
    assert _run(*build, cwd=project).returncode == 0
    assert _run(*build, cwd=project).stdout.startswith("up to date")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-am", "second")
    assert not _run(*build, cwd=project).stdout.startswith("up to date")  # HEAD moved: nothing changed since


def test_watch_sees_a_template_replaced_by_a_link(tmp_path, monkeypatch):
    """The change is to the path the build read, though the link's target is no input."""
    project = _project(tmp_path, "handout.md.j2")
    watcher = _watcher(project, monkeypatch, "--only", "html")
    other = tmp_path / "other.md.j2"
    other.write_text((ROOT / "templates" / "handout.md.j2").read_text(encoding="utf-8") + "\nLINKED\n",
                     encoding="utf-8")
    template = project / "templates" / "handout.md.j2"
    template.unlink()
    template.symlink_to(other)
    changed = {Path(os.path.abspath(template)), Path(os.path.realpath(template))}
    watcher.build(watcher.concerned(changed) or None)
    assert "LINKED" in (project / "output" / "test-patient-handout-testamine.html").read_text(encoding="utf-8")


def test_a_manifest_naming_one_file_many_ways_reads_it_once(tmp_path, monkeypatch):
    import json

    from kethandout.cli import rebuild_skip
    from kethandout.reads import fingerprint

    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 1000)
    spellings = {f"{tmp_path}/{'./' * n}big.bin": fingerprint(big) for n in range(50)}
    (tmp_path / rebuild_skip.MANIFEST).write_text(json.dumps({"key": "k", "inputs": spellings, "outputs": {"out.pdf": "?"}}),
                                                  encoding="utf-8")
    read = []
    monkeypatch.setattr(rebuild_skip, "fingerprint", lambda path: read.append(path) or fingerprint(path))
    rebuild_skip.up_to_date(tmp_path, "k")
    assert len(spellings) == 50 and [p.name for p in read].count("big.bin") == 1
