"""The patient handout, read back from the PDF."""
from __future__ import annotations


import re

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import pdf_text
from kethandout.build import build_handout
from kethandout.locale import ENGLISH


def _text(path) -> str:
    return pdf_text(path, "Where")


def _flat(text: str) -> str:
    return " ".join(text.split())


def printed_titles(content) -> list[str]:
    """The item titles a product's handout prints: its risks (but those its most-important box
    says in full), its contraindications and what it may help with (not what is still studied)."""
    covered = {risk for item in content.most_important for risk in item.covers}
    return ([r.title for r in content.risks if r.id not in covered] + [c.title for c in content.contraindications]
            + [b.title for b in content.benefits if b.strength != "emerging"] + [i.title for i in content.most_important])


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_item_title_is_printed(outputs, content, paper):
    """The nasal spray's handout prints its own items, none of the other product's, and no
    "only:" label to sort them by."""
    from kethandout.content.products import for_product

    text = _flat(_text(outputs[paper]))
    spray = for_product(content, "esketamine")
    assert not [title for title in printed_titles(spray) if title not in text]
    others = {i.title for i in content.risks + content.contraindications if i.applies_to == ["ketamine"]}
    assert not [title for title in others - set(printed_titles(spray)) if title in text]
    assert "only:" not in text


@pytest.mark.parametrize("paper, size", [("letter", (612, 792)), ("a4", (595.28, 841.89))])
def test_page_size_and_budget(outputs, content, paper, size):
    reader = PdfReader(outputs[paper])
    assert 1 <= len(reader.pages) <= content.meta.max_pages
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(size, abs=0.01)


def test_fonts_are_embedded_truetype(outputs):
    reader = PdfReader(outputs["letter"])
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font \
                else font.get("/FontDescriptor")
            fonts[str(font["/BaseFont"])] = descriptor is not None and "/FontFile2" in descriptor.get_object()
    assert fonts and all(fonts.values()), fonts
    assert any("AtkinsonHyperlegible" in name for name in fonts)


def test_get_help_box_is_on_page_one(outputs):
    with pdfplumber.open(outputs["letter"]) as pdf:
        first = _flat(pdf.pages[0].extract_text())
        assert "When to get help" in first and "911" in first and "988" in first
        # The box: red border lines left and right of the large "911", inside the text column.
        page = pdf.pages[0]
        number = next(w for w in page.extract_words() if w["text"] == "911")
        red = [line for line in page.lines if line["stroking_color"] == pytest.approx((0.643, 0.086, 0.102), abs=0.01)]
        sides = [line for line in red if line["x0"] == line["x1"] and line["top"] < number["top"] < line["bottom"]]
        assert len(sides) == 2
        left, right = sorted(line["x0"] for line in sides)
        words = page.extract_words()
        assert left < number["x0"] and right <= max(w["x1"] for w in words) + 1


def test_footer_on_every_page(outputs, content):
    with pdfplumber.open(outputs["letter"]) as pdf:
        total = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            text = _flat(page.extract_text())
            assert f"Page {number} of {total}" in text
            assert f"Version {content.meta.version}" in text
            assert f"Last reviewed {ENGLISH.date(content.meta.reviewed_on)}" in text


def test_question_headings_and_no_citations(outputs):
    """Plain questions as headings; no citation numbers and no journal references on patient
    paper (no patient leaflet prints them), a line saying where the sources are instead."""
    text = _flat(_text(outputs["letter"]))
    for heading in ("What is ketamine?", "How often will I get it, and will it help?",
                    "What are the possible side effects?", "Who should not get ketamine?", "What happens at a visit?"):
        assert heading in text
    assert "doi" not in text.lower() and "et al" not in text and "Sources" not in text
    assert "Your care team can give you the sources for this sheet." in text
    with pdfplumber.open(outputs["letter"]) as pdf:  # no small raised digits anywhere above the footer
        raised = [c["text"] for page in pdf.pages for c in page.chars
                  if c["text"].isdigit() and c["size"] < 11.5 and c["top"] < page.height - 0.9 * 72]
    assert not raised


def test_body_text_is_at_least_12_pt(outputs):
    """Everything between the DRAFT band and the footer is 12 pt or larger, on every page."""
    with pdfplumber.open(outputs["letter"]) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            body = [c for c in page.chars if 0.6 * 72 < c["top"] < page.height - 0.75 * 72 and c["text"].strip()]
            assert body, f"page {number} has no body text"
            assert min(c["size"] for c in body) >= 12 - 0.01


def test_metadata(outputs, content):
    reader = PdfReader(outputs["letter"])
    meta = reader.metadata
    assert meta.title == content.meta.title
    assert meta.author == content.meta.publisher
    assert meta.subject == content.meta.subject
    assert str(reader.trailer["/Root"]["/Lang"]) == "en-US"
    outline = [entry.title for entry in reader.outline]
    assert outline[:2] == [content.meta.title, "For each visit"]
    assert "What is ketamine?" in outline and "Sources" not in outline


def test_markup_characters_print_as_themselves(content, tmp_path):
    tricky = "Take <b>1</b> dose & wait > 2 h, AT&T **not bold** {{ not_a_var }} [1](x) `code` \\n"
    changed = content.model_copy(update={"about": content.about.model_copy(update={"patient": tricky})})
    path = tmp_path / "h.pdf"
    path.write_bytes(build_handout(changed, "letter"))
    assert tricky.replace("\\n", "").strip() in _flat(_text(path)).replace("\\n", "")


def test_same_input_same_bytes(content):
    assert build_handout(content, "a4") == build_handout(content, "a4")


def test_large_print_has_no_text_under_18_pt(content, tmp_path):
    from kethandout.content.products import for_product

    content = for_product(content, "esketamine")
    path = tmp_path / "large.pdf"
    path.write_bytes(build_handout(content, "letter", style="large-print"))
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) <= content.meta.max_pages_large_print
        sizes = {round(c["size"], 1) for page in pdf.pages for c in page.chars if c["text"].strip()}
        headings = {round(c["size"], 1) for page in pdf.pages for c in page.chars
                    if c["fontname"].endswith("Bold") and c["size"] > 18.5}
    assert min(sizes) >= 18 and min(headings) >= 22
    text = _flat(_text(path))
    assert all(title in text for title in printed_titles(content))  # same content, nothing cut off
    with pdfplumber.open(path) as pdf:  # and whom to call is on page 1
        assert "When to get help" in _flat(pdf.pages[0].extract_text())


def test_wrapped_lines_keep_the_space_between_their_words(outputs):
    """ReportLab drops the space where it wraps: a reader joining the lines (a screen reader,
    copy and paste) got "toknow". Line breaks removed, the text still reads word by word."""
    import pypdfium2

    page = pypdfium2.PdfDocument(str(outputs["letter"]))[0]
    joined = page.get_textpage().get_text_range().replace("\r\n", "").replace("\n", "")
    assert "what you need to know" in joined  # the title wraps after "to"
    assert "Staff watch you for at least 2 hours, and until the effects wear off" in joined  # wraps twice


@pytest.fixture(scope="module")
def every_variant(content, tmp_path_factory) -> list:
    """Each product's handout and at-a-glance sheet on both papers, in large print, in Spanish,
    and for each example clinic (in its languages)."""
    from pathlib import Path

    from kethandout.build import build
    from kethandout.content.clinic import load_clinic
    from kethandout.content.translation import load_translation

    root = Path(__file__).resolve().parent.parent
    spanish, _ = load_translation(root / "content.es.yaml", content)
    out = tmp_path_factory.mktemp("variants")
    made = []
    for name, version, options in [("letter", content, {}), ("a4", content, {"paper": "a4"}),
                                   ("large", content, {"style": "large-print"}), ("es", spanish, {}),
                                   ("es-large-a4", spanish, {"style": "large-print", "paper": "a4"})]:
        for only in ("handout", "glance"):
            made += build(version, out / name, only=only, **options)
    for clinic in ("riverside", "northgate"):
        profile = load_clinic(root / "examples" / "clinics" / f"{clinic}.yaml")
        for version in [content] + ([spanish] if "es" in profile.languages else []):
            for only in ("handout", "glance"):
                made += build(version, out / clinic / version.meta.language, only=only, clinic=profile)
    return made


def test_no_heading_is_the_last_line_of_a_page(every_variant):
    """On every page but the last, the lowest line of text above the footer is not a heading
    (bold, 13 pt or more; 22 pt or more in large print, whose body bold is 18 pt)."""
    assert len(every_variant) >= 20
    stranded = []
    for path in every_variant:
        large = "large-print" in path.name
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages[:-1], start=1):
                # the footer sits under its rule, across the text width near the foot of the page
                rules = [line["top"] for line in page.lines
                         if line["top"] > page.height - 2.5 * 72 and line["width"] > page.width * 0.6]
                chars = [c for c in page.chars if c["text"].strip() and c["top"] < min(rules, default=page.height)]
                if not chars:
                    continue
                bottom = max(c["bottom"] for c in chars)
                last = [c for c in chars if c["bottom"] > bottom - 2]
                heading = all("Bold" in c["fontname"] and c["size"] >= (21.5 if large else 12.9) for c in last)
                if heading:
                    stranded.append((path.name, number, "".join(c["text"] for c in last)))
    assert not stranded


def test_the_at_a_glance_sheet_is_one_page_with_whom_to_call_and_the_visit_actions(outputs, content):
    for sheet, product in ((outputs["glance"], "esketamine"), (outputs["glance_ketamine"], "ketamine")):
        with pdfplumber.open(sheet) as pdf:
            assert len(pdf.pages) == 1
            text = _flat(pdf.pages[0].extract_text())
        assert "911" in text and "988" in text and "When to get help" in text
        actions = [a for a in content.visit_actions if a.applies_to in (None, [product])]
        assert len({a.title for a in actions}) == 4 and all(a.title in text for a in actions)
        assert "Ask your care team for the full handout" in text


def test_every_standard_print_sheet_is_one_page_and_names_the_clinics_phone(every_variant):
    """A clinic may hand the sheet out alone: one page in every language and for every clinic
    (Riverside's Spanish sheet ran over under its masthead), its phone printed at least once."""
    import re

    sheets = [p for p in every_variant if "at-a-glance" in p.name and "large-print" not in p.name]
    assert any(p.name.endswith("-es.pdf") for p in sheets) and any("riverside" in str(p) for p in sheets)
    for sheet in sheets:
        with pdfplumber.open(sheet) as pdf:
            assert len(pdf.pages) == 1, sheet.name
            text = _flat(pdf.pages[0].extract_text())
        if "riverside" in str(sheet):
            assert re.search(r"\(217\) 555.0142", text), sheet.name


def test_no_list_item_is_split_over_two_pages(every_variant):
    """A bullet's text that continues on the next page starts that page at the list's text
    indent with no bullet of its own."""
    split = []
    for path in every_variant:
        with pdfplumber.open(path) as pdf:
            lines_of = [_lines(page) for page in pdf.pages]
            indents = {round(line[1]["x0"]) for lines in lines_of for line in lines
                       if len(line) > 1 and line[0]["text"] == "•"}
            for number, lines in enumerate(lines_of[1:], start=2):
                body = [line for line in lines if line[0]["top"] > 0.75 * 72]  # under the draft notice
                if body and round(body[0][0]["x0"]) in indents:
                    split.append((path.name, number, "".join(c["text"] for c in body[0])[:50]))
    assert not split


def _lines(page) -> list[list[dict]]:
    """The page's characters in lines (by their tops), each left to right."""
    rows: dict[int, list] = {}
    for char in page.chars:
        if char["text"].strip():
            rows.setdefault(round(char["top"]), []).append(char)
    return [sorted(chars, key=lambda c: c["x0"]) for _, chars in sorted(rows.items())]


def test_a_side_effects_rate_is_its_own_word_in_the_text_a_reader_hears(outputs):
    """The frequency beside a common side effect's name is a word of its own in the PDF's text
    (a template's `" (" ~ rate ~ ")"` lost its space: "unreal(over half)" was read aloud)."""
    text = " ".join(pdf_text(outputs["letter"], "Common on the day").split())
    assert re.search(r"unreal \(over half\)", text) and not re.search(r"\w\((over half|about)", text)
