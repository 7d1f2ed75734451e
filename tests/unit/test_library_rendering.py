"""Leaflet Markdown to sections, the search index and dosage in words, without HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from patient_app.content.library import Dosage, library
from patient_app.content.render import render_body
from patient_app.content.search import build_index, words
from patient_app.library.words import dosage_words


def link(kind: str, item_id: str) -> str:
    return f"/{kind}s/{item_id}"


def test_blocks_become_sections_in_order_with_links_rewritten() -> None:
    body = (
        "## First\n\nSee [sciatica](leaflet:sciatica).\n\n"
        ":::do\n- try [bridging](exercise:bridging)\n- keep going\n:::\n\n"
        ":::emergency Call 999 if:\n- you cannot feel your legs\n:::\n\n"
        "## First\n\nAgain.\n"
    )
    rendered = render_body(body, link)
    assert [section.kind for section in rendered.sections] == ["markdown", "do", "emergency", "markdown"]
    assert '<a href="/leaflets/sciatica">sciatica</a>' in rendered.sections[0].html
    assert rendered.sections[1].items == ('try <a href="/exercises/bridging">bridging</a>', "keep going")
    assert rendered.sections[2].heading == "Call 999 if:"
    assert "<li>you cannot feel your legs</li>" in rendered.sections[2].html
    # Two headings with the same words still get different ids.
    assert rendered.headings == (("section-first", "First"), ("section-first-2", "First"))


def test_heading_text_is_unescaped_once_for_the_contents_list() -> None:
    rendered = render_body("## Pain & sleep\n\nText.\n", link)
    assert rendered.headings == (("section-pain-sleep", "Pain & sleep"),)


@pytest.fixture(scope="module")
def index():  # type: ignore[no-untyped-def]
    return build_index(library())


def test_search_matches_plurals_and_word_starts(index) -> None:  # type: ignore[no-untyped-def]
    assert words("Knees and the stress") == ["knee", "stress"]
    assert [hit.id for hit in index.search("sprain")][:1] == ["ankle-sprain"]
    assert "knee-pain" in [hit.id for hit in index.search("knees")]


def test_search_ranks_title_matches_first_and_needs_every_word_when_it_can(index) -> None:  # type: ignore[no-untyped-def]
    hits = index.search("tennis elbow")
    assert hits[0].id == "tennis-elbow"
    assert all(hit.id != "knee-pain" for hit in hits)


def test_search_falls_back_to_some_words_and_ignores_stop_words(index) -> None:  # type: ignore[no-untyped-def]
    assert index.search("the and of") == []
    assert index.search("sciatica zebra")[0].id == "sciatica"


@pytest.fixture
def request_context(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        yield


@pytest.mark.usefixtures("request_context")
@pytest.mark.parametrize(
    ("dosage", "words_expected"),
    [
        (Dosage(1, 10, None, 3, None), "Repeat 10 times. Do this 3 times a day."),
        (
            Dosage(2, 8, None, None, 3),
            "Repeat 8 times. Do 2 sets, with a short rest between them. Do this on 3 days a week.",
        ),
        (Dosage(3, None, 30, 1, None), "Hold for 30 seconds. Do this 3 times. Do this once a day."),
        (Dosage(1, 1, None, None, 1), "Do it once. Do this once a week."),
    ],
)
def test_dosage_in_words(dosage: Dosage, words_expected: str) -> None:
    assert dosage_words(dosage) == words_expected
