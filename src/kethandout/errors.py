"""Diagnostics: problems found in user input, reported as data, never as tracebacks."""
from __future__ import annotations

from dataclasses import dataclass


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
        return f"{text}; {self.hint}" if self.hint else text


class InputError(Exception):
    """Raised with every diagnostic found when input cannot be used."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics

    def __reduce__(self):  # crosses process boundaries whole (batch builds, the deck's process)
        return InputError, (self.diagnostics,)
