"""Renderers: composed blocks -> the bytes of one output.

A build runs the handout's and the deck's renderers in child processes that start before
the content is loaded (fork.Forked), so that importing ReportLab and python-pptx there
overlaps with importing pydantic and Jinja2 here."""
from __future__ import annotations

from kethandout.fork import Deferred, Forked, worker

RENDERERS = {"handout": "kethandout.render.pdf:render_handout", "deck": "kethandout.render.pptx:render_slides"}
# The handout renders in less time than the deck and is sent last. At a lower priority, its
# process leaves two cores to this one and the deck's while the three compete (7% off a
# build on two cores); it still has a core to itself whenever one is free.
NICE = {"handout": 10}


def start_renderers(only: str | None = None, parallel: bool = True) -> dict[str, Forked | Deferred]:
    """The renderers a build needs (the web page needs none: it renders in this process)."""
    return {kind: worker(target, parallel, NICE.get(kind, 0))
            for kind, target in RENDERERS.items() if only in (None, kind)}
