"""A private folder for what is slow to compute and the same on every run: the compiled
templates and the parsed hyphenation patterns. It is Jinja2's own folder in the temp
directory, which Jinja2 creates for the current user only (mode 0700) and refuses to use
when another user owns it, so nothing another user wrote is ever loaded."""
from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

import jinja2


@cache
def folder() -> Path | None:
    """None when there is no safe temp folder: everything is then computed each time."""
    try:
        return Path(jinja2.FileSystemBytecodeCache().directory)
    except (OSError, RuntimeError):
        return None


def read(name: str) -> bytes | None:
    try:
        return (folder() / name).read_bytes() if folder() else None
    except OSError:
        return None


def write(name: str, data: bytes) -> None:
    """Write beside the target and rename, so a reader never sees half a file; a cache that
    cannot be written is no error."""
    if folder() is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=folder())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, folder() / name)
    except OSError:
        pass
