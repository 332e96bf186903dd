"""`kethandout check`: one small content file per finding, each triggering exactly that finding."""
from __future__ import annotations

import datetime as dt
import time
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTENT, ROOT
from kethandout.compose.context import compose
from kethandout.checks.readability import section_grades

MINIMAL = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kethandout", *args], cwd=cwd, capture_output=True, text=True)


def _check(tmp_path: Path, text: str, *flags: str) -> tuple[subprocess.CompletedProcess, list[dict]]:
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    result = _run("check", "--format", "json", *flags, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    # (test content is never approved: that finding is test_minimal_file_is_clean's)
    return result, [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] != "not-approved"]


def _mutate(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


def _line(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_minimal_file_is_clean(tmp_path):
    """Clean but for its approval: nobody has approved it yet."""
    (tmp_path / "content.yaml").write_text(MINIMAL, encoding="utf-8")
    result = _run("check", "--format", "json", cwd=tmp_path)
    found = json.loads(result.stdout)["diagnostics"]
    assert (result.returncode, [d["code"] for d in found]) == (0, ["not-approved"])


EVIDENCE_A = '    evidence: [{ref: ref-a, section: "Abstract", quote: "The words of the source that support the claim."}]\n'
HARD = ("Its pharmacological characterization demonstrates considerable interindividual variability "
        "necessitating individualized therapeutic monitoring and comprehensive psychiatric evaluation.")
MEDIUM = "Before each visit, your care team will check your blood pressure and ask how you have been feeling lately."

CASES = {
    # name: (text, fragment on the reported line, code, severity, message fragment)
    "reading-level-error": (
        _mutate('"It can lift a low mood. Some feel better in a day. Ask if it is right for you."', f'"{HARD}"'),
        HARD[:30], "reading-level", "error",
        "section 'How can testamine help you?' reads at grade"),
    "reading-level-warning": (
        _mutate('"It can lift a low mood. Some feel better in a day. Ask if it is right for you."', f'"{MEDIUM}"'),
        MEDIUM[:30], "reading-level", "warning", "above 6; hardest: \"Before each visit, your care team"),
    "undefined-term": (
        _mutate('"You may feel sick. Tell the staff. It goes away soon."',
                '"You may feel sick. Tell the staff about hypertension. It goes away soon."'),
        "about hypertension", "undefined-term", "warning",
        "risks #1 (sick).patient uses the medical term 'hypertension' without explaining it"),
    "unused-reference": (
        MINIMAL.replace("refs: [ref-b]", "refs: [ref-a]").replace("{ref: ref-b", "{ref: ref-a"), "id: ref-b",
        "unused-reference", "warning",
        "reference 'ref-b' is never cited"),
    "bad-doi": (_mutate('doi: "10.1000/def"', 'doi: "https://doi.org/10.1000/def"'), "https://doi.org", "bad-doi",
                "error", "'https://doi.org/10.1000/def' is not a DOI"),
    "duplicate-doi": (_mutate('doi: "10.1000/def"', 'doi: "10.1000/ABC"'), "10.1000/ABC", "duplicate-doi", "warning",
                      "DOI 10.1000/ABC is also given on line"),
    "uncited-claim": (_mutate('    clinician: "Nausea."\n    refs: [ref-a]\n' + EVIDENCE_A, '    clinician: "Nausea."\n    refs: []\n'),
                      "  - id: sick", "uncited-claim", "warning", "risks #1 (sick) makes a claim with no reference"),
    "review-overdue": (_mutate("next_review: 2099-01-01", "next_review: 2026-02-01"), "next_review:",
                       "review-overdue", "error", "the content was due for review on 2026-02-01"),
    "review-due-soon": (_mutate("next_review: 2099-01-01",
                                f"next_review: {(dt.date.today() + dt.timedelta(days=30)).isoformat()}"),
                        "next_review:", "review-due-soon", "warning", "in 30 days"),
    "needs-review": (_mutate('    title: "Bad heart"\n', '    title: "Bad heart"\n    needs_review: true\n'),
                     "needs_review: true", "needs-review", "warning",
                     "contraindications #1 (heart) is marked needs_review"),
    "unprintable-character": (_mutate('"You want more and more of it."', '"You want more and more of it \u2192 now."'),
                              "You want more", "unprintable-character", "error",
                              "misuse_signs #1 (more).patient has '\u2192' (U+2192), which the handout font cannot draw"),
    "page-budget": (_mutate("max_pages: 4", "max_pages: 1"), "max_pages:", "page-budget", "error",
                    "the letter handout (testamine) has 2 pages; the budget (meta.max_pages) is 1"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_finding(case, tmp_path):
    text, fragment, code, severity, message = CASES[case]
    result, found = _check(tmp_path, text)
    assert found and {d["code"] for d in found} == {code}, found  # exactly this finding (page budget: per paper)
    first = found[0]
    assert (first["severity"], first["line"], first["file"]) == (severity, _line(text, fragment), "content.yaml")
    assert message in first["message"]
    assert result.returncode == (1 if severity == "error" else 0)


def test_allow_stale_lowers_the_overdue_review(tmp_path):
    text = CASES["review-overdue"][0]
    result, found = _check(tmp_path, text, "--allow-stale")
    assert result.returncode == 0 and [(d["code"], d["severity"]) for d in found] == [("review-overdue", "warning")]


def test_glossary_defines_a_term(tmp_path):
    text = CASES["undefined-term"][0].replace(
        "references:\n", 'glossary:\n  - term: "hypertension"\n    definition: "High blood pressure."\n\nreferences:\n')
    assert _check(tmp_path, text)[1] == []


def test_unknown_reference_is_an_error(tmp_path):
    result, found = _check(tmp_path, _mutate("refs: [ref-a]", "refs: [ref-x]"))
    assert result.returncode == 1
    assert "error[unknown-reference]: about cites 'ref-x', which is not in the references list" in result.stderr
    assert json.loads(result.stdout)["errors"] == 1


def test_missing_parts_of_a_user_template(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "handout.md.j2").write_text("# {{ c.meta.title }}\n\n{{ c.intro }}\n", encoding="utf-8")
    (tmp_path / "content.yaml").write_text(MINIMAL, encoding="utf-8")
    result = _run("check", "--format", "json", "--templates", str(folder), cwd=tmp_path)
    found = json.loads(result.stdout)["diagnostics"]
    assert result.returncode == 1
    assert sorted(d["message"] for d in found if d["code"] == "missing-part") == [
        "the patient handout has no contraindication",
        "the patient handout has no emergency information (a '::: callout help' box)",
        "the patient handout has no risk",
        "the patient handout has no sources section",
    ]


def test_strict_turns_warnings_into_errors(tmp_path):
    text = CASES["unused-reference"][0]
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    plain = _run("check", cwd=tmp_path)
    strict = _run("check", "--strict", cwd=tmp_path)
    assert plain.returncode == 0 and "warning[unused-reference]" in plain.stdout
    assert strict.returncode == 1 and "error[unused-reference]" in strict.stdout
    # (and, strictly, content nobody approved is not ready either)
    assert "error[not-approved]" in strict.stdout
    assert strict.stdout.strip().endswith("content.yaml: 2 errors, 0 warnings")


def test_build_refuses_on_check_errors(tmp_path):
    (tmp_path / "content.yaml").write_text(CASES["bad-doi"][0], encoding="utf-8")
    result = _run("build", cwd=tmp_path)
    assert result.returncode == 1 and "error[bad-doi]" in result.stderr
    assert not (tmp_path / "output").exists()


def test_default_content_passes_but_for_needs_review(tmp_path):
    result = _run("check", str(CONTENT), "--format", "json", cwd=tmp_path)
    found = json.loads(result.stdout)["diagnostics"]
    assert result.returncode == 0
    assert found and {d["code"] for d in found} == {"needs-review", "not-approved"}


def test_default_handout_sections_read_at_grade_8_or_below(content):
    from kethandout.content.products import for_product

    # each product's handout, as printed
    grades = [g for p in content.products
              for g in section_grades(compose(for_product(content, p.id), "handout.md.j2", citations=False))]
    assert len(grades) >= 9
    assert max(g.flesch_kincaid for g in grades) <= 8
    assert max(g.smog for g in grades) <= 8


@pytest.mark.parametrize("flags", [["--no-pages"], []])
def test_check_loads_no_renderer(tmp_path, flags):
    """Only the page budget renders (in this process, as everything does): `check --no-pages`
    never loads a renderer, and plain `check` loads ReportLab for it, never python-pptx."""
    (tmp_path / "content.yaml").write_text(_mutate("max_pages: 4", "max_pages: 1"), encoding="utf-8")
    code = ("import sys; from kethandout.cli import main; rc = main(['check', *%r, 'content.yaml']); "
            "loaded = [m for m in ('reportlab', 'pptx', 'PIL.ImageFont') if m in sys.modules]; "
            "print('LOADED', loaded); sys.exit(rc)") % flags
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert ("LOADED []" if flags else "LOADED ['reportlab']") in result.stdout and "Traceback" not in result.stderr
    budget_errors = result.stdout.count("error[page-budget]")
    assert (result.returncode, budget_errors) == ((0, 0) if flags else (1, 2)), result.stdout  # letter and A4


def test_unchanged_rebuild_is_skipped(tmp_path):
    (tmp_path / "content.yaml").write_text(MINIMAL, encoding="utf-8")
    first = _run("build", cwd=tmp_path)
    second = _run("build", cwd=tmp_path)
    assert "wrote output/test-patient-handout-testamine-letter.pdf" in first.stdout
    assert second.stdout.startswith("up to date: 5 files in output")
    (tmp_path / "output" / "test-patient-handout-testamine.html").write_text("tampered", encoding="utf-8")
    third = _run("build", cwd=tmp_path)
    assert "wrote output/test-patient-handout-testamine.html" in third.stdout  # a changed output is rebuilt


def test_watch_rebuilds_when_the_content_is_saved(tmp_path):
    (tmp_path / "content.yaml").write_text(MINIMAL, encoding="utf-8")
    watcher = subprocess.Popen([sys.executable, "-m", "kethandout", "watch", "--only", "html"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    page = tmp_path / "output" / "test-patient-handout-testamine.html"
    try:
        deadline = time.monotonic() + 60
        while not page.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "It can lift a low mood" in page.read_text(encoding="utf-8")
        time.sleep(1.0)  # let the watcher start
        (tmp_path / "content.yaml").write_text(MINIMAL.replace("It can lift a low mood.", "It can lift your mood."),
                                               encoding="utf-8")
        while "It can lift your mood" not in page.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "It can lift your mood" in page.read_text(encoding="utf-8")
        (tmp_path / "content.yaml").write_text(MINIMAL.replace("  max_pages: 4", "  max_pages: four"),
                                               encoding="utf-8")
        time.sleep(3)
        assert "It can lift your mood" in page.read_text(encoding="utf-8")  # a bad save keeps the good page
    finally:
        watcher.terminate()
        _, stderr = watcher.communicate(timeout=10)
    assert "changed: content.yaml" in stderr and "error[wrong-type]" in stderr


@pytest.mark.parametrize("command", [["watch"], ["build", "--clinic", str(ROOT / "examples/clinics/riverside.yaml")]])
def test_watch_and_clinic_batches_collect_garbage_again(tmp_path, monkeypatch, command):
    """The console command runs without cyclic garbage collection (cli.run); watch and clinic
    batches, which build again and again, turn it back on."""
    import gc

    import watchfiles

    from kethandout import cli

    monkeypatch.setattr(watchfiles, "watch", lambda *folders, **options: iter(()))  # no saves: watch returns
    gc.disable()
    try:
        code = cli.main([command[0], str(CONTENT), *command[1:], "--lang", "en", "--only", "html",
                         "--out", str(tmp_path / "out")])
        assert code == 0 and gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("stored", [None, b"[", b'["a"]', b"[]", b"{}"])  # missing, broken, wrong types, empty
def test_printable_characters_survive_a_bad_disk_cache(monkeypatch, stored):
    """The handout font's character set is kept on disk between runs; a missing or damaged
    copy is read from the fonts again."""
    from fontTools.ttLib import TTFont

    from kethandout import user_cache
    from kethandout.style import glyphs
    from kethandout.style.fonts import HANDOUT_FILES

    expected = set.intersection(*[set(TTFont(str(p)).getBestCmap()) for p in HANDOUT_FILES.values()])
    written = {}
    monkeypatch.setattr(user_cache, "read", lambda name: stored)
    monkeypatch.setattr(user_cache, "write", lambda name, data: written.update({name: data}))
    glyphs.printable.cache_clear()
    try:
        assert glyphs.printable() == expected and ord("é") in expected and 0x1F600 not in expected
        assert len(written) == 1
    finally:
        glyphs.printable.cache_clear()


def test_the_handout_font_draws_every_printable_ascii_character():
    """style.glyphs.missing skips ASCII text at C speed on this ground: were one of these
    characters missing from the font, it would print as an empty box unreported."""
    from kethandout.style import glyphs

    assert {chr(c) for c in range(0x20, 0x7F)} <= {chr(c) for c in glyphs.printable()}
    assert glyphs.missing("plain text\twith a tab\n") == [] and glyphs.missing("a\x7fb ☃") == ["\x7f", "☃"]


def test_strict_takes_a_warning_accepted_at_its_line(tmp_path):
    """--strict fails on a warning, unless the line it names says `# accept: CODE`; the
    warning is still printed, and says it was accepted. Another code accepts nothing."""
    meta_line = _line(MINIMAL, "meta:")
    lines = MINIMAL.splitlines(keepends=True)
    assert _run_strict(tmp_path, MINIMAL).returncode == 1
    for comment, code in (("  # accept: no-evidence", 1), ("  # accept: no-evidence, not-approved (a test)", 0)):
        accepted = "".join(lines[:meta_line - 1] + [lines[meta_line - 1].rstrip("\n") + comment + "\n"] + lines[meta_line:])
        result = _run_strict(tmp_path, accepted)
        assert result.returncode == code, result.stdout
    assert "warning[not-approved]" in result.stdout and "(accepted in the file)" in result.stdout


def _run_strict(tmp_path: Path, text: str) -> subprocess.CompletedProcess:
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    return _run("check", "--no-pages", "--strict", cwd=tmp_path)
