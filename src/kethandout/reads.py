"""The input files a build reads, noted where they are read (the content loader, the template
loader, the deck design, a clinic's logo): the rebuild skip and `watch` key on exactly these,
since a file no build read cannot change its documents. A folder is noted for its listing
(a template added to --templates, a profile added to --clinics)."""
from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

_recorders: list[dict[Path, str]] = []


def note(path: Path | str, data: bytes | None = None, seen: str | None = None) -> None:
    """`path` is read now (or looked for: a missing file that would be read counts too);
    data: the bytes read, when the caller has them; seen: its fingerprint when it was read
    (by a clinic batch's worker, or for a result kept from earlier). The fingerprint is taken
    now otherwise, so that a file saved again while the build runs counts as changed afterwards."""
    if not _recorders:
        return
    absolute = Path(os.path.abspath(path))
    if all(absolute in recorder for recorder in _recorders):
        return
    if seen is None:
        seen = hashlib.sha256(data).hexdigest() if data is not None else fingerprint(absolute)
    for recorder in _recorders:
        recorder.setdefault(absolute, seen)


@contextlib.contextmanager
def recording() -> Iterator[dict[Path, str]]:
    """{path: its fingerprint when read} for the paths noted inside the block (blocks may
    nest: each records what is read in it)."""
    found: dict[Path, str] = {}
    _recorders.append(found)
    try:
        yield found
    finally:
        del _recorders[next(i for i, recorder in enumerate(_recorders) if recorder is found)]  # (not ==: dicts)


class NotRegularFile(OSError):
    """A FIFO, a device or a folder where a file was to be read."""


class TooLarge(OSError):
    """A file larger than the reader takes (its size is the exception's `size`)."""

    def __init__(self, size: int):
        super().__init__(f"{size:,} bytes")
        self.size = size


def read_regular(path: Path | str, limit: int, refuse_larger: bool = False) -> bytes:
    """At most limit + 1 bytes of a regular file (the one more tells a file over the limit),
    opened without blocking: a FIFO would block and /dev/zero never ends (NotRegularFile).
    refuse_larger: a file whose size is over the limit is not read at all (TooLarge)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(f"{path} is not a regular file")
        if refuse_larger and info.st_size > limit:
            raise TooLarge(info.st_size)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    finally:
        os.close(fd)


def fingerprint(path: Path) -> str:
    """What a path holds now, for telling a change: a file's SHA-256, read in blocks (a file
    that has grown huge costs time, never memory), a folder's listing, or what stands there
    instead. Nothing that is not a regular file or folder is opened (a FIFO would block)."""
    try:
        info = os.stat(path)
    except OSError:
        return "missing"
    if stat.S_ISDIR(info.st_mode):
        try:
            names = sorted(os.listdir(path))
        except OSError:
            return "unreadable folder"
        return "folder " + hashlib.sha256("\n".join(names).encode("utf-8", "surrogateescape")).hexdigest()
    if not stat.S_ISREG(info.st_mode):
        return "not a file"
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return "unreadable"
    return digest.hexdigest()
