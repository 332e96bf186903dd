"""Clinic profiles: branded handouts and decks, user templates, batch builds, bad profiles."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
import zxingcpp
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from conftest import CONTENT, ROOT, assert_text_inside_boxes, convert
from kethandout.build import build_deck
from kethandout.compose.context import compose
from kethandout.deck.slides import layout_deck
from kethandout.content.clinic import contrast_ratio, load_clinic
from kethandout.deck.design import open_design

EXAMPLES = ROOT / "examples" / "clinics"


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kethandout", *args], cwd=cwd, capture_output=True, text=True)


def _problems(stderr: str) -> str:
    """stderr without the build's note about needs_review items."""
    return "\n".join(line for line in stderr.splitlines() if not line.startswith("note: "))


def _text(pdf: Path) -> str:
    with pdfplumber.open(pdf) as document:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in document.pages)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("clinics")
    result = _run("build", str(CONTENT), "--clinics", str(EXAMPLES), "--jobs", "2", "--out", str(out))
    return out, result


def test_two_clinics_in_one_run(batch):
    out, result = batch
    assert result.returncode == 0, result.stderr
    riverside = _text(out / "riverside" / "ketamine-patient-handout-esketamine-letter.pdf")
    northgate = _text(out / "northgate" / "ketamine-patient-handout-ketamine-a4.pdf")
    assert "Riverside Behavioral Health" in riverside and "(217) 555-0142" in riverside
    assert "Northgate" not in riverside and "01244 555 0170" not in riverside
    assert "Northgate Mood and Pain Clinic" in northgate and "01244 555 0170" in northgate
    assert "Riverside" not in northgate and "(217) 555-0142" not in northgate
    assert "riverside" in result.stdout and "northgate" in result.stdout and "built" in result.stdout


def test_profile_settings_reach_the_handout(batch):
    out, _ = batch
    northgate = _text(out / "northgate" / "ketamine-patient-handout-ketamine-a4.pdf")
    assert "999" in northgate and "116 123" in northgate and "988" not in northgate  # its own emergency lines
    assert "After your visit" in northgate
    width, height = (float(x) for x in PdfReader(out / "northgate" / "ketamine-patient-handout-ketamine-a4.pdf")
                     .pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # the profile's paper: A4
    riverside = _text(out / "riverside" / "ketamine-patient-handout-esketamine-letter.pdf")
    assert "Arrive 15 minutes early to check in." in riverside and "After hours: (217) 555-0199" in riverside


def test_logo_is_in_the_pdf_and_the_deck(batch):
    out, _ = batch
    page = PdfReader(out / "riverside" / "ketamine-patient-handout-esketamine-letter.pdf").pages[0]
    assert len(page.images) == 1
    logo = Image.open(EXAMPLES / "riverside-logo.png")
    assert page.images[0].image.size == logo.size
    cover = Presentation(out / "riverside" / "ketamine-clinician-deck.pptx").slides[0]
    pictures = [s for s in cover.shapes if s.shape_type == 13]
    assert len(pictures) == 1 and pictures[0]._element._nvXxPr.cNvPr.get("descr") == "Riverside Behavioral Health logo"
    assert "Clinician training for Riverside Behavioral Health" in "".join(
        s.text_frame.text for s in cover.shapes if s.has_text_frame)


@pytest.mark.parametrize("clinic, product, paper", [("riverside", "esketamine", "letter"), ("northgate", "ketamine", "a4")])
def test_qr_code_opens_the_clinic_page(batch, clinic, product, paper):
    out, _ = batch
    page = pypdfium2.PdfDocument(out / clinic / f"ketamine-patient-handout-{product}-{paper}.pdf")[0]
    image = page.render(scale=3).to_pil()
    codes = zxingcpp.read_barcodes(image)
    assert [c.text for c in codes] == [load_clinic(EXAMPLES / f"{clinic}.yaml").web]


def test_contrast_ratio():
    assert contrast_ratio("#000000") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)  # the lightest AA grey on white


# Bad profiles ------------------------------------------------------------------------------

GOOD_PROFILE = (EXAMPLES / "riverside.yaml").read_text(encoding="utf-8")


def _profile(tmp_path: Path, text: str, name: str = "clinic.yaml") -> Path:
    shutil.copy(EXAMPLES / "riverside-logo.png", tmp_path / "riverside-logo.png")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _line(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def _corrupt_logo(folder: Path) -> None:
    (folder / "broken.png").write_bytes((EXAMPLES / "riverside-logo.png").read_bytes()[:400])


def _huge_logo(folder: Path) -> None:
    Image.new("1", (5000, 4000)).save(folder / "huge.png")


BAD_PROFILES = {
    # name: (old, new, fragment on the reported line, message fragment, setup)
    "missing-logo": ("logo: riverside-logo.png", "logo: nowhere.png", "logo:", "logo file not found", None),
    "corrupt-logo": ("logo: riverside-logo.png", "logo: broken.png", "logo:", "cannot read logo broken.png",
                     _corrupt_logo),
    "huge-logo": ("logo: riverside-logo.png", "logo: huge.png", "logo:", "logo is 5000 x 4000 pixels", _huge_logo),
    "not-a-colour": ('primary: "#1D5C4D"', "primary: blue", "primary:",
                     "colours.primary must be a colour written as # and six hex digits", None),
    "low-contrast": ('primary: "#1D5C4D"', 'primary: "#FFD700"', "primary:",
                     "colours.primary #FFD700 has a contrast of 1.40:1 against white, 3.10 short of the 4.5:1", None),
    "unknown-paper": ("paper: letter", "paper: a3", "paper:", "paper must be one of 'letter' or 'a4'; found 'a3'",
                      None),
    "escaping-id": ("id: riverside", "id: ../x", "id: ../x", "id must be an id of lowercase letters", None),
    "misspelled-field": ("after_hours_phone:", "after_hour_phone:", "after_hour_phone",
                         "has no field 'after_hour_phone'; did you mean 'after_hours_phone'?", None),
}


@pytest.mark.parametrize("case", sorted(BAD_PROFILES))
def test_bad_profile_is_reported_and_the_others_still_build(case, tmp_path):
    old, new, fragment, message, setup = BAD_PROFILES[case]
    assert old in GOOD_PROFILE
    text = GOOD_PROFILE.replace(old, new, 1)
    bad = _profile(tmp_path, text, "bad.yaml")
    if setup:
        setup(tmp_path)
    out = tmp_path / "out"
    result = _run("build", str(CONTENT), "--clinic", str(bad), "--clinic", str(EXAMPLES / "northgate.yaml"),
                  "--out", str(out), "--jobs", "1")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = _problems(result.stderr).splitlines()[0]
    assert first.startswith(f"{bad}:{_line(text, fragment)}:"), first
    assert message in first
    assert (out / "northgate" / "ketamine-patient-handout-ketamine-a4.pdf").is_file()  # the good clinic still built
    assert not (out / "riverside").exists()


def test_two_profiles_with_one_id(tmp_path):
    first = _profile(tmp_path, GOOD_PROFILE, "a.yaml")
    second = _profile(tmp_path, GOOD_PROFILE, "b.yaml")
    result = _run("build", str(CONTENT), "--clinic", str(first), "--clinic", str(second), "--out", str(tmp_path / "o"),
                  "--only", "handout")
    assert result.returncode == 1
    assert _problems(result.stderr).startswith(f"{second}:{_line(GOOD_PROFILE, 'id: riverside')}:5: error[duplicate-clinic-id]: "
                                    f"clinic id 'riverside' is already used by {first}")
    assert (tmp_path / "o" / "riverside" / "ketamine-patient-handout-esketamine-letter.pdf").is_file()


# User PowerPoint templates -------------------------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice_template(tmp_path_factory) -> Path:
    """A presentation template made by another program: LibreOffice's own, saved as PPTX."""
    folder = tmp_path_factory.mktemp("template")
    source = Path("/usr/lib/libreoffice/share/template/common/presnt/Vivid.otp")
    if not source.is_file():
        pytest.skip("LibreOffice's presentation templates are not installed")
    copy = folder / source.name
    shutil.copy(source, copy)
    return convert(copy, "pptx", folder)


def test_deck_in_a_template_made_by_another_program(content, libreoffice_template, tmp_path):
    original = Presentation(libreoffice_template)
    assert len(original.slides) > 0  # it comes with example slides of its own
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(build_deck(content, deck_template=libreoffice_template))
    ours = Presentation(deck)
    design = open_design(libreoffice_template)
    expected = layout_deck(compose(content, "deck.md.j2"), design.geometry).slides
    assert [s.shapes.title.text_frame.text for s in ours.slides] == [s.title for s in expected]  # the examples are gone
    assert ours.slide_width == original.slide_width  # the template's page, not ours
    for slide in ours.slides:
        assert slide.shapes.title is not None and slide.shapes.title.text_frame.text.strip()
    # The theme's fonts are kept: runs name the theme's heading or body font, no font of their own.
    runs = [r for shape in ours.slides[2].shapes if shape.has_text_frame
            for p in shape.text_frame.paragraphs for r in p.runs]
    assert runs and {r.font.name for r in runs} == {"+mj-lt", "+mn-lt"}
    assert_text_inside_boxes(deck, design.geometry, tmp_path)


def test_template_without_a_usable_layout(tmp_path):
    prs = Presentation()
    for layout in list(prs.slide_layouts):
        if layout.name not in ("Title Only", "Blank"):
            prs.slide_layouts.remove(layout)
    template = tmp_path / "bare.pptx"
    prs.save(template)
    result = _run("build", str(CONTENT), "--only", "deck", "--deck-template", str(template), "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert _problems(result.stderr).startswith(f"{template}: error[unusable-deck-template]: the template has no layout with a "
                                    "title and one body placeholder (its layouts: 'Title Only', 'Blank')")
    assert not (tmp_path / "o").exists()


def test_user_templates_folder(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    original = (ROOT / "templates" / "handout.md.j2").read_text(encoding="utf-8")
    (folder / "handout.md.j2").write_text(original.replace("{{ t(\"What is {medicine}?\", medicine=c.meta.medicine) }}", "What is this medicine?"),
                                          encoding="utf-8")
    result = _run("build", str(CONTENT), "--only", "handout", "--templates", str(folder), "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    text = _text(tmp_path / "o" / "ketamine-patient-handout-esketamine-letter.pdf")
    assert "What is this medicine?" in text and "What is ketamine?" not in text


def test_without_a_clinic_the_sources_line_has_a_qr_code_to_the_web_page(content, tmp_path):
    """The content's own web address (meta.web): the handout's last line says where the sources
    are, with a QR code that opens that page."""
    from kethandout.build import build

    meta = content.meta.model_copy(update={"web": "https://example.org/ketamine-sources"})
    (handout,) = build(content.model_copy(update={"meta": meta}), tmp_path, only="handout")[:1]
    document = pypdfium2.PdfDocument(handout)
    last = document[len(document) - 1]
    assert "The sources for this sheet: example.org/ketamine-sources" in " ".join(
        last.get_textpage().get_text_range().split())
    codes = zxingcpp.read_barcodes(last.render(scale=3).to_pil())
    assert [c.text for c in codes] == ["https://example.org/ketamine-sources"]
