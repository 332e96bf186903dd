"""Renderers: composed blocks -> the bytes of one output.

A build runs the handout's and the deck's renderers in child processes that start before
the content is loaded (fork.Forked), so that importing ReportLab and python-pptx there
overlaps with importing pydantic and Jinja2 here."""
from __future__ import annotations

# This process and both renderers use the document model, the theme and the fonts: imported
# here, before the renderers start, each child has them from the fork instead of importing
# them again (3% of a build's instructions).
from kethandout.compose import doc
from kethandout.fork import Deferred, Forked, worker
from kethandout.style import fonts, theme

SHARED_WITH_THE_RENDERERS = (doc, fonts, theme)

RENDERERS = {"handout": "kethandout.render.pdf:render_handout", "deck": "kethandout.render.pptx:render_slides"}
# Both renderers run at a lower priority: until the documents are sent, this process (the
# longest path of a build) keeps a core to itself while the two share the other one to import
# their libraries (2-7% off a build on two cores, depending on the machine's load).
NICE = 10


def start_renderers(only: str | None = None, parallel: bool = False) -> dict[str, Forked | Deferred]:
    """The renderers a build needs (the web page needs none: it renders in this process)."""
    needed = {"consent": "handout", "review": "handout"}.get(only, only)  # PDFs as the handout is
    return {kind: worker(target, parallel, NICE)
            for kind, target in RENDERERS.items() if needed in (None, kind)}
