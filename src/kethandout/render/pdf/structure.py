"""The logical structure of a PDF (PDF/UA-1 tags), recorded while ReportLab draws and written
into the file afterwards with pikepdf, since ReportLab writes no structure tree.

The renderer builds the tree of Nodes in reading order as it makes its flowables; drawing then
adds to each node its marked content (a Mark: page and MCID) and its annotations (links,
form fields). Whatever is drawn outside a node's marks is an artifact (see reportlab_internals.tagging_canvas)."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name
from pikepdf.models.metadata import PdfMetadata


@dataclass(frozen=True)
class Mark:
    """Marked content on a page: `/Role <</MCID mcid>> BDC ... EMC`."""

    page: int  # counted from 0
    mcid: int


@dataclass(frozen=True)
class Annotation:
    """An annotation of a page (a link or a form field's widget), by its place in /Annots."""

    page: int
    index: int


@dataclass(eq=False)
class Node:
    """A structure element: its standard role (P, H1, L, LI, Lbl, LBody, Table, TR, TH, TD,
    Figure, Link, Form, Div, Document) and what it holds, in reading order."""

    role: str
    kids: list = field(default_factory=list)  # Node | Mark | Annotation
    alt: str = ""  # a Figure's text equivalent
    scope: str = ""  # a TH's: "Column"

    def __copy__(self) -> Node:
        return self

    def __deepcopy__(self, memo) -> Node:
        """A flowable copied (BalancedColumns copies its content to try a split) still draws the
        content of the same element: a copy would be an element outside the tree."""
        return self

    def add(self, role: str, **attributes) -> Node:
        child = Node(role, **attributes)
        self.kids.append(child)
        return child

    def holds_content(self) -> bool:
        return any(not isinstance(kid, Node) or kid.holds_content() for kid in self.kids)


def write_structure(pdf: bytes, root: Node, title: str, marks_per_page: list[int]) -> bytes:
    """The PDF with `root` as its structure tree and what PDF/UA-1 asks of the document around
    it: MarkInfo, a ParentTree, tab order by structure, link texts and XMP metadata.
    marks_per_page: how many MCIDs the drawing used on each page; each must be in the tree."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = list(document.pages)
        by_mcid: dict[int, dict[int, object]] = {number: {} for number in range(len(pages))}
        by_annotation: list[object] = []  # StructParent keys after the pages' keys
        tree_root = document.make_indirect(Dictionary(Type=Name.StructTreeRoot))

        def element(node: Node, parent) -> object:
            made = document.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.role), P=parent))
            kids = Array()
            for kid in node.kids:
                if isinstance(kid, Node):
                    if kid.holds_content() or kid.role in ("TH", "TD"):  # an empty cell keeps its column
                        kids.append(element(kid, made))
                elif isinstance(kid, Mark):
                    kids.append(Dictionary(Type=Name.MCR, Pg=pages[kid.page].obj, MCID=kid.mcid))
                    by_mcid[kid.page][kid.mcid] = made
                else:
                    annotation = pages[kid.page].obj.Annots[kid.index]
                    annotation.StructParent = len(pages) + len(by_annotation)
                    by_annotation.append(made)
                    if annotation.get("/Subtype") == Name.Link and not str(annotation.get("/Contents", "")).strip():
                        annotation.Contents = pikepdf.String(str(annotation.get("/A", {}).get("/URI", "link")))
                    kids.append(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=pages[kid.page].obj))
            made.K = kids
            if node.alt:
                made.Alt = pikepdf.String(node.alt)
            if node.scope:
                made.A = Dictionary(O=Name.Table, Scope=Name("/" + node.scope))
            return made

        tree_root.K = element(root, tree_root)
        if [sorted(by_mcid[number]) for number in range(len(pages))] != [list(range(n)) for n in marks_per_page]:
            raise RuntimeError("marked content outside the structure tree")  # a flowable copied with its node
        numbers = Array()
        for number, page in enumerate(pages):
            page.obj.StructParents = number
            page.obj.Tabs = Name.S  # fields and links in the order of the structure
            marks = by_mcid[number]
            numbers.extend([number, Array([marks[mcid] for mcid in sorted(marks)])])
        for key, made in enumerate(by_annotation, start=len(pages)):
            numbers.extend([key, made])
        tree_root.ParentTree = document.make_indirect(Dictionary(Nums=numbers))
        tree_root.ParentTreeNextKey = len(pages) + len(by_annotation)
        document.Root.StructTreeRoot = tree_root
        document.Root.MarkInfo = Dictionary(Marked=True)
        PdfMetadata.register_xml_namespace("http://ns.adobe.com/xap/1.0/t/pg/", "xmpTPg")
        with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
            metadata["dc:title"] = title
            metadata["pdfuaid:part"] = "1"
            metadata["xmpTPg:NPages"] = str(len(pages))  # for readers that show the page count
        out = io.BytesIO()
        # object streams: the tree is hundreds of small objects (the file 40 % smaller)
        document.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()

