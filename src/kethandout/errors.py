"""Diagnostics: problems found in user input, reported as data, never as tracebacks."""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass

# Control characters, the line separators, the bidirectional controls (which reorder what a
# terminal shows: a file name with U+202E reads backwards) and the lone surrogates that stand
# for the undecodable bytes of a file name.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                          "\ud800-\udfff]")


def printable(text: str) -> str:
    """Control and bidirectional characters shown escaped (\\x1b, \\u202e), so no input can
    drive or reorder the terminal; an undecodable byte of a file name as \\xff."""
    return _UNPRINTABLE.sub(_escaped, text)


def _escaped(match: re.Match) -> str:
    char = ord(match.group())
    if 0xDC80 <= char <= 0xDCFF:  # a byte of a file name that is not UTF-8 (os.fsdecode's escape)
        return f"\\x{char - 0xDC00:02x}"
    return repr(match.group())[1:-1] if char < 0x100 else f"\\u{char:04x}"


class Code(str, enum.Enum):
    """Every diagnostic's code: what `check --format json` and GitHub annotations name, and what
    a user searches the README for. A new problem gets a new member here, never a free string."""

    BAD_APPROVAL = "bad-approval"
    BAD_DECK_TEMPLATE = "bad-deck-template"
    BAD_DOI = "bad-doi"
    BAD_KEY = "bad-key"
    BAD_REVIEW_DATES = "bad-review-dates"
    BAD_VALUE = "bad-value"
    CANNOT_APPROVE = "cannot-approve"
    CANNOT_SERVE = "cannot-serve"
    CANNOT_WRITE = "cannot-write"
    CHANGED_SINCE_APPROVAL = "changed-since-approval"
    CONTROL_CHARACTER = "control-character"
    CORRUPT_IMAGE = "corrupt-image"
    DOES_NOT_FIT = "does-not-fit"
    DUPLICATE_CLINIC_ID = "duplicate-clinic-id"
    DUPLICATE_DOI = "duplicate-doi"
    DUPLICATE_ID = "duplicate-id"
    DUPLICATE_KEY = "duplicate-key"
    EMERGENCY_NUMBER_IN_TEXT = "emergency-number-in-text"
    EMPTIED_SECTION = "emptied-section"
    EMPTY_FILE = "empty-file"
    EMPTY_VALUE = "empty-value"
    EXTRA_TRANSLATION = "extra-translation"
    FILE_EXISTS = "file-exists"
    FILE_NOT_FOUND = "file-not-found"
    FILE_SYSTEM = "file-system"
    FILE_TOO_LARGE = "file-too-large"
    FILE_UNREADABLE = "file-unreadable"
    GIT_REVISION = "git-revision"
    IMAGE_TOO_LARGE = "image-too-large"
    LOW_CONTRAST = "low-contrast"
    MISSING_FIELD = "missing-field"
    MISSING_PART = "missing-part"
    MISSING_SECTION = "missing-section"
    MISSING_STRING = "missing-string"
    MISSING_TRANSLATION = "missing-translation"
    NEEDS_REVIEW = "needs-review"
    NESTING_TOO_DEEP = "nesting-too-deep"
    NO_EVIDENCE = "no-evidence"
    NO_HOME_USE = "no-home-use"
    NOT_A_FILE = "not-a-file"
    NOT_APPROVED = "not-approved"
    NOT_UTF8 = "not-utf8"
    NUMBER_NOT_IN_EVIDENCE = "number-not-in-evidence"
    OPEN_REVIEW_FLAGS = "open-review-flags"
    PAGE_BUDGET = "page-budget"
    PRODUCT_IN_SHARED_ITEM = "product-in-shared-item"
    PRODUCT_MISMATCH = "product-mismatch"
    PRODUCT_WITHOUT_ROUTE = "product-without-route"
    QUIZ_TOO_LONG = "quiz-too-long"
    QUOTE_NOT_CITED = "quote-not-cited"
    READ_ONLY = "read-only"
    READING_LEVEL = "reading-level"
    RESERVED_ID = "reserved-id"
    REVIEW_DUE_SOON = "review-due-soon"
    REVIEW_OVERDUE = "review-overdue"
    SAME_OUTPUT = "same-output"
    SMALL_BODY = "small-body"
    STALE_TRANSLATION = "stale-translation"
    TEMPLATE_ERROR = "template-error"
    TEMPLATE_NOT_FOUND = "template-not-found"
    TEMPLATE_SYNTAX = "template-syntax"
    TOO_LARGE = "too-large"
    TOO_LONG = "too-long"
    TRANSLATION_NOT_APPROVED = "translation-not-approved"
    TRANSLATION_NUMBERS_DIFFER = "translation-numbers-differ"
    TRANSLATION_SPLITS_A_STEP = "translation-splits-a-step"
    LONG_DECK = "long-deck"
    UNCITED_CLAIM = "uncited-claim"
    UNCITED_NUMBER = "uncited-number"
    UNDEFINED_TERM = "undefined-term"
    UNKNOWN_ENTRY = "unknown-entry"
    UNKNOWN_FIELD = "unknown-field"
    UNKNOWN_ICON = "unknown-icon"
    UNKNOWN_LANGUAGE = "unknown-language"
    UNKNOWN_PRODUCT = "unknown-product"
    UNKNOWN_REFERENCE = "unknown-reference"
    UNKNOWN_RISK = "unknown-risk"
    UNKNOWN_ROUTE = "unknown-route"
    UNPRINTABLE_CHARACTER = "unprintable-character"
    UNSOURCED_FOR_PRODUCT = "unsourced-for-product"
    UNSUPPORTED_IMAGE = "unsupported-image"
    UNUSABLE_DECK_TEMPLATE = "unusable-deck-template"
    UNUSED_REFERENCE = "unused-reference"
    WRONG_LENGTH = "wrong-length"
    WRONG_TYPE = "wrong-type"
    YAML_SYNTAX = "yaml-syntax"
    YAML_TAG = "yaml-tag"

    __str__ = str.__str__  # the code itself wherever it is printed
    __format__ = str.__format__


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" or "warning"
    code: Code  # short kebab-case name, e.g. "unknown-field" (given as text, it must be a Code's)
    message: str
    file: str
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based
    hint: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "code", Code(self.code))  # an unknown code is a bug: ValueError

    def format(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        text = f"{where}: {self.severity}[{self.code}]: {self.message}"
        return printable(f"{text}; {self.hint}" if self.hint else text)


class InputError(Exception):
    """Raised with every diagnostic found when input cannot be used."""

    def __init__(self, diagnostics: list[Diagnostic], near: str | None = None):
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics
        self.near = near  # the text a layout problem was found in: the build says which content line made it

    def __reduce__(self):  # crosses process boundaries whole (a clinic batch's worker processes)
        return InputError, (self.diagnostics, self.near)


class TemplateMisuse(ValueError):
    """A template called one of kethandout's functions with what it cannot use (t() without a
    value its text names): reported at the template's line, where an error of kethandout's own
    code is reported as an internal error."""
