"""Review dates and items still waiting for review."""
from __future__ import annotations

import datetime as dt

from kethandout.content.load import Located
from kethandout.content.paths import describe
from kethandout.content.schema import Content
from kethandout.errors import Code, Diagnostic

DUE_SOON_DAYS = 60


def check(content: Content, located: Located, options) -> list[Diagnostic]:
    today = options.today or dt.date.today()
    due = content.meta.next_review
    found: list[Diagnostic] = []
    where = ("meta", "next_review")
    if due < today:
        found.append(located.diagnostic(
            where, Code.REVIEW_OVERDUE, f"the content was due for review on {due.isoformat()}, "
            f"{(today - due).days} days ago", severity="warning" if options.allow_stale else "error",
            hint="review it and update reviewed_on and next_review, or build with --allow-stale"))
    elif (due - today).days <= DUE_SOON_DAYS:
        found.append(located.diagnostic(where, Code.REVIEW_DUE_SOON,
                                        f"the content is due for review on {due.isoformat()}, in {(due - today).days} days",
                                        severity="warning"))
    if content.meta.reviewed_on > due:
        found.append(located.diagnostic(("meta", "reviewed_on"), Code.BAD_REVIEW_DATES,
                                        "reviewed_on is after next_review"))
    found += _needs_review(located)
    return found


def _needs_review(located: Located) -> list[Diagnostic]:
    """Each item flagged `needs_review: true`, at the flag."""
    from kethandout.content.approval import open_flags

    return [located.diagnostic(path + ("needs_review",), Code.NEEDS_REVIEW,
                               f"{describe(located, path)} is marked needs_review: check it before relying on it",
                               key=True, severity="warning") for path in open_flags(located)]


def approval(content: Content, located: Located, english: bool = True, severity: str = "warning") -> list[Diagnostic]:
    """Content nobody approved, or changed since its approval: its documents say DRAFT."""
    from kethandout.content.fingerprint import approved, fingerprint

    record = content.meta.approval
    if approved(content):
        return []
    if not english:
        return [Diagnostic(severity, Code.TRANSLATION_NOT_APPROVED, "the translation is not approved for this English "
                           "content: every document built from it says DRAFT", located.file,
                           hint=f"approve the English first, then the translation: kethandout approve {located.file} "
                                '--by "Name, credentials"')]
    if record is None:
        path = ("meta",) if "approval" not in located.data.get("meta", {}) else ("meta", "approval")
        return [located.diagnostic(path, Code.NOT_APPROVED, "the content is not approved: every document built from it "
                                   "says DRAFT", key=True, severity=severity,
                                   hint='a medical reviewer approves it with kethandout approve --by "Name, credentials"')]
    return [located.diagnostic(("meta", "approval"), Code.CHANGED_SINCE_APPROVAL,
                               f"the content has changed since {record.by} approved it on {record.on.isoformat()} "
                               f"(fingerprint {record.fingerprint}, now {fingerprint(content)}): every document "
                               "built from it says DRAFT", key=True, severity=severity,
                               hint="see what changed with kethandout diff, then approve it again")]
