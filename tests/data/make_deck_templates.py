"""Write tests/data/deck-templates/: one organisation's template per class of trouble, each
made here and then saved by LibreOffice (as organisations' files are saved by other programs).

    dark.pptx         a navy master under the theme's black text
    gradient.pptx     a master shading from navy at the top to pale blue at the bottom
    picture.pptx      a master whose background is a photograph-like picture of mid tones
    rtl.pptx          a right-to-left (Arabic) master
    a4-portrait.pptx  an A4 page upright
    mid-title.pptx    a picture over the whole slide with the title in its middle
    logo.pptx         a logo on the master at the top right, where the title runs
    template.potx     a PowerPoint template (.potx), not a presentation

Needs LibreOffice (`soffice`). Run from the project root:  python tests/data/make_deck_templates.py [KIND ...]
"""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree
from PIL import Image, ImageDraw, ImageFilter
from pptx import Presentation
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

OUT = Path(__file__).resolve().parent / "deck-templates"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def widened(prs, width: float, height: float) -> None:
    """Slide size and every placeholder box scaled to a new page (inches)."""
    across, down = Inches(width) / prs.slide_width, Inches(height) / prs.slide_height
    prs.slide_width, prs.slide_height = Inches(width), Inches(height)
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for shape in owner.placeholders:
            if shape.left is not None:
                shape.left, shape.top = int(shape.left * across), int(shape.top * down)
                shape.width, shape.height = int(shape.width * across), int(shape.height * down)


def background(owner, fill_xml: str) -> None:
    """A master's or layout's background (<p:bg>), before its shape tree."""
    c_sld = owner._element.find(qn("p:cSld"))
    for old in c_sld.findall(qn("p:bg")):
        c_sld.remove(old)
    bg = etree.fromstring(f'<p:bg xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
                          f'xmlns:a="{A}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                          f"<p:bgPr>{fill_xml}<a:effectLst/></p:bgPr></p:bg>")
    c_sld.insert(0, bg)


def photograph(width: int = 1600, height: int = 900) -> bytes:
    """A picture of mid tones and soft shapes, as a stock photograph behind a title might be."""
    picture = Image.new("RGB", (width, height), (120, 140, 150))
    draw = ImageDraw.Draw(picture)
    for i in range(0, width, 40):
        draw.rectangle((i, 0, i + 40, height), fill=(90 + i % 120, 120 + (i // 3) % 80, 140))
    for x, y, r, colour in ((400, 300, 260, (200, 190, 160)), (1200, 600, 320, (60, 80, 100)),
                            (900, 200, 180, (230, 230, 220))):
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    out = io.BytesIO()
    picture.filter(ImageFilter.GaussianBlur(30)).save(out, format="PNG")
    return out.getvalue()


def picture_background(owner) -> None:
    _, rid = owner.part.get_or_add_image_part(io.BytesIO(photograph()))
    background(owner, f'<a:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></a:blipFill>')


def right_to_left(prs) -> None:
    prs.part._element.set("rtl", "1")
    styles = prs.slide_master._element.find(qn("p:txStyles"))
    for level in styles.iter():
        if etree.QName(level).localname.startswith("lvl") and etree.QName(level).localname.endswith("pPr"):
            level.set("rtl", "1")
            level.set("algn", "r")


def mid_title(prs) -> None:
    """A photograph over the whole slide; the title in the middle of it, the body under it."""
    width, height = prs.slide_width, prs.slide_height
    _, rid = prs.slide_master.part.get_or_add_image_part(io.BytesIO(photograph()))
    picture = parse_xml(
        '<p:pic xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        f'xmlns:a="{A}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<p:nvPicPr><p:cNvPr id="90" name="Photograph"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        f'<p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        f'<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')
    prs.slide_master.shapes._spTree.insert(2, picture)  # behind the placeholders
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for shape in owner.placeholders:
            kind = shape.placeholder_format.type
            if kind is not None and "TITLE" in str(kind):
                shape.left, shape.top, shape.width, shape.height = Inches(0.8), Emu(int(height * 0.38)), \
                    width - Inches(1.6), Inches(1.2)
            elif "BODY" in str(kind) or "OBJECT" in str(kind):
                shape.left, shape.top, shape.width, shape.height = Inches(0.8), Emu(int(height * 0.38)) + Inches(1.3), \
                    width - Inches(1.6), Emu(int(height * 0.62)) - Inches(2.0)
    styles = prs.slide_master._element.find(qn("p:txStyles"))
    for style in (styles.find(qn("p:titleStyle")),):
        for level in style:
            rpr = level.find(f"{{{A}}}defRPr")
            if rpr is not None:
                for old in rpr.findall(f"{{{A}}}solidFill"):
                    rpr.remove(old)
                rpr.insert(0, etree.fromstring(f'<a:solidFill xmlns:a="{A}"><a:srgbClr val="FFFFFF"/></a:solidFill>'))


def logo(prs) -> None:
    """A coloured badge with a word on it, as a clinic's logo, at the master's top right."""
    badge = Image.new("RGB", (480, 240), (200, 40, 60))
    ImageDraw.Draw(badge).rectangle((30, 30, 450, 210), outline=(255, 255, 255), width=12)
    out = io.BytesIO()
    badge.save(out, format="PNG")
    _, rid = prs.slide_master.part.get_or_add_image_part(io.BytesIO(out.getvalue()))
    left, top = prs.slide_width - Inches(2.1), Inches(0.3)
    prs.slide_master.shapes._spTree.append(parse_xml(
        '<p:pic xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        f'xmlns:a="{A}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<p:nvPicPr><p:cNvPr id="91" name="Logo" descr="Clinic logo"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        f'<p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        f'<p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{Inches(1.6)}" cy="{Inches(0.8)}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'))


def made(kind: str, folder: Path) -> Path:
    prs = Presentation()
    if kind == "a4-portrait":
        widened(prs, 8.27, 11.69)
    else:
        widened(prs, 13.333, 7.5)
    master = prs.slide_master
    if kind == "dark":
        background(master, '<a:solidFill><a:srgbClr val="1B2333"/></a:solidFill>')
    elif kind == "gradient":
        background(master, '<a:gradFill rotWithShape="1"><a:gsLst><a:gs pos="0"><a:srgbClr val="0E3B5C"/></a:gs>'
                           '<a:gs pos="100000"><a:srgbClr val="D8E6F0"/></a:gs></a:gsLst>'
                           '<a:lin ang="5400000" scaled="0"/></a:gradFill>')
    elif kind == "picture":
        picture_background(master)
    elif kind == "rtl":
        right_to_left(prs)
    elif kind == "mid-title":
        mid_title(prs)
    elif kind == "logo":
        logo(prs)
    # (LibreOffice keeps a master's background only where a slide shows it)
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Example slide"
    source = folder / f"{kind}.pptx"
    prs.save(source)
    return source


def saved_by_libreoffice(source: Path, folder: Path, suffix: str = "pptx") -> Path:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        sys.exit("LibreOffice (soffice) is needed")
    target = folder / "saved"
    target.mkdir(exist_ok=True)
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", suffix,
                    "--outdir", str(target), str(source)], check=True, capture_output=True, timeout=300)
    return target / f"{source.stem}.{suffix}"


def as_potx(pptx: Path, target: Path) -> None:
    """A .potx: the same package with the template's main content type."""
    with zipfile.ZipFile(pptx) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"presentationml.presentation.main+xml", b"presentationml.template.main+xml")
            out.writestr(info, data)


KINDS = ("dark", "gradient", "picture", "rtl", "a4-portrait", "mid-title", "logo", "plain")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for kind in sys.argv[1:] or KINDS:
            saved = saved_by_libreoffice(made(kind, folder), folder)
            if kind == "plain":
                as_potx(saved, OUT / "template.potx")
            else:
                shutil.copy(saved, OUT / f"{kind}.pptx")
            print(f"wrote {kind}")


if __name__ == "__main__":
    main()
