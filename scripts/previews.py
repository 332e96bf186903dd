"""Render the README pictures: page 1 of the handout and two slides of the deck, as PNG.

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


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "output"
    page_png(out / "ketamine-patient-handout-letter.pdf", 0, DOCS / "handout-page1.png", 1100)
    riverside = out / "riverside" / "ketamine-patient-handout-letter.pdf"
    if riverside.is_file():  # from: kethandout build --clinics examples/clinics
        page_png(riverside, 0, DOCS / "clinic-riverside-page1.png", 900)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
                        "--outdir", tmp, str(out / "ketamine-clinician-deck.pptx")], check=True, capture_output=True)
        deck = Path(tmp) / "ketamine-clinician-deck.pdf"
        for index, name in ((0, "slide-title.png"), (7, "slide-routes.png")):
            page_png(deck, index, DOCS / name, 1280)


if __name__ == "__main__":
    main()
