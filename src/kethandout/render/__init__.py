"""Renderers: composed blocks -> the bytes of one output.

A build runs the handout's and the deck's renderers in child processes that start before
the content is loaded (fork.Forked), so that importing ReportLab and python-pptx there
overlaps with importing pydantic and Jinja2 here."""
from __future__ import annotations

from kethandout.fork import Deferred, Forked, worker

RENDERERS = {"handout": "kethandout.render.pdf:render_handout", "deck": "kethandout.render.pptx:render_slides"}


def start_renderers(only: str | None = None, parallel: bool = True) -> dict[str, Forked | Deferred]:
    """The renderers a build needs (the web page needs none: it renders in this process)."""
    return {kind: worker(target, parallel) for kind, target in RENDERERS.items() if only in (None, kind)}
