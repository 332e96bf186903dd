"""Decks on organisations' templates: six made here from one saved by LibreOffice (a body box
under 2 inches, 4:3 slides, footer/date/number placeholders, a body beside a picture area, a
title box one line tall, a body box mostly off the slide, a slide number printed by the master
as a plain text box beside a narrow footer placeholder).
On each, with the stress content: every character inside its box (rendered by LibreOffice),
at most 1.5 times the slides of the built-in design, and the template's footer used."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Inches

from conftest import CONTENT, ROOT, assert_text_inside_boxes, convert
from kethandout.build import build_deck
from kethandout.content.validate import load_content
from kethandout.deck.design import design_warnings, open_design

STRESS = load_content(ROOT / "tests" / "data" / "stress.yaml")
KINDS = ("small-body", "four-by-three", "footer", "narrow-body", "one-line-title", "off-slide", "narrow-title",
         "printed-number", "master-boxes")


def _layout(prs, name: str):
    return next(layout for layout in prs.slide_layouts if layout.name == name)


def _make(kind: str, folder: Path) -> Path:
    """python-pptx's default template saved by LibreOffice, then changed as an organisation's
    might be (LibreOffice rebuilds the layouts when it saves, so the changes come after)."""
    source = folder / "default.pptx"
    if not source.exists():
        Presentation().save(source)
        saved = folder / "saved"
        saved.mkdir()
        convert(source, "pptx", saved).rename(folder / "libreoffice.pptx")
    prs = Presentation(folder / "libreoffice.pptx")
    bodies = [ph for layout in prs.slide_layouts for ph in layout.placeholders
              if ph.placeholder_format.type == PP_PLACEHOLDER.OBJECT]
    if kind == "four-by-three":
        across, down = Inches(10) / prs.slide_width, Inches(7.5) / prs.slide_height
        prs.slide_width, prs.slide_height = Inches(10), Inches(7.5)
        for owner in [prs.slide_master, *prs.slide_layouts]:  # every box moved and sized to the new page
            for ph in owner.placeholders:
                if ph.left is not None:
                    ph.left, ph.top = int(ph.left * across), int(ph.top * down)
                    ph.width, ph.height = int(ph.width * across), int(ph.height * down)
    for body in bodies:  # every content layout, so that no roomier one is chosen instead
        if kind == "small-body":
            body.top, body.height = Inches(2.2), Inches(1.6)
        elif kind == "narrow-body":
            body.width = Inches(4.2)  # a picture area on the right
        elif kind == "off-slide":
            body.left = int(prs.slide_width * 0.6)  # most of it past the right edge
        elif kind == "master-boxes":  # as LibreOffice saves a template of several masters: the
            body.top, body.height = Inches(4.6), Inches(1.3)  # layouts wrong, the master right
    if kind == "master-boxes":
        for layout in prs.slide_layouts:
            for ph in layout.placeholders:
                if ph.placeholder_format.type == PP_PLACEHOLDER.TITLE:
                    ph.top, ph.height = Inches(3.0), Inches(1.4)
        # LibreOffice keeps a master's text colour only in its sample text
        for colour in prs.slide_master.placeholders[0]._element.iter(qn("a:srgbClr")):
            colour.set("val", "1F5C99")
    if kind in ("one-line-title", "narrow-title"):
        for layout in prs.slide_layouts:
            for ph in layout.placeholders:
                if ph.placeholder_format.type == PP_PLACEHOLDER.TITLE:
                    ph.height = Inches(0.55)
                    if kind == "narrow-title":  # narrower than one long word at 28 pt
                        ph.width = Inches(1.8)
    if kind == "title-beside":  # the title in a column left of the body, at its height
        for layout in prs.slide_layouts:
            for ph in layout.placeholders:
                if ph.placeholder_format.type == PP_PLACEHOLDER.TITLE:
                    ph.left, ph.top, ph.width, ph.height = Inches(0.4), Inches(1.4), Inches(2.2), Inches(1.6)
                elif ph.placeholder_format.type == PP_PLACEHOLDER.OBJECT:
                    ph.left, ph.top, ph.width = Inches(2.8), Inches(1.4), Inches(7.8)
    if kind == "printed-number":
        _print_number_in_master(prs)
    # "footer": the default layouts keep their date, footer and slide-number placeholders
    target = folder / f"{kind}.pptx"
    prs.save(target)
    return target


def _print_number_in_master(prs) -> None:
    """As some of LibreOffice's gallery templates do: no slide-number placeholder, but a text
    box on the master holding a slide-number field, low at the right; a footer placeholder
    narrower than the deck's footer is long at 12 pt."""
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for ph in list(owner.placeholders):
            kind = ph.placeholder_format.type
            if kind == PP_PLACEHOLDER.SLIDE_NUMBER:
                ph._element.getparent().remove(ph._element)
            elif kind == PP_PLACEHOLDER.FOOTER:  # all four: python-pptx writes 0 for those not given
                ph.left, ph.top, ph.width, ph.height = ph.left, ph.top, Inches(3.2), ph.height
    left, top = prs.slide_width - Inches(1.2), prs.slide_height - Inches(1.0)
    prs.slide_master.shapes._spTree.append(parse_xml(
        f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="99" name="Number"/><p:cNvSpPr txBox="1"/><p:nvPr/>'
        f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{Inches(0.8)}" cy="{Inches(0.6)}"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:p>'
        '<a:fld id="{87EA8D8A-068F-4C2C-8F83-9736AB48F1C4}" type="slidenum"><a:rPr lang="en-US" sz="1400"/>'
        '<a:t>&lt;number&gt;</a:t></a:fld></a:p></p:txBody></p:sp>'))


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    return {kind: _make(kind, folder) for kind in KINDS + ("title-beside",)}


@pytest.mark.parametrize("kind", KINDS)
def test_stress_content_holds_on_the_template(kind, templates, tmp_path):
    """The default deck takes at most 1.5x the built-in design's slides on the template; the
    stress content keeps every character in its box there. (Its 20-row table of long cells
    takes 1.5-1.6x on a 4:3 body, whose rows are as tall as a third of it.)"""
    template = templates[kind]
    default = load_content(CONTENT)
    built_in = len(Presentation(io.BytesIO(build_deck(default))).slides)
    slides = len(Presentation(io.BytesIO(build_deck(default, deck_template=template))).slides)
    assert slides <= 1.5 * built_in, f"{slides} slides against {built_in} on the built-in design"
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(build_deck(STRESS, deck_template=template))
    sizes = {run.font.size.pt for slide in Presentation(deck).slides
             for paragraph in slide.shapes.title.text_frame.paragraphs for run in paragraph.runs}
    assert min(sizes) >= 32
    assert_text_inside_boxes(deck, open_design(template).geometry, tmp_path)


def test_a_small_body_box_is_said_once_and_the_free_area_used(templates):
    warnings = design_warnings(templates["small-body"])
    assert len(warnings) == 1 and "has a body box of" in warnings[0].message and warnings[0].severity == "warning"
    assert open_design(templates["small-body"]).geometry.body.height > 1.6 * 72
    assert design_warnings(templates["footer"]) == []


def test_the_templates_footer_placeholders_are_filled_not_drawn_over(templates, content):
    design = open_design(templates["footer"])
    assert design.own_footer
    prs = Presentation(io.BytesIO(build_deck(content, deck_template=templates["footer"])))
    slide = prs.slides[3]
    kinds = {shape.placeholder_format.type for shape in slide.placeholders}
    assert {PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER} <= kinds
    footer = next(s for s in slide.placeholders if s.placeholder_format.type == PP_PLACEHOLDER.FOOTER)
    assert content.meta.version in footer.text_frame.text
    # no second footer of our own on the slide
    assert not [s for s in slide.shapes if not s.is_placeholder and content.meta.version in getattr(s, "text", "")]


def test_a_slide_number_the_master_prints_is_not_drawn_twice(templates, content, tmp_path):
    template = templates["printed-number"]
    design = open_design(template)
    assert design.numbers_itself and design.own_footer
    assert design.geometry.body.bottom <= Presentation(template).slide_height / 12700 - 1.0 * 72
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(build_deck(content, deck_template=template))
    total = len(Presentation(deck).slides)
    with pdfplumber.open(convert(deck, "pdf", tmp_path)) as pdf:
        page = pdf.pages[3]
        text = page.extract_text()
        assert f"/ {total}" not in text and content.meta.version in text
        footer = [c for c in page.chars if c["size"] < 13 and c["text"].strip() and c["x0"] < page.width - 1.3 * 72]
        box, tolerance = design.geometry.footer, 2
        assert footer and all(box.left - tolerance <= c["x0"] and c["x1"] <= box.left + box.width + tolerance
                              and box.top - tolerance <= c["top"] and c["bottom"] <= box.bottom + tolerance
                              for c in footer), "the footer runs out of the template's footer box"


def test_a_layouts_small_body_gives_way_to_its_masters_boxes(templates, content):
    template = templates["master-boxes"]
    master = Presentation(template).slide_master
    title, body = (next(ph for ph in master.placeholders if ph.placeholder_format.type == kind)
                   for kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.BODY))
    geometry = open_design(template).geometry
    assert (geometry.title.top, geometry.body.top) == (title.top / 12700, body.top / 12700)
    assert geometry.body.height > 3.5 * 72
    warnings = design_warnings(template)
    assert len(warnings) == 1 and "slide master 1" in warnings[0].message
    cover, _, slide = list(Presentation(io.BytesIO(build_deck(content, deck_template=template))).slides)[:3]
    assert slide.shapes.title.top == title.top
    assert str(slide.shapes.title.text_frame.paragraphs[0].runs[0].font.color.rgb) == "1F5C99"
    # the cover's own colour, written out (the master's sample colour is for the content titles)
    from kethandout.deck.colours import scheme_of
    from kethandout.deck.contrast import style_colour

    master = Presentation(template).slide_master
    own = style_colour(master, "titleStyle") or scheme_of(master).get("tx1")
    assert "#" + str(cover.shapes.title.text_frame.paragraphs[0].runs[0].font.color.rgb) == own


def test_a_title_beside_the_body_stays_beside_it(templates, tmp_path):
    """A title in a column left of the body is not widened over the body (its long titles are
    shortened in their column); every character stays in its box. (The body is a fifth
    narrower than the others': the slide count is not held to 1.5 times here.)"""
    from kethandout.deck.measure import text_width, unbreakable

    deck = tmp_path / "deck.pptx"
    deck.write_bytes(build_deck(STRESS, deck_template=templates["title-beside"]))
    geometry = open_design(templates["title-beside"]).geometry
    warnings = design_warnings(templates["title-beside"])
    assert len(warnings) == 1 and "most titles do not fit it and are shortened" in warnings[0].message
    assert_text_inside_boxes(deck, geometry, tmp_path)
    for slide in list(Presentation(deck).slides)[1:]:  # no word of a title is cut over two lines
        title = slide.shapes.title
        room = title.width / 12700 - 2 * 7.2
        assert all(text_width(piece, 32, True, geometry.title_metrics) <= room for piece in unbreakable(title.text))


def test_master_boxes_that_overlap_are_not_used(templates):
    """A master whose title runs over its body: the free area under the layout's title instead."""
    prs = Presentation(templates["master-boxes"])
    title = next(ph for ph in prs.slide_master.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.TITLE)
    title.height = Inches(2.5)
    path = templates["master-boxes"].with_name("overlapping-master.pptx")
    prs.save(path)
    geometry = open_design(path).geometry
    assert geometry.title.top == _layout(prs, "Title, Content").placeholders[0].top / 12700
    assert "free area" in design_warnings(path)[0].message


def test_a_title_too_long_for_a_narrow_title_box_is_widened_not_cut(templates, content):
    """The title box is 1.8 in wide: the titles go in the box widened over the body, whole."""
    deck = Presentation(io.BytesIO(build_deck(content, deck_template=templates["narrow-title"])))
    built_in = {s.shapes.title.text for s in Presentation(io.BytesIO(build_deck(content))).slides}
    titles = [re.sub(r" \((continued|\d+ of \d+)\)$", "", s.shapes.title.text) for s in deck.slides]
    assert set(titles) <= built_in  # whole, as on the built-in design
    widths = {s.shapes.title.width for s in list(deck.slides)[1:]}
    assert max(widths) > 3 * Inches(1.8)


def test_a_question_that_splits_on_the_template_is_said_at_its_line(templates, tmp_path):
    """The quiz check measures on the deck template too: a question whose options take a line
    each on the built-in design and two in the template's narrower body is a warning at its
    line, naming the template."""
    import subprocess
    import sys

    text = (ROOT / "content.yaml").read_text(encoding="utf-8")
    first = load_content(ROOT / "content.yaml").quiz[0]
    options = "".join(f'      - "{(option + ", as the label and the reviewers word it here").ljust(72, ".")}"\n'
                      for option in [*first.options, "One more option"][:4])  # four, as when it was written
    start = text.index("    options:\n", text.index(f'question: "{first.question}"'))
    end = text.index("    answer:", start)
    path = tmp_path / "content.yaml"
    path.write_text(text[:start] + "    options:\n" + options + text[end:], encoding="utf-8")
    line = text[:text.index(f'question: "{first.question}"')].count("\n") + 1
    run = subprocess.run([sys.executable, "-m", "kethandout", "build", str(path), "--only", "deck",
                          "--deck-template", str(templates["small-body"]), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    said = [l for l in (run.stdout + run.stderr).splitlines() if "quiz-too-long" in l and "question and" in l]
    assert len(said) == 1 and f"content.yaml:{line}:" in said[0] and "small-body.pptx" in said[0], said


def test_a_bug_in_kethandout_is_not_reported_as_the_templates_error(monkeypatch, tmp_path, content):
    """An error raised inside kethandout's own code while a template runs is a bug of ours:
    it propagates (main() reports it as an internal error), never as the user's template
    error at a line; what a template does wrong itself (a reference the content lacks) still is."""
    import operator

    from kethandout.compose import context
    from kethandout.compose.context import compose
    from kethandout.errors import InputError

    (tmp_path / "handout.md.j2").write_text("# Title\n\n{{ products_of(c.risks[0]) }}\n", encoding="utf-8")
    (tmp_path / "deck.md.j2").write_text("# Title\n\n{{ cite(['no-such-ref']) }}\n", encoding="utf-8")

    # A bug in kethandout's code: products_of() calling scope() with what it cannot take (the
    # error arises in a C function, so the innermost Python frame is kethandout's own).
    monkeypatch.setattr(context, "scope", operator.getitem)
    with pytest.raises(TypeError):
        compose(content, "handout.md.j2", tmp_path)
    with pytest.raises(InputError) as caught:
        compose(content, "deck.md.j2", tmp_path)
    assert caught.value.diagnostics[0].line == 3 and "no-such-ref" in caught.value.diagnostics[0].message


@pytest.mark.parametrize("call", ["cite(1)", "cite_sup(5)", "sources(5)", "long_date('x')", "citation(None)",
                                  "by_title(5)", "by_title([1])", "products_of(1)", "only(None)", "reach('x')",
                                  "cite()", "t(5)", "cite(['no-such-ref'])"])
def test_a_function_given_wrong_arguments_is_the_templates_error(tmp_path, content, call):
    """What a template passes to kethandout's functions is checked where it calls them: an
    error at the template's line, never an internal error from deep inside."""
    from kethandout.compose.context import compose
    from kethandout.errors import InputError

    (tmp_path / "handout.md.j2").write_text(f"# Title\n\n{{{{ {call} }}}}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        compose(content, "handout.md.j2", tmp_path)
    assert caught.value.diagnostics[0].line == 3 and caught.value.diagnostics[0].code == "template-error"
