"""The furniture of every page and slide: the footer with the review metadata, the DRAFT
band, the clinic's branding and the consent form's fingerprints."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kethandout.compose.page_budget import page_budget, page_limit
from kethandout.compose.templating import template_fingerprint
from kethandout.content.fingerprint import approved, fingerprint
from kethandout.content.schema import Content
from kethandout.locale import ENGLISH, Locale, locale_for
from kethandout.style.theme import (
    FIELD_LABELS,
    PRINT_STYLES,
    Branding,
    DeckInfo,
    HandoutInfo,
)

if TYPE_CHECKING:  # clinic profiles (and PIL, 60 ms) load only for clinic builds
    from kethandout.content.clinic import Clinic


def branding(clinic: Clinic | None, lang: Locale = ENGLISH, phones: bool = True) -> Branding:
    """The clinic's masthead; phones=False leaves out its phone numbers (a one-page sheet that
    cannot spare the line prints them in its "When to get help" box)."""
    if clinic is None:
        return Branding()
    line = lang.t("Phone: {phone}", phone=clinic.phone)
    if clinic.after_hours_phone:
        line += "  ·  " + lang.t("After hours: {phone}", phone=clinic.after_hours_phone)
    contacts = [clinic.address, *([line] if phones else []), clinic.web.split("://", 1)[1]]
    return Branding(primary=clinic.colours.primary, alert=clinic.colours.alert, clinic_name=clinic.name,
                    logo=clinic.logo, contact_lines=tuple(contacts), url=clinic.web)


def footer(content: Content, middle: str = "") -> str:
    """Review metadata printed on every page and slide (then `middle`: the consent form's
    fingerprints), and last, where a long footer breaks, the reviewer's name once the content
    is approved exactly as it is."""
    meta = content.meta
    lang = locale_for(meta.language)
    footer = (lang.t("Version {version}", version=meta.version) + "  ·  "
              + lang.t("Last reviewed {date}", date=lang.date(meta.reviewed_on))) + middle
    if approved(content):
        footer += "  ·  " + lang.t("Approved by {name} on {date}", name=meta.approval.by,
                                   date=lang.date(meta.approval.on))
        flags = meta.approval.open_flags
        if flags:
            footer += " " + (lang.t("over 1 open review flag") if flags == 1 else
                             lang.t("over {count} open review flags", count=flags))
    return footer


def fingerprinted_footer(content: Content, templates_dir: Path | None = None) -> str:
    """The footer of the papers that must map to exact wording (the consent form, the
    reviewer's sheet): the content's fingerprint, and the form template's when it is a
    clinic's own."""
    lang = locale_for(content.meta.language)
    whole = content.meta.approval.whole if approved(content) else None
    if whole and whole != fingerprint(content):  # a clinic's or a product's part: what the reviewer signed, then the part
        middle = lang.t("{footer} · Approved content {fingerprint}", footer="", fingerprint=whole) + " · " + \
            lang.t("The part printed here {fingerprint}", fingerprint=fingerprint(content))
    else:
        middle = lang.t("{footer} · Content {fingerprint}", footer="", fingerprint=fingerprint(content))
    own_template = template_fingerprint("consent.md.j2", templates_dir) if templates_dir else None
    if own_template:
        middle += " · " + lang.t("Form {fingerprint}", fingerprint=own_template)
    return footer(content, middle)


def draft_notice(content: Content) -> str:
    """The band on every page and slide of content nobody approved, or changed since."""
    return "" if approved(content) else locale_for(content.meta.language).t("DRAFT – not approved for patient use")


def handout_info(content: Content, clinic: Clinic | None = None, style: str = "standard",
                 kind: str = "handout") -> HandoutInfo:
    meta, lang = content.meta, locale_for(content.meta.language)
    brand = branding(clinic, lang)
    return HandoutInfo(title=meta.title, author=clinic.name if clinic else meta.publisher, subject=meta.subject,
                       language=meta.language, footer=footer(content), branding=brand, draft=draft_notice(content),
                       style=PRINT_STYLES[style], page_label=lang.t("Page {number} of {total}"),
                       qr_caption=lang.t("Scan to read online"),
                       qr_alt=lang.t("QR code: opens {url}", url=brand.url) if brand.url else "",
                       logo_alt=lang.t("Logo: {clinic}", clinic=brand.clinic_name) if brand.clinic_name else "",
                       page_limit=page_limit(page_budget(content, clinic, style, kind)[0]))


def consent_info(content: Content, clinic: Clinic | None = None, style: str = "standard",
                 templates_dir: Path | None = None) -> HandoutInfo:
    """The consent form's furniture: the content's fingerprint in the footer of every page (and
    the form template's, when it is not the built-in one: its wording is on the paper too), and
    the notice that it is a template until the clinic's reviewer has approved it."""
    meta, lang = content.meta, locale_for(content.meta.language)
    text = fingerprinted_footer(content, templates_dir)
    notice = "" if clinic and clinic.consent_reviewed else lang.t(
        "This form is a template: your clinic must review it before use.")
    labels = tuple((key, lang.t(word)) for key, word in FIELD_LABELS.items())
    title = lang.t("Consent for {medicine} treatment", medicine=meta.medicine)
    # the handout's furniture otherwise, but never cut short: a consent form has no page budget
    return replace(handout_info(content, clinic, style), title=title, footer=text, notice=notice,
                   form_labels=labels, page_limit=None)


def card_info(content: Content, clinic: Clinic | None = None, style: str = "standard") -> HandoutInfo:
    """The visit-day card: two cards to a page, with the form's words for its fields."""
    lang = locale_for(content.meta.language)
    labels = tuple((key, lang.t(word)) for key, word in FIELD_LABELS.items())
    # (in large print each card takes a page of its own: half a page holds too little at 18 pt)
    return replace(handout_info(content, clinic, style, "card"), title=lang.t("Your visit day"),
                   cards=style != "large-print", form_labels=labels)


def review_info(content: Content, clinic: Clinic | None = None, style: str = "standard") -> HandoutInfo:
    """The reviewer's sheet: the fingerprint of exactly the content reviewed in the footer."""
    lang = locale_for(content.meta.language)
    title = lang.t("Reviewer's sheet: {title}", title=content.meta.title)
    return replace(handout_info(content, clinic, style), title=title, footer=fingerprinted_footer(content),
                   page_limit=None)


def deck_info(content: Content, clinic: Clinic | None = None) -> DeckInfo:
    meta, lang = content.meta, locale_for(content.meta.language)
    return DeckInfo(title=meta.deck_title, author=clinic.name if clinic else meta.publisher, subject=meta.subject,
                    language=meta.language, footer=footer(content), draft=draft_notice(content), date=meta.reviewed_on,
                    branding=branding(clinic, lang),
                    continued=lang.t("{title} (continued)"), continued_part=lang.t("{title} ({part} of {count})"),
                    continued_note=lang.t("Continued from the previous slide."))
