"""A content file as it was at a git revision (`git:REV`, for `diff` and `--changes-since`).
The standard library only at the top: the rebuild skip asks which commit a revision names."""
from __future__ import annotations

import subprocess
from pathlib import Path

from kethandout.errors import Code, Diagnostic, InputError


def load_side(spec: str, new_path: Path):
    """(content, name) of a content file, or of `git:REV`: NEW's file at that revision."""
    from kethandout.content.validate import load_content_located

    if not spec.startswith("git:"):
        return load_content_located(Path(spec))[0], spec
    revision = spec[4:] or "HEAD"
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=new_path.resolve().parent,
                             capture_output=True, text=True, check=True).stdout.strip()
        relative = new_path.resolve().relative_to(Path(top).resolve()).as_posix()
        commit = _commit(revision, Path(top))
        raw = subprocess.run(["git", "show", f"{commit}:{relative}"], cwd=top, capture_output=True,
                             check=True).stdout
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or (str(exc) if isinstance(exc, ValueError) else b"")
        detail = detail.decode(errors="replace").strip() if isinstance(detail, bytes) else str(detail).strip()
        detail = detail or "no such commit"
        raise InputError([Diagnostic("error", Code.GIT_REVISION, f"cannot read {new_path} at revision {revision!r}"
                                     + (f": {detail.splitlines()[-1]}" if detail else ""), spec)])
    name = f"{new_path}@{revision}"
    return load_content_located(new_path, raw=raw, name=name)[0], name


def commit_of(spec: str, content: Path) -> str:
    """The commit `git:REV` names now (a new commit moves HEAD), or "" when it names none."""
    try:
        return _commit(spec[4:] or "HEAD", Path(content).resolve().parent)
    except (OSError, ValueError, subprocess.SubprocessError):
        return ""


def _commit(revision: str, folder: Path) -> str:
    """The revision resolved to one commit first: it never reaches git as an option."""
    if revision.startswith("-") or any(ch in revision for ch in ": \t\n"):
        raise ValueError(f"{revision!r} is not a revision")
    return subprocess.run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"],
                          cwd=folder, capture_output=True, text=True, check=True, timeout=20).stdout.strip()
