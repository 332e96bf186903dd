"""Writing outputs: a set of files is replaced all or nothing, never through a link, and
Ctrl-C waits until the set is written."""
from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from kethandout.errors import Code, Diagnostic, InputError


@dataclass(frozen=True)
class Output:
    path: Path
    data: bytes


@contextlib.contextmanager
def ctrl_c_deferred():
    """Ctrl-C waits until the block is done, then arrives: for writing a set of files, and for
    ReportLab's layout, whose bare `except:` clauses can swallow a KeyboardInterrupt and go on
    with a different layout. Only the main thread can hold the signal back."""
    can_block = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    if can_block:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if can_block:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a pending Ctrl-C arrives now


def write_outputs(outputs: list[Output], root: Path) -> list[Path]:
    """Write a build's outputs all or none: each to a temporary file beside its target first,
    then all renamed. A failure while writing (a full disk) removes the temporaries and any
    folder made for them, so every earlier file stays as it was. root: the output folder;
    nothing below it is written through a symbolic link. Ctrl-C waits until the writing is
    done (a fraction of a second), so it never leaves a temporary file or half a set."""
    with ctrl_c_deferred():
        return _write_all(outputs, root)




def _write_all(outputs: list[Output], root: Path) -> list[Path]:
    made: list[Path] = []
    temporaries: list[tuple[str, Path]] = []
    try:
        for output in outputs:
            made += _make_folder(output.path.parent, root)
            _refuse_link(output.path)
            temporaries.append((_write_temporary(output.path, output.data), output.path))
    except BaseException:
        for temporary, _ in temporaries:
            os.unlink(temporary)
        for folder in reversed(made):
            folder.rmdir()
        raise
    return _rename_all(temporaries)


def _rename_all(temporaries: list[tuple[str, Path]]) -> list[Path]:
    """Renaming within a folder needs no space, so it fails only when the folder itself does;
    the message then says which files were replaced and which were not."""
    done: list[Path] = []
    for n, (temporary, path) in enumerate(temporaries):
        try:
            os.replace(temporary, path)
        except OSError as exc:
            for left, _ in temporaries[n:]:
                os.unlink(left)
            written = ", ".join(p.name for p in done) or "none"
            raise InputError([Diagnostic("error", Code.CANNOT_WRITE, f"cannot write {path}: {exc.strerror}; already "
                                         f"replaced: {written}", str(path))]) from None
        done.append(path)
    return done


def _make_folder(folder: Path, root: Path) -> list[Path]:
    """Make the folder (root, or a clinic's inside it) where it is missing; the folders made,
    outermost first. A link below root is refused: it could lead anywhere."""
    made = []
    # 'out/../x' must not make 'out': the folders are those the system will use.
    folder, root = Path(os.path.normpath(folder)), Path(os.path.normpath(root))
    for part in reversed([folder, *folder.parents]):
        if root in part.parents and part.is_symlink():
            raise _cannot_write(part, _A_LINK)
        if not part.exists():
            try:
                part.mkdir()
            except OSError as exc:
                raise _cannot_write(part, exc.strerror) from None
            made.append(part)
    return made


_A_LINK = "it is a symbolic link, and kethandout does not write through links"


def _refuse_link(path: Path) -> None:
    """Checked before anything is renamed: a target that cannot be replaced by a file."""
    if path.is_symlink():
        raise _cannot_write(path, _A_LINK)
    if path.exists() and not path.is_file():
        raise _cannot_write(path, "something that is not a file (a folder?) is in its place")


def _cannot_write(path: Path, why: str) -> InputError:
    return InputError([Diagnostic("error", Code.CANNOT_WRITE, f"cannot write {path}: {why}", str(path))])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temporary(path: Path, data: bytes) -> str:
    """The data in a new temporary file beside path (mkstemp: never an existing file or link)."""
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc.strerror) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600 files; outputs are for sharing
    except BaseException as exc:
        os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc.strerror) from None
        raise
    return temporary


def replace_file(path: Path, text: str) -> None:
    """An input file's new text (an approval, stamped hashes), written whole or not at all,
    with the file's own permissions kept (a private file stays private)."""
    mode = path.stat().st_mode & 0o777
    write_outputs([Output(path, text.encode("utf-8"))], path.parent)
    path.chmod(mode)
