"""Where the commands meet the file system and the terminal: link loops, long and
undecodable names, a full disk, bidirectional controls and emoji codes, template XML with
entities and absurd slide sizes, nesting a template cannot lose, and work that grows
linearly with its input."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import CONTENT, ROOT

MINIMAL = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")


def _run(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kethandout", *args], cwd=cwd, capture_output=True, **kwargs)


@pytest.mark.parametrize("make", ["loop", "long", "undecodable"])
def test_file_system_refusals_are_diagnostics_naming_the_path(tmp_path, make):
    if make == "loop":
        (tmp_path / "loop.yaml").symlink_to("loop.yaml")
        args, name = ["check", "loop.yaml"], b"loop.yaml"
    elif make == "long":
        (tmp_path / "content.yaml").write_text(CONTENT.read_text(encoding="utf-8"), encoding="utf-8")
        args, name = ["build", "--only", "html", "--out", "x" * 300], b"x" * 40
    else:
        args, name = [os.fsdecode(b"check"), os.fsdecode(b"caf\xe9\xe2\x80\xae.yaml")], b"caf\\xe9\\u202e.yaml"
    result = _run(*args, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert b"internal error" not in result.stderr and b"Traceback" not in result.stderr
    assert name in result.stderr and b"\xe2\x80\xae" not in result.stderr  # named, printable, not reordered
    assert sorted(p.name for p in tmp_path.iterdir()) in (["loop.yaml"], ["content.yaml"], [])


@pytest.mark.parametrize("command", [["schema", "content"], ["check", "--format", "json", "--no-pages"]])
def test_a_full_disk_on_standard_output_is_said_plainly(command):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "kethandout", *command], cwd=ROOT, stdout=full,
                                stderr=subprocess.PIPE, text=True)
    assert result.returncode == 1 and "internal error" not in result.stderr
    assert "standard output: error[cannot-write]" in result.stderr and "No space left" in result.stderr


def test_the_terminal_gets_no_bidi_controls_and_no_emoji_for_line_numbers(tmp_path):
    padded = "# a comment\n" * 99 + "risk\u202eks: 1\n" + MINIMAL  # an unknown key on line 100
    (tmp_path / "content.yaml").write_text(padded, encoding="utf-8")
    result = _run("check", "--no-pages", cwd=tmp_path, text=True, env={**os.environ, "TERM": "xterm",
                                                                       "FORCE_COLOR": "1"})
    assert "content.yaml:100:1:" in result.stdout + result.stderr
    assert "\u202e" not in result.stdout + result.stderr and "\\u202e" in result.stdout + result.stderr
    assert "\U0001f4af" not in result.stdout + result.stderr  # :100: as the emoji


def test_init_refuses_an_empty_folder_name(tmp_path):
    result = _run("init", "", cwd=tmp_path, text=True)
    assert result.returncode == 2 and "empty folder name" in result.stderr
    assert list(tmp_path.iterdir()) == []


def _template(tmp_path: Path, name: str, change) -> Path:
    from pptx import Presentation

    buffer = io.BytesIO()
    Presentation().save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, change(info.filename, source.read(info.filename)))
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("name, change, said", [
    ("entities.pptx", lambda n, d: (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                    + re.sub(rb"^<\?xml[^>]*\?>", b"", d).replace(b'name="Office Theme"', b'name="&x;"'))
     if n.startswith("ppt/theme/") else d, "declares a DTD or entities"),
    ("huge.pptx", lambda n, d: re.sub(rb'<p:sldSz cx="\d+" cy="\d+"', b'<p:sldSz cx="9000000000000000000" '
                                      b'cy="9000000000000000000"', d) if n == "ppt/presentation.xml" else d,
     "is not one PowerPoint allows"),
    ("tiny.pptx", lambda n, d: re.sub(rb'<p:sldSz cx="\d+" cy="\d+"', b'<p:sldSz cx="10" cy="10"', d)
     if n == "ppt/presentation.xml" else d, "is not one PowerPoint allows"),
])
def test_deck_templates_with_entities_or_absurd_sizes_are_template_errors(tmp_path, name, change, said):
    template = _template(tmp_path, name, change)
    result = _run("build", str(CONTENT), "--only", "deck", "--deck-template", str(template), "--out",
                  str(tmp_path / "out"), cwd=tmp_path, text=True)
    assert result.returncode == 1 and "error[bad-deck-template]" in result.stderr and said in result.stderr
    assert not (tmp_path / "out").exists()


def test_deep_nesting_in_a_template_is_rendered_whole_or_refused():
    from kethandout.compose import doc
    from kethandout.compose.markdown import TooDeep, parse

    quotes, lists = ">" * 30 + " DEEP words\n\nafter\n", "".join("  " * i + f"- level{i}\n" for i in range(15))
    for text, last in ((quotes, "after"), (lists, "level14")):
        words = " ".join(doc.plain(inline) for inline in doc.inlines(parse(text)))
        assert last in words and ("DEEP" in words or "level0" in words)
    with pytest.raises(TooDeep):
        parse(">" * 60 + " lost\n")


def test_a_placeholder_inside_a_value_prints_as_written():
    from kethandout.compose.context import fill

    assert fill("Read {title}, version {version}.", title="Our {version} sheet", version="2") == \
        "Read Our {version} sheet, version 2."


def test_did_you_mean_stays_right_and_fast_over_many_names():
    from kethandout.content.paths import closest
    from kethandout.style import icons

    names = list(icons.names())
    assert (closest("sirne", names), closest("phoen", names), closest("IV", ["iv", "im"])) == ("siren", "phone", "iv")
    start = time.perf_counter()
    for i in range(1000):
        closest(f"no-such-icon-{i}", names)
    assert time.perf_counter() - start < 5  # it was 10 s for 1,000 unknown icons


def test_a_layout_problem_is_said_at_the_content_line_that_made_it(content):
    from kethandout.build.pipeline import _at_content_line
    from kethandout.content.validate import load_content_located
    from kethandout.errors import Code, Diagnostic, InputError

    _, located = load_content_located(CONTENT)
    setting = content.routes[0].setting
    problem = InputError([Diagnostic("error", Code.DOES_NOT_FIT, "a part of the document is too large to fit on a "
                                     "page", "handout")], near=setting[:40])
    moved = _at_content_line(problem, located).diagnostics[0]
    assert moved.file == str(CONTENT) and moved.line == located.where(("routes", 0, "setting"))[0]
    assert "made from routes #1.setting" in moved.message
