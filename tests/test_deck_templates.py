"""The default deck on organisations' templates made here and saved by LibreOffice
(tests/data/make_deck_templates.py): a dark master, a gradient, a picture, a right-to-left
master, A4 portrait, a title mid-slide over a picture, a logo where the title runs, and a .potx. On each, rendered by
LibreOffice: every character inside its box, drawn at 4.5:1 or better against the pixels
really under it, English read left to right, and at most 1.5 times the built-in design's
slides."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy
import pdfplumber
import pypdfium2
import pytest
from pptx import Presentation

from conftest import CONTENT, ROOT, assert_text_inside_boxes, convert
from kethandout.build import build_deck
from kethandout.content.validate import load_content
from kethandout.deck.design import open_design
from kethandout.errors import InputError

TEMPLATES = ROOT / "tests" / "data" / "deck-templates"
KINDS = ("dark.pptx", "gradient.pptx", "picture.pptx", "rtl.pptx", "a4-portrait.pptx", "mid-title.pptx",
         "logo.pptx", "template.potx")
SCALE = 2  # pixels a point, where the rendered slides are read


@pytest.fixture(scope="module")
def default():
    return load_content(CONTENT)


@pytest.fixture(scope="module")
def built_in(default):
    return len(Presentation(io.BytesIO(build_deck(default))).slides)


@pytest.fixture(scope="module")
def rendered(default, tmp_path_factory):
    """{template: (deck, its PDF as LibreOffice draws it)}, each made once."""
    folder = tmp_path_factory.mktemp("on-templates")
    found = {}
    for kind in KINDS:
        deck = folder / f"{Path(kind).stem}-deck.pptx"
        deck.write_bytes(build_deck(default, deck_template=TEMPLATES / kind))
        found[kind] = (deck, convert(deck, "pdf", folder))
    return found


def _hex(colour) -> str | None:
    """pdfplumber's fill colour (grey, RGB or CMYK, 0-1) as "#RRGGBB"."""
    if colour is None:
        return "#000000"
    values = list(colour) if isinstance(colour, (list, tuple)) else [colour]
    if len(values) == 1:
        values = values * 3
    elif len(values) == 4:
        c, m, y, k = values
        values = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    if len(values) != 3:
        return None
    return "#" + "".join(f"{round(max(0, min(1, v)) * 255):02X}" for v in values)


def _luminance(rgb):
    """WCAG relative luminance of an array of 0-255 RGB values (the last axis)."""
    channels = rgb / 255.0
    linear = numpy.where(channels <= 0.03928, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return linear @ numpy.array([0.2126, 0.7152, 0.0722])


def _contrast(a, b):
    return (numpy.maximum(a, b) + 0.05) / (numpy.minimum(a, b) + 0.05)


def _ground_contrast(page_luminance, char, text: str) -> float | None:
    """The contrast of a character's colour with what lies under it: the median of the
    pixels of its box that are not its own ink (those that differ from it by more than a little)."""
    box = page_luminance[int(char["top"] * SCALE):int(char["bottom"] * SCALE) + 1,
                         int(char["x0"] * SCALE):int(char["x1"] * SCALE) + 1]
    ink = _luminance(numpy.array([int(text[i:i + 2], 16) for i in (1, 3, 5)], dtype=float))
    contrasts = _contrast(box.ravel(), ink)
    ground = contrasts[contrasts > 1.3]
    return float(numpy.median(ground)) if ground.size else None


@pytest.mark.parametrize("kind", KINDS)
def test_every_character_is_readable_on_what_lies_under_it(kind, rendered):
    _, pdf = rendered[kind]
    document = pypdfium2.PdfDocument(str(pdf))
    poor = []
    with pdfplumber.open(pdf) as opened:
        for number, page in enumerate(opened.pages):
            pixels = numpy.asarray(document[number].render(scale=SCALE).to_pil().convert("RGB"), dtype=float)
            page_luminance = _luminance(pixels)
            for char in page.chars:
                text = _hex(char.get("non_stroking_color"))
                if not char["text"].strip() or text is None:
                    continue
                contrast = _ground_contrast(page_luminance, char, text)
                if contrast is not None and contrast < 4.4:
                    poor.append((number + 1, char["text"], text, round(contrast, 1)))
    assert len(poor) <= 3, poor[:20]  # (a stray glyph edge on a picture)


@pytest.mark.parametrize("kind", KINDS)
def test_the_deck_keeps_to_its_boxes_and_its_slide_budget(kind, rendered, built_in, tmp_path):
    deck, _ = rendered[kind]
    slides = len(Presentation(deck).slides)
    assert slides <= 1.5 * built_in, f"{slides} slides against {built_in} on the built-in design"
    assert_text_inside_boxes(deck, open_design(TEMPLATES / kind).geometry, tmp_path)


def test_no_text_goes_over_the_templates_logo(rendered):
    _, pdf = rendered["logo.pptx"]
    with pdfplumber.open(pdf) as opened:
        for number, page in enumerate(opened.pages, start=1):
            logos = [image for image in page.images if image["width"] < page.width / 4]
            assert logos, number
            over = [c["text"] for c in page.chars for logo in logos if c["text"].strip()
                    and c["x1"] > logo["x0"] and c["x0"] < logo["x1"] and c["bottom"] > logo["top"]
                    and c["top"] < logo["bottom"]]
            assert over == [], (number, over)


def test_english_reads_left_to_right_on_a_right_to_left_master(rendered):
    deck, pdf = rendered["rtl.pptx"]
    with zipfile.ZipFile(deck) as package:
        slides = [n for n in package.namelist() if n.startswith("ppt/slides/slide") and n.endswith(".xml")]
        for name in slides:
            xml = package.read(name).decode()
            assert xml.count("<a:pPr ") == xml.count('rtl="0"'), name
    with pdfplumber.open(pdf) as opened:
        text = opened.pages[1].extract_text()
    assert "Explain how ketamine is thought to work." in text and ".Explain" not in text


def test_a_portrait_body_holds_more_lines():
    """Nine short bullets: one slide on an A4 page upright, two on the built-in design."""
    from kethandout.compose import doc
    from kethandout.deck.model import TextParagraph
    from kethandout.deck.slides import fits_one_slide

    portrait = open_design(TEMPLATES / "a4-portrait.pptx").geometry
    assert portrait.body.height > 1.3 * open_design(None).geometry.body.height
    bullets = [TextParagraph((doc.Span(f"Item {n}"),), "•") for n in range(9)]
    fits, lines, most = fits_one_slide(bullets, portrait)
    assert fits and lines == 9 and most > 7
    assert not fits_one_slide(bullets)[0]


def test_a_potx_and_a_macro_file_are_read_and_their_macros_never_kept(default, tmp_path):
    potm = tmp_path / "macros.potm"
    with zipfile.ZipFile(TEMPLATES / "template.potx") as source, zipfile.ZipFile(potm, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
                                    b"application/vnd.ms-powerpoint.template.macroEnabled.main+xml")
                data = data.replace(b"</Types>", b'<Override PartName="/ppt/vbaProject.bin" '
                                                  b'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
            out.writestr(info, data)
        out.writestr("ppt/vbaProject.bin", b"not really macros")
    deck = build_deck(default, deck_template=potm)
    with zipfile.ZipFile(io.BytesIO(deck)) as package:
        assert not [n for n in package.namelist() if "vba" in n.lower()]
        assert b"macroEnabled" not in package.read("[Content_Types].xml")


def test_a_word_file_is_refused_with_what_to_do(default, tmp_path):
    word = tmp_path / "ours.pptx"
    with zipfile.ZipFile(word, "w") as out:
        out.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                     'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                     'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        out.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InputError) as raised:
        build_deck(default, deck_template=word)
    message = raised.value.diagnostics[0].format()
    assert "a Word document" in message and ".potx" in message


# Templates as PowerPoint and other programs write them (an outside tester's findings) -------

P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _office_template(folder: Path, kind: str) -> Path:
    """python-pptx's stock Office theme, changed as PowerPoint 365 and Google Slides write it."""
    from pptx.oxml import parse_xml
    from pptx.util import Inches

    prs = Presentation()
    master = prs.slide_master
    tree = master.shapes._spTree
    ns = f'xmlns:p="{P_NS}" xmlns:a="{A_NS}"'
    if kind == "styled-band":  # a band coloured through its theme style, not a fill of its own
        tree.append(parse_xml(
            f'<p:sp {ns}><p:nvSpPr><p:cNvPr id="60" name="Band"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>'
            f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{prs.slide_width}" cy="{Inches(1.6)}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:style><a:lnRef idx="0"><a:schemeClr '
            'val="accent1"/></a:lnRef><a:fillRef idx="1"><a:schemeClr val="tx2"/></a:fillRef><a:effectRef idx="0">'
            '<a:schemeClr val="accent1"/></a:effectRef><a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef>'
            '</p:style></p:sp>'))
        tree.insert(2, tree[-1])
    elif kind == "lighter-text":  # "Text 1, lighter 50%" on every text style
        for node in master._element.iter(f"{{{A_NS}}}defRPr"):
            for old in node.findall(f"{{{A_NS}}}solidFill"):
                node.remove(old)
            node.insert(0, parse_xml(f'<a:solidFill xmlns:a="{A_NS}"><a:schemeClr val="tx1"><a:lumMod val="50000"/>'
                                     '<a:lumOff val="50000"/></a:schemeClr></a:solidFill>'))
    elif kind == "theme-background":  # the background from the theme's third fill style, set dark
        theme = master.part.part_related_by("http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
        theme._blob = theme.blob.replace(b"<a:bgFillStyleLst>", b'<a:bgFillStyleLst><a:solidFill><a:srgbClr '
                                         b'val="FFFFFF"/></a:solidFill><a:solidFill><a:srgbClr val="FFFFFF"/>'
                                         b'</a:solidFill><a:solidFill><a:srgbClr val="14213D"/></a:solidFill>', 1)
        c_sld = master._element.find(f"{{{P_NS}}}cSld")
        c_sld.insert(0, parse_xml(f'<p:bg {ns}><p:bgRef idx="1003"><a:schemeClr val="bg1"/></p:bgRef></p:bg>'))
    elif kind == "master-text":  # the organisation's name printed at the foot, where the deck's footer goes
        tree.append(parse_xml(
            f'<p:sp {ns}><p:nvSpPr><p:cNvPr id="61" name="Org"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>'
            f'<a:xfrm><a:off x="{Inches(0.3)}" y="{Inches(6.95)}"/><a:ext cx="{Inches(4.5)}" cy="{Inches(0.4)}"/>'
            '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>'
            '<a:p><a:r><a:rPr lang="en-US" sz="1400"/><a:t>Riverside Health - Staff education</a:t></a:r></a:p>'
            '</p:txBody></p:sp>'))
    path = folder / f"{kind}.pptx"
    prs.save(path)
    return path


@pytest.mark.parametrize("kind", ["stock", "styled-band", "lighter-text", "theme-background", "master-text"])
def test_templates_as_office_writes_them_read_at_4_5(kind, default, tmp_path):
    template = _office_template(tmp_path, kind)
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(build_deck(default, deck_template=template))
    pdf = convert(deck, "pdf", tmp_path)
    document = pypdfium2.PdfDocument(str(pdf))
    poor, over = [], []
    with pdfplumber.open(pdf) as opened:
        for number in (0, 1, 7):  # the cover, a text slide, a part's opening slide
            page = opened.pages[number]
            pixels = numpy.asarray(document[number].render(scale=SCALE).to_pil().convert("RGB"), dtype=float)
            page_luminance = _luminance(pixels)
            for char in page.chars:
                text = _hex(char.get("non_stroking_color"))
                contrast = _ground_contrast(page_luminance, char, text) if char["text"].strip() and text else None
                if contrast is not None and contrast < 4.4:
                    poor.append((number + 1, char["text"], text, round(contrast, 1)))
            words = page.extract_words()
            own = ("Riverside", "Health", "-", "Staff", "education")
            org = [w for w in words if w["text"] in own and w["top"] > page.height * 0.8]
            if org:  # the deck's footer stays clear of the template's own words
                end = max(w["x1"] for w in org)
                over += [w["text"] for w in words if w["text"] not in own and w["x0"] < end
                         and abs(w["top"] - org[0]["top"]) < 8]
    assert poor == [] and over == [], (poor[:10], over[:10])


def test_a_template_without_a_theme_or_with_a_number_no_program_writes_is_told_not_crashed(default, tmp_path):
    from pptx.util import Inches

    from kethandout.deck.design import open_design as design_of

    prs = Presentation()
    prs.slide_width = Inches(13.333)
    odd = tmp_path / "odd.pptx"
    prs.save(odd)
    with zipfile.ZipFile(odd) as source, zipfile.ZipFile(tmp_path / "bad.pptx", "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "ppt/slideMasters/slideMaster1.xml":
                data = data.replace(b'<a:off x="', b'<a:off x="1e3" data-x="', 2)
            out.writestr(info, data)
    with pytest.raises(InputError) as raised:
        design_of(tmp_path / "bad.pptx")
    assert "cannot be read" in raised.value.diagnostics[0].message


def test_a_deck_much_longer_on_a_template_is_said(tmp_path):
    """On a small slide (8 x 4.5 in) the deck runs past 1.5 times the built-in design's slides:
    the build says so, with the template's sizes."""
    import subprocess
    import sys

    from pptx.util import Inches

    prs = Presentation()
    across, down = Inches(8) / prs.slide_width, Inches(4.5) / prs.slide_height
    prs.slide_width, prs.slide_height = Inches(8), Inches(4.5)
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for shape in owner.placeholders:
            if shape.left is not None:
                shape.left, shape.top = int(shape.left * across), int(shape.top * down)
                shape.width, shape.height = int(shape.width * across), int(shape.height * down)
    small = tmp_path / "small.pptx"
    prs.save(small)
    result = subprocess.run([sys.executable, "-m", "kethandout", "build", str(CONTENT), "--only", "deck",
                             "--deck-template", str(small), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    said = result.stdout + result.stderr
    assert "warning[long-deck]: the deck takes" in said and "8.0 x 4.5 in slide" in said
