"""Writes are all or nothing, stay inside the output folder, and never go through a link;
names that reach file names and the command's options are checked first."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTENT, ROOT
from kethandout import files as build_module
from kethandout.files import Output, write_outputs
from kethandout.errors import InputError

GOOD = CONTENT.read_text(encoding="utf-8")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kethandout", *args], cwd=cwd, capture_output=True, text=True)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failure_while_writing_leaves_every_earlier_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_outputs([Output(out / "a.pdf", b"old a"), Output(out / "b.pptx", b"old b")], out)
    real = build_module._write_temporary
    calls = []

    def fail_second(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise build_module._cannot_write(path, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(build_module, "_write_temporary", fail_second)
    new = [Output(out / "a.pdf", b"new a"), Output(out / "b.pptx", b"new b"), Output(out / "club" / "c.html", b"c")]
    with pytest.raises(InputError) as caught:
        write_outputs(new, out)
    assert "No space left on device" in caught.value.diagnostics[0].message
    assert _snapshot(out) == {"a.pdf": b"old a", "b.pptx": b"old b"}  # no temporaries, no new folder
    assert sorted(p.name for p in out.iterdir()) == ["a.pdf", "b.pptx"]


def test_a_full_disk_leaves_the_earlier_build(tmp_path):
    """On a small tmpfs (where this machine lets the tests mount one)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1500k", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        assert _run("build", str(CONTENT), "--out", str(disk / "out"), cwd=tmp_path).returncode == 0
        before = _snapshot(disk / "out")
        free = shutil.disk_usage(disk).free
        (disk / "filler").write_bytes(b"\0" * (free - 40_000))  # room for the small web page, not the PDF
        changed = tmp_path / "content.yaml"
        changed.write_text(GOOD.replace('version: "0.1"', 'version: "0.2"'), encoding="utf-8")
        result = _run("build", str(changed), "--out", str(disk / "out"), cwd=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "error[cannot-write]" in result.stderr and "No space left on device" in result.stderr
        assert "nothing was written" in result.stderr
        assert _snapshot(disk / "out") == before
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_links_below_the_output_folder_are_never_written_through(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "victim").write_bytes(b"keep")
    out = tmp_path / "out"
    out.mkdir()
    (out / "ketamine-patient-handout-esketamine-letter.pdf").symlink_to(elsewhere / "victim")
    result = _run("build", str(CONTENT), "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert "cannot write out/ketamine-patient-handout-esketamine-letter.pdf: it is a symbolic link" in result.stderr
    assert (elsewhere / "victim").read_bytes() == b"keep"
    assert sorted(p.name for p in out.iterdir()) == ["ketamine-patient-handout-esketamine-letter.pdf"]  # nothing else either

    (out / "ketamine-patient-handout-esketamine-letter.pdf").unlink()
    (out / "riverside").symlink_to(elsewhere, target_is_directory=True)
    clinic = ROOT / "examples" / "clinics" / "riverside.yaml"
    result = _run("build", str(CONTENT), "--clinic", str(clinic), "--out", "out", cwd=tmp_path)
    assert result.returncode == 1 and "cannot write out/riverside: it is a symbolic link" in result.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["victim"]


def test_a_linked_manifest_is_left_alone(tmp_path):
    (tmp_path / "secret").write_bytes(b"secret")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".kethandout-build.json").symlink_to(tmp_path / "secret")
    assert _run("build", str(CONTENT), "--out", "out", cwd=tmp_path).returncode == 0
    assert (tmp_path / "secret").read_bytes() == b"secret"


@pytest.mark.parametrize("args, message", [
    (["build", "--jobs", "0"], "argument --jobs: '0' is not a whole number of 1 or more"),
    (["check", "--max-grade", "nan"], "argument --max-grade: 'nan' is not a reading grade from 0 to 30"),
    (["check", "--warn-grade", "inf"], "argument --warn-grade: 'inf' is not a reading grade from 0 to 30"),
    (["build", "--lang", "../../etc/x"], "argument --lang: '../../etc/x' is not a language tag"),
    (["build", "--templates", "nowhere"], "argument --templates: 'nowhere' is not a folder"),
])
def test_bad_options_are_usage_errors(tmp_path, args, message):
    shutil.copy(CONTENT, tmp_path / "content.yaml")
    result = _run(*args, cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists()


def test_two_languages_that_would_write_the_same_files_are_an_error(tmp_path):
    shutil.copy(CONTENT, tmp_path / "content.yaml")
    shutil.copy(ROOT / "content.es.yaml", tmp_path / "content.es.yaml")
    result = _run("build", "--lang", "es", "--lang", "es-MX", cwd=tmp_path)
    assert result.returncode == 1
    assert "error[same-output]: --lang es and --lang es-MX would write the same files" in result.stderr
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("file, old, new", [
    ("content.yaml", "  language: en-US", '  language: "en-../../../x"'),
    ("content.es.yaml", "language: es-US", 'language: "../es"'),
])
def test_a_language_that_is_no_tag_is_an_error(tmp_path, file, old, new):
    shutil.copy(CONTENT, tmp_path / "content.yaml")
    shutil.copy(ROOT / "content.es.yaml", tmp_path / "content.es.yaml")
    path = tmp_path / file
    assert old in path.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = _run("build", "--lang", "es", cwd=tmp_path)
    assert result.returncode == 1 and "must be a language tag such as 'es' or 'es-US'" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content.es.yaml", "content.yaml"]


def test_templates_cannot_format_their_way_out_of_the_sandbox(tmp_path):
    """t() fills {name} and nothing else: str.format would follow attributes to module globals."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "handout.md.j2").write_text(
        '# {{ t("{c.__init__.__globals__}", c=c) }} {{ t("{c.meta.slug!r:>99}", c=c) }}\n\n'
        '{{ c.intro }} {{ c.risks[0].title }} {{ c.contraindications[0].title }}\n\n'
        '::: callout help\n## Help\n:::\n\n## Sources\n\n::: sources\n1. x\n:::\n', encoding="utf-8")
    result = _run("build", str(CONTENT), "--templates", str(templates), "--only", "html", "--out", "out",
                  "--max-grade", "30", cwd=tmp_path)
    page = (tmp_path / "out" / "ketamine-patient-handout-esketamine.html").read_text(encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert "{c.__init__.__globals__}" in page and "__builtins__" not in page and "'ketamine'" not in page


def test_a_placeholder_without_a_value_is_a_template_error(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "handout.md.j2").write_text('# Title\n\n{{ t("{a}-{b}", a=1) }}\n', encoding="utf-8")
    result = _run("build", str(CONTENT), "--templates", str(templates), "--only", "html", "--out", "out",
                  cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{templates / 'handout.md.j2'}:3:1: error[template-error]: '{{a}}-{{b}}' has {{b}}, but no value" \
        in result.stderr
    assert not (tmp_path / "out").exists()


def test_check_with_a_closed_stdout_exits_by_its_findings(tmp_path):
    shutil.copy(CONTENT, tmp_path / "content.yaml")
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the report is printed
    try:
        result = subprocess.run([sys.executable, "-m", "kethandout", "check", "--no-pages"], cwd=tmp_path,
                                stdout=write, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write)
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr


def test_input_cannot_drive_the_terminal(tmp_path):
    """A file name or a value with escape sequences is shown escaped in every message."""
    name = "bad\x1b[2J.yaml"
    (tmp_path / name).write_text(GOOD.replace("  max_pages: 4", "  max_pages: \"\x1b]0;owned\x07\""),
                                 encoding="utf-8")
    result = _run("check", name, "--no-pages", cwd=tmp_path)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr + result.stdout and "\x07" not in result.stderr + result.stdout
    assert "bad\\x1b[2J.yaml:" in result.stderr and "U+001B" in result.stderr


@pytest.mark.parametrize("delay", [0.2, 0.35, 0.5, 0.65, 0.8])
def test_ctrl_c_at_any_point_leaves_no_temporary_and_no_half_set(tmp_path, delay):
    import signal
    import time

    out = tmp_path / "out"
    out.mkdir()
    (out / "ketamine-patient-handout-esketamine-letter.pdf").write_bytes(b"earlier")
    build = subprocess.Popen([sys.executable, "-m", "kethandout", "build", str(CONTENT), "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    build.send_signal(signal.SIGINT)
    _, stderr = build.communicate(timeout=60)
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.startswith(".ketamine")], names  # no temporaries
    if build.returncode == 130:
        assert stderr.strip().splitlines()[-1] == "kethandout: interrupted (Ctrl-C); no output was left half-written"
        assert "Traceback" not in stderr
        complete = {"ketamine-patient-handout-esketamine-letter.pdf", "ketamine-clinician-deck.pptx",
                    "ketamine-consent-form-esketamine-letter.pdf", "ketamine-patient-handout-esketamine.html"}
        earlier = (out / "ketamine-patient-handout-esketamine-letter.pdf").read_bytes() == b"earlier"
        assert (earlier and names == ["ketamine-patient-handout-esketamine-letter.pdf"]) or complete <= set(names)
    else:
        assert build.returncode == 0, stderr  # it had finished before the signal came


def test_a_translation_with_a_list_for_text_is_an_error(tmp_path):
    shutil.copy(CONTENT, tmp_path / "content.yaml")
    spanish = (ROOT / "content.es.yaml").read_text(encoding="utf-8")
    old = '    title: "Sentirse mal del estómago o vomitar"'
    assert old in spanish
    (tmp_path / "content.es.yaml").write_text(spanish.replace(old, '    title: ["Náuseas", "vómitos"]'),
                                              encoding="utf-8")
    result = _run("check", "--lang", "es", "--no-pages", cwd=tmp_path)
    assert result.returncode == 1 and "internal error" not in result.stderr
    assert "error[wrong-type]: entry 'nausea'.title must be text, as in the English" in result.stderr


@pytest.mark.parametrize("make, message", [
    (lambda p: None, "no such file"),
    (lambda p: p.mkdir(), "is not a regular file"),
    (lambda p: p.write_bytes(b"\xff\xfe nope"), "file is not valid UTF-8 text"),
])
def test_stamp_translation_on_a_bad_path_is_an_error(tmp_path, make, message):
    shutil.copy(CONTENT, tmp_path / "content.yaml")
    make(tmp_path / "content.es.yaml")
    result = _run("stamp-translation", "content.es.yaml", "--all", cwd=tmp_path)
    assert result.returncode == 1 and message in result.stderr and "internal error" not in result.stderr


def test_outputs_inside_a_clinic_folder_are_not_inputs(tmp_path):
    """An output folder in the profile's folder: the second build is up to date (were the
    outputs inputs, every build would change the next one's key, and `watch` loop)."""
    for path in (ROOT / "examples" / "clinics").glob("northgate*"):
        shutil.copy(path, tmp_path / path.name)
    args = ("build", str(CONTENT), "--clinic", "northgate.yaml", "--out", "out")
    assert _run(*args, cwd=tmp_path).returncode == 0
    again = _run(*args, cwd=tmp_path)
    assert again.returncode == 0 and again.stdout.startswith("up to date: 6 files in out")


def test_the_cache_is_private_versioned_and_can_be_turned_off(tmp_path, monkeypatch):
    import platformdirs

    from kethandout import user_cache

    root = tmp_path / "cache" / "kethandout"
    monkeypatch.setattr(platformdirs, "user_cache_path", lambda name, appauthor=None: root)
    (root / "format-0").mkdir(parents=True)
    (root / "format-0" / "old.json").write_text("{}", encoding="utf-8")
    user_cache.folder.cache_clear()
    try:
        assert user_cache.folder() == root / f"format-{user_cache.FORMAT}"
        assert not (root / "format-0").exists()  # an older format is removed
        assert oct((root / f"format-{user_cache.FORMAT}").stat().st_mode & 0o777) == "0o700"

        user_cache.folder.cache_clear()
        monkeypatch.setenv("KETHANDOUT_NO_CACHE", "1")
        assert user_cache.folder() is None and user_cache.read("anything") is None
        monkeypatch.delenv("KETHANDOUT_NO_CACHE")

        user_cache.folder.cache_clear()
        shared = tmp_path / "shared"
        shared.mkdir()
        (shared / "elsewhere").mkdir()
        shutil.rmtree(root)
        root.symlink_to(shared / "elsewhere", target_is_directory=True)  # a link: may be anyone's
        assert user_cache.folder() is None
    finally:
        user_cache.folder.cache_clear()


def test_a_two_megabyte_paragraph_is_refused_quickly(tmp_path):
    """Just under the size limit, one paragraph: a clear answer in seconds, not a hang."""
    import time

    words = (1_950_000 - len(GOOD.encode())) // 5  # the file just under the 2 MB limit, whatever the content's size
    text = GOOD.replace("intro: >-\n", "intro: >-\n  " + "word " * words + "\n", 1)
    assert 1_900_000 < len(text.encode()) < 2_000_000
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    began = time.monotonic()
    result = _run("build", "--out", "out", cwd=tmp_path)
    assert time.monotonic() - began < 60
    assert result.returncode == 1 and "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("helper", ["t", "cite", "citation", "sources", "reach", "only", "products_of", "long_date",
                                    "range", "c.reference_number", "c.cited_items"])
@pytest.mark.parametrize("attribute", ["__globals__", "__closure__", "__code__", "__self__.__init__.__globals__"])
def test_no_helper_leads_to_module_globals(tmp_path, helper, attribute):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "handout.md.j2").write_text(f"# x\n\n{{{{ {helper}.{attribute} }}}}\n", encoding="utf-8")
    result = _run("build", str(CONTENT), "--templates", str(templates), "--only", "html", "--out", "out",
                  cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "error[template-" in result.stderr and "__builtins__" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_two_builds_into_one_folder_leave_whole_files(tmp_path):
    """Each output ends up whole, from one build or the other, and no temporary is left."""
    from pypdf import PdfReader

    second = tmp_path / "second.yaml"
    second.write_text(GOOD.replace('version: "0.1"', 'version: "0.2"'), encoding="utf-8")
    builds = [subprocess.Popen([sys.executable, "-m", "kethandout", "build", str(source), "--out", "out"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
              for source in (CONTENT, second, CONTENT, second)]
    assert [build.wait(timeout=120) for build in builds] == [0, 0, 0, 0]
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [".kethandout-build.json", *sorted(
        ["ketamine-clinician-deck.pptx"] + [f"ketamine-{kind}-{product}{end}" for product in ("esketamine", "ketamine")
                                             for kind, end in (("consent-form", "-letter.pdf"), ("at-a-glance", "-letter.pdf"),
                                                               ("visit-card", "-letter.pdf"),
                                                               ("patient-handout", "-letter.pdf"), ("patient-handout", ".html"))])]
    assert len(PdfReader(tmp_path / "out" / "ketamine-patient-handout-esketamine-letter.pdf").pages) >= 1


def test_a_translation_tagged_english_cannot_overwrite_the_english(tmp_path):
    shutil.copy(CONTENT, tmp_path / "content.yaml")
    spanish = (ROOT / "content.es.yaml").read_text(encoding="utf-8").replace("language: es-US", "language: en")
    (tmp_path / "content.es.yaml").write_text(spanish, encoding="utf-8")
    result = _run("build", "--lang", "en", "--lang", "es", cwd=tmp_path)
    assert result.returncode == 1 and "error[same-output]: --lang en and --lang es would write the same files" \
        in result.stderr
    assert not (tmp_path / "output").exists()


def test_a_folder_where_an_output_goes_stops_the_build_before_any_file_is_replaced(tmp_path):
    out = tmp_path / "out"
    (out / "ketamine-patient-handout-esketamine.html").mkdir(parents=True)
    (out / "ketamine-patient-handout-esketamine-letter.pdf").write_bytes(b"earlier")
    result = _run("build", str(CONTENT), "--out", "out", cwd=tmp_path)
    assert result.returncode == 1 and "is in its place" in result.stderr and "already replaced" not in result.stderr
    assert (out / "ketamine-patient-handout-esketamine-letter.pdf").read_bytes() == b"earlier"
    assert sorted(p.name for p in out.iterdir()) == ["ketamine-patient-handout-esketamine-letter.pdf",
                                                     "ketamine-patient-handout-esketamine.html"]


def test_an_output_folder_through_dot_dot_makes_nothing_outside_it(tmp_path):
    result = _run("build", str(CONTENT), "--out", "missing/../out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_long_titles_fit_the_deck_properties(tmp_path):
    """The document properties hold 255 characters: a longer deck title is cut there, not a crash."""
    long_title = "Ketamine " * 40
    (tmp_path / "content.yaml").write_text(GOOD.replace(
        '  deck_title: "Ketamine treatment for depression: benefits, risks and safe use"', f'  deck_title: "{long_title}"'),
        encoding="utf-8")
    result = _run("build", "--only", "deck", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    from pptx import Presentation

    title = Presentation(tmp_path / "output" / "ketamine-clinician-deck.pptx").core_properties.title
    assert len(title) == 255 and title.endswith("…")


def test_check_json_on_a_closed_stdout_exits_by_its_findings(tmp_path):
    (tmp_path / "content.yaml").write_text("meta: [", encoding="utf-8")
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run([sys.executable, "-m", "kethandout", "check", "--format", "json"], cwd=tmp_path,
                                stdout=write, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write)
    assert result.returncode == 1 and "internal error" not in result.stderr


def test_a_changed_logo_outside_the_profiles_folder_rebuilds(tmp_path):
    (tmp_path / "profiles").mkdir()
    (tmp_path / "art").mkdir()
    shutil.copy(ROOT / "examples" / "clinics" / "northgate-logo.png", tmp_path / "art" / "logo.png")
    profile = (ROOT / "examples" / "clinics" / "northgate.yaml").read_text(encoding="utf-8")
    (tmp_path / "profiles" / "northgate.yaml").write_text(
        profile.replace("logo: northgate-logo.png", "logo: ../art/logo.png"), encoding="utf-8")
    args = ("build", str(CONTENT), "--clinic", "profiles/northgate.yaml", "--out", "out")
    assert _run(*args, cwd=tmp_path).returncode == 0
    assert _run(*args, cwd=tmp_path).stdout.startswith("up to date")
    shutil.copy(ROOT / "examples" / "clinics" / "riverside-logo.png", tmp_path / "art" / "logo.png")
    again = _run(*args, cwd=tmp_path)
    assert again.returncode == 0 and not again.stdout.startswith("up to date")
