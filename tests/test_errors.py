"""Bad input: a clear FILE:LINE:COL message, exit code 1, no traceback, nothing written."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTENT

GOOD = CONTENT.read_text(encoding="utf-8")


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def _mutate(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


CASES = {
    # name: (mutated text, fragment whose line the error must name, column, message fragment)
    # PyYAML notices the unclosed list where the next key starts; the message points back.
    "yaml-syntax": (_mutate("intro: >-", "intro: [oops"), "about:", 6,
                    "error[yaml-syntax]: a list written in [ ] is not closed (it starts at "
                    f"line {_line_of(GOOD, 'intro: >-')}, column 8); add the ] after its last entry"),
    "duplicate-key": (_mutate("    strength: strong\n", "    strength: strong\n    strength: moderate\n"),
                      "    strength: moderate", 5, "key 'strength' appears twice"),
    "misspelled-field": (_mutate("    severity: mild", "    severty: mild"), "    severty: mild", 5,
                         "has no field 'severty'; did you mean 'severity'?"),
    "wrong-type": (_mutate("  max_pages: 4", "  max_pages: four"), "  max_pages: four", 14,
                   "meta.max_pages: input should be a valid integer; found 'four'"),
    "yaml-1.1-boolean": (_mutate('  version: "0.2"', "  version: NO"), "  version: NO", 12,
                         "meta.version: input should be a valid string; found False"),
    "missing-field": (_mutate('    title: "Depression with thoughts of suicide"\n', ""), "  - id: suicidal-thoughts", 5,
                      "benefits #3 (suicidal-thoughts) is missing the required field 'title'"),
    "dangling-reference": (_mutate("    refs: [dore2019, krystal2019]", "    refs: [dore2019, krystal2091]"),
                           "krystal2091", None, "cites 'krystal2091', which is not in the references list; "
                                                "did you mean 'krystal2019'?"),
    "unknown-risk": (_mutate("    covers: [slow-breathing]", "    covers: [slow-breathng]"), "slow-breathng", 14,
                     "names risk 'slow-breathng', which is not in the risks list; did you mean 'slow-breathing'?"),
    "duplicate-id": (_mutate("  - id: nausea", "  - id: dissociation"), "  - id: dissociation\n    title: \"Feeling sick",
                     9, "id 'dissociation' is already used on line"),
    "bad-choice": (_mutate("    kind: absolute", "    kind: forbidden"), "    kind: forbidden", 11,
                   "must be one of 'absolute' or 'relative'; found 'forbidden'"),
}


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kethandout", *args], cwd=cwd, capture_output=True, text=True)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_content_is_reported_at_its_line(case, tmp_path):
    text, fragment, col, message = CASES[case]
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    result = _run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = _line_of(text, fragment)
    first = result.stderr.splitlines()[0]
    prefix = f"content.yaml:{line}:{col}:" if col else f"content.yaml:{line}:"
    assert first.startswith(prefix), first
    assert message in first
    assert not (tmp_path / "output").exists()


def test_missing_file(tmp_path):
    result = _run("check", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("nope.yaml: error[file-not-found]: no such file")


def test_every_problem_is_reported_together(tmp_path):
    text = _mutate("    severity: mild", "    severty: mild").replace("  max_pages: 4", "  max_pages: four")
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    result = _run("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "unknown-field" in result.stderr and "wrong-type" in result.stderr
    assert result.stderr.strip().endswith("2 errors")  # (check writes nothing: it does not say so)


def test_failed_build_leaves_previous_outputs_untouched(tmp_path):
    (tmp_path / "content.yaml").write_text(GOOD, encoding="utf-8")
    assert _run("build", cwd=tmp_path).returncode == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "output").iterdir()}
    # per product: handout, at-a-glance sheet, visit card, consent form, web page; and the deck
    assert len([name for name in before if not name.startswith(".")]) == 11
    (tmp_path / "content.yaml").write_text(CASES["dangling-reference"][0], encoding="utf-8")
    assert _run("build", cwd=tmp_path).returncode == 1
    after = {p.name: p.read_bytes() for p in (tmp_path / "output").iterdir()}
    assert after == before


def test_build_prints_what_it_wrote(tmp_path):
    (tmp_path / "content.yaml").write_text(GOOD, encoding="utf-8")
    result = _run("build", "--paper", "a4", "--only", "handout", cwd=tmp_path)
    assert result.returncode == 0
    # one handout per product, each named for its product
    assert result.stdout.strip().splitlines() == [f"wrote {Path('output') / f'ketamine-patient-handout-{product}-a4.pdf'}"
                                                  for product in ("esketamine", "ketamine")]


def test_diagnostic_codes_are_one_enum_never_free_strings():
    """Every code a diagnostic is made with is a member of errors.Code: the source writes
    Code.X at every call (an AST scan), and a code outside the enum is refused at once."""
    import ast

    from kethandout.errors import Code, Diagnostic

    source = Path(__file__).resolve().parent.parent / "src" / "kethandout"
    positions = {"Diagnostic": 1, "diagnostic": 1, "problem": 0, "_at_routes": 2}
    free = []
    for path in sorted(source.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
                index = positions.get(name)
                if index is not None and len(node.args) > index and isinstance(node.args[index], ast.Constant):
                    free.append(f"{path.name}:{node.lineno}")
    assert free == []
    assert Diagnostic("error", "unknown-field", "m", "f").code is Code.UNKNOWN_FIELD
    assert f"{Code.UNKNOWN_FIELD}" == str(Code.UNKNOWN_FIELD) == "unknown-field"
    with pytest.raises(ValueError):
        Diagnostic("error", "no-such-code", "m", "f")
