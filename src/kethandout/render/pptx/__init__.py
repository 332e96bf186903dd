"""The PPTX writer: places what deck/ decided."""
from kethandout.render.pptx.writer import render_deck

__all__ = ["render_deck"]
