"""Every claim cites a reference; every reference is cited, well-formed and listed once."""
from __future__ import annotations

import re

from kethandout.content.load import Located
from kethandout.content.paths import describe
from kethandout.content.schema import Content
from kethandout.errors import Code, Diagnostic

DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def check(content: Content, located: Located) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    cited = set()
    for path, item in content.cited_items():
        cited.update(item.refs)
        if not item.refs:
            found.append(located.diagnostic(path, Code.UNCITED_CLAIM, f"{describe(located, path)} makes a claim with no reference",
                                            severity="warning", hint="add refs: [...]"))
    for path, numbers in content.chart_numbers():
        cited.update(numbers.refs)
        if not numbers.refs:
            found.append(located.diagnostic(path, Code.UNCITED_NUMBER, f"{describe(located, path[:-1])} gives "
                                            f"{path[-1]} with no reference", severity="warning",
                                            hint="add refs: [...] to it"))
    cited.update(product.label for product in content.products)
    cited.update(ref for question in content.quiz for ref in question.refs)
    dois: dict[str, int] = {}
    for i, ref in enumerate(content.references):
        path = ("references", i)
        if ref.id not in cited:
            found.append(located.diagnostic(path + ("id",), Code.UNUSED_REFERENCE,
                                            f"reference '{ref.id}' is never cited", severity="warning"))
        if ref.doi is None:
            continue
        if not DOI.match(ref.doi):
            found.append(located.diagnostic(path + ("doi",), Code.BAD_DOI,
                                            f"'{ref.doi}' is not a DOI; expected the form 10.NNNN/suffix",
                                            hint="write the DOI without 'doi:' or 'https://doi.org/'"))
        elif ref.doi.lower() in dois:
            found.append(located.diagnostic(path + ("doi",), Code.DUPLICATE_DOI,
                                            f"DOI {ref.doi} is also given on line {dois[ref.doi.lower()]}",
                                            severity="warning"))
        else:
            dois[ref.doi.lower()] = located.where(path + ("doi",))[0]
    return found
