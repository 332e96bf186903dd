"""Content is data, outputs are reproducible, and random text never crashes a build."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pypdf import PdfReader

from conftest import ROOT, pdf_text
from conftest import page_count
from kethandout.build import build, build_deck, build_handout, build_page
from kethandout.checks import CheckOptions, run_checks
from kethandout.content.clinic import load_clinic
from kethandout.content.load import load_yaml
from kethandout.errors import InputError

LOOKS_LIKE_CODE = "{{ 7*7 }} {% if x %} <b>bold</b> **star** _under_ &amp; AT&T x<y [a](http://x) `tick` # hash"


def _with_text(content, patient: str, clinician: str | None = None, title: str | None = None):
    risks = list(content.risks)
    update = {"patient": patient}
    if clinician is not None:
        update["clinician"] = clinician
    if title is not None:
        update["title"] = title
    # a serious risk: the handout prints its words in full (the common ones by name only)
    covered = {risk for item in content.most_important for risk in item.covers}  # (said in the box instead)
    at = next(i for i, risk in enumerate(risks) if risk.severity == "serious" and not risk.applies_to
              and risk.id not in covered)
    risks[at] = risks[at].model_copy(update=update)
    return content.model_copy(update={"risks": risks})


def _deck_text(data: bytes) -> str:
    prs = Presentation(io.BytesIO(data))
    parts = []
    for slide in prs.slides:
        parts.append(slide.notes_slide.notes_text_frame.text)
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(c.text for row in shape.table.rows for c in row.cells)
    return "\n".join(parts)


def test_content_that_looks_like_code_prints_as_written(content, tmp_path):
    changed = _with_text(content, LOOKS_LIKE_CODE, clinician=LOOKS_LIKE_CODE, title="Risk <i>" + "{{ x }}")
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(build_handout(changed, "letter"))
    assert LOOKS_LIKE_CODE in " ".join(pdf_text(pdf, "Where").split())
    deck = _deck_text(build_deck(changed))
    assert LOOKS_LIKE_CODE in deck and "Risk <i>{{ x }}" in deck
    page = build_page(changed).decode("utf-8")
    assert "{{ 7*7 }} {% if x %} &lt;b&gt;bold&lt;/b&gt; **star** _under_ &amp;amp; AT&amp;T x&lt;y" in page
    assert "49" not in page.split("{{ 7*7 }}")[0][-5:]  # the template engine never evaluated it


def test_two_builds_give_identical_bytes(content, tmp_path):
    clinic = load_clinic(ROOT / "examples" / "clinics" / "riverside.yaml")
    first = build(content, tmp_path / "one", clinic=clinic)
    time.sleep(2.1)  # zip entries and PDF dates would differ if they came from the clock
    second = build(content, tmp_path / "two", clinic=clinic)
    assert [p.name for p in first] == [p.name for p in second] and len(first) == 11  # 5 per product, a deck
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def _cli_build(out, tmpdir) -> dict[str, bytes]:
    result = subprocess.run([sys.executable, "-m", "kethandout", "build", str(ROOT / "content.yaml"), "--out", str(out)],
                            capture_output=True, text=True, env={**os.environ, "XDG_CACHE_HOME": str(tmpdir)})
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}


def test_the_disk_cache_changes_no_byte(tmp_path):
    """Compiled templates, hyphenation patterns, the font's character set and the deck font's
    word widths are kept in the per-user cache folder between runs: an empty cache, a full
    one and unusable ones (a file where the folder should be; a link to a folder, which
    another user could have planted) give the same files."""
    from kethandout.user_cache import FORMAT

    empty, unusable, linked, elsewhere = (tmp_path / name for name in ("empty", "unusable", "linked", "elsewhere"))
    for folder in (empty, unusable, linked, elsewhere):
        folder.mkdir()
    name = "kethandout"
    (unusable / name).write_text("not a folder")
    (linked / name).symlink_to(elsewhere)
    first = _cli_build(tmp_path / "first", empty)
    kept = [p.name for p in (empty / name / f"format-{FORMAT}").iterdir()]
    for prefix in ("__kethandout_", "pyphen-", "printable-", "widths-"):
        assert any(n.startswith(prefix) for n in kept), (prefix, kept)
    assert (empty / name).stat().st_mode & 0o777 == 0o700
    assert _cli_build(tmp_path / "second", empty) == first  # from the cache
    assert _cli_build(tmp_path / "third", unusable) == first
    assert _cli_build(tmp_path / "fourth", linked) == first and list(elsewhere.iterdir()) == []
    assert sorted(first) == sorted(["ketamine-clinician-deck.pptx"] + [
        f"ketamine-{kind}-{product}{end}" for product in ("esketamine", "ketamine")
        for kind, end in (("consent-form", "-letter.pdf"), ("at-a-glance", "-letter.pdf"), ("patient-handout", "-letter.pdf"),
                          ("visit-card", "-letter.pdf"),
                          ("patient-handout", ".html"))])


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=120)
SPECIAL = st.sampled_from(["<", "&", ">", "**", "{{", "}}", "{%", "\u202e", "\u0301", "\U0001F48A", "\u05d0\u05d1",
                           "x" * 300, "\u00e9", "\t", "\n", "|", "\\", "\x00", "\x0b"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.one_of(TEXT, SPECIAL), min_size=1, max_size=6).map("".join))
@example(text="\x08").via("a control character: crashed the deck writer once")
def test_random_text_builds_or_stops_with_a_diagnostic(content, text):
    # Clinician text reaches only the deck: vary it alone half of the time.
    patient = text if len(text) % 2 else "Plain words."
    changed = _with_text(content, patient or "x", clinician=text or "x", title=(patient or "x")[:60])
    located = load_yaml(ROOT / "content.yaml")
    try:
        problems = [d for d in run_checks(changed, located, CheckOptions()) if d.severity == "error"]
    except InputError as exc:  # e.g. a control character that reached the template's text
        problems = exc.diagnostics
    if problems:
        assert all(d.code and d.message for d in problems)
        return
    try:
        pdf, deck, page = build_handout(changed, "letter"), build_deck(changed), build_page(changed)
    except InputError as exc:  # a clear diagnostic is a fine outcome
        assert exc.diagnostics and exc.diagnostics[0].message
        return
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    assert len(Presentation(io.BytesIO(deck)).slides) >= 10
    assert page.decode("utf-8").startswith("<!doctype html>")


def test_a_handout_far_over_budget_stops_laying_out_and_says_at_least(content):
    """Runaway text costs a few pages of layout, not hundreds: the renderer stops at
    build.page_limit and the error says how far over the handout is, without a false count."""
    from kethandout.compose.page_budget import page_budget_problem
    from kethandout.compose.page_budget import page_limit

    risks = list(content.risks)
    serious = next(risk for risk in risks if risk.severity == "serious")
    risks += [serious.model_copy(update={"id": f"extra-{i}", "patient": "You may feel sleepy. " * 180})
              for i in range(60)]
    long = content.model_copy(update={"risks": risks})
    pdf = build_handout(long, "letter")
    assert page_count(pdf) == page_limit(content.meta.max_pages)
    problem = page_budget_problem(page_count(pdf), "letter", long, None)
    assert f"has at least {page_limit(content.meta.max_pages)} pages" in problem.message
    over = build_handout(_with_text(content, "You may feel sleepy. " * 400), "letter")
    assert "at least" not in page_budget_problem(page_count(over), "letter", long, None).message


def _render(blocks) -> bytes:
    from kethandout.render.pdf import render_handout
    from kethandout.style.theme import HandoutInfo

    return render_handout(tuple(blocks), HandoutInfo("t", "a", "s", "en", "f", page_limit=30), "letter")


def test_layouts_a_template_can_ask_for_never_crash():
    """Found by an outside probe: each of these was an internal error (a heading too long for a
    page, 25 columns, 30 nested columns or boxes, a box nested in steps, an 80-character
    emergency number)."""
    from kethandout.compose.doc import BulletList, Div, Heading, Paragraph, Span

    def text(words: str):
        return (Span(words),)

    long_heading = Heading(2, text("Heading " * 600))
    many_columns = Div(("columns",), tuple(b for i in range(25) for b in (Heading(3, text(f"C{i}")), Paragraph(text("x")))))
    nested = Paragraph(text("The cat sat."))
    for _ in range(30):
        nested = Div(("columns",), (Heading(3, text("Nested")), nested))
    boxes = Paragraph(text("Inside."))
    for _ in range(6):
        boxes = Div(("callout", "help"), (Heading(2, text("Box")), boxes))
    steps_in_box = Div(("callout", "key"), (Div(("steps",), (BulletList((text("One"), text("Two")), ordered=True),)),))
    number = Div(("callout", "help"), (BulletList(((Span("999 " * 20, strong=True), Span(": call"),),)),))
    for blocks in ([long_heading], [many_columns], [nested], [boxes], [steps_in_box], [number], [Div(("columns",))]):
        assert _render(blocks).startswith(b"%PDF")


def test_ctrl_c_during_layout_is_not_swallowed(content, monkeypatch):
    """ReportLab's bare excepts could swallow Ctrl-C mid-layout and go on with another layout:
    the layout holds it back and it arrives, as KeyboardInterrupt, once the layout is done.
    The Ctrl-C is sent from inside the layout (after its first page), so the test does not
    depend on timing."""
    import signal
    import threading

    import pytest

    from kethandout.render.pdf import document as pdf

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # whatever an earlier test set
    pages = []
    after_page = pdf._HandoutTemplate.afterPage

    def interrupt_once(self):
        if not pages:
            signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        pages.append(self.page)
        after_page(self)

    monkeypatch.setattr(pdf._HandoutTemplate, "afterPage", interrupt_once)
    try:
        with pytest.raises(KeyboardInterrupt):
            build_handout(content, "letter")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert len(pages) == page_count(build_handout(content, "letter"))  # the whole layout ran, then Ctrl-C arrived


def test_a_long_section_shares_its_notes_among_its_slides(content):
    """Each continuation slide carries its share of the section's notes, not all of them again
    (the deck's memory grew with the square of a long section)."""
    from kethandout.compose.context import compose
    from kethandout.deck.slides import layout_deck

    risks = list(content.risks)
    risks += [risks[0].model_copy(update={"id": f"extra-{i}"}) for i in range(120)]
    long = content.model_copy(update={"risks": risks})
    blocks = compose(long, "deck.md.j2")
    slides = [s for s in layout_deck(blocks).slides if "risks" in s.title.lower()]
    notes = sum(len(s.notes) for s in slides)
    one_copy = sum(len(r.clinician) for r in risks)
    assert len(slides) > 5 and notes < 3 * one_copy


def test_a_template_folder_holds_text_files_of_a_bounded_size(tmp_path):
    """A FIFO of a template's name was skipped (the built-in one used instead), and a template
    of any size was read: each is now an error at the file."""
    fifo_folder, big_folder = tmp_path / "fifo", tmp_path / "big"
    fifo_folder.mkdir()
    big_folder.mkdir()
    os.mkfifo(fifo_folder / "handout.md.j2")
    (big_folder / "deck.md.j2").write_text("x" * 2_100_000, encoding="utf-8")
    for folder, message in ((fifo_folder, "is not a regular file"), (big_folder, "the limit is 2,000,000")):
        result = subprocess.run([sys.executable, "-m", "kethandout", "build", str(ROOT / "content.yaml"),
                                 "--templates", str(folder), "--out", str(tmp_path / "out")],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
        assert not (tmp_path / "out").exists()
