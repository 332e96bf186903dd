"""Spanish from the same source: complete, current, and with no English left in the outputs."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT, ROOT, pdf_text, slide_text
from kethandout.content.translation import load_translation, translatable

SPANISH = ROOT / "content.es.yaml"
ENGLISH_HEADINGS = ["Get help now", "What is ketamine?", "How can ketamine help you?",
                    "What are the possible side effects?", "Who should not get ketamine?", "How is ketamine given?",
                    "How can I stay safe?", "What are the warning signs", "When should I get help?", "Sources",
                    "Last reviewed", "Page 1 of", "Version 0.1"]
ENGLISH_SLIDE_TITLES = ["Learning objectives", "How ketamine works", "Benefits and strength of evidence",
                        "Short-term risks", "Contraindications and cautions", "Routes of administration",
                        "Monitoring and safety", "References", "(continued)"]


@pytest.fixture(scope="module")
def spanish(content):
    translated, warnings = load_translation(SPANISH, content)
    assert warnings == []  # every entry is current
    return translated


@pytest.fixture(scope="module")
def spanish_outputs(spanish, tmp_path_factory):
    from kethandout.build import build

    out = tmp_path_factory.mktemp("es")
    # the nasal spray's handout, its web page and the deck
    return {path.suffix: path for path in build(spanish, out, paper="a4")
            if "consent" not in path.name and "glance" not in path.name and "card" not in path.name
            and "-ketamine" not in path.name}


def _pdf_text(path: Path) -> str:
    return " ".join(pdf_text(path, "Dónde").split())


def test_every_spanish_item_title_and_no_english_heading(spanish, spanish_outputs):
    handout, deck = _pdf_text(spanish_outputs[".pdf"]), slide_text(spanish_outputs[".pptx"])
    page = spanish_outputs[".html"].read_text(encoding="utf-8")
    from kethandout.content.products import for_product
    from test_handout import printed_titles

    assert [title for title in printed_titles(for_product(spanish, "esketamine")) if title not in handout] == []
    items = spanish.benefits + spanish.risks + spanish.contraindications + spanish.routes
    assert [i.title for i in items if i.title not in deck] == []
    assert [h for h in ENGLISH_HEADINGS if h in handout or h in page] == []
    assert [t for t in ENGLISH_SLIDE_TITLES if t in deck] == []
    assert "awaiting" not in deck and "por los editores de kethandout (pendiente de aprobación clínica)" in deck
    assert "¿Qué es la ketamina?" in handout and "Última revisión: 7 de diciembre de 2026" in handout
    assert '<html lang="es-US">' in page


def test_pdf_language_is_spanish(spanish_outputs):
    from pypdf import PdfReader

    reader = PdfReader(spanish_outputs[".pdf"])
    assert str(reader.trailer["/Root"]["/Lang"]) == "es-US"


def _edited(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(SPANISH.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "content.es.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(CONTENT, tmp_path / "content.yaml")
    return path


def _check_es(tmp_path: Path) -> tuple[int, list[dict]]:
    result = subprocess.run([sys.executable, "-m", "kethandout", "check", "--lang", "es", "--format", "json"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert "Traceback" not in result.stderr
    return result.returncode, [d for d in json.loads(result.stdout)["diagnostics"] if d["file"] == "content.es.yaml"]


def _line(path: Path, fragment: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(fragment)].count("\n") + 1


def test_missing_translation_names_the_id(tmp_path):
    path = _edited(tmp_path, lambda d: d["entries"].pop("nausea"))
    code, found = _check_es(tmp_path)
    assert code == 1
    assert [(d["code"], d["message"], d["line"]) for d in found] == [
        ("missing-translation", "no translation for 'nausea'", _line(path, "entries:"))]


def test_extra_translation_is_an_error(tmp_path):
    path = _edited(tmp_path, lambda d: d["entries"].update({"no-such-item": {"title": "x"}}))
    code, found = _check_es(tmp_path)
    assert code == 1
    assert [(d["code"], d["line"]) for d in found] == [("extra-translation", _line(path, "no-such-item:"))]
    assert found[0]["message"] == "'no-such-item' is not an id in the content"


def test_stale_translation_is_a_warning(tmp_path):
    (tmp_path / "content.es.yaml").write_text(SPANISH.read_text(encoding="utf-8"), encoding="utf-8")
    english = CONTENT.read_text(encoding="utf-8")
    (tmp_path / "content.yaml").write_text(english.replace("Tell the staff if you feel sick.",
                                                           "Tell the staff if you feel unwell."), encoding="utf-8")
    code, found = _check_es(tmp_path)
    assert code == 0
    found = [d for d in found if d["code"] != "translation-not-approved"]
    assert [(d["code"], d["severity"]) for d in found] == [("stale-translation", "warning")]
    assert "translation of 'nausea' may be out of date" in found[0]["message"]
    assert found[0]["line"] == _line(tmp_path / "content.es.yaml", "  nausea:") + 1


def test_spanish_reading_level_uses_a_spanish_formula(tmp_path):
    hard = ("La caracterización farmacocinética interindividual condiciona considerablemente la "
            "administración terapéutica personalizada mediante monitorización electrocardiográfica continua.")
    risks = ["dissociation", "nausea", "blood-pressure", "hallucinations", "drowsiness", "bladder", "memory",
             "dependence", "misuse"]  # a whole section, or the easy sentences around it dilute the score
    _edited(tmp_path, lambda d: [d["entries"][key].update({"patient": hard}) for key in risks])
    code, found = _check_es(tmp_path)
    reading = [d for d in found if d["code"] == "reading-level"]
    assert reading and "(Szigriszt-Pazos)" in reading[0]["message"] and "(Fernández-Huerta)" in reading[0]["message"]


def test_every_content_id_is_translated(content):
    entries = yaml.safe_load(SPANISH.read_text(encoding="utf-8"))["entries"]
    assert set(entries) == set(translatable(content))
    assert all(re.fullmatch(r"[0-9a-f]{12}", e["source_hash"]) for e in entries.values())


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kethandout", *args], cwd=cwd, capture_output=True, text=True)


def test_a_translation_is_approved_on_its_own_over_approved_english(tmp_path):
    """Approved English plus an approved, current translation builds without BORRADOR; a word
    changed in the translation makes it a draft again, as in the English."""
    from test_approval import without_flags

    english = without_flags(CONTENT.read_text(encoding="utf-8"))
    (tmp_path / "content.yaml").write_text(english, encoding="utf-8")
    shutil.copy(SPANISH, tmp_path / "content.es.yaml")
    too_soon = _run("approve", "content.es.yaml", "--by", "Ana Ruiz, MD", cwd=tmp_path)
    assert too_soon.returncode == 1 and "approve the English first" in too_soon.stderr
    assert _run("approve", "--by", "Dana Lee, MD", cwd=tmp_path).returncode == 0
    approved = _run("approve", "content.es.yaml", "--by", "Ana Ruiz, MD", "--on", "2026-12-07", cwd=tmp_path)
    assert approved.returncode == 0, approved.stderr
    assert "the translation of content.yaml, approved by Ana Ruiz, MD" in approved.stdout
    text = (tmp_path / "content.es.yaml").read_text(encoding="utf-8")
    assert text.replace(text[text.index("approval:\n"):text.index("entries:\n")], "") == SPANISH.read_text(encoding="utf-8")
    check = _run("check", "--lang", "es", "--no-pages", cwd=tmp_path)
    assert "translation-not-approved" not in check.stdout + check.stderr

    built = _run("build", "--lang", "es", "--only", "handout", "--out", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    page = pdf_text(next((tmp_path / "out").glob("*esketamine*-es.pdf")), "Aprobado")
    assert "BORRADOR" not in page and "Aprobado por Ana Ruiz, MD" in " ".join(page.split())

    (tmp_path / "content.es.yaml").write_text(text.replace("Tratamiento con ketamina: lo que debe saber",
                                                           "Tratamiento con ketamina: lo que usted debe saber"),
                                              encoding="utf-8")
    rebuilt = _run("build", "--lang", "es", "--only", "handout", "--out", "draft", cwd=tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "BORRADOR" in pdf_text(next((tmp_path / "draft").glob("*esketamine*-es.pdf")), "BORRADOR")


def test_stamp_translation_stamps_only_what_it_is_told_and_says_what_is_still_stale(tmp_path):
    english = CONTENT.read_text(encoding="utf-8")
    changed = english.replace("Tell the staff if you feel sick.", "Tell the staff if you feel unwell.")
    assert changed != english
    at = changed.index("\nrisks:\n")
    changed = changed[:at] + changed[at:].replace("    title: ", "    title: The ", 1)  # a second stale entry
    (tmp_path / "content.yaml").write_text(changed, encoding="utf-8")
    spanish = SPANISH.read_bytes().replace(b"\n", b"\r\n")  # a translator's CRLF file
    (tmp_path / "content.es.yaml").write_bytes(spanish)

    told = _run("stamp-translation", "content.es.yaml", cwd=tmp_path)
    assert told.returncode == 2 and "--entry" in told.stderr and "--all" in told.stderr
    unknown = _run("stamp-translation", "content.es.yaml", "--entry", "nausae", cwd=tmp_path)
    assert unknown.returncode == 1 and "did you mean 'nausea'?" in unknown.stderr
    assert (tmp_path / "content.es.yaml").read_bytes() == spanish

    one = _run("stamp-translation", "content.es.yaml", "--entry", "nausea", cwd=tmp_path)
    assert one.returncode == 0, one.stderr
    assert "1 hash updated; 1 entry still out of date:" in one.stdout
    after = (tmp_path / "content.es.yaml").read_bytes()
    assert after.count(b"\r\n") == spanish.count(b"\r\n") and b"\n" not in after.replace(b"\r\n", b"")
    every = _run("stamp-translation", "content.es.yaml", "--all", cwd=tmp_path)
    assert "1 hash updated; every entry is up to date" in every.stdout
