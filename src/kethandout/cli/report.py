"""Exit codes and how findings are shown: text (coloured on a terminal), JSON, or GitHub
annotations. Every command reports through here."""
from __future__ import annotations

import contextlib
import os
import sys

from kethandout.errors import Code, Diagnostic, printable

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports it (128 + SIGINT)



def report(diagnostics: list[Diagnostic], stderr: bool = True) -> None:
    """One line per diagnostic, coloured on a terminal."""
    if not diagnostics:
        return  # rich takes 50 ms to load
    from rich.console import Console
    from rich.markup import escape

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # rich would exit with 1: the findings decide the code
            raise BrokenPipeError

    # (no emoji codes: ":100:" in "c.yaml:100:5" would become an emoji and the line be lost)
    console = _Console(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)
    colours = {"error": "bold red", "warning": "yellow"}
    for d in diagnostics:
        text = escape(d.format()).replace(f"{d.severity}[", f"[{colours[d.severity]}]{d.severity}[/][", 1)
        console.print(text)



def file_system_problem(exc: OSError) -> Diagnostic:
    """What the file system said, naming the path as the user gave it (or standard output)."""
    import errno

    name = exc.filename if isinstance(exc.filename, str) else os.fsdecode(exc.filename) if exc.filename else None
    reason = exc.strerror or str(exc) or type(exc).__name__
    hints = {errno.ELOOP: "a link in the path points back at itself: give the real file or folder",
             errno.ENAMETOOLONG: "give a shorter path", errno.ENOSPC: "free some disk space, then run it again",
             errno.EACCES: "check the file's or folder's permissions", errno.EROFS: "write somewhere writable"}
    return Diagnostic("error", Code.CANNOT_WRITE if exc.errno in (errno.ENOSPC, errno.EROFS) else Code.FILE_SYSTEM,
                      f"the file system refused it: {reason}", name or "standard output", hint=hints.get(exc.errno))


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"



@contextlib.contextmanager
def stdout_may_close():
    """A reader that stops early (`kethandout check | head`) loses the rest of the text, never
    the exit code: later writes go to the null device."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())



def print_json(found: list[Diagnostic], grades=()) -> None:
    import json
    from dataclasses import asdict

    errors = sum(d.severity == "error" for d in found)
    report = {"diagnostics": [asdict(d) for d in found], "errors": errors, "warnings": len(found) - errors}
    if grades:
        report["grades"] = [{"name": g.name, "flesch_kincaid": g.flesch_kincaid, "smog": g.smog} for g in grades]
    print(json.dumps(report, indent=2))



def print_github(found: list[Diagnostic]) -> None:
    """GitHub Actions workflow commands: each finding appears on its line in the pull request."""
    def escape(text: str, property_value: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if property_value else text

    for d in found:
        where = f"file={escape(d.file, True)}" + (f",line={d.line},col={d.col or 1}" if d.line else "")
        message = f"{d.message}; {d.hint}" if d.hint else d.message
        print(printable(f"::{d.severity} {where},title={escape(d.code, True)}::{escape(message)}"))



def report_before_build(found: list[Diagnostic]) -> None:
    """Warnings in full, except the needs-review list, which `check` prints, and that the
    content is not approved, which every document says."""
    review = [d for d in found if d.code == Code.NEEDS_REVIEW and d.severity == "warning"]
    drafts = [d for d in found if d.code in (Code.NOT_APPROVED, Code.TRANSLATION_NOT_APPROVED) and d.severity == "warning"]
    report([d for d in found if d not in review and d not in drafts])
    if review:
        print(f"note: {len(review)} items are marked needs_review; `kethandout check` lists them", file=sys.stderr)
    if drafts:
        print("note: the content is not approved: the documents say DRAFT (see `kethandout approve --help`)",
              file=sys.stderr)

