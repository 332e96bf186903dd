"""Diagnostics: problems found in user input, reported as data, never as tracebacks."""
from __future__ import annotations

import re
from dataclasses import dataclass

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """Control characters shown escaped (\\x1b), so no input can drive the terminal."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1] if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                            text)


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" or "warning"
    code: str  # short kebab-case name, e.g. "unknown-field"
    message: str
    file: str
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based
    hint: str | None = None

    def format(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        text = f"{where}: {self.severity}[{self.code}]: {self.message}"
        return printable(f"{text}; {self.hint}" if self.hint else text)


class InputError(Exception):
    """Raised with every diagnostic found when input cannot be used."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics

    def __reduce__(self):  # crosses process boundaries whole (batch builds, the deck's process)
        return InputError, (self.diagnostics,)
