"""Reading level of the patient text: Flesch-Kincaid grade and SMOG, per handout section and
per item. SMOG reads about 3 grades stricter than Flesch-Kincaid, so both are reported; a
section above the maximum by either is an error.

The formulas are computed as textstat 0.7.3 computes them, on the same counts: words split
at spaces once punctuation is removed, syllables from pyphen's hyphenation points, and
sentences by textstat's pattern, fragments of two words or fewer left out. They are written
out here because importing textstat took half a second, a fifth of a build (it loads
pkg_resources); tests/test_readability.py checks that the results equal textstat's."""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pyphen

from kethandout import user_cache
from kethandout.compose import doc
from kethandout.content.load import Located
from kethandout.content.paths import label
from kethandout.content.schema import Content
from kethandout.content.texts import patient_prose
from kethandout.errors import Code, Diagnostic

CITATION = re.compile(r"\s*\[\d+(?:, \d+)*\]")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
SKIPPED_DIVS = {"notes", "sources", "sources-link", "glossary", "write-in", "signatures"}  # not reading text: notes, sources, the hard words themselves, form labels


_PUNCTUATION = re.compile(r"[^\w\s]")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


@dataclass(frozen=True)
class Counts:
    words: int
    sentences: int
    syllables: int
    polysyllables: int  # words of three syllables or more


@cache
def _hyphenator(language: str) -> pyphen.Pyphen:
    """Parsing pyphen's English patterns took 0.2 s of every build; a copy of the parsed
    patterns, kept as JSON (data, never code) in the private cache folder and keyed by
    pyphen's version, loads in a tenth of that."""
    path = pyphen.LANGUAGES[pyphen.language_fallback(language)]
    name = f"pyphen-{pyphen.__version__}-{path.name}.json"
    if not isinstance(getattr(pyphen, "hdcache", None), dict):  # pyphen's own cache, not public API
        return pyphen.Pyphen(lang=language)
    if path not in pyphen.hdcache:
        patterns = _cached_patterns(name)
        if patterns is None:
            patterns = pyphen.HyphDict(path)
            kept = {"maxlen": patterns.maxlen, "patterns": patterns.patterns}
            user_cache.write(name, json.dumps(kept).encode())
        pyphen.hdcache[path] = patterns
    return pyphen.Pyphen(lang=language)


def _cached_patterns(name: str) -> pyphen.HyphDict | None:
    """The patterns kept by an earlier run, or None when they are missing or damaged."""
    try:
        kept = json.loads(user_cache.read(name))
        patterns = pyphen.HyphDict.__new__(pyphen.HyphDict)  # filled as HyphDict(path) fills it
        patterns.patterns = {str(key): (int(offset), tuple(int(v) for v in values))
                             for key, (offset, values) in kept["patterns"].items()}
        patterns.maxlen, patterns.cache = int(kept["maxlen"]), {}
        return patterns
    except (TypeError, ValueError, KeyError, AttributeError):
        return None


@lru_cache(maxsize=1024)  # each formula counts the same text again
def counts(text: str, language: str = "en_US") -> Counts:
    hyphenator = _hyphenator(language)
    per_word = [_syllables(word, hyphenator) for word in text.split()]
    sentences = sum(len(_PUNCTUATION.sub("", s).split()) > 2 for s in _SENTENCE.findall(text))
    return Counts(len(_PUNCTUATION.sub("", text).split()), max(1, sentences), sum(per_word),
                  sum(n >= 3 for n in per_word))


@lru_cache(maxsize=8192)  # a handout uses about a thousand words, most of them many times
def _syllables(word: str, hyphenator: pyphen.Pyphen) -> int:
    return sum(len(hyphenator.positions(part)) + 1 for part in _PUNCTUATION.sub("", word.lower()).split())


def _round(number: float, points: int) -> float:
    """Half away from zero, as textstat rounds."""
    scale = 10 ** points
    return math.floor(number * scale + math.copysign(0.5, number)) / scale


def _averages(c: Counts) -> tuple[float, float]:
    """(words per sentence, syllables per word), rounded to 0.1 as textstat does."""
    return _round(c.words / c.sentences, 1), (_round(c.syllables / c.words, 1) if c.words else 0.0)


def flesch_kincaid_grade(text: str) -> float:
    sentence_length, syllables_per_word = _averages(counts(text))
    return _round(0.39 * sentence_length + 11.8 * syllables_per_word - 15.59, 1)


def _smog(smog: float) -> str:
    """SMOG as a message says it: it means nothing below three sentences."""
    return f"{smog:.1f} (SMOG)" if smog else "SMOG not applicable (under 3 sentences)"


def smog_index(text: str) -> float:
    """0 below three sentences, where SMOG means nothing."""
    c = counts(text)
    if c.sentences < 3:
        return 0.0
    return _round(1.043 * (30 * c.polysyllables / c.sentences) ** 0.5 + 3.1291, 1)


def szigriszt_pazos(text: str) -> float:
    c = counts(text, "es")
    if not c.words:
        return 0.0
    return _round(206.84 - 62.3 * c.syllables / c.words - c.words / c.sentences, 2)


def fernandez_huerta(text: str) -> float:
    sentence_length, syllables_per_word = _averages(counts(text, "es"))
    return _round(206.84 - 60 * syllables_per_word - 1.02 * sentence_length, 2)


@dataclass(frozen=True)
class Grade:
    name: str
    text: str
    flesch_kincaid: float
    smog: float  # 0 below 3 sentences


def grade(name: str, text: str) -> Grade:
    return Grade(name, text, flesch_kincaid_grade(text), smog_index(text))


def handout_sections(blocks: tuple[doc.Block, ...]) -> list[tuple[str, str]]:
    """(heading, text) for each `##` section of the handout, citations removed; list items and
    table cells are closed with a full stop so that they count as sentences."""
    sections: list[tuple[str, list[str]]] = []

    def add(text: str) -> None:
        text = CITATION.sub("", text).strip()
        if text and sections:
            sections[-1][1].append(text if text[-1] in ".!?:" else text + ".")

    def walk(blocks) -> None:
        for block in blocks:
            if isinstance(block, doc.Heading) and block.level <= 2:
                sections.append((doc.plain(block.text).strip(), []))
            elif isinstance(block, doc.Paragraph):
                add(doc.plain(block.text))
            elif isinstance(block, doc.BulletList):
                for item in block.items:
                    add(doc.plain(item))
            elif isinstance(block, doc.Table):
                for row in block.rows:
                    for cell in row:
                        add(doc.plain(cell))
            elif isinstance(block, doc.Div) and not SKIPPED_DIVS & set(block.classes):
                walk(block.children)

    walk(blocks)
    return [(name, " ".join(parts)) for name, parts in sections if parts]


def _sentences(text: str) -> list[str]:
    """The sentences of a text long enough for a formula to rank."""
    return [s for s in SENTENCE_END.split(text) if len(s.split()) > 3]


def hardest_sentences(text: str, count: int = 2) -> list[str]:
    return sorted(_sentences(text), key=flesch_kincaid_grade, reverse=True)[:count]


# Spanish: Szigriszt-Pazos on the INFLESZ scale (higher is easier): below 40 "muy difícil",
# 40-55 "algo difícil", 55-65 "normal". Fernández-Huerta is reported beside it.
SPANISH_ERROR_BELOW, SPANISH_WARN_BELOW = 40.0, 55.0


def spanish_scores(text: str) -> tuple[float, float]:
    """(Szigriszt-Pazos, Fernández-Huerta) of a Spanish text."""
    return szigriszt_pazos(text), fernandez_huerta(text)


def check(content: Content, located: Located, handout: tuple[doc.Block, ...], options) -> list[Diagnostic]:
    if content.meta.language.lower().startswith("es"):
        return _check_spanish(located, handout)
    found: list[Diagnostic] = []
    items = list(patient_prose(located))
    for name, text in handout_sections(handout):
        result = grade(name, text)
        if max(result.flesch_kincaid, result.smog) > options.max_grade:
            severity, limit = "error", options.max_grade
        elif result.flesch_kincaid > options.warn_grade:  # SMOG runs ~3 grades higher: FK alone warns
            severity, limit = "warning", options.warn_grade
        else:
            continue
        quotes = hardest_sentences(text)
        path = _source_of(quotes[0] if quotes else text, items)
        quoted = " | ".join(f'"{_short(q)}"' for q in quotes)
        found.append(located.diagnostic(
            path, Code.READING_LEVEL,
            f"section '{name}' reads at grade {result.flesch_kincaid:.1f} (Flesch-Kincaid) and "
            f"{_smog(result.smog)}, above {limit:g}; hardest: {quoted}",
            severity=severity, hint=f"shorter sentences and everyday words (here: {label(path)})"))
    return found


def _check_spanish(located: Located, handout: tuple[doc.Block, ...]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    items = list(patient_prose(located))
    for name, text in handout_sections(handout):
        ease, huerta = spanish_scores(text)
        if ease >= SPANISH_WARN_BELOW:
            continue
        severity = "error" if ease < SPANISH_ERROR_BELOW else "warning"
        hardest = min(_sentences(text), key=szigriszt_pazos, default=text)
        path = _source_of(hardest, items)
        found.append(located.diagnostic(
            path, Code.READING_LEVEL,
            f"section '{name}' scores {ease:.0f} (Szigriszt-Pazos) and {huerta:.0f} (Fernández-Huerta), below "
            f"{SPANISH_WARN_BELOW if severity == 'warning' else SPANISH_ERROR_BELOW:g}; hardest: \"{_short(hardest)}\"",
            severity=severity, hint=f"frases más cortas y palabras de uso diario (here: {label(path)})"))
    return found


def item_grades(located: Located) -> list[Grade]:
    """Each patient text long enough for a formula to mean anything."""
    return [grade(label(path), text) for path, text in patient_prose(located)
            if path[-1] != "title" and len(text.split()) >= 8]


def section_grades(handout: tuple[doc.Block, ...]) -> list[Grade]:
    return [grade(name, text) for name, text in handout_sections(handout)]


def _source_of(sentence: str, items: list[tuple[tuple, str]]) -> tuple:
    """The content path whose text holds the sentence (citation and Markdown stripped)."""
    probe = " ".join(sentence.split()).rstrip(".!?:")[:40]
    for path, text in items:
        if probe in " ".join(text.split()):
            return path
    return ()


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
