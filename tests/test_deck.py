"""The clinician deck, read back with python-pptx and, where LibreOffice is installed, as
rendered by a real presentation program."""
from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Emu

from conftest import CONTENT, ROOT, assert_text_inside_boxes, item_titles
from kethandout.content.validate import load_content
from kethandout.build import build_deck
from kethandout.deck import slides as layout
from kethandout.deck import table_slides


def _shape_texts(slide) -> list[str]:
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if shape.has_table:
            texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return texts


def _runs(shape):
    frames = [shape.text_frame] if shape.has_text_frame else []
    if shape.has_table:
        frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
    return [run for frame in frames for p in frame.paragraphs for run in p.runs if run.text.strip()]


def test_16_by_9(outputs):
    prs = Presentation(outputs["deck"])
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=1e-3)


def test_every_item_title_is_on_a_slide(outputs, content):
    prs = Presentation(outputs["deck"])
    text = "\n".join(t for slide in prs.slides for t in _shape_texts(slide))
    assert [title for title in item_titles(content) if title not in text] == []


def test_required_slides_in_order(outputs):
    titles = [slide.shapes.title.text for slide in Presentation(outputs["deck"]).slides]
    expected = ["Learning objectives", "How ketamine works", "Products, routes and labels",
                "Benefits and strength of evidence", "Risks, and who should not get it", "Short-term risks",
                "Long-term risks", "Contraindications, cautions and interactions",
                "Misuse: warning signs and screening", "The session, and after it", "Before the session",
                "What happens at a session", "Monitoring and safety", "When patients must get help",
                "Key takeaways", "References"]
    positions = [titles.index(t) for t in expected]
    assert positions == sorted(positions)


def test_routes_table_compares_the_routes(outputs, content):
    prs = Presentation(outputs["deck"])
    slide = next(s for s in prs.slides if s.shapes.title.text == "Products, routes and labels")
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    assert [c.text for c in table.rows[0].cells] == ["Route", "Setting", "Onset", "Bioavailability", "Approval"]
    assert [row.cells[0].text for row in list(table.rows)[1:]] == [r.title for r in content.routes]


def test_every_slide_has_notes_and_a_number(outputs, content):
    prs = Presentation(outputs["deck"])
    total = len(prs.slides)
    for number, slide in enumerate(prs.slides, start=1):
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), number
        assert f"{number} / {total}" in _shape_texts(slide)
    benefits = next(s for s in prs.slides if s.shapes.title.text == "Benefits and strength of evidence")
    notes = benefits.notes_slide.notes_text_frame.text
    assert content.benefits[0].clinician.split(".")[0] in notes and "Sanacora 2017" in notes


def test_text_sizes(outputs):
    assert_text_sizes(outputs["deck"])


def assert_text_sizes(deck):
    """Titles at least 32 pt, body text at least 20 pt, table text at least 18 pt, references
    at least 14 pt (the footer line excepted)."""
    prs = Presentation(deck)
    for slide in prs.slides:
        references = slide.shapes.title.text.startswith(("References", "Referencias"))
        for shape in slide.shapes:
            footer = shape.top >= Emu(int(layout.DEFAULT_GEOMETRY.footer.top * 12700)) - 1
            for run in _runs(shape):
                assert run.font.size is not None
                if shape == slide.shapes.title:
                    assert run.font.size.pt >= 32, run.text
                elif not footer:
                    assert run.font.size.pt >= (14 if references else 18 if shape.has_table else 20), run.text


def test_same_input_same_bytes(content):
    assert build_deck(content) == build_deck(content)


@pytest.fixture(scope="module")
def stress():
    """Texts three times longer, a 20-row routes table, 30 references, long words, accents."""
    return load_content(ROOT / "tests" / "data" / "stress.yaml")


def test_stress_deck_splits_instead_of_shrinking(stress, tmp_path):
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(build_deck(stress))
    prs = Presentation(deck)
    titles = [slide.shapes.title.text for slide in prs.slides]
    assert sum(title.startswith("Products, routes and labels (") for title in titles) >= 2
    assert sum(title.startswith("References (") for title in titles) >= 2
    for slide in prs.slides:
        table = next((shape.table for shape in slide.shapes if shape.has_table), None)
        if table is not None and slide.shapes.title.text.startswith("Products, routes"):
            assert table.cell(0, 0).text == "Route"  # the header row repeats
        if re.search(r"\((continued|\d+ of \d+)\)$", slide.shapes.title.text):
            assert slide.notes_slide.notes_text_frame.text.startswith("Continued from the previous slide.")
    assert_text_sizes(deck)


@pytest.mark.parametrize("variant", ["default", "stress", "spanish"])
def test_no_text_outside_its_box_in_libreoffice(content, stress, tmp_path, variant):
    """Convert the deck with LibreOffice and check where every character was drawn."""
    from kethandout.content.translation import load_translation

    versions = {"default": content, "stress": stress,
                "spanish": load_translation(ROOT / "content.es.yaml", content)[0] if variant == "spanish" else None}
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(build_deck(versions[variant]))
    assert_text_inside_boxes(deck, layout.DEFAULT_GEOMETRY, tmp_path)


@pytest.fixture
def fresh_widths(tmp_path, monkeypatch):
    """The deck font's measured widths kept in an empty private folder of this test's own."""
    from kethandout import user_cache
    from kethandout.deck import measure

    monkeypatch.setattr(user_cache, "folder", lambda: tmp_path)

    def forget() -> None:  # as a new process would start
        for cached in (measure._known_widths, measure._reference_width, measure.wrap):
            cached.cache_clear()

    forget()
    yield forget
    forget()


def test_word_widths_kept_for_later_runs_give_the_same_deck(content, tmp_path, fresh_widths, monkeypatch):
    from kethandout.deck import measure

    first = build_deck(content)
    saved = list(tmp_path.glob("widths-*.json"))
    assert len(saved) == 1 and saved[0].stat().st_size > 1000
    fresh_widths()
    monkeypatch.setattr(measure, "_font", lambda *args: pytest.fail("a kept width was measured again"))
    assert build_deck(content) == first


def test_damaged_kept_widths_are_measured_again(content, tmp_path, fresh_widths):
    first = build_deck(content)
    saved = next(tmp_path.glob("widths-*.json"))
    for damage in ('{"0Ketamine": "wide"}', "not json", "[]"):
        saved.write_text(damage)
        fresh_widths()
        assert build_deck(content) == first


def test_kept_widths_belong_to_their_font_pillow_and_code(monkeypatch, tmp_path):
    """A width kept on disk is used only with the font files, Pillow and measuring code it
    was measured with."""
    from pathlib import Path

    import PIL

    from kethandout.deck import measure
    from kethandout.style.fonts import ARIAL_METRICS, HANDOUT_FILES, Metrics

    name = measure._widths_file(ARIAL_METRICS)
    assert measure._widths_file(Metrics("Atkinson", HANDOUT_FILES["regular"], HANDOUT_FILES["bold"])) != name
    monkeypatch.setattr(PIL, "__version__", "0.0")
    assert measure._widths_file(ARIAL_METRICS) != name
    monkeypatch.undo()
    changed = tmp_path / "measure.py"
    changed.write_bytes(Path(measure.__file__).read_bytes() + b"# changed")
    monkeypatch.setattr(measure, "__file__", str(changed))
    assert measure._widths_file(ARIAL_METRICS) != name


def test_long_tables_are_shared_evenly_between_slides():
    """Eleven rows where ten fit: six and five, not ten and a lone one."""
    assert table_slides._balanced_runs(1.0, [1.0] * 11, 11.0) == [(0, 6), (6, 11)]
    assert table_slides._balanced_runs(1.0, [1.0] * 3, 11.0) == [(0, 3)]
    assert table_slides._balanced_runs(1.0, [], 11.0) == []


def test_no_continued_table_slide_holds_a_lone_row(outputs):
    prs = Presentation(outputs["deck"])
    continued = [s for s in prs.slides if s.shapes.title and s.shapes.title.text.endswith("(continued)")]
    rows = [len(shape.table.rows) - 1 for s in continued for shape in s.shapes if shape.has_table]
    assert rows and min(rows) > 1


# What PowerPoint's accessibility checker asks of a deck ----------------------------------


@pytest.fixture(scope="module")
def clinic_deck(content):
    """A clinic's deck: its logo is a picture on the cover."""
    from kethandout.content.clinic import load_clinic

    return Presentation(io.BytesIO(build_deck(content, clinic=load_clinic(ROOT / "examples" / "clinics" / "riverside.yaml"))))


def _decks(outputs, stress, clinic_deck):
    charts = build_deck(load_content(CONTENT), templates_dir=ROOT / "tests" / "data" / "chart-templates")
    return {"default": Presentation(outputs["deck"]), "stress": Presentation(io.BytesIO(build_deck(stress))),
            "clinic": clinic_deck, "charts": Presentation(io.BytesIO(charts))}


def test_every_slide_has_a_title_of_its_own(outputs, stress, clinic_deck):
    for name, deck in _decks(outputs, stress, clinic_deck).items():
        titles = [slide.shapes.title.text_frame.text.strip() for slide in deck.slides]
        assert all(titles), name
        assert len(set(titles)) == len(titles), (name, [t for t in titles if titles.count(t) > 1])


def test_the_title_comes_first_in_the_reading_order(outputs, stress, clinic_deck):
    for name, deck in _decks(outputs, stress, clinic_deck).items():
        for number, slide in enumerate(deck.slides, start=1):
            first = slide.shapes[0]
            assert first.is_placeholder and first.placeholder_format.type in (
                PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE), (name, number, first.name)


def test_pictures_and_charts_have_alt_text_and_decoration_is_marked(outputs, stress, clinic_deck):
    kinds = Counter()
    for name, deck in _decks(outputs, stress, clinic_deck).items():
        for slide in deck.slides:
            for shape in slide.shapes:
                properties = shape._element.xpath("./*[1]/p:cNvPr")[0]
                if shape.shape_type == MSO_SHAPE_TYPE.PICTURE or getattr(shape, "has_chart", False):
                    kinds["picture" if shape.shape_type == MSO_SHAPE_TYPE.PICTURE else "chart"] += 1
                    assert (properties.get("descr") or "").strip(), (name, shape.name)
                elif not shape.is_placeholder and not shape.has_table and not (
                        shape.has_text_frame and shape.text_frame.text.strip()):
                    kinds["decoration"] += 1
                    assert properties.xpath(".//*[local-name()='decorative'][@val='1']"), (name, shape.name)
    assert kinds["picture"] >= 1 and kinds["chart"] >= 2 and kinds["decoration"] >= 10, kinds


def test_table_header_rows_are_marked(outputs):
    tables = [shape.table for slide in Presentation(outputs["deck"]).slides for shape in slide.shapes if shape.has_table]
    assert tables and all(table.first_row for table in tables)
