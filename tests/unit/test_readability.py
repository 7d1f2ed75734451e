"""Every English leaflet is plain English: reading grade 7 or lower and no sentence over 25 words."""

from __future__ import annotations

import pytest

from patient_app.content import readability
from patient_app.content.library import library

LEAFLETS = sorted(library().leaflets.values(), key=lambda leaflet: leaflet.id)


def test_there_are_leaflets_to_check() -> None:
    assert len(LEAFLETS) >= 18


@pytest.mark.parametrize("leaflet", LEAFLETS, ids=lambda leaflet: leaflet.id)
def test_leaflet_reads_at_grade_7_or_lower(leaflet) -> None:  # type: ignore[no-untyped-def]
    grade = readability.grade(leaflet.body)
    assert grade <= readability.MAX_GRADE, f"{leaflet.id} reads at grade {grade:.1f}"


@pytest.mark.parametrize("leaflet", LEAFLETS, ids=lambda leaflet: leaflet.id)
def test_leaflet_has_no_sentence_over_25_words(leaflet) -> None:  # type: ignore[no-untyped-def]
    assert readability.long_sentences(leaflet.body) == []


# The measures themselves: a hard text must fail them, or the tests above prove nothing.


def test_a_long_winded_text_scores_above_grade_7() -> None:
    body = (
        "## Management considerations\n\n"
        "Musculoskeletal presentations necessitate individualised biopsychosocial assessment, "
        "incorporating consideration of occupational, psychological and physiological determinants.\n"
    )
    assert readability.grade(body) > readability.MAX_GRADE


def test_a_sentence_of_26_words_is_found_but_blocks_and_links_are_not_counted() -> None:
    long_one = " ".join(["word"] * 26) + "."
    body = f":::do\n- keep moving\n:::\n\nRead about [back pain](leaflet:low-back-pain).\n\n{long_one}\n"
    assert readability.long_sentences(body) == [long_one]
    assert "leaflet:" not in readability.visible_text(body)
    assert ":::" not in readability.visible_text(body)
