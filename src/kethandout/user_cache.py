"""A private folder for what is slow to compute and the same on every run: the compiled
templates, the parsed hyphenation patterns, the handout font's character set, the deck
font's word widths and the pictograms as PDF drawing operators.

It is the per-user cache folder (platformdirs: ~/.cache/kethandout on Linux), one subfolder
per cache format, older formats removed. It is used only when it belongs to the current
user and no one else may write to it (mode 0700, not a link), so nothing another user wrote
is ever loaded; everything but Jinja2's compiled templates is kept as JSON, data rather
than code. KETHANDOUT_NO_CACHE=1 turns it off: everything is then computed each time."""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from functools import cache
from pathlib import Path

FORMAT = "2"  # raise it when what a file holds changes: the older folders are removed


@cache
def folder() -> Path | None:
    """None when caching is off or there is no safe folder."""
    if os.environ.get("KETHANDOUT_NO_CACHE"):
        return None
    from platformdirs import user_cache_path

    root = user_cache_path("kethandout", appauthor=False)
    path = root / f"format-{FORMAT}"
    try:
        for part in (root, path):  # the root is checked before anything is made inside it
            part.mkdir(mode=stat.S_IRWXU, parents=True, exist_ok=True)
            info = part.lstat()
            if os.name != "nt" and info.st_uid == os.getuid() and stat.S_ISDIR(info.st_mode):
                part.chmod(stat.S_IRWXU)  # mkdir's mode is narrowed by the umask
            if not _private(part):
                return None
    except OSError:
        return None
    _prune(root, keep=path.name)
    return path


def _private(path: Path) -> bool:
    if os.name == "nt":  # per-user folders under the profile
        return path.is_dir() and not path.is_symlink()
    info = path.lstat()
    return info.st_uid == os.getuid() and stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) == stat.S_IRWXU


def _prune(root: Path, keep: str) -> None:
    """Remove the folders of older cache formats."""
    for old in root.glob("format-*"):
        if old.name != keep and old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)


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
