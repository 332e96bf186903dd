from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from kethandout.build import build
from kethandout.content.validate import load_content

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content.yaml"


@pytest.fixture(scope="session")
def content():
    return load_content(CONTENT)


@pytest.fixture(scope="session")
def outputs(content, tmp_path_factory) -> dict[str, Path]:
    """The default documents, built once for the whole test session."""
    out = tmp_path_factory.mktemp("output")
    letter = {path.name: path for path in build(content, out, paper="letter")}
    a4 = build(content, out, paper="a4", only="handout")
    return {"letter": letter["ketamine-patient-handout-esketamine-letter.pdf"],
            "letter_ketamine": letter["ketamine-patient-handout-ketamine-letter.pdf"],
            "glance": letter["ketamine-at-a-glance-esketamine-letter.pdf"],
            "glance_ketamine": letter["ketamine-at-a-glance-ketamine-letter.pdf"],
            "card": letter["ketamine-visit-card-esketamine-letter.pdf"],
            "deck": letter["ketamine-clinician-deck.pptx"],
            "consent": letter["ketamine-consent-form-esketamine-letter.pdf"],
            "consent_ketamine": letter["ketamine-consent-form-ketamine-letter.pdf"], "a4": a4[0]}


def item_titles(content) -> list[str]:
    items = content.benefits + content.risks + content.contraindications + content.routes
    return [item.title for item in items]


def soffice() -> str:
    """LibreOffice's command; skips the test where it is absent, except under CI."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required under CI (installed by .ci/run)")
        pytest.skip("LibreOffice is not installed")
    return found


def convert(source: Path, target_format: str, out_dir: Path) -> Path:
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{out_dir}/profile",
                    "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
                   check=True, capture_output=True, timeout=300)
    return out_dir / f"{source.stem}.{target_format}"


def _title_box(slide, geometry):
    """The box the deck gave the slide's title: the design's, or the one widened over the body
    for a title too long for it (and never more)."""
    from kethandout.deck.geometry import Box

    shape = slide.shapes.title
    box = Box(*(value / 12700 for value in (shape.left, shape.top, shape.width, shape.height)))
    wide, body = geometry.wide_title, geometry.body
    assert wide.left - 0.5 <= box.left and box.left + box.width <= wide.left + wide.width + 0.5
    assert wide.top - 0.5 <= box.top and box.bottom <= wide.bottom + 0.5
    across = min(box.left + box.width, body.left + body.width) - max(box.left, body.left)
    assert across <= 1 or box.bottom <= body.top + 1 or box.top >= body.bottom - 1, "the title box is over the body"
    return box


def _body_box(title, geometry):
    """The body box under a title: on kethandout's own design, a title of one line leaves its
    second line to the body."""
    if geometry.one_line is not None:
        one_title, one_body = geometry.one_line
        if abs(title.top - one_title.top) < 1 and abs(title.height - one_title.height) < 1:
            return one_body
    return geometry.body


def assert_text_inside_boxes(deck: Path, geometry, tmp_path: Path, tolerance: float = 2.0) -> None:
    """Render the deck in LibreOffice; every title character must lie in its slide's title box
    and every body character (18 pt and up) in the body box, on every slide after the cover,
    and no word may be drawn over another."""
    pdf_path = convert(deck, "pdf", tmp_path)
    slides = Presentation(deck).slides
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == len(slides)
        for number, page in enumerate(pdf.pages[1:], start=2):
            title = _title_box(slides[number - 1], geometry)
            body = _body_box(title, geometry)
            for char in page.chars:
                if not char["text"].strip():
                    continue
                # (a part's key number is larger than a title, in the body)
                box = body if char["size"] >= 40 else title if char["size"] >= 27.5 else \
                    body if char["size"] >= 17.5 else None
                on_page = char["x0"] >= -tolerance and char["x1"] <= page.width + tolerance
                assert on_page, f"slide {number}: {char['text']!r} off the slide"
                if box is None:
                    assert char["bottom"] <= page.height + tolerance
                    continue
                where = f"slide {number}: {char['text']!r} at ({char['x0']:.0f}, {char['bottom']:.0f})"
                assert box.left - tolerance <= char["x0"] and char["x1"] <= box.left + box.width + tolerance, where
                # A bullet may come from a symbol font whose tall ascent says nothing about overflow.
                top_ok = char["text"] == "•" or box.top - tolerance <= char["top"]
                assert top_ok and char["bottom"] <= box.bottom + tolerance, where
            assert_no_text_over_text(page, number)


def assert_no_text_over_text(page, number: int, tolerance: float = 1.0) -> None:
    """No word drawn over another (a title over the body, a footer over a placeholder's text)."""
    from itertools import combinations

    words = page.extract_words()
    for a, b in combinations(words, 2):
        across = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
        down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
        assert across <= tolerance or down <= tolerance, f"slide {number}: {a['text']!r} over {b['text']!r}"


def pdf_text(path: Path, table_column: str) -> str:
    """All page text, plus the first column of the routes table on its own (found left of the
    header cell `table_column`): cells wrap, and the lines of neighbouring cells interleave in
    plain extraction."""
    import pypdfium2

    with pdfplumber.open(path) as pdf:
        pages = [page.extract_text() for page in pdf.pages]
        columns = []
        for page in pdf.pages:
            header = [w for w in page.extract_words() if w["text"] == table_column]
            if header:
                column = page.crop((0, header[0]["top"], header[0]["x0"] - 1, page.height))
                columns.append(column.extract_text())
    # and in drawing order, where each cell of two-column lists keeps its lines together
    document = pypdfium2.PdfDocument(str(path))
    drawn = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    return "\n".join(pages + columns + drawn)


def slide_text(path: Path) -> str:
    """What the audience sees of a deck: every slide's text boxes and table cells (not the
    speaker notes), whitespace collapsed."""
    from pptx import Presentation

    texts = []
    for slide in Presentation(path).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return " ".join(" ".join(t.split()) for t in texts)


def page_count(pdf: bytes) -> int:
    """The pages of a PDF as a reader counts them (pypdfium2), not as the renderer says."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="write tests/golden/ from the outputs of this checkout (review the diff before committing)")


# What makes a test slow: it renders through LibreOffice, Chromium or veraPDF, or lays out the
# stress content. Such tests are marked `slow` (`pytest -m "not slow"` runs the others in
# well under two minutes); the markers follow from what each test calls, so a new one is
# marked without anyone remembering to.
SLOW_CALLS = ("convert(", "assert_text_inside_boxes", "soffice", "_verapdf", "chromium", "playwright",
              "rendered", "STRESS", "stress", "pdftoppm", "iv_only", "clinic_deck", "_run(", "subprocess",
              "given(", "--only review", "only=\"review\"")


def pytest_collection_modifyitems(config, items):
    import inspect

    for item in items:
        function = getattr(item, "function", None)
        try:
            source = inspect.getsource(function) if function is not None else ""
        except (OSError, TypeError):
            source = ""
        if any(call in source for call in SLOW_CALLS) or any(call in " ".join(getattr(item, "fixturenames", ()))
                                                                for call in SLOW_CALLS):
            item.add_marker(pytest.mark.slow)
