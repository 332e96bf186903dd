"""Doc -> one self-contained, accessible HTML page: the handout for phones and screen readers.

No external requests: styles are inline, the logo is a data URI, fonts come from the
system stack. Semantic landmarks and headings, `lang` set, a print stylesheet."""
from __future__ import annotations

import base64
import mimetypes
import re
from dataclasses import dataclass
from html import escape

from kethandout.compose import doc
from kethandout.style import theme

CSS = """
:root { --ink: %(ink)s; --primary: %(primary)s; --alert: %(alert)s; --muted: %(muted)s; --rule: #9AA5AB; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%%; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.5; font-size: 1.125rem;
  border-top: 0.5rem solid var(--primary); overflow-wrap: break-word;
  font-family: "Atkinson Hyperlegible", system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
header, main, footer { max-width: 44rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1rem; }
.masthead { display: flex; gap: 1rem; align-items: center; border-bottom: 1px solid var(--primary);
  padding-bottom: 0.75rem; }
.masthead img { width: 5rem; height: auto; flex: none; }  /* never squeezed on a phone */
.masthead > div { min-width: 0; }
.masthead p { margin: 0; font-size: 1rem; }
.clinic-name { font-weight: 700; color: var(--primary); font-size: 1.2rem; }
h1, h2, h3 { color: var(--primary); line-height: 1.25; }
h1 { font-size: 1.9rem; margin: 1rem 0 0.5rem; }
h2 { font-size: 1.4rem; margin: 2rem 0 0.5rem; }
h3 { font-size: 1.2rem; margin: 1.25rem 0 0.25rem; }
a { color: var(--primary); }
ul, ol { padding-left: 1.4rem; }
li { margin: 0.35rem 0; }
.draft { margin: 0; padding: 0.5rem 1rem; border-bottom: 3px solid var(--alert); color: var(--alert);
  font-weight: 700; text-align: center; }
.callout { border: 3px solid var(--alert); border-radius: 4px; padding: 0.25rem 1rem 0.5rem; margin: 1rem 0; }
.callout h2 { color: var(--alert); margin-top: 0.5rem; }
.callout ul { list-style: none; padding: 0; }
.callout strong { color: var(--alert); font-size: 1.5rem; margin-right: 0.5rem; }
.callout.key { border: 2px solid var(--primary); }
.callout.key h2 { color: var(--primary); }
.callout.key ul { list-style: disc; padding-left: 1.4rem; }
.callout.key strong { color: inherit; font-size: inherit; margin: 0; }
.icon { width: 1.2em; height: 1.2em; vertical-align: -0.2em; margin-right: 0.35em; flex: none; }
sup { font-size: 0.7em; line-height: 0; }
.steps ol { display: flex; flex-wrap: wrap; gap: 1.2rem; list-style: none; padding: 0; }
.steps li { flex: 1 1 8rem; border: 2px solid var(--primary); border-radius: 4px; padding: 0.5rem; margin: 0;
  position: relative; }
.steps li:not(:last-child)::after { content: "\\25B6"; color: var(--primary); position: absolute; right: -1.1rem;
  top: 40%%; font-size: 0.9rem; }
.steps strong { display: block; color: var(--primary); }
.checklist ul { list-style: none; padding: 0; }
.checklist li { display: flex; gap: 0.5rem; align-items: flex-start; }
.checklist input { width: 1.3rem; height: 1.3rem; margin: 0.15rem 0 0; flex: none; accent-color: var(--primary); }
.write-in dl { display: grid; grid-template-columns: minmax(8rem, auto) 1fr; gap: 0.6rem 1rem; }
.write-in dt { font-weight: 700; }
.write-in dd { margin: 0; border-bottom: 1px solid var(--muted); min-height: 1.5em; }
.questions ul { list-style: none; padding: 0; }
.questions .lines { border-bottom: 1px solid var(--muted); height: 3em;
  background: linear-gradient(transparent 1.45em, var(--muted) 1.45em, var(--muted) calc(1.45em + 1px), transparent 0); }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%%; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem 0.5rem 0.2rem; border-bottom: 1px solid var(--rule); }
thead th { border-bottom: 2px solid var(--primary); }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0 1.5rem; }
.sources { font-size: 1rem; overflow-wrap: anywhere; }  /* long DOIs */
footer { color: var(--muted); border-top: 1px solid var(--rule); margin-top: 2rem; padding: 0.75rem 1rem 2rem;
  font-size: 1rem; }
@media print {
  body { font-size: 12pt; }
  header, main, footer { max-width: none; padding: 0; }
  body { border-top: none; }
  h2 { break-after: avoid; }
  .callout, tr, li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


@dataclass(frozen=True)
class PageInfo:
    title: str
    language: str
    footer: str
    draft: str = ""  # a band above everything for unapproved content
    branding: theme.Branding = theme.Branding()


def icon(span: doc.Span) -> str:
    """An icon as inline SVG: hidden from screen readers when decorative (its text says the
    same), else an image named by its text equivalent."""
    from kethandout.style import icons

    svg = icons.svg(span.icon, "currentColor")
    name = f'role="img" aria-label="{escape(span.text)}"' if span.text else 'aria-hidden="true"'
    return svg.replace("<svg ", f'<svg class="icon" focusable="false" {name} ', 1).replace("\n", "")


def inline(run: doc.Inline) -> str:
    """Inline HTML; content text is always escaped."""
    out = []
    for span in run:
        if span.icon:
            out.append(icon(span))
            continue
        text = escape(span.text, quote=False) if span.href else _screen_text(span.text)
        if span.sup:
            text = f"<sup>{text}</sup>"
        if span.emph:
            text = f"<em>{text}</em>"
        if span.strong:
            text = f"<strong>{text}</strong>"
        if span.href:
            text = f'<a href="{escape(span.href)}">{text}</a>'
        out.append(text)
    return "".join(out)


# Phone numbers as the content and the profiles write them: (217) 555-0142, 1-800-FDA-1088,
# 1-844-405-6185, 01244 555 0170.
PHONE = re.compile(r"\(\d{3}\) \d{3}-\d{4}|\b1-\d{3}-[0-9A-Z]{3}-\d{4}\b|\b\d{3}-\d{3}-\d{4}\b|\b0\d{4} \d{3} \d{4}\b"
                   r"|\+\d{1,3}(?: \d{2,4}){2,4}\b")
# A blank to write on (a sentence ending in underscores), which a screen has no use for.
# (the whole sentence goes; a decimal point ends no sentence)
BLANK = re.compile(r"(?:^|(?<=[.!?]\s))(?:(?![.!?](?:\s|$)).)*_{4,}(?:(?![.!?](?:\s|$)).)*[.!?]?\s*")


def _screen_text(text: str) -> str:
    """Escaped text, with no blanks to write on, and each phone number a tap-to-call link."""
    out, at = [], 0
    text = BLANK.sub("", text)
    for number in PHONE.finditer(text):
        out += [escape(text[at:number.start()], quote=False), _tel(number.group())]
        at = number.end()
    return "".join(out) + escape(text[at:], quote=False)


_KEYPAD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "22233344455566677778889999")  # 1-800-FDA-1088


def _tel(number: str) -> str:
    return f'<a href="tel:{re.sub(r"[^0-9+]", "", number.translate(_KEYPAD))}">{escape(number)}</a>'


def _slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


class _Writer:
    def __init__(self):
        self.ids: set[str] = set()

    def blocks(self, blocks, context: str = "") -> list[str]:
        return [html for block in blocks for html in self.block(block, context)]

    def block(self, block: doc.Block, context: str) -> list[str]:
        if isinstance(block, doc.Heading):
            level = min(block.level, 3)
            return [f'<h{level} id="{_slug(doc.plain(block.text), self.ids)}">{inline(block.text)}</h{level}>']
        if isinstance(block, doc.Paragraph):
            return [f"<p>{inline(block.text)}</p>"]
        if isinstance(block, doc.BulletList):
            return [self.list(block, context)]
        if isinstance(block, doc.Table):
            return [self.table(block)]
        if isinstance(block, doc.Div):
            return self.div(block)
        return []  # slide breaks belong to decks

    def list(self, block: doc.BulletList, context: str) -> str:
        tag = "ol" if block.ordered else "ul"
        if context == "checklist":
            return self.checklist(block)
        if context == "write-in":
            return self.write_in(block)
        items = [self.phone_item(item) if context == "callout" else inline(item) for item in block.items]
        if context == "questions":  # lines to write the answer on, for print
            items = [f'{item}<div class="lines" aria-hidden="true"></div>' for item in items]
        return f"<{tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>"

    def checklist(self, block: doc.BulletList) -> str:
        """Boxes to tick, each labelled by its item."""
        items = []
        for item in block.items:
            box = _slug("check-" + doc.plain(item)[:40], self.ids)
            items.append(f'<li><input type="checkbox" id="{box}"><label for="{box}">{inline(item)}</label></li>')
        return "<ul>" + "".join(items) + "</ul>"

    def write_in(self, block: doc.BulletList) -> str:
        """Labels with a line to write on (or the clinic's value on it)."""
        rows = []
        for item in block.items:
            label, rest = doc.bold_lead(item)
            rows.append(f"<dt>{escape(label.rstrip(':'))}</dt><dd>{inline(rest).lstrip(': ')}</dd>")
        return "<dl>" + "".join(rows) + "</dl>"

    def phone_item(self, item: doc.Inline) -> str:
        """A help line: its number is a tap-to-call link on a phone."""
        mark, item = doc.leading_icon(item)
        mark = icon(mark) if mark else ""
        number, rest = doc.bold_lead(item)
        if not re.fullmatch(r"\+?[\d ()-]*\d", number):  # a label ("Clinic", "Text HOME to 741741"): no link
            return mark + inline(item)
        rest = inline(rest).lstrip(": ")
        return f'{mark}<strong>{_tel(number)}</strong> {rest}'

    def table(self, block: doc.Table) -> str:
        head = "".join(f'<th scope="col">{inline(cell)}</th>' for cell in block.header)
        rows = "".join("<tr>" + "".join(f"<td>{inline(cell)}</td>" for cell in row) + "</tr>" for row in block.rows)
        label = escape(" / ".join(doc.plain(c) for c in block.header))
        # A scrolling region must be reachable by keyboard and named (WCAG 2.1.1, 4.1.2).
        return (f'<div class="table-scroll" role="region" aria-label="{label}" tabindex="0">'
                f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")

    def div(self, block: doc.Div) -> list[str]:
        if "notes" in block.classes:
            return []
        if "callout" in block.classes:
            heading = next((b for b in block.children if isinstance(b, doc.Heading)), None)
            label = f' aria-label="{escape(doc.plain(heading.text))}"' if heading else ""
            kind = "callout" if "help" in block.classes else "key"
            return [f'<section class="{escape(" ".join(block.classes))}"{label}>', *self.blocks(block.children, kind),
                    "</section>"]
        if "columns" in block.classes:
            cells = [html for group in doc.columns(block) for html in ["<div>", *self.blocks(group), "</div>"]]
            return ['<div class="columns">', *cells, "</div>"]
        context = block.classes[0] if block.classes[0] in ("checklist", "write-in", "questions") else ""
        return [f'<div class="{escape(" ".join(block.classes))}">', *self.blocks(block.children, context), "</div>"]


def _masthead(brand: theme.Branding) -> str:
    if not brand.clinic_name:
        return ""
    logo = ""
    if brand.logo:
        kind = mimetypes.guess_type(brand.logo)[0] or "image/png"
        with open(brand.logo, "rb") as handle:
            data = base64.b64encode(handle.read()).decode("ascii")
        logo = f'<img src="data:{kind};base64,{data}" alt="{escape(brand.clinic_name)} logo">'
    lines = "".join(f"<p>{escape(line)}</p>" for line in brand.contact_lines[:-1])
    link = f'<p><a href="{escape(brand.url)}">{escape(brand.contact_lines[-1])}</a></p>' if brand.url else ""
    return (f'<div class="masthead">{logo}<div><p class="clinic-name">{escape(brand.clinic_name)}</p>'
            f"{lines}{link}</div></div>")


def render_page(blocks: tuple[doc.Block, ...], info: PageInfo) -> bytes:
    """The handout as one HTML page (UTF-8 bytes); identical inputs give identical bytes."""
    brand = info.branding
    css = CSS % {"ink": theme.INK, "primary": brand.primary, "alert": brand.alert, "muted": theme.MUTED}
    body = "\n".join(_Writer().blocks(blocks))
    page = f"""<!doctype html>
<html lang="{escape(info.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(info.title)}</title>
<style>{css}</style>
</head>
<body>
{f'<p class="draft" role="note">{escape(info.draft)}</p>' if info.draft else ""}
{f"<header>{_masthead(brand)}</header>" if brand.clinic_name else ""}
<main>
{body}
</main>
<footer><p>{escape(info.footer)}</p></footer>
</body>
</html>
"""
    return page.encode("utf-8")
