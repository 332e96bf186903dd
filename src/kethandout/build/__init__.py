"""Content -> documents: resolve a target (jobs.py), compose and render each document in
memory (pipeline.py), then write them all or none (files.py)."""
from kethandout.build.pipeline import (
    build,
    build_consent,
    build_deck,
    build_handout,
    build_page,
)

__all__ = ["build", "build_consent", "build_deck", "build_handout", "build_page"]
