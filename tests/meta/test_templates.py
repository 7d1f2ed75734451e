"""Template lint: markup is written as markup, not glued together from strings.

With autoescape on, `_()` returns Markup, and Jinja's `~` escapes every plain
string joined to Markup. So `"<p>" ~ _("Escalated") ~ "</p>"` shows the tags
as text ("<p>Escalated</p>" on the navigator's screen). Build an `html` param
in a `{% set name %}...{% endset %}` block instead, where the template's
autoescape does the right thing for each part.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from jinja2 import nodes

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*[\s>/]")


def markup_joined_with_tilde(app: Flask, source: str) -> list[str]:
    """The string literals holding HTML tags that a `~` expression joins."""
    tree = app.jinja_env.parse(source)
    return [
        operand.value
        for concat in tree.find_all(nodes.Concat)
        for operand in concat.nodes
        if isinstance(operand, nodes.Const) and isinstance(operand.value, str) and TAG.search(operand.value)
    ]


def test_the_lint_finds_markup_glued_with_tilde(app: Flask) -> None:
    glued = '{{ insetText({"html": "<p><strong>" ~ _("Escalated") ~ "</strong></p>"}) }}'
    assert markup_joined_with_tilde(app, glued) == ["<p><strong>", "</strong></p>"]
    in_a_block = '{% set html %}<p><strong>{{ _("Escalated") }}</strong></p>{% endset %}{{ insetText({"html": html}) }}'
    assert markup_joined_with_tilde(app, in_a_block) == []
    assert markup_joined_with_tilde(app, '{{ "Page " ~ number ~ " of " ~ pages }}') == []


def test_no_template_glues_markup_together_with_tilde(app: Flask) -> None:
    found = {
        path.relative_to(TEMPLATES).as_posix(): glued
        for path in sorted(TEMPLATES.rglob("*.jinja"))
        if (glued := markup_joined_with_tilde(app, path.read_text(encoding="utf-8")))
    }
    assert found == {}
