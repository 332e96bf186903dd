"""The diff of two content versions as the reviewer reads it: a Markdown report (or its PDF),
and the "What's new" slide of a deck built with --changes-since."""
from __future__ import annotations

import re

from kethandout.compose import doc
from kethandout.compose.markdown import parse
from kethandout.compose.templating import md_escape
from kethandout.content.diff import ContentDiff, FieldChange, count, label, shown
from kethandout.locale import locale_for
from kethandout.style.glyphs import missing
from kethandout.style.theme import HandoutInfo


def markdown(diff: ContentDiff) -> str:
    """The report as Markdown: a reviewer reads it, or kethandout sets it as a PDF."""
    lines = [f"# What changed in version {diff.new_version}", "",
             f"From {_md(diff.old)} (version {_md(diff.old_version)}) to {_md(diff.new)} "
             f"(version {_md(diff.new_version)}): {count(diff)}.", ""]
    for kind, heading in (("added", "Added"), ("removed", "Removed"), ("changed", "Changed"), ("moved", "Moved")):
        items = [c for c in diff.changes if c.kind == kind]
        if not items:
            continue
        lines += [f"## {heading}", ""]
        for change in items:
            lines.append(f"### {_md(label(change))}")
            lines.append("")
            for f in change.fields:
                lines += _field_lines(f, kind)
    if diff.stale_translations:
        lines += ["## Translations now out of date", ""]
        lines += [f"- {_md(name)}: {', '.join(_md(i) for i in ids)}" for name, ids in diff.stale_translations.items()]
        lines.append("")
    if not diff.changes:
        lines += ["Nothing changed in what the documents say.", ""]
    return "\n".join(lines)


def _field_lines(f: FieldChange, kind: str = "changed") -> list[str]:
    if kind in ("added", "removed"):  # the whole wording, as it now reads or as it read
        return [f"- {_md(f.field)}: {_md(shown(f.new if kind == 'added' else f.old))}", ""]
    if f.words is not None:
        removed = " ".join(f"**{_md(t)}**" if op == "-" else _md(t) for op, t in f.words if op != "+")
        added = " ".join(f"**{_md(t)}**" if op == "+" else _md(t) for op, t in f.words if op != "-")
        return [f"- {_md(f.field)}, before: {removed}", f"- {_md(f.field)}, now: {added}", ""]
    return [f"- {_md(f.field)}, before: {_md(shown(f.old))}; now: **{_md(shown(f.new))}**", ""]


def _md(text: str) -> str:
    """Escaped, with any character the PDF's font cannot draw spelled out as its code point."""
    text = str(text)
    for char in missing(text):
        text = text.replace(char, f"(U+{ord(char):04X})")
    return md_escape(text)


def whats_new(changes, language: str) -> tuple:
    """A "What's new in this version" slide after the title (build --changes-since): the items
    added, removed and changed, with the changed words in its notes."""
    lang = locale_for(language)
    words = {"added": lang.t("Added"), "removed": lang.t("Removed"), "changed": lang.t("Changed")}
    items = tuple((doc.Span(f"{words[c.kind]}: ", strong=True), doc.Span(label(c) + _wording(c)))
                  for c in changes.changes) or ((doc.Span(lang.t("Nothing changed in what the documents say.")),),)
    notes = tuple(b for b in parse(markdown(changes)) if not isinstance(b, doc.Heading))
    title = lang.t("What's new in version {version}", version=changes.new_version)
    return (doc.Heading(2, (doc.Span(title),)), doc.BulletList(items), doc.Div(("notes",), notes))


def _wording(change) -> str:
    """An added item's words as staff read them (the clinician's, else the patient's), after its
    name: the slide shows what is new, not only its title; the notes have every field."""
    if change.kind != "added":
        return ""
    fields = {f.field: f.new for f in change.fields if isinstance(f.new, str)}
    text = next((fields[name] for name in ("clinician", "patient", "text", "definition", "question") if name in fields),
                "")
    return f": {text}" if text else ""


def report_document(report: ContentDiff) -> tuple[tuple[doc.Block, ...], HandoutInfo, str]:
    """The report as a PDF's blocks and furniture, and its file name (changes-VERSION.pdf)."""
    info = HandoutInfo(title=f"What changed in version {report.new_version}", author="kethandout",
                       subject=f"Changes from {report.old} to {report.new}", language="en-US",
                       footer=f"{report.old} to {report.new}")  # (the handout font has no arrow)
    slug = re.sub(r"[^A-Za-z0-9.-]+", "-", report.new_version).strip("-")[:40] or "new"
    return parse(markdown(report)), info, f"changes-{slug}.pdf"
