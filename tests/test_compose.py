"""Templates -> Markdown -> Doc, without any renderer."""
from __future__ import annotations

import jinja2
import pytest

from kethandout.compose import doc
from kethandout.compose.markdown import parse
from kethandout.compose.templating import make_environment, md_escape, render_template
from kethandout.errors import InputError


def test_markdown_blocks():
    blocks = parse("# T\n\nSome **bold** text.\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n"
                   "::: callout help\n## Help\n- **911**: call\n:::\n\n::: notes\nSay this.\n:::\n\n---\n")
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Heading", "Paragraph", "BulletList", "Table", "Div", "Div", "Rule"]
    assert blocks[1].text == (doc.Span("Some "), doc.Span("bold", strong=True), doc.Span(" text."))
    assert blocks[3].header == ((doc.Span("x"),), (doc.Span("y"),)) and blocks[3].rows == (((doc.Span("1"),), (doc.Span("2"),)),)
    assert blocks[4].classes == ("callout", "help")
    assert blocks[5].classes == ("notes",) and doc.plain(blocks[5].children[0].text) == "Say this."


@pytest.mark.parametrize("text", ["<b>x</b> & y > z", "**not bold** _nor this_", "1. not a list", "# not a heading",
                                  "| a | b |", "&amp; stays", "[link](http://x)", "{{ x }} {% if %}", "back\\slash"])
def test_escaped_content_prints_as_written(text):
    (paragraph,) = parse(md_escape(text))
    assert paragraph.text == (doc.Span(text),)


def _env(tmp_path, source: str):
    (tmp_path / "t.md.j2").write_text(source, encoding="utf-8")
    return make_environment(tmp_path)


def test_template_values_are_escaped_but_markdown_filter_is_trusted(tmp_path):
    env = _env(tmp_path, "{{ value }} {{ '**yes**' | markdown }}")
    assert render_template(env, "t.md.j2", value="**no**") == "\\*\\*no\\*\\* **yes**"


def test_undefined_name_is_an_error_at_its_line(tmp_path):
    env = _env(tmp_path, "ok\n{{ missing }}\n")
    with pytest.raises(InputError) as caught:
        render_template(env, "t.md.j2")
    (problem,) = caught.value.diagnostics
    assert (problem.code, problem.line) == ("template-error", 2) and "'missing' is undefined" in problem.message


def test_template_cannot_reach_python_internals(tmp_path):
    env = _env(tmp_path, "{{ ''.__class__.__mro__ }}")
    with pytest.raises(InputError) as caught:
        render_template(env, "t.md.j2")
    assert "templates may not reach Python internals" in caught.value.diagnostics[0].message


def test_template_syntax_error(tmp_path):
    env = _env(tmp_path, "line\n{% for x in %}\n")
    with pytest.raises(InputError) as caught:
        render_template(env, "t.md.j2")
    assert (caught.value.diagnostics[0].code, caught.value.diagnostics[0].line) == ("template-syntax", 2)


def test_user_templates_folder_comes_first(tmp_path):
    env = _env(tmp_path, "mine")
    (tmp_path / "handout.md.j2").write_text("custom handout", encoding="utf-8")
    assert env.get_template("handout.md.j2").render() == "custom handout"
    assert isinstance(make_environment(None).get_template("handout.md.j2"), jinja2.Template)
