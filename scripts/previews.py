"""Render the README pictures (handout pages, the consent form, slides) as PNG.

Needs the [dev] extra (pypdfium2) and LibreOffice (`soffice`) for the slides.
Usage: python scripts/previews.py [OUTPUT_DIR]   (default: output/)
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def page_png(pdf: Path, index: int, target: Path, width: int) -> None:
    page = pypdfium2.PdfDocument(pdf)[index]
    page.render(scale=width / page.get_width()).to_pil().save(target)
    print(f"wrote {target.relative_to(ROOT)}")


def slide_index(deck: Path, title: str) -> int:
    """The position of the first slide with this title."""
    from pptx import Presentation

    return next(i for i, slide in enumerate(Presentation(deck).slides)
                if slide.shapes.title is not None and slide.shapes.title.text == title)


def page_with(pdf: Path, text: str) -> int:
    """The first page whose text holds `text`."""
    document = pypdfium2.PdfDocument(pdf)
    return next(i for i in range(len(document)) if text in document[i].get_textpage().get_text_range())


def naive_slide(content_file: Path, target: Path) -> None:
    """What python-pptx gives without a layout step: one slide, 24 pt, autofit flag set
    (PowerPoint ignores it until someone edits the text), for the README's before/after."""
    from pptx import Presentation
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    from kethandout.content.validate import load_content

    content = load_content(content_file)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Monitoring and safety"
    body = slide.placeholders[1].text_frame
    body.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for i, item in enumerate(content.safety):
        paragraph = body.paragraphs[0] if i == 0 else body.add_paragraph()
        paragraph.text = f"{item.title}: {item.clinician}"
        paragraph.font.size = Pt(24)
    prs.save(target)


def contact_sheet(pdf: Path, target: Path, columns: int = 6, width: int = 320) -> None:
    """Every slide of a deck (as LibreOffice drew it into `pdf`) as a numbered thumbnail."""
    from PIL import Image, ImageDraw

    document = pypdfium2.PdfDocument(pdf)
    thumbs = [document[i].render(scale=width / document[i].get_width()).to_pil() for i in range(len(document))]
    height = thumbs[0].height
    rows = -(-len(thumbs) // columns)
    sheet = Image.new("RGB", (columns * (width + 8) + 8, rows * (height + 24) + 8), "white")
    draw = ImageDraw.Draw(sheet)
    for i, thumb in enumerate(thumbs):
        x, y = 8 + (i % columns) * (width + 8), 8 + (i // columns) * (height + 24)
        draw.text((x, y), str(i + 1), fill="black")
        sheet.paste(thumb, (x, y + 16))
        draw.rectangle((x, y + 16, x + width - 1, y + 16 + height - 1), outline="#999999")
    sheet.save(target)
    print(f"wrote {target.relative_to(ROOT)}")


def phone_screenshot(page: Path, target: Path, width: int = 390) -> None:
    """The web handout as a phone shows it (Debian's Chromium through Playwright)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": width, "height": 844})
        tab.goto(page.resolve().as_uri())
        tab.screenshot(path=str(target))
        browser.close()
    print(f"wrote {target.relative_to(ROOT)}")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "output"
    handout = out / "ketamine-patient-handout-esketamine-letter.pdf"
    page_png(handout, 0, DOCS / "handout-page1.png", 1100)
    page_png(out / "ketamine-patient-handout-ketamine-letter.pdf", 0, DOCS / "handout-ketamine-page1.png", 900)
    page_png(out / "ketamine-at-a-glance-esketamine-letter.pdf", 0, DOCS / "at-a-glance.png", 1100)
    page_png(out / "ketamine-visit-card-esketamine-letter.pdf", 0, DOCS / "visit-card.png", 900)
    page_png(handout, page_with(handout, "Which medicines should I tell"), DOCS / "handout-medicines-page.png", 900)
    page_png(handout, page_with(handout, "What happens at a visit?"), DOCS / "handout-visit-checklist.png", 900)
    page_png(out / "ketamine-consent-form-esketamine-letter.pdf", 0, DOCS / "consent-page1.png", 900)
    riverside = out / "riverside" / "ketamine-patient-handout-esketamine-letter.pdf"
    if riverside.is_file():  # from: kethandout build --clinics examples/clinics
        page_png(riverside, 0, DOCS / "clinic-riverside-page1.png", 900)
        phone_screenshot(out / "riverside" / "ketamine-patient-handout-esketamine.html", DOCS / "web-phone.png")
    spanish = out / "ketamine-patient-handout-esketamine-letter-es.pdf"
    if spanish.is_file():  # from: kethandout build --lang es
        page_png(spanish, 0, DOCS / "handout-es-page1.png", 900)
    large = out / "ketamine-patient-handout-esketamine-large-print-letter.pdf"
    if large.is_file():  # from: kethandout build --style large-print
        page_png(large, 0, DOCS / "large-print-page1.png", 900)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
                        "--outdir", tmp, str(out / "ketamine-clinician-deck.pptx")], check=True, capture_output=True)
        deck = Path(tmp) / "ketamine-clinician-deck.pdf"
        source = out / "ketamine-clinician-deck.pptx"
        from kethandout.content.validate import load_content

        for title, name in ((load_content(ROOT / "content.yaml").meta.deck_title, "slide-title.png"),
                            ("Products, routes and labels", "slide-routes.png"),
                            ("Risks, and who should not get it", "slide-part.png"),
                            ("What happens at a session", "slide-session.png"),
                            ("Before the session", "slide-pictograms.png"),
                            ("Knowledge check 1 of 5", "slide-question.png"),
                            ("Knowledge check 1 of 5: answer", "slide-answer.png")):
            page_png(deck, slide_index(source, title), DOCS / name, 1280)
        contact_sheet(deck, DOCS / "deck-contact-sheet.png")
        dark = ROOT / "tests" / "data" / "deck-templates" / "dark.pptx"
        if dark.is_file():  # the same deck on a dark template made in LibreOffice
            from kethandout.build import build_deck as deck_on

            on_dark = Path(tmp) / "dark-deck.pptx"
            on_dark.write_bytes(deck_on(load_content(ROOT / "content.yaml"), deck_template=dark))
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to",
                            "pdf", "--outdir", tmp, str(on_dark)], check=True, capture_output=True)
            contact_sheet(Path(tmp) / "dark-deck.pdf", DOCS / "deck-dark-contact-sheet.png")
        # Before and after, on the stress content: a naive slide overflows; ours continues.
        stress = ROOT / "tests" / "data" / "stress.yaml"
        naive = Path(tmp) / "naive.pptx"
        naive_slide(stress, naive)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
                        "--outdir", tmp, str(naive)], check=True, capture_output=True)
        page_png(Path(tmp) / "naive.pdf", 0, DOCS / "before-naive-overflow.png", 640)
        from kethandout.build import build_deck

        ours = Path(tmp) / "ours.pptx"
        ours.write_bytes(build_deck(load_content(stress)))
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
                        "--outdir", tmp, str(ours)], check=True, capture_output=True)
        first = slide_index(ours, "Monitoring and safety")  # on the stress content, it continues
        for index, name in ((first, "after-continued-1.png"), (first + 1, "after-continued-2.png")):
            page_png(Path(tmp) / "ours.pdf", index, DOCS / name, 640)


if __name__ == "__main__":
    main()
