"""Sign-off: `approve` records who approved exactly which wording; documents of approved
content name the approver, every other document says DRAFT on every page and slide."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from conftest import CONTENT, ROOT

DRAFT = "DRAFT – not approved for patient use"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kethandout", *args], cwd=cwd, capture_output=True, text=True)


def _pages(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [" ".join((page.extract_text() or "").split()) for page in document.pages]


def _slide_texts(deck: Path) -> list[str]:
    return [" ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
            for slide in Presentation(deck).slides]


def _comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "content.yaml").write_text(CONTENT.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_the_default_content_ships_as_a_draft(outputs):
    assert all(page.startswith(DRAFT) for page in _pages(outputs["letter"]))
    assert all(DRAFT in text for text in _slide_texts(outputs["deck"]))
    assert all(DRAFT in page for page in _pages(outputs["consent"]))


def _without_flags(project: Path) -> str:
    """The content with every needs_review flag resolved (its line taken out)."""
    path = project / "content.yaml"
    text = without_flags(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return text


def without_flags(text: str) -> str:
    import re

    text = re.sub(r"(?m)^\s+needs_review: true[ \t]*(#.*)?\n", "", text)  # a line of its own
    return re.sub(r",\s*needs_review: true", "", text)  # inside { } beside a value


def test_approve_refuses_open_review_flags_unless_told_and_then_says_so(project):
    from kethandout.content.approval import open_flags
    from kethandout.content.validate import load_content_located

    original = (project / "content.yaml").read_text(encoding="utf-8")
    flags = len(open_flags(load_content_located(project / "content.yaml")[1]))
    assert flags > 1
    refused = _run("approve", "--by", "Dana Lee, MD", cwd=project)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"error[open-review-flags]: {flags} items are still marked needs_review; nothing was approved" in refused.stderr
    first = next(i for i, line in enumerate(original.splitlines(), 1)
                 if line.lstrip().startswith("needs_review: true") or ", needs_review: true" in line)
    assert f"content.yaml:{first}:" in refused.stderr and "--allow-open-flags" in refused.stderr
    assert (project / "content.yaml").read_text(encoding="utf-8") == original

    approved = _run("approve", "--by", "Dana Lee, MD", "--on", "2026-12-07", "--allow-open-flags", cwd=project)
    assert approved.returncode == 0, approved.stderr
    assert f"over {flags} open review flags" in approved.stdout
    assert f"    open_flags: {flags}" in (project / "content.yaml").read_text(encoding="utf-8")
    build = _run("build", "--only", "handout", "--out", "out", cwd=project)
    assert build.returncode == 0, build.stderr
    pages = _pages(project / "out" / "ketamine-patient-handout-esketamine-letter.pdf")
    assert all(f"Approved by Dana Lee, MD on December 7, 2026 over {flags} open review flags" in page
               for page in pages)


def test_approve_then_change_a_word_then_approve_again(project):
    original = _without_flags(project)
    approved = _run("approve", "--by", "Dana Lee, MD", "--on", "2026-12-07", cwd=project)
    assert approved.returncode == 0, approved.stderr
    text = (project / "content.yaml").read_text(encoding="utf-8")
    assert _comments(text) == _comments(original)
    assert [line for line in text.splitlines() if line not in original.splitlines()] == [
        "  approval:", '    by: "Dana Lee, MD"', '    "on": 2026-12-07', f'    fingerprint: "{_fingerprint(project)}"']
    check = _run("check", "--no-pages", cwd=project)
    assert "approv" not in check.stdout

    for only in ("handout", "deck"):
        build = _run("build", "--only", only, "--out", "out", cwd=project)
        assert build.returncode == 0, build.stderr
    pages = _pages(project / "out" / "ketamine-patient-handout-esketamine-letter.pdf")
    assert not any(DRAFT in page for page in pages)
    assert all("Approved by Dana Lee, MD on December 7, 2026" in page and "open review" not in page
               for page in pages)
    # the deck's wording follows the approval: no draft band, no item said to wait for sign-off
    deck = Presentation(project / "out" / "ketamine-clinician-deck.pptx")
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    assert not any(DRAFT in text for text in _slide_texts(project / "out" / "ketamine-clinician-deck.pptx"))
    assert "sign-off" not in notes and "awaiting" not in notes.lower()
    cover = _slide_texts(project / "out" / "ketamine-clinician-deck.pptx")[0]
    assert "awaiting" not in cover and "approved by Dana Lee, MD on December 7, 2026" in cover

    # One word changed: the outputs are drafts again, and check says who approved what, when.
    (project / "content.yaml").write_text(text.replace("if you may get", "if you might get"),
                                          encoding="utf-8")
    check = _run("check", "--no-pages", cwd=project)
    assert "warning[changed-since-approval]: the content has changed since Dana Lee, MD approved it on " \
           "2026-12-07" in check.stdout
    build = _run("build", "--out", "draft", cwd=project)
    assert build.returncode == 0, build.stderr
    assert all(page.startswith(DRAFT) for page in _pages(project / "draft" / "ketamine-patient-handout-esketamine-letter.pdf"))
    assert all(DRAFT in text for text in _slide_texts(project / "draft" / "ketamine-clinician-deck.pptx"))
    page = (project / "draft" / "ketamine-patient-handout-esketamine.html").read_text(encoding="utf-8")
    assert f'<p class="draft" role="note">{DRAFT}</p>' in page
    refused = _run("build", "--require-approval", "--out", "refused", cwd=project)
    assert refused.returncode == 1 and "error[changed-since-approval]" in refused.stderr
    assert not (project / "refused").exists()

    again = _run("approve", "--by", "Sam Roe, PharmD", cwd=project)
    assert again.returncode == 0, again.stderr
    assert _comments((project / "content.yaml").read_text(encoding="utf-8")) == _comments(original)
    build = _run("build", "--only", "consent", "--require-approval", "--out", "again", cwd=project)
    assert build.returncode == 0, build.stderr
    consent = _pages(project / "again" / "ketamine-consent-form-esketamine-letter.pdf")
    assert all("Approved by Sam Roe, PharmD" in page and DRAFT not in page for page in consent)
    # the consent form prints the fingerprint the reviewer approved, and that of exactly its
    # wording (the nasal spray's part of it), each labelled
    # (the footer wraps: the page number may sit between the two)
    assert f"Approved content {_fingerprint(project)} · The" in consent[0]
    assert f"part printed here {_fingerprint(project, 'esketamine')}" in consent[0]


def _fingerprint(project: Path, product: str | None = None) -> str:
    from kethandout.content.fingerprint import fingerprint
    from kethandout.content.products import for_product
    from kethandout.content.validate import load_content

    content = load_content(project / "content.yaml")
    return fingerprint(for_product(content, product) if product else content)


def test_approval_needs_valid_content_and_a_block_meta(tmp_path):
    (tmp_path / "content.yaml").write_text("meta: {title: x}\n", encoding="utf-8")
    result = _run("approve", "--by", "A", cwd=tmp_path)
    assert result.returncode == 1 and "error[" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "content.yaml").read_text(encoding="utf-8") == "meta: {title: x}\n"
    bad_date = _run("approve", "--by", "A", "--on", "yesterday", cwd=ROOT)
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr


@pytest.mark.parametrize("style, paper", [("standard", "letter"), ("large-print", "a4")])
def test_a_long_approver_name_stays_on_the_page(project, style, paper):
    name = "Dr. Maximiliana Konstantinopoulou-Santos de la Vega, MD, PhD, FACP, FAPA"  # 74 characters
    assert _run("approve", "--by", name, "--allow-open-flags", cwd=project).returncode == 0
    built = _run("build", "--only", "consent", "--style", style, "--paper", paper, "--out", "out", cwd=project)
    assert built.returncode == 0, built.stderr
    pdf = next((project / "out").glob("*-esketamine-*.pdf"))
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            # (the last baseline is 0.15 in from the edge: descenders come within 0.1 in)
            assert all(0 <= c["x0"] and c["x1"] <= page.width - 0.5 * 72 and c["bottom"] <= page.height - 2
                       for c in page.chars), f"page {page.page_number}: text off the page"
            assert "content" in page.extract_text() and "Approved by Dr. Maximiliana" in page.extract_text()
