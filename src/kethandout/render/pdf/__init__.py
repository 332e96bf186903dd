"""The PDF renderer: the handout, the consent form and the reviewer's sheet, tagged for PDF/UA-1."""
from kethandout.render.pdf.document import RenderedPdf, render_handout, render_pdf

__all__ = ["RenderedPdf", "render_handout", "render_pdf"]
