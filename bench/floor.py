"""The floor: the same two documents made with ReportLab and python-pptx directly, nothing else
(no validation, templates, checks or layout). Usage: python bench/floor.py CONTENT OUT_DIR"""
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import fontpkg_atkinson_hyperlegible
import yaml
from pptx import Presentation
from pptx.util import Pt
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

content = yaml.safe_load(Path(sys.argv[1]).read_text(encoding="utf-8"))
out = Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
sections = ["benefits", "risks", "contraindications", "routes", "misuse_signs", "safety", "get_help"]

font = Path(fontpkg_atkinson_hyperlegible.ROOT) / "files" / "AtkinsonHyperlegible-Regular.ttf"
pdfmetrics.registerFont(TTFont("Atkinson", str(font)))
style = ParagraphStyle("body", fontName="Atkinson", fontSize=12, leading=14.5)
story = [Paragraph(escape(content["meta"]["title"]), style), Paragraph(escape(content["intro"]), style)]
for section in sections:
    story += [Paragraph(escape(f"{item['title']}. {item['patient']}"), style) for item in content[section]]
SimpleDocTemplate(str(out / "handout.pdf"), invariant=1).build(story)

prs = Presentation()
for section in sections:
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = section
    frame = slide.placeholders[1].text_frame
    for i, item in enumerate(content[section]):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = f"{item['title']}: {item['clinician']}"
        paragraph.font.size = Pt(18)
    slide.notes_slide.notes_text_frame.text = section
prs.save(out / "deck.pptx")
