"""The bad-input corpus (tests/bad/cases.yaml): every case gets a clear message at its file and
line, exit code 1, no traceback, and no output written."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT, ROOT

BAD = ROOT / "tests" / "bad"
CASES = yaml.safe_load((BAD / "cases.yaml").read_text(encoding="utf-8"))


MEMORY_LIMIT = 3 * 1024 ** 3  # address space: a runaway input fails the case instead of the machine


def _limited() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    # A hang (a FIFO read, an endless file) fails the test instead of stalling the run.
    return subprocess.run([sys.executable, "-m", "kethandout", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, preexec_fn=_limited)


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder below `folder`, with the bytes of the regular files."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def _setup(case: dict, tmp: Path) -> tuple[list[str], str | None]:
    """The command line for the case, and the file name its message must start with."""
    kind, name = case["kind"], case["file"]
    out = str(tmp / "out")
    if kind == "content":
        target = tmp / Path(name).name
        if case.get("generate") == "huge":  # 20 MB: too big to keep in the repository
            target.write_text("padding: " + "x" * 20_000_000 + "\n", encoding="utf-8")
        elif (BAD / name).exists():
            shutil.copy(BAD / name, target)
        return ["build", target.name, "--out", out], target.name
    if kind == "clinic":
        for path in (BAD / "clinic").iterdir():
            shutil.copy(path, tmp / path.name)
        profile = tmp / Path(name).name
        return ["build", str(CONTENT), "--clinic", str(profile), "--out", out, "--lang", "en"], str(profile)
    if kind == "translation":
        shutil.copy(CONTENT, tmp / "content.yaml")
        shutil.copy(BAD / name, tmp / "content.es.yaml")
        return ["build", "--lang", "es", "--out", out], "content.es.yaml"
    if kind == "template":
        (tmp / "templates").mkdir()
        shutil.copy(BAD / name, tmp / "templates" / "handout.md.j2")
        return ["build", str(CONTENT), "--templates", str(tmp / "templates"), "--out", out], \
            str(tmp / "templates" / "handout.md.j2")
    if kind == "special":  # not regular files: a FIFO would block a plain read, /dev/zero never end
        return _special(name, tmp, out)
    if kind == "output":
        (tmp / "a-file").write_text("not a folder", encoding="utf-8")
        return ["build", str(CONTENT), "--out", str(tmp / "a-file" / "out")], None
    if kind == "deck-template":
        shutil.copy(BAD / name, tmp / "template.pptx")
        return ["build", str(CONTENT), "--only", "deck", "--deck-template", str(tmp / "template.pptx"),
                "--out", out], str(tmp / "template.pptx")
    raise AssertionError(kind)


def _special(name: str, tmp: Path, out: str) -> tuple[list[str], str]:
    if name == "dev-zero":
        return ["build", "/dev/zero", "--out", out], "/dev/zero"
    if name == "folder":
        (tmp / "content.yaml").mkdir()
        return ["build", "content.yaml", "--out", out], "content.yaml"
    if name == "fifo":
        os.mkfifo(tmp / "content.yaml")
        return ["build", "content.yaml", "--out", out], "content.yaml"
    shutil.copy(CONTENT, tmp / "content.yaml")
    if name == "fifo-translation":
        os.mkfifo(tmp / "content.es.yaml")
        return ["build", "--lang", "es", "--out", out], "content.es.yaml"
    os.mkfifo(tmp / "clinic.yaml")
    return ["build", "--clinic", "clinic.yaml", "--out", out], "clinic.yaml"


def test_corpus_is_large_and_varied():
    assert len(CASES) >= 40
    assert {c["kind"] for c in CASES} >= {"content", "clinic", "translation", "template", "output", "special"}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case, tmp_path):
    work = tmp_path / "case"  # the case runs here; its parent is watched too
    work.mkdir()
    args, reported = _setup(case, work)
    before = _snapshot(tmp_path)
    result = _run(args, work)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if case["message"] in line]
    assert lines, result.stderr
    if reported is not None:
        where = f"{reported}:{case['line']}:" if case["line"] else f"{reported}:"
        assert lines[0].startswith(where), lines[0]
    assert _snapshot(tmp_path) == before  # nothing written, in the case's folder or beside it
