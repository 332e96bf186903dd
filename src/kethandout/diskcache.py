"""A private folder for what is slow to compute and the same on every run: the compiled
templates, the parsed hyphenation patterns, the handout font's character set and the deck
font's word widths. It is the folder Jinja2 uses in the temp directory, made and checked as
Jinja2 does: for the current user only (mode 0700), and refused when it is anything else
(another user's, a link), so nothing another user wrote is ever loaded. The check is done
here rather than by Jinja2 so that the deck's process need not import Jinja2."""
from __future__ import annotations

import os
import stat
import tempfile
from functools import cache
from pathlib import Path


@cache
def folder() -> Path | None:
    """None when there is no safe temp folder: everything is then computed each time."""
    if os.name == "nt":  # per-user temp folders (as Jinja2 assumes)
        return Path(tempfile.gettempdir())
    path = Path(tempfile.gettempdir()) / f"_jinja2-cache-{os.getuid()}"
    try:
        path.mkdir(mode=stat.S_IRWXU, exist_ok=True)
        info = path.lstat()
        if info.st_uid == os.getuid() and stat.S_ISDIR(info.st_mode):
            path.chmod(stat.S_IRWXU)  # mkdir's mode is narrowed by the umask
            info = path.lstat()
    except OSError:
        return None
    private = info.st_uid == os.getuid() and stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) == stat.S_IRWXU
    return path if private else None


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
