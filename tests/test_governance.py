"""What a medical reviewer and a clinic's tools are given: `diff` by item, the reviewer's
sheet, the JSON Schemas for editors, GitHub annotations and the command line's manners."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from conftest import CONTENT, ROOT
from kethandout.content import diff
from kethandout.content.jsonschema import KINDS, text
from kethandout.content.validate import load_content

ORIGINAL = CONTENT.read_text(encoding="utf-8")


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kethandout", *args], cwd=cwd, capture_output=True, text=True)


def _compare(tmp_path: Path, new_text: str) -> diff.ContentDiff:
    (tmp_path / "new.yaml").write_text(new_text, encoding="utf-8")
    return diff.compare(load_content(CONTENT), load_content(tmp_path / "new.yaml"))


def _item(text: str, section: str, item_id: str) -> tuple[int, int]:
    """The lines [start, end) of one list item (`- id: item_id`) of a section."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {item_id}")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("- id:")
               or (lines[i].strip() and not lines[i].startswith(" ")))
    return start, end


def test_an_unchanged_file_and_reordered_keys_change_nothing_moved_items_do(tmp_path, content):
    assert _compare(tmp_path, ORIGINAL).changes == []
    risk = content.risks[0]
    title, timeframe = f'    title: "{risk.title}"\n', f"    timeframe: {risk.timeframe}\n"
    assert title + timeframe in ORIGINAL
    assert _compare(tmp_path, ORIGINAL.replace(title + timeframe, timeframe + title, 1)).changes == []
    lines = ORIGINAL.splitlines(keepends=True)
    first, second = (_item(ORIGINAL, "risks", risk.id) for risk in content.risks[:2])
    assert first[1] == second[0]  # neighbours: swap them
    swapped = lines[:first[0]] + lines[second[0]:second[1]] + lines[first[0]:first[1]] + lines[second[1]:]
    (moved,) = _compare(tmp_path, "".join(swapped)).changes  # the documents print them in the other order
    assert (moved.kind, moved.section, moved.fields[0].new[:2]) == ("moved", "risks", [content.risks[1].id, risk.id])


def test_lines_without_ids_are_compared_by_position(tmp_path, content):
    line = content.emergency[0]
    changed = ORIGINAL.replace(line.action, line.action + " now", 1)
    (change,) = _compare(tmp_path, changed).changes
    assert (change.kind, change.section, change.item) == ("changed", "emergency", "1")
    assert ["+", "now"] in change.fields[0].words


def test_a_git_revision_is_never_an_option(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "content.yaml").write_text(ORIGINAL, encoding="utf-8")
    for revision in ("--output=pwned", "HEAD~2..HEAD", "-p"):
        result = _run("diff", f"git:{revision}", "content.yaml", cwd=repo)
        assert result.returncode == 1 and "error[git-revision]" in result.stderr, result.stderr
    assert sorted(p.name for p in repo.iterdir()) == ["content.yaml"]


def test_each_kind_of_change_is_reported_exactly(tmp_path, content):
    lines = ORIGINAL.splitlines(keepends=True)
    start, end = _item(ORIGINAL, "checklist", content.checklist[-1].id)
    removed = "".join(lines[:start] + lines[end:])
    report = _compare(tmp_path, removed)
    assert [(c.kind, c.section, c.item) for c in report.changes] == [("removed", "checklist", content.checklist[-1].id)]

    added = ORIGINAL.replace("\nrisks:\n", "\nrisks:\n  - id: new-risk\n    title: A new risk\n    timeframe: short-term\n"
                             "    frequency: rare\n    severity: mild\n    patient: You may feel odd.\n    clinician: Odd feelings.\n"
                             "    refs: [spravato-label]\n", 1)
    report = _compare(tmp_path, added)
    assert [(c.kind, c.section, c.item) for c in report.changes] == [("added", "risks", "new-risk")]

    risk = content.risks[0]
    at = ORIGINAL.index("\nrisks:\n")  # (the page-1 lines above start with the same words)
    reworded = ORIGINAL[:at] + ORIGINAL[at:].replace(risk.patient.split()[0] + " " + risk.patient.split()[1],
                                                      risk.patient.split()[0] + " really " + risk.patient.split()[1], 1)
    report = _compare(tmp_path, reworded)
    (change,) = report.changes
    assert (change.kind, change.section, change.item, [f.field for f in change.fields]) == (
        "changed", "risks", risk.id, ["patient"])
    assert ["+", "really"] in change.fields[0].words

    risk = next(r for r in content.risks if not r.needs_review)  # one a reviewer could flag
    start, end = _item(ORIGINAL, "risks", risk.id)
    block = "".join(lines[start:end])
    refs = f"\n    refs: [{', '.join(risk.refs)}]\n"  # the item's own, not its frequency's
    assert refs in block
    flagged = ORIGINAL.replace(block, block.replace(refs, refs + "    needs_review: true\n"), 1)
    cited = ORIGINAL.replace(block, block.replace(refs, "\n    refs: [spravato-rems]\n"), 1)
    assert [f.field for c in _compare(tmp_path, flagged).changes for f in c.fields] == ["needs_review"]
    (ref_change,) = [f for c in _compare(tmp_path, cited).changes for f in c.fields]
    assert (ref_change.field, ref_change.old, ref_change.new) == ("refs", risk.refs, ["spravato-rems"])


def test_the_json_round_trips_and_the_commands_agree(tmp_path):
    (tmp_path / "new.yaml").write_text(ORIGINAL.replace("if you may get", "if you might get"),
                                       encoding="utf-8")
    result = _run("diff", str(CONTENT), str(tmp_path / "new.yaml"), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert diff.ContentDiff.from_dict(data).to_dict() == data
    assert [(c["kind"], c["section"]) for c in data["changes"]] == [("changed", "intro")]
    markdown = _run("diff", str(CONTENT), str(tmp_path / "new.yaml"), "--format", "markdown").stdout
    assert "# What changed in version" in markdown and "**might**" in markdown and "**may**" in markdown
    report = _run("diff", str(CONTENT), str(tmp_path / "new.yaml"), "--format", "pdf", "--out", str(tmp_path / "out"))
    assert report.returncode == 0, report.stderr
    (pdf,) = (tmp_path / "out").glob("changes-*.pdf")
    with pdfplumber.open(pdf) as document:
        assert "might get" in document.pages[0].extract_text()


def test_git_revisions(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "content.yaml").write_text(ORIGINAL, encoding="utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "content.yaml"], check=True)
    subprocess.run(git + ["commit", "-qm", "first"], check=True)
    (repo / "content.yaml").write_text(ORIGINAL.replace("if you may get", "if you might get"),
                                       encoding="utf-8")
    result = _run("diff", "git:HEAD", "content.yaml", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert [c["section"] for c in json.loads(result.stdout)["changes"]] == ["intro"]
    missing = _run("diff", "git:no-such-revision", "content.yaml", cwd=repo)
    assert missing.returncode == 1 and "error[git-revision]" in missing.stderr and "Traceback" not in missing.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_the_schemas_in_the_repository_are_current(kind):
    assert (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8") == text(kind), \
        f"run: kethandout schema {kind} > schemas/{kind}.schema.json"


def test_the_schemas_describe_fields_and_editors_find_them():
    schema = json.loads(text("content"))
    meta = schema["$defs"]["Meta"]["properties"]
    assert meta["title"]["description"] == "the patient handout's title" and "approval" in meta
    assert CONTENT.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=schemas/content.schema.json")
    for profile in (ROOT / "examples" / "clinics").glob("*.yaml"):
        first = profile.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schemas/clinic.schema.json"
        assert (profile.parent / first.split("=", 1)[1]).resolve() == (ROOT / "schemas" / "clinic.schema.json")


def test_github_annotations(tmp_path):
    (tmp_path / "content.yaml").write_text(ORIGINAL + "extra: 1\n", encoding="utf-8")
    result = _run("check", "--no-pages", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert errors and all(line.startswith("::error file=content.yaml,line=") and ",col=" in line for line in errors)


def test_command_line_manners():
    bare = _run()
    assert bare.returncode == 0 and "usage: kethandout" in bare.stdout and "build" in bare.stdout
    version = _run("--version")
    assert version.returncode == 0 and version.stdout.startswith("kethandout ")
    top = _run("--help").stdout
    assert "thin commands" not in top
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("build", "watch", "check", "stamp-translation", "diff", "approve", "schema"):
        assert f"kethandout {command}" in readme, command
        assert "Example" in _run(command, "--help").stdout or command in ("watch", "stamp-translation"), command


def test_the_reviewers_sheet(tmp_path, content):
    result = _run("build", "--only", "review", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    (sheet,) = tmp_path.glob("*-reviewer-sheet-letter.pdf")
    with pdfplumber.open(sheet) as pdf:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
        links = [a["uri"] for page in pdf.pages for a in page.annots if a.get("uri")]
    from test_pdfua import _tree  # the columns' text, cell by cell

    cells = [" ".join(cell.split()) for role, cell, _ in _tree(sheet) if role == "TD"]
    import pikepdf

    with pikepdf.open(sheet) as document:
        fields = [str(f.T) for f in document.Root.AcroForm.Fields]
    for item in content.risks + content.contraindications + content.routes:
        assert item.title in text
        assert " ".join(item.patient.split()) in cells and " ".join(item.clinician.split()) in cells
    assert text.count("Patient wording") >= len(content.risks) and "(needs review)" in text
    assert {f"https://doi.org/{r.doi}" for r in content.references if r.doi} <= set(links)
    assert sum(name.startswith("initials-") for name in fields) >= len(content.risks) + len(content.routes)


def test_init_makes_a_project_that_builds_and_refuses_to_overwrite(tmp_path):
    project = tmp_path / "my-clinic"
    made = _run("init", str(project))
    assert made.returncode == 0, made.stderr
    assert {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()} >= {
        "content.yaml", "content.es.yaml", "clinics/example.yaml", ".gitignore", "README.md", "templates/handout.md.j2",
        "templates/consent.md.j2", "templates/deck.md.j2", "templates/glance.md.j2", "schemas/content.schema.json"}
    assert (project / ".gitignore").read_text() == "output/\n"
    assert "\n  approval:" not in (project / "content.yaml").read_text(encoding="utf-8")
    # its own templates come first: a changed heading shows in its handout
    handout = project / "templates" / "handout.md.j2"
    handout.write_text(handout.read_text(encoding="utf-8").replace(
        '{{ t("What is {medicine}?", medicine=c.meta.medicine) }}', "Our own words"), encoding="utf-8")
    build = _run("build", "--clinic", "clinics/example.yaml", "--only", "handout", cwd=project)
    assert build.returncode == 0, build.stderr
    pdfs = sorted((project / "output" / "example").glob("*.pdf"))  # in the profile's languages, Spanish too
    assert [p.name for p in pdfs] == [f"ketamine-patient-handout-{product}-letter{lang}.pdf"
                                      for product in ("esketamine", "ketamine") for lang in ("-es", "")]
    with pdfplumber.open(pdfs[1]) as document:
        assert "Our own words" in " ".join(page.extract_text() or "" for page in document.pages)
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    again = _run("init", str(project))
    assert again.returncode == 1 and "error[file-exists]" in again.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_pre_commit_hook():
    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "kethandout-check" and hook["entry"].startswith("kethandout check")


def test_changes_since_adds_a_whats_new_slide(tmp_path):
    from pptx import Presentation

    (tmp_path / "content.yaml").write_text(ORIGINAL.replace("if you may get", "if you might get"),
                                           encoding="utf-8")
    result = _run("build", "--only", "deck", "--changes-since", str(CONTENT), "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    slide = Presentation(tmp_path / "out" / "ketamine-clinician-deck.pptx").slides[1]
    assert slide.shapes.title.text.startswith("What's new in version")
    assert "Changed: intro" in " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "**might**" not in slide.notes_slide.notes_text_frame.text and "might" in slide.notes_slide.notes_text_frame.text


def test_the_installed_package_builds_with_the_top_level_templates(tmp_path):
    """Installed from a wheel (not editable), in a folder with no templates/ of its own."""
    target = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                              str(ROOT)], capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr
    assert (target / "kethandout" / "templates" / "handout.md.j2").is_file()
    assert (target / "kethandout" / "defaults" / "content.yaml").is_file()  # the link, followed
    work = tmp_path / "work"
    work.mkdir()
    env = {**__import__("os").environ, "PYTHONPATH": str(target)}
    probe = subprocess.run([sys.executable, "-c", "import kethandout.resources as r; print(r.builtin_templates())"],
                           cwd=work, env=env, capture_output=True, text=True)
    assert probe.stdout.strip() == str(target / "kethandout" / "templates")
    built = subprocess.run([sys.executable, "-m", "kethandout", "build", str(CONTENT), "--only", "handout"],
                           cwd=work, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert (work / "output" / "ketamine-patient-handout-esketamine-letter.pdf").is_file()


def test_a_list_of_texts_reordered_is_moved(tmp_path, content):
    first, second = content.objectives[:2]
    swapped = ORIGINAL.replace(first, "\0").replace(second, first).replace("\0", second)
    (moved,) = _compare(tmp_path, swapped).changes
    assert (moved.kind, moved.section) == ("moved", "objectives")


def test_a_misspelt_command_or_choice_gets_a_did_you_mean():
    command = _run("biuld")
    assert command.returncode == 2 and "did you mean 'build'?" in command.stderr
    choice = _run("build", "--paper", "leter")
    assert choice.returncode == 2 and "did you mean 'letter'?" in choice.stderr


def test_added_and_removed_items_are_shown_with_their_whole_wording(tmp_path, content):
    """The reviewer signs words: an added item's text, and a removed one's, in every format
    and on the deck's "What's new" slide."""
    added = ORIGINAL.replace("\nrisks:\n", "\nrisks:\n  - id: new-risk\n    title: A new risk\n    timeframe: short-term\n"
                             "    frequency: rare\n    severity: mild\n    patient: You may feel a tingle in your toes.\n"
                             "    clinician: Transient paraesthesia of the feet.\n    refs: [spravato-label]\n", 1)
    lines = added.splitlines(keepends=True)
    start, end = _item(added, "checklist", content.checklist[-1].id)
    gone = content.checklist[-1]
    both = "".join(lines[:start] + lines[end:])
    (tmp_path / "new.yaml").write_text(both, encoding="utf-8")
    shown = {}
    for form in ("text", "markdown", "json"):
        result = _run("diff", str(CONTENT), str(tmp_path / "new.yaml"), "--format", form)
        assert result.returncode == 0, result.stderr
        shown[form] = " ".join(result.stdout.replace("\\", "").split())  # (Markdown escapes its full stops)
    for form, out in shown.items():
        assert "You may feel a tingle in your toes." in out and "Transient paraesthesia of the feet." in out, form
        assert " ".join(gone.patient.split()) in out, form
    result = _run("diff", str(CONTENT), str(tmp_path / "new.yaml"), "--format", "pdf", "--out", str(tmp_path / "pdf"))
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(next((tmp_path / "pdf").glob("*.pdf"))) as pdf:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert "You may feel a tingle in your toes." in text and " ".join(gone.patient.split())[:60] in text

    built = _run("build", str(tmp_path / "new.yaml"), "--only", "deck", "--changes-since", str(CONTENT),
                 "--out", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    from pptx import Presentation

    deck = Presentation(next((tmp_path / "out").glob("*.pptx")))
    new_slide = next(s for s in deck.slides if s.shapes.title is not None and "What's new" in s.shapes.title.text)
    slide_text = " ".join(" ".join(sh.text_frame.text.split()) for sh in new_slide.shapes if sh.has_text_frame)
    assert "Transient paraesthesia of the feet." in slide_text


def test_preview_serves_the_documents_and_tells_the_page_of_each_build(tmp_path):
    """`kethandout preview`: the output folder on 127.0.0.1, a list of the documents, the web
    page with its reload script, and each build's number and errors for the page to follow."""
    import time
    import urllib.request

    (tmp_path / "content.yaml").write_text(ORIGINAL, encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "kethandout", "preview", "--only", "html", "--port", "0"],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        while "http://127.0.0.1:" not in line:
            line = server.stderr.readline()
            assert line or server.poll() is None, "preview stopped"
        url = line[line.index("http://"):].split()[0]

        def get(path: str) -> str:
            with urllib.request.urlopen(url.rstrip("/") + path, timeout=10) as response:
                return response.read().decode("utf-8")

        def build_after(number: int) -> dict:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                state = json.loads(get("/__build"))
                if state["number"] > number:
                    return state
                time.sleep(0.1)
            raise AssertionError("no build after the save")

        first = build_after(0)
        assert first["problems"] == []
        index = get("/")
        assert "ketamine-patient-handout-esketamine.html" in index and "/__build" in index
        assert "/__build" in get("/ketamine-patient-handout-esketamine.html")
        (tmp_path / "content.yaml").write_text(ORIGINAL.replace("\nmeta:\n", "\nmeta:\n  title: [\n", 1), encoding="utf-8")
        broken = build_after(first["number"])
        assert broken["problems"] and "content.yaml:" in broken["problems"][0]
        assert "did not build" in get("/") and "ketamine-patient-handout-esketamine.html" in get("/")
        (tmp_path / "content.yaml").write_text(ORIGINAL, encoding="utf-8")
        assert build_after(broken["number"])["problems"] == []
    finally:
        server.terminate()
        server.wait(timeout=10)
