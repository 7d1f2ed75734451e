"""Translation catalogues: the layout is complete in every language; catalogues compile.

The layout (header, footer, phase banner, language choice, error summary,
skip link, navigation and the emergency advice shown on many pages) is what
every page shares, so it must be translated in every language we offer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from patient_app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
LAYOUT_TEMPLATES = [
    *sorted((ROOT / "templates" / "layouts").glob("*.jinja")),
    *sorted((ROOT / "templates" / "components").glob("*.jinja")),
]
# _("...") or _('...') in templates, _l("...") in Python.
CALL = re.compile(r"""_l?\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*[,)]""")


def layout_messages() -> set[str]:
    found: set[str] = set()
    for path in LAYOUT_TEMPLATES:
        found.update(double or single for double, single in CALL.findall(path.read_text(encoding="utf-8")))
    navigation = (ROOT / "patient_app" / "jinja.py").read_text(encoding="utf-8")
    found.update(double or single for double, single in CALL.findall(navigation))
    return found


def catalogue(language: str):  # type: ignore[no-untyped-def]
    with (ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


LANGUAGES = [code for code in Settings().languages if code != "en"]


def test_the_layout_strings_are_found() -> None:
    messages = layout_messages()
    assert "Skip to main content" in messages
    assert "Call 999 or go to A&E now if you have:" in messages


@pytest.mark.parametrize("language", LANGUAGES)
def test_layout_is_translated(language: str) -> None:
    po = catalogue(language)
    missing = sorted(
        message
        for message in layout_messages()
        if po.get(message) is None or not po.get(message).string or po.get(message).fuzzy
    )
    assert missing == [], f"untranslated layout strings in {language}: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language: str) -> None:
    for message in catalogue(language):
        if message.id and message.string and isinstance(message.id, str):
            assert set(re.findall(r"%\(\w+\)[sd]", message.id)) == set(re.findall(r"%\(\w+\)[sd]", message.string)), (
                message.id
            )
