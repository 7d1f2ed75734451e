"""The red-flag phrase screen: what it must catch, and ordinary sentences it must not flag."""

from __future__ import annotations

import pytest

from patient_app.messages import red_flags

MUST_CATCH = [
    ("I can't control my bladder since yesterday", "bladder-bowel"),
    ("I cant control my bowels", "bladder-bowel"),
    ("Ive lost control of my bladda", "bladder-bowel"),
    ("I wet myself this morning and didn't notice", "bladder-bowel"),
    ("I'm having trouble peeing since the back pain started", "bladder-bowel"),
    ("Is it normal to be incontinent after a fall?", "bladder-bowel"),
    ("I have numbness between my legs", "saddle-numbness"),
    ("My bum feels numb when I sit on the toilet", "saddle-numbness"),
    ("tingling round my back passage", "saddle-numbness"),
    ("I have saddle numbness", "saddle-numbness"),
    ("Can\u2019t feel my private parts properly", "saddle-numbness"),
    ("Both my legs are weak today", "both-legs"),
    ("both legs keep giving way", "both-legs"),
    ("I've got pins and needles in both legs", "both-legs"),
    ("my legs went numb", "both-legs"),
    ("I have chest pain when I do the exercises", "chest-pain"),
    ("Pain in my chest after the stretches", "chest-pain"),
    ("tightness across my chest", "chest-pain"),
    ("I can't breathe properly", "breathing"),
    ("I cannot breath", "breathing"),
    ("I get short of breath on the stairs", "breathing"),
    ("Sudden terrible headache with my neck pain", "severe-headache"),
    ("My knee is hot and swollen", "infection"),
    ("I have a fever and back pain", "infection"),
    ("My calf is swollen and red", "calf"),
    ("I had breast cancer 5 years ago and now my back hurts", "cancer"),
    ("I've lost weight without trying", "cancer"),
    ("I fell and cannot put weight on my leg", "injury"),
    ("Some days I want to end my life", "self-harm"),
    ("BOTH LEGS ARE WEAK", "both-legs"),
    ("I    can't\n control my bladder", "bladder-bowel"),
]

MUST_NOT_FLAG = [
    "Is my appointment booked?",
    "This exercise hurts my knee, should I stop?",
    "Can I do the exercises twice a day?",
    "My legs feel stiff after walking but it wears off.",
    "I can breathe easier now I'm more active.",
    "Where is the clinic? I need to know where to park.",
    "My green card says it ends in June, can I still use it?",
    "Thank you for your help, see you next week.",
    "I walked my dog and felt fine afterwards.",
    "I'd like to change my appointment to a Tuesday please.",
    "My shoulder clicks when I lift my arm above my head.",
    "The leaflet link does not open on my phone.",
    "I have pain in my left leg when I bend down.",
    "Can you send me the exercise sheet again?",
]


@pytest.mark.parametrize(("text", "flag_id"), MUST_CATCH)
def test_catches(text: str, flag_id: str) -> None:
    assert flag_id in [flag.id for flag in red_flags.screen(text)]


@pytest.mark.parametrize("text", MUST_NOT_FLAG)
def test_does_not_flag_ordinary_sentences(text: str) -> None:
    assert red_flags.screen(text) == []


def test_phrase_file_passes_its_schema_check() -> None:
    assert red_flags.problems() == []


def test_a_broken_pattern_is_a_content_problem() -> None:
    with pytest.raises(red_flags.PhrasesError, match="bad pattern"):
        red_flags.parse({"flags": [{"id": "x", "label": "X", "patterns": ["(unclosed"]}]})
