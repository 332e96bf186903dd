"""The fixed strings of the outputs (headings, labels, footers) in each language.

English is the source: a key is the English text, `{name}` marks a value filled in later.
Other languages have a catalogue in locales/<lang>.yaml; a string missing from it is an
error, so no English can slip into a translated document."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from kethandout.errors import Code, Diagnostic, InputError, TemplateMisuse

CATALOGUES = Path(__file__).resolve().parent / "locales"
ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"]


@dataclass(frozen=True)
class Locale:
    language: str  # the primary subtag: "en", "es"
    strings: dict[str, str]
    months: tuple[str, ...]
    date_format: str  # "{month} {day}, {year}"

    def t(self, key: str, **values: object) -> str:
        """The translation of an English string, with its {placeholders} filled in."""
        if self.language == "en":
            text = key
        elif key in self.strings:
            text = self.strings[key]
        else:
            raise InputError([Diagnostic("error", Code.MISSING_STRING, f"no {self.language} translation for the "
                                         f"fixed string '{key}'", str(CATALOGUES / f"{self.language}.yaml"),
                                         hint="add it to the catalogue")])
        return _fill(text, values) if values else text

    def date(self, day: dt.date) -> str:
        return self.date_format.format(month=self.months[day.month - 1], day=day.day, year=day.year)


ENGLISH = Locale("en", {}, tuple(ENGLISH_MONTHS), "{month} {day}, {year}")
_FIELD = re.compile(r"\{(\w+)\}")


def _fill(text: str, values: dict) -> str:
    """`{name}` replaced by its value, and nothing else: templates call t() with strings of
    their own, and str.format would let "{x.__class__...}" walk Python objects outside the
    sandbox."""
    def value(match: re.Match) -> str:
        if match.group(1) not in values:
            raise TemplateMisuse(f"'{text}' has {{{match.group(1)}}}, but no value was given for it")
        return str(values[match.group(1)])
    return _FIELD.sub(value, text)


@cache
def locale_for(language: str) -> Locale:
    """The locale of a language tag ("es-US" -> Spanish); English needs no catalogue."""
    primary = language.split("-")[0].lower()
    if primary == "en":
        return ENGLISH
    path = CATALOGUES / f"{primary}.yaml"
    if not path.is_file():
        raise InputError([Diagnostic("error", Code.UNKNOWN_LANGUAGE, f"no catalogue for language '{language}'",
                                     str(path), hint=f"available: en, {', '.join(available())}")])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Locale(primary, data["strings"], tuple(data["months"]), data["date_format"])


RIGHT_TO_LEFT = {"ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"}


def right_to_left(language: str) -> bool:
    """Whether a language ("ar", "he-IL") is written right to left."""
    return language.split("-")[0].lower() in RIGHT_TO_LEFT


def available() -> list[str]:
    return sorted(p.stem for p in CATALOGUES.glob("*.yaml"))
