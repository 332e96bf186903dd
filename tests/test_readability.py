"""The reading-level formulas give textstat's results, on every text the checks grade."""
from __future__ import annotations

import json

import pyphen
import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONTENT, ROOT
from kethandout import user_cache
from kethandout.compose.context import compose
from kethandout.checks import readability
from kethandout.checks.readability import handout_sections
from kethandout.content.translation import load_translation
from kethandout.content.validate import load_content

EDGE_CASES = ["", "Word.", "Two words.", "!!! ...", "Call 911. Then wait, here, with us. Don't drive.",
              "Bladder damage (cystitis) is serious; it hurts — a lot. Ask: why? Now!",
              "Ketamine, esketamine and the NMDA-receptor: “quoted” text… with 12.5 mg/kg."]


def _texts(content) -> list[str]:
    return [text for _, text in handout_sections(compose(content, "handout.md.j2"))]


ENGLISH = load_content(CONTENT)
SPANISH = load_translation(ROOT / "content.es.yaml", ENGLISH)[0]
STRESS = load_content(ROOT / "tests" / "data" / "stress.yaml")


@pytest.mark.parametrize("text", _texts(ENGLISH) + _texts(STRESS) + EDGE_CASES)
def test_english_formulas_equal_textstat(text):
    assert readability.flesch_kincaid_grade(text) == textstat.flesch_kincaid_grade(text)
    assert readability.smog_index(text) == textstat.smog_index(text)


@pytest.mark.parametrize("text", _texts(SPANISH) + EDGE_CASES)
def test_spanish_formulas_equal_textstat(text):
    textstat.set_lang("es")
    try:
        expected = textstat.szigriszt_pazos(text), textstat.fernandez_huerta(text)
    finally:
        textstat.set_lang("en_US")
    assert readability.spanish_scores(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["the", "dissociation", "blood", "pressure", "—", "(", "can't", "911", ".", "!",
                                 "?", ",", "é", "naïve", "anesthetic", "a", "IV", "\n"]), max_size=60).map(" ".join))
def test_random_texts_equal_textstat(text):
    assert readability.flesch_kincaid_grade(text) == textstat.flesch_kincaid_grade(text)
    assert readability.smog_index(text) == textstat.smog_index(text)


@pytest.mark.parametrize("stored", [None, b"not json", b"1", b'{"maxlen": 3, "patterns": {"a": [1]}}',
                                    b"\x80\x04K\x01."])  # missing, garbage, wrong shapes, a pickle
def test_hyphenation_patterns_survive_a_bad_disk_cache(monkeypatch, stored):
    """The parsed patterns are kept on disk between runs; a missing or damaged copy is parsed again."""
    monkeypatch.setattr(pyphen, "hdcache", {})
    monkeypatch.setattr(user_cache, "read", lambda name: stored)
    written = {}
    monkeypatch.setattr(user_cache, "write", lambda name, data: written.update({name: data}))
    readability._hyphenator.cache_clear()
    readability.counts.cache_clear()
    try:
        text = _texts(ENGLISH)[3]
        assert readability.smog_index(text) == textstat.smog_index(text)
        assert list(written) == [f"pyphen-{pyphen.__version__}-hyph_en_US.dic.json"]
        assert json.loads(written[f"pyphen-{pyphen.__version__}-hyph_en_US.dic.json"])["maxlen"] > 0
    finally:
        readability._hyphenator.cache_clear()
        readability.counts.cache_clear()


def test_smog_under_three_sentences_is_said_not_applicable():
    from kethandout.checks.readability import _smog

    assert _smog(0.0) == "SMOG not applicable (under 3 sentences)" and _smog(7.25) == "7.2 (SMOG)"
