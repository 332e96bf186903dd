"""What templates see (the content, the clinic and the helpers: citations in the Vancouver
style, whom to call, product names), and templates composed into Doc blocks."""
from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable
from urllib.parse import quote

from markupsafe import Markup

from kethandout import reads
from kethandout.compose import doc
from kethandout.compose.markdown import TooDeep, parse
from kethandout.compose.templating import make_environment, md_escape, render_template
from kethandout.content.fingerprint import approved
from kethandout.content.paths import walk_mappings
from kethandout.content.products import scope
from kethandout.content.schema import Content, Reference, Strict, title_runs
from kethandout.errors import Code, Diagnostic, InputError, TemplateMisuse
from kethandout.locale import locale_for

if TYPE_CHECKING:  # clinic profiles (and PIL, 60 ms) load only for clinic builds
    from kethandout.content.clinic import Clinic


def first_author(authors: str) -> str:
    """'Sanacora G, Frye MA, et al.' -> 'Sanacora'; organisations stay whole."""
    words = authors.split(",")[0].split()
    if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 3:
        words = words[:-1]
    return " ".join(words)


def citation(ref: Reference) -> Markup:
    """A full citation in the Vancouver style that medical readers know, as Markdown: its DOI
    links to the source (in the PDF, the web page and the deck)."""
    # A title that ends in its own mark ("a new syndrome?") takes no full stop after it.
    title = ref.title if ref.title[-1:] in "?!." else f"{ref.title}."
    text = f"{ref.authors.rstrip('.')}. {title} {ref.source}. {ref.year}"
    if ref.details:  # volume(issue):pages follow the year; other details are a sentence of their own
        text += f";{ref.details}." if ref.details[0].isdigit() else f". {ref.details[0].upper()}{ref.details[1:]}."
    else:
        text += "."
    link = f" [doi:{md_escape(ref.doi)}](<https://doi.org/{quote(ref.doi, safe='/')}>)" if ref.doi else ""
    return Markup(md_escape(text) + link)


def first_sentence(text: str) -> str:
    """A text's first sentence, with its full stop (a knowledge check's one-line why)."""
    return text.split(". ")[0].rstrip(".") + "."


def short_citation(ref: Reference) -> Markup:
    """A citation short enough for a slide: the first author, the title, the source and the
    year (the full one, with its DOI, goes in the notes and on the web page)."""
    authors = ref.authors.rstrip(".")
    first = authors.split(",")[0].strip()
    lead = first if first == authors else f"{first}, et al"
    words = ref.title.split()
    title = " ".join(words[:SHORT_TITLE_WORDS]).rstrip(",;:") + "…" if len(words) > SHORT_TITLE_WORDS else ref.title
    title = title if title[-1:] in "?!.…" else f"{title}."
    source = "" if ref.source.rstrip(".") == authors else f" {ref.source}."
    return Markup(md_escape(f"{lead}. {title}{source} {ref.year}."))


SHORT_TITLE_WORDS = 10  # a reference on a slide: enough of its title to know it


def template_context(content: Content, clinic: Clinic | None = None, citations: bool = True) -> dict:
    """What templates see: the content, the clinic, and a few formatting helpers, all in the
    content's language. citations: False for patient paper, where cite_sup gives nothing (no
    patient leaflet prints citation numbers; the web page and the reviewer's sheet keep them)."""
    lang = locale_for(content.meta.language)
    by_id = {ref.id: ref for ref in content.references}
    numbers = {ref.id: n for n, ref in enumerate(content.references, start=1)}

    def number(ref: str) -> int:
        """A reference's number in the Sources list; an id the content lacks is the template's error."""
        if not isinstance(ref, str) or ref not in numbers:
            raise TemplateMisuse(f"the template cites {ref!r}, which is not a reference of the content")
        return numbers[ref]

    def cite(refs: list[str]) -> str:
        return "[" + ", ".join(str(number(r)) for r in refs) + "]" if refs else ""

    def cite_sup(refs: list[str]) -> Markup:
        """Citation numbers as a superscript after the text they support: ^1,4^ (Markdown with
        the superscript plugin), for reading text; cite() gives "[1, 4]" for tables and slides."""
        return Markup("^" + ",".join(str(number(r)) for r in refs) + "^") if refs and citations else Markup("")

    def sources(refs: list[str]) -> str:
        """Speaker-note citations: "[1] Sanacora 2017; [4] Janssen Pharmaceuticals 2019"."""
        return "; ".join(f"[{number(r)}] {first_author(by_id[r].authors)} {by_id[r].year}" for r in refs)

    emergency = clinic.emergency if clinic and clinic.emergency else content.emergency

    rules = {"fasting": clinic_fasting(clinic, content.meta.language)}

    def products_of(item, short: bool = False) -> str:
        """The products an item is limited to, for a table cell: "" when it is about all.
        short: by their short names, where room is short (a slide's table)."""
        return lang.t(" and ").join((p.short_name or p.name) if short else p.name for p in scope(content, item))

    def only(item) -> Markup:
        """"Nasal spray (esketamine) only: " before the text of an item that is not about every
        product in force; nothing for the others."""
        names = products_of(item)
        return Markup(md_escape(lang.t("{product} only:", product=names)) + " ") if names else Markup("")

    def reach(urgency: str, inline: bool = False) -> str:
        """Whom to call, from the lines in force: "Call or text 988, or call 911."; inline, for
        the middle of a sentence: "call or text 988, or call 911"."""
        if urgency == "care-team":
            text = lang.t("Call your care team at {phone}.", phone=clinic.phone) if clinic else lang.t(
                "Call your care team.")
        else:
            kinds = ["crisis", "emergency"] if urgency == "crisis" else ["emergency"]
            actions = [line.action for kind in kinds for line in emergency if line.kind == kind]
            text = (lang.t(", or") + " ").join(actions[:1] + [a[0].lower() + a[1:] for a in actions[1:]]) + "."
        return text[0].lower() + text[1:-1] if inline else text

    refs, item = _Kind("a list of reference ids", _refs), _Kind("an item of the content", _item)
    urgency = _Kind("'emergency', 'crisis' or 'care-team'", lambda v: v in ("emergency", "crisis", "care-team"))
    web = clinic.web if clinic else content.meta.web
    open_flags = sum(1 for _, node in walk_mappings(content.model_dump()) if node.get("needs_review") is True)
    # approved exactly as it is: the reviewer's sign-off, which the deck's cover names instead of
    # the draft's "reviewed by" (it said "awaiting clinical sign-off" above "Approved by")
    approval = content.meta.approval if approved(content) else None
    return dict(c=content, clinic=clinic, emergency=emergency, citations=citations, web_address=web, open_flags=open_flags,
                approval=approval,
                reach=_for_templates(reach, urgency),
                cite=_for_templates(cite, refs), cite_sup=_for_templates(cite_sup, refs),
                sources=_for_templates(sources, refs), citation=_for_templates(citation, _Kind("a reference", _ref)),
                short_citation=_for_templates(short_citation, _Kind("a reference", _ref), name="short_citation"),
                first_sentence=_for_templates(first_sentence, _TEXT), fill=_for_templates(fill, _TEXT),
                long_date=_for_templates(lang.date, _Kind("a date", _date), name="long_date"), t=_for_templates(lang.t, _TEXT),
                only=_for_templates(only, item), products_of=_for_templates(products_of, item),
                by_title=_for_templates(_by_title_for_templates, _Kind("items", lambda v: True), name="by_title"),
                clinic_sections=clinic_sections(clinic, content.meta.language), clinic_rules=rules,
                clinic_checklist=clinic_checklist(clinic, content.meta.language))


@dataclass(frozen=True)
class _Kind:
    """What an argument of a function given to templates must be, and how to tell."""

    name: str
    test: Callable[[object], bool]


_TEXT = _Kind("text", lambda v: isinstance(v, str))


def _refs(value) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


def _item(value) -> bool:
    return isinstance(value, Strict)  # an item, a key point, a line ...: whatever may name its products


def _by_title_for_templates(items, merge: bool = True) -> list[list]:
    """by_title() as templates call it, with any sequence of items (a filtered one too);
    merge=False keeps each product's item apart, where each says something of its own."""
    listed = list(items) if isinstance(items, Iterable) and not isinstance(items, (str, bytes, Mapping)) else None
    if listed is None or not all(isinstance(i, Strict) for i in listed):
        raise TemplateMisuse(f"by_title() takes a list of items of the content; the template gave {_shown(items)}")
    return by_title(listed) if merge else title_runs(listed)


def _ref(value) -> bool:
    return isinstance(value, Reference)


def _date(value) -> bool:
    return isinstance(value, dt.date)


def fill(text: str, **values: object) -> str:
    """Each {name} that has a value replaced by it, in one pass: a value that itself holds
    "{version}" prints as written. Any other {word} stays."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def _for_templates(function: Callable, *kinds: _Kind, name: str | None = None) -> Callable:
    """The function as templates call it: an argument not of its kind is the template's error
    (TemplateMisuse, at the template's line), never a failure deep inside kethandout's code,
    which would be reported as a bug of ours."""
    signature = inspect.signature(function)
    checked = list(zip(signature.parameters, kinds))
    name = name or function.__name__

    def call(*args, **kwargs):
        try:
            given = signature.bind(*args, **kwargs).arguments
        except TypeError as exc:
            raise TemplateMisuse(f"{name}(): {exc}") from None
        for position, (parameter, kind) in enumerate(checked, start=1):
            if parameter in given and not kind.test(given[parameter]):
                raise TemplateMisuse(f"{name}() takes {kind.name} as its argument {position}; the "
                                     f"template gave {_shown(given[parameter])}")
        return function(*args, **kwargs)
    return call


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def by_title(items) -> list[list]:
    """The items in runs of one title (schema.title_runs); in a run, an item that tells the
    patient what another product's item says is printed once, for both."""
    return [_merged(run) for run in title_runs(items)]


def _merged(run: list) -> list:
    kept: list = []
    for item in run:
        same = next((i for i, other in enumerate(kept) if _same_words(other, item)), None)
        if same is None:
            kept.append(item)
        else:
            kept[same] = _joined(kept[same], item)
    return kept


def _same_words(a, b) -> bool:
    """Two items of a run (so about different products) that a patient would read alike."""
    return all(getattr(a, f, None) == getattr(b, f, None) for f in ("patient", "then_call", "clinic_rule", "icon"))


def _joined(a, b):
    """One item for two that say the same: about the products of both, citing the sources of both."""
    products = list(dict.fromkeys(a.applies_to + b.applies_to))
    return a.model_copy(update={"applies_to": products, "refs": list(dict.fromkeys(a.refs + b.refs))})


def clinic_sections(clinic: Clinic | None, language: str) -> list:
    """The clinic's own sections in the output's language; a missing translation is an error,
    since no English may appear in a translated handout."""
    if clinic is None:
        return []
    sections = [(section, section.in_language(language)) for section in clinic.sections]
    missing = [(i, section.id) for i, (section, text) in enumerate(sections) if text is None]
    if missing:
        primary = language.split("-")[0].lower()
        raise InputError([_untranslated(clinic, ("sections", i), f"section '{name}'", primary,
                                        f"add translations: {{{primary}: {{title: ..., markdown: ...}}}}")
                          for i, name in missing])
    return [text for _, text in sections]


def _untranslated(clinic: Clinic, path: tuple, what: str, language: str, hint: str) -> Diagnostic:
    """A missing translation in a clinic profile, at its place in the file."""
    return clinic.diagnostic(path, Code.MISSING_TRANSLATION, f"{what} has no '{language}' translation", hint)


def clinic_fasting(clinic: Clinic | None, language: str) -> str | None:
    """The clinic's own rule on food and drink (printed after the items whose clinic_rule is
    `fasting`), in the output's language."""
    if clinic is None or clinic.fasting is None:
        return None
    text = clinic.fasting.in_language(language)
    if text is None:
        primary = language.split("-")[0].lower()
        raise InputError([_untranslated(clinic, ("fasting",), "fasting", primary,
                                        f"add fasting: {{translations: {{{primary}: ...}}}}")])
    return text


def clinic_checklist(clinic: Clinic | None, language: str) -> list[str]:
    """The clinic's own checklist items, in the output's language."""
    found = []
    for i, item in enumerate(clinic.checklist if clinic else []):
        text = item.in_language(language)
        if text is None:
            primary = language.split("-")[0].lower()
            raise InputError([_untranslated(clinic, ("checklist", i), "checklist item", primary,
                                            f"add translations: {{{primary}: ...}} to it")])
        found.append(text)
    return found


_COMPOSED: dict[tuple, tuple] = {}


# Characters in one paragraph, list item or cell: content values stop at 4,000 (schema.MAX_TEXT),
# and a template that joins them into one block must not make one that ReportLab needs minutes
# to wrap (its time grows with the square of a paragraph's length).
MAX_BLOCK_TEXT = 20_000


def _check_blocks(blocks, template_file: str) -> None:
    """What a template made: no runaway block, and icons of the set only."""
    inlines = doc.inlines(blocks)
    _refuse_runaway_text(inlines, template_file)
    _refuse_unknown_icons(inlines, template_file)


def _refuse_unknown_icons(inlines: list, template_file: str) -> None:
    """An icon a template names (![](icon:NAME)) is one of the set, like the content's."""
    from kethandout.content.paths import closest
    from kethandout.style import icons

    unknown = sorted({span.icon for inline in inlines for span in inline if span.icon and not icons.known(span.icon)})
    if unknown:
        raise InputError([Diagnostic("error", Code.UNKNOWN_ICON, f"the template names icon '{name[:60]}', which is not "
                                     "a Lucide icon", template_file,
                                     hint=(f"did you mean '{close}'?" if (close := closest(name[:60], icons.names()))
                                           else "see https://lucide.dev/icons")) for name in unknown])


def _refuse_runaway_text(inlines: list, template_file: str) -> None:
    longest = max((doc.plain(inline) for inline in inlines), key=len, default="")
    if len(longest) > MAX_BLOCK_TEXT:
        raise InputError([Diagnostic("error", Code.TOO_LONG, f"the template makes a block of {len(longest):,} "
                                     f"characters; the limit is {MAX_BLOCK_TEXT:,}", template_file,
                                     hint="end paragraphs with a blank line")], near=longest[:60])


def compose(content: Content, template: str, templates_dir: Path | None = None, clinic: Clinic | None = None,
            citations: bool = True):
    """Template -> Markdown -> Doc blocks. A build composes the handout for the checks, the PDF
    and the web page: the result is kept for the same content and clinic objects."""
    key = (id(content), id(clinic), template, templates_dir, citations)
    cached = _COMPOSED.get(key)
    if cached and cached[0] is content and cached[1] is clinic:
        for path, seen in cached[3].items():  # what it was made from is read again, as far as reads.py knows
            reads.note(path, seen=seen)
        return cached[2]
    with reads.recording() as read:
        blocks = _composed(content, template, templates_dir, clinic, citations)
    if len(_COMPOSED) > 32:
        _COMPOSED.clear()
    _COMPOSED[key] = (content, clinic, blocks, read)
    return blocks


def _composed(content: Content, template: str, templates_dir: Path | None, clinic: Clinic | None, citations: bool):
    env = make_environment(templates_dir)
    try:
        blocks = parse(render_template(env, template, **template_context(content, clinic, citations)))
    except TooDeep as exc:
        raise InputError([Diagnostic("error", Code.NESTING_TOO_DEEP, "the template nests lists or quotes inside one "
                                     f"another too deeply (line {exc.line} of the Markdown it makes): the words inside "
                                     "would be lost", env.get_template(template).filename or template,
                                     hint="use at most about 12 levels of lists and quotes")]) from None
    _check_blocks(blocks, env.get_template(template).filename or template)
    return blocks
