"""The handout's tools (key points, the visit diagram, the checklist, the care-team block and
the questions, icons, superscript citations) and the consent form, read back from the PDFs and
the web page."""
from __future__ import annotations

import io
import os
import re

import pdfplumber
import pikepdf
import pytest
from pypdf import PdfReader

from conftest import ROOT
from kethandout.build import build_consent, build_handout, build_page
from kethandout.compose import doc
from kethandout.compose.context import compose
from kethandout.content.clinic import load_clinic
from kethandout.content.fingerprint import fingerprint
from kethandout.content.load import load_yaml
from kethandout.content.products import content_for_clinic
from kethandout.content.schema import Content
from kethandout.content.translation import load_translation

NORTHGATE = ROOT / "examples" / "clinics" / "northgate.yaml"
RIVERSIDE = ROOT / "examples" / "clinics" / "riverside.yaml"


def _text(pdf: bytes) -> str:
    """The text in the order it is drawn: each box and table cell whole, as a reader takes it."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return re.sub(r"\s+", " ", " ".join(page.extract_text(use_text_flow=True) or "" for page in document.pages))


@pytest.fixture(scope="module")
def handout(content) -> bytes:
    """The nasal spray's handout, as the build writes it for a patient."""
    from kethandout.content.products import for_product

    return build_handout(for_product(content, "esketamine"), "letter")


@pytest.fixture(scope="module")
def consent(content) -> bytes:
    return build_consent(content, "letter")


def test_the_tools_are_in_the_handout_text(content, handout):
    """Page 1 at a glance (the main message, whom to call, the visit actions, what you may
    feel), then the visit diagram; no care-team lines to fill in (the visit card has them)."""
    text = _text(handout)
    page_one = _text_of_page(handout, 0)
    assert "When to get help" in page_one and "For each visit" in page_one and "What you may feel" in page_one
    for item in content.main_message + content.visit_actions + content.may_feel:
        if item.applies_to in (None, ["esketamine"]):
            assert item.patient[:30] in page_one
    for step in content.session:
        if step.applies_to in (None, ["esketamine"]):
            assert step.title in text and step.patient[:20] in text
    assert "My care team" not in text


def _text_of_page(pdf: bytes, number: int) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return re.sub(r"\s+", " ", document.pages[number].extract_text(use_text_flow=True))


def test_main_message_and_help_are_separate_boxes_on_page_one(content, handout):
    """Two bordered boxes, one above the other: the main message, then "When to get help",
    with the message box's bottom rule and the help box's top rule between them."""
    with pdfplumber.open(io.BytesIO(handout)) as document:
        page = document.pages[0]
        message = page.search(content.main_message[0].patient[:25])[0]
        help_now = page.search("When to get help")[0]
        rules = [e["top"] for e in page.edges if e["orientation"] == "h" and e["width"] > page.width * 0.6]
    assert message["top"] < help_now["top"]
    assert any(r < message["top"] for r in rules)
    assert sum(message["bottom"] < r < help_now["top"] for r in rules) >= 2


def test_each_visit_action_has_a_drawn_box_to_tick(content, handout):
    with pdfplumber.open(io.BytesIO(handout)) as document:
        squares = [r for r in document.pages[0].rects if abs(r["width"] - r["height"]) < 0.5 and 8 < r["width"] < 20]
    spray = [a for a in content.visit_actions if a.applies_to in (None, ["esketamine"])]
    assert len(squares) == len(_title_runs(spray)) == 4


def test_icons_are_vector_drawings_not_images(handout):
    pdf = pikepdf.open(io.BytesIO(handout))
    images = [image for page in pdf.pages for image in page.get_images()]
    assert images == []  # no logo in the default handout, and no icon is a picture
    curves = sum(1 for page in pdf.pages[:2] for _, op in pikepdf.parse_content_stream(page) if str(op) == "c")
    assert curves > 30  # the icons' curves: the first pages have no other curved drawing


def test_citations_on_the_web_page_not_on_patient_paper(content, handout):
    """The web page and the reviewer's sheet cite; patient paper does not (no patient leaflet
    prints citation numbers), and a clinic's profile may ask for them."""
    blocks = compose(content, "handout.md.j2")
    spans = [s for b in blocks if isinstance(b, doc.BulletList) for item in b.items for s in item]
    assert any(s.sup and re.fullmatch(r"\d+(,\d+)*", s.text) for s in spans)
    with pdfplumber.open(io.BytesIO(handout)) as document:
        small = [c["text"] for page in document.pages for c in page.chars
                 if c["text"].isdigit() and c["size"] < 11.5 and c["top"] < page.height - 0.9 * 72]
    assert not small and "doi" not in _text(handout)
    clinic = load_clinic(RIVERSIDE).model_copy(update={"print_citations": True})
    cited = _text(build_handout(content_for_clinic(content, clinic), clinic.paper, clinic=clinic))
    assert "Sources" in cited and "doi" in cited


def test_a_clinic_prints_its_numbers_on_page_one_and_adds_its_checklist_items(content):
    clinic = load_clinic(RIVERSIDE)
    pdf = build_handout(content_for_clinic(content, clinic), clinic.paper, clinic=clinic)
    page_one = _text_of_page(pdf, 0)
    assert clinic.phone in page_one.split("When to get help")[1] and clinic.after_hours_phone in page_one
    text = _text(pdf)
    for item in clinic.checklist:
        assert item.text in text


def test_spanish_large_print_a4_and_web_carry_the_tools(content):
    spanish = load_translation(ROOT / "content.es.yaml", content)[0]
    text = _text(build_handout(spanish, "letter"))
    assert "Cuándo pedir ayuda" in text and "Para cada cita" in text and "¿Qué pasa en una cita?" in text
    assert "When to get help" not in text
    for style, paper in (("large-print", "letter"), ("standard", "a4")):
        text = _text(build_handout(content, paper, style=style))
        assert "When to get help" in text and "For each visit" in text and "What happens at a visit?" in text
    page = build_page(content).decode()
    assert 'class="callout key"' in page and 'class="steps"' in page and "<sup>" in page
    assert 'aria-hidden="true"' in page  # decorative icons are hidden from screen readers


def test_the_consent_form_lists_every_risk_and_absolute_contraindication(content, consent):
    text = _text(consent)
    for risk in content.risks:
        assert risk.title in text
    for item in content.contraindications:
        assert item.ask in text
    absolute = [x for x in content.contraindications if x.kind == "absolute"]
    assert text.count("Staff: do not treat if Yes") == len(absolute)
    assert f"version {content.meta.version}" in text
    assert "This form is a template: your clinic must review it before use." in text


def test_the_consent_form_is_fillable_with_named_fields(content, consent):
    fields = PdfReader(io.BytesIO(consent)).get_fields()
    screening = [name for name in fields if name.startswith("screening-")]
    assert len(screening) == 2 * (len(content.contraindications) + len(content.interactions))  # Yes and No
    assert {"line-1", "line-2", "initials-short-term", "initials-long-term", "sign-1-name",
            "sign-1-date", "sign-2-name", "sign-3-date"} <= set(fields)
    assert all(field.get("/TU") for field in fields.values())  # every field has a tooltip
    initials = [fields[name]["/TU"] for name in ("initials-short-term", "initials-long-term")]
    assert len(set(initials)) == 2 and "During and right after a treatment" in initials[0]  # told apart
    assert fields["screening-2-yes"]["/TU"] == content.contraindications[1].ask + " Yes"
    assert fields["screening-2-no"]["/TU"] == content.contraindications[1].ask + " No"


def test_the_fingerprint_is_printed_and_follows_the_wording_only(content, consent, tmp_path):
    assert f"Content {fingerprint(content)}" in _text(consent)
    data = load_yaml(ROOT / "content.yaml").data
    reordered = Content.model_validate(dict(reversed(list(data.items()))))
    assert fingerprint(reordered) == fingerprint(content)  # key order (and comments) do not count
    risks = list(content.risks)
    risks[0] = risks[0].model_copy(update={"patient": risks[0].patient + " Tell the staff."})
    assert fingerprint(content.model_copy(update={"risks": risks})) != fingerprint(content)


def test_a_form_template_of_ones_own_is_fingerprinted_too(content, tmp_path):
    """The paper holds the template's wording as well as the content's: an edited copy of the
    consent template adds its own hash to the footer, and the field names stay the same in
    every language."""
    original = (ROOT / "templates" / "consent.md.j2").read_text(encoding="utf-8")
    (tmp_path / "consent.md.j2").write_text(original.replace("I agree to this treatment.", "I agree."), encoding="utf-8")
    text = _text(build_consent(content, "letter", templates_dir=tmp_path))
    assert "I agree." in text and " · Form " in text and f"Content {fingerprint(content)}" in text
    assert " · Form " not in _text(build_consent(content, "letter"))
    spanish = load_translation(ROOT / "content.es.yaml", content)[0]
    english_fields = set(PdfReader(io.BytesIO(build_consent(content, "letter"))).get_fields())
    assert set(PdfReader(io.BytesIO(build_consent(spanish, "letter"))).get_fields()) == english_fields


def test_an_iv_only_clinic_form_asks_nothing_about_the_nasal_spray(content):
    clinic = load_clinic(NORTHGATE)
    filtered = content_for_clinic(content, clinic)
    text = _text(build_consent(filtered, clinic.paper, clinic=clinic))
    esketamine_only = [x.ask for x in content.contraindications if x.applies_to == ["esketamine"]]
    assert esketamine_only and not any(ask in text for ask in esketamine_only)
    assert "Nasal spray" not in text


def test_the_deck_draws_the_visit_as_native_shapes_in_order(content, outputs):
    """The session's steps as boxes of text joined by arrows, on one slide, each with its
    pictogram, in the clinician wording (its one-line form); the notes give the whole wording
    and what the handout tells the patient."""
    from pptx import Presentation

    slides = [s for s in Presentation(outputs["deck"]).slides
              if s.shapes.title is not None and s.shapes.title.text.startswith("What happens at a session")]
    steps, notes = [], ""
    for slide in slides:
        boxes = sorted((s for s in slide.shapes if s.name.startswith("Step ")), key=lambda s: s.left)
        assert len([s for s in slide.shapes if s.name.startswith("Arrow")]) == len(boxes) - 1
        assert all(s.auto_shape_type is not None for s in boxes)  # shapes, not a picture
        assert len({(s.top, s.height) for s in boxes}) == 1
        steps += boxes
        notes += slide.notes_slide.notes_text_frame.text
        pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures] == [s.text_frame.paragraphs[0].text
                                                                              for s in boxes]
    assert len(slides) == 1
    titles = list(dict.fromkeys(step.title for step in content.session))
    assert [s.text_frame.paragraphs[0].text for s in steps] == titles
    text = " ".join(" ".join(s.text_frame.text.split()) for s in steps)
    assert all(" ".join((step.headline or step.clinician).split()) in text for step in content.session)
    assert all(step.patient in notes and " ".join(step.clinician.split()) in " ".join(notes.split())
               for step in content.session)


def test_icons_are_kept_as_drawing_data_between_runs(tmp_path):
    """A build with the icons in the per-user cache needs no svglib (80 ms to import); a damaged
    cache file is made again."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    draw = ("import sys\nfrom pathlib import Path\n{block}\nfrom kethandout.build import build_handout\n"
            "from kethandout.content.validate import load_content\n"
            f"build_handout(load_content(Path({str(ROOT / 'content.yaml')!r})), 'letter')\n")
    without_svglib = "sys.modules['svglib'] = None  # any import of it fails"
    run = lambda block: subprocess.run([sys.executable, "-c", draw.format(block=block)], env=env,  # noqa: E731
                                       capture_output=True, text=True)
    assert run(without_svglib).returncode != 0  # nothing kept yet: the icons need svglib
    assert run("").returncode == 0
    assert run(without_svglib).returncode == 0, "the kept icons were converted again"
    kept = next((tmp_path / "cache").rglob("icons-pdf.json"))
    kept.write_text("not json")
    assert run("").returncode == 0 and kept.read_text().startswith("{")


def _title_runs(items) -> list[str]:
    """The titles the handout prints: items of one title in a row (one per product) share one."""
    titles = [item.title for item in items]
    return [title for i, title in enumerate(titles) if i == 0 or title != titles[i - 1]]


def test_a_form_filled_with_pypdf_prints_its_ticks_through_poppler(content, tmp_path):
    """pypdf's usual recipe sets NeedAppearances: poppler (evince, CUPS' pdftops) then draws
    each box itself. Every tick must reach the paper (a radio group's did not: pypdf writes its
    value as text, which poppler cannot match)."""
    import shutil
    import subprocess

    from PIL import Image, ImageChops
    from pypdf import PdfWriter

    from kethandout.content.products import for_product

    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        if os.environ.get("CI"):
            pytest.fail("poppler-utils is required under CI (installed by .ci/run)")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(build_consent(for_product(content, "esketamine"), "letter"))
    writer = PdfWriter(clone_from=blank)
    boxes = [name for name, field in writer.get_fields().items() if field.get("/FT") == "/Btn"]
    for page in writer.pages:  # the values, and viewers told to draw the boxes themselves
        writer.update_page_form_field_values(page, {name: "/Yes" for name in boxes if not name.endswith("-no")},
                                             auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    pages = {}
    for name, path in (("blank", blank), ("filled", filled)):
        subprocess.run([pdftoppm, "-r", "40", "-gray", "-png", str(path), str(tmp_path / name)], check=True)
        pages[name] = sorted(tmp_path.glob(f"{name}-*.png"))
    ticks = 0
    for before, after in zip(pages["blank"], pages["filled"]):
        changed = ImageChops.difference(Image.open(before), Image.open(after)).point(lambda v: 255 if v > 64 else 0)
        ticks += sum(1 for v in changed.getdata() if v)
    # each tick darkens a few dozen pixels at 40 dpi; a missing tick darkens none
    assert ticks > 10 * len([b for b in boxes if not b.endswith("-no")])


def test_the_visit_card_is_two_cards_with_fillable_clock_times(content, tmp_path):
    """One Letter sheet: the times to fill in (fields with tooltips, clock times, no "2 hours
    before") above a line to cut along, and after the visit below it; a clinic's phone printed in."""
    from kethandout.build.jobs import BuildTarget, Document
    from kethandout.build.pipeline import render_document
    from kethandout.content.products import for_product

    def card(clinic=None, paper="letter"):
        target = BuildTarget(content_for_clinic(content, clinic) if clinic else content, tmp_path, paper, clinic=clinic)
        return render_document(target, Document("card", tmp_path / "card.pdf", "esketamine"))

    made = card()
    assert made.pages == 1
    fields = PdfReader(io.BytesIO(made.data)).get_fields()
    tooltips = [str(field["/TU"]) for field in fields.values()]
    assert tooltips == ["Stop eating at", "Stop drinking at", "Your visit starts at", "No driving until",
                        "Who drives you home", "Clinic phone", "Your next visit"]
    with pdfplumber.open(io.BytesIO(made.data)) as document:
        page = document.pages[0]
        text = page.extract_text()
        cut = [line for line in page.lines if line["width"] > page.width * 0.7 and (line.get("dash") or [[]])[0]]
        after = page.search("After your visit")[0]
        first = page.search("Your visit day")[0]
    assert len(cut) == 1 and first["top"] < cut[0]["top"] < after["top"]  # the line between the two cards
    assert "before" not in text.split("After your visit")[0]  # clock times only
    assert "911" in text and "988" in text and for_product(content, "esketamine").may_feel[0].patient[:30] in text
    riverside = load_clinic(RIVERSIDE)
    branded = card(riverside)
    assert branded.pages == 1 and riverside.phone in _text(branded.data)
    assert len(PdfReader(io.BytesIO(branded.data)).get_fields()) == 6  # its phone is printed, not asked for
    assert card(paper="a4").pages == 1


def test_the_visit_boxes_are_no_taller_than_their_text(outputs, tmp_path):
    """As LibreOffice draws the session slide: every word inside its box, and the fullest box
    ends within a line and its rounded corners of its last line."""
    import pdfplumber
    from pptx import Presentation

    from conftest import convert

    slides = list(Presentation(outputs["deck"]).slides)
    index = next(i for i, s in enumerate(slides) if s.shapes.title.text == "What happens at a session")
    boxes = [tuple(v / 12700 for v in (s.left, s.top, s.width, s.height)) for s in slides[index].shapes
             if s.name.startswith("Step ")]
    with pdfplumber.open(convert(outputs["deck"], "pdf", tmp_path)) as pdf:
        page = pdf.pages[index]
        gaps = []
        for left, top, width, height in boxes:
            column = [c for c in page.chars if left <= c["x0"] < left + width and c["text"].strip()
                      and c["size"] >= 17 and top - 40 < c["top"] < top + height + 40]  # (the footer aside)
            assert column and all(c["x1"] <= left + width and top <= c["top"] and c["bottom"] <= top + height
                                  for c in column)
            gaps.append(top + height - max(c["bottom"] for c in column))
        assert min(gaps) <= 20 * 1.2 + 0.29 * 2 * width / 6 + 8, gaps
