"""`kethandout diff`: what changed between two versions of the content, item by item."""
from __future__ import annotations

import argparse

from kethandout.cli.report import EXIT_OK, stdout_may_close
from kethandout.content import diff
from kethandout.content.revisions import load_side
from kethandout.content.validate import load_content
from kethandout.errors import printable
from kethandout.files import Output, write_outputs


def run(args: argparse.Namespace) -> int:
    old, old_name = load_side(args.old, args.new)
    report = diff.compare(old, load_content(args.new), old_name, str(args.new), args.new)
    if args.format == "pdf":
        from kethandout.compose.change_report import report_document
        from kethandout.render.pdf import render_handout

        blocks, info, name = report_document(report)
        write_outputs([Output(args.out / name, render_handout(blocks, info, "letter"))], args.out)
        print(printable(f"wrote {args.out / name}"))
        return EXIT_OK
    with stdout_may_close():
        if args.format == "json":
            import json

            print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str))
        elif args.format == "markdown":
            from kethandout.compose.change_report import markdown

            print(markdown(report))
        else:
            from rich.console import Console

            console = Console(highlight=False, soft_wrap=True, emoji=False)
            for line in terminal(report):
                console.print(printable(line))
    return EXIT_OK


def terminal(report: diff.ContentDiff) -> list[str]:
    """The report as rich markup: removed words red and struck, added words green."""
    from rich.markup import escape

    marks = {"added": "[green]+[/]", "removed": "[red]-[/]", "changed": "[yellow]~[/]", "moved": "[yellow]↕[/]"}
    lines = [f"[bold]What changed in version {escape(report.new_version)}[/] "
             f"({escape(report.old)} → {escape(report.new)}): {diff.count(report)}"]
    for change in report.changes:
        lines.append(f"{marks[change.kind]} {escape(diff.label(change))}")
        for f in change.fields:
            # [-removed-] and {+added+} as git's word diff writes them: readable without colour too
            if change.kind == "added":
                text = f"[green]{{+{escape(diff.shown(f.new))}+}}[/]"
            elif change.kind == "removed":
                text = f"[red]\\[-{escape(diff.shown(f.old))}-][/]"
            elif f.words is not None:
                text = " ".join(escape(t) if op == "=" else f"[red]\\[-{escape(t)}-][/]" if op == "-"
                                else f"[green]{{+{escape(t)}+}}[/]" for op, t in f.words)
            else:
                text = f"[red]\\[-{escape(diff.shown(f.old))}-][/] [green]{{+{escape(diff.shown(f.new))}+}}[/]"
            lines.append(f"    {escape(f.field)}: {text}")
    for name, ids in report.stale_translations.items():
        lines.append(f"[yellow]translation[/] {escape(name)}: now out of date: {escape(', '.join(ids))}")
    return lines
