"""The questionnaire engine: schema checks, conditions, page order and reachability."""

from __future__ import annotations

from pathlib import Path

from patient_app import codes
from patient_app.questionnaires import conditions, definition, flow

STRINGS = str(Path(__file__).resolve().parents[2] / "fixtures" / "licensed-strings.yaml")
QUESTIONNAIRE = definition.self_referral()


def test_the_self_referral_questionnaire_is_valid_and_screens_first() -> None:
    first_six = [q.id for q in QUESTIONNAIRE.questions[:6]]
    assert first_six == [q.id for q in QUESTIONNAIRE.red_flag_questions]
    assert all(not q.optional and q.show_if is None for q in QUESTIONNAIRE.red_flag_questions)


def _minimal(**extra: object) -> dict[str, object]:
    return {
        "id": "x",
        "version": "1",
        "title": "t",
        "sections": {"a": "A"},
        "review": {},
        "questions": [
            {
                "id": "q1",
                "section": "a",
                "type": "single",
                "text": "Q1",
                "options": [{"value": "y", "label": "Y"}, {"value": "n", "label": "N"}],
            },
        ],
        **extra,
    }


def test_schema_check_reports_each_problem() -> None:
    bad = _minimal()
    bad["questions"] = [
        {"id": "q1", "section": "a", "type": "radio", "text": "Q"},
        {"id": "q1", "section": "nowhere", "type": "single", "text": "Q", "options": [{"value": "a", "label": "A"}]},
        {"id": "q3", "section": "a", "type": "number", "text": "Q"},
        {"id": "q4", "section": "a", "type": "text", "text": "Q"},
        {
            "id": "q5",
            "section": "a",
            "type": "single",
            "text": "Q",
            "red_flag": "cauda-equina",
            "options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
        },
        {
            "id": "q6",
            "section": "a",
            "type": "text",
            "text": "Q",
            "max_length": 5,
            "show_if": {"answer": "later", "eq": "x"},
        },
    ]
    issues = " | ".join(definition.check(bad, "bad.yaml"))
    for expected in (
        "unknown type 'radio'",
        "duplicate id",
        "unknown section 'nowhere'",
        "at least two options",
        "needs min and max",
        "needs max_length",
        "must come before every other question",
        "not an earlier question",
    ):
        assert expected in issues


def test_conditions() -> None:
    facts = conditions.Facts(
        answers={"a": "x", "m": ["p", "q"], "n": 7}, facts={"age": 15}, scores={"s": {"group": "high"}}
    )
    assert conditions.evaluate({"answer": "a", "in": ["x", "y"]}, facts)
    assert conditions.evaluate({"answer": "m", "contains": "q"}, facts)
    assert conditions.evaluate({"answer": "m", "count_gte": 2}, facts)
    assert not conditions.evaluate({"answer": "n", "gt": 7}, facts)
    assert conditions.evaluate({"answer": "n", "gte": 7}, facts)
    assert conditions.evaluate({"fact": "age", "lt": 16}, facts)
    assert conditions.evaluate({"score": "s.group", "eq": "high"}, facts)
    assert not conditions.evaluate({"answer": "missing", "eq": "x"}, facts)  # unanswered never fires
    assert conditions.evaluate({"not": {"answer": "missing", "eq": "x"}}, facts)
    assert conditions.evaluate(
        {"all": [{"answer": "a", "eq": "x"}, {"any": [{"answer": "n", "lt": 0}, {"fact": "age", "eq": 15}]}]}, facts
    )
    assert conditions.problems({"answer": "a", "in": "x"}, "w") == ["w: 'in' needs a list"]
    assert conditions.problems({"answer": "a"}, "w")


def test_hidden_questions_are_skipped_and_instruments_expand() -> None:
    knee = flow.pages(QUESTIONNAIRE, {"body-area": "knee"}, strings_path=STRINGS)
    slugs = [page.slug for page in knee]
    assert "side" in slugs
    assert "leg-pain" not in slugs
    assert "start-back/1" not in slugs
    assert "msk-hq/15" in slugs
    back = [page.slug for page in flow.pages(QUESTIONNAIRE, {"body-area": "lower-back"}, strings_path=STRINGS)]
    assert [s for s in back if s.startswith("start-back/")] == [f"start-back/{n}" for n in range(1, 10)]
    without_strings = [page.slug for page in flow.pages(QUESTIONNAIRE, {"body-area": "lower-back"}, strings_path="")]
    assert not any(s.startswith(("start-back", "msk-hq")) for s in without_strings)


def test_a_page_is_reachable_only_when_every_earlier_page_is_answered() -> None:
    pages = flow.pages(QUESTIONNAIRE, {}, strings_path="")
    body_area = flow.find(pages, "body-area")
    assert body_area is not None
    assert not flow.reachable(pages, body_area, {"rf-cauda-equina": "no"})
    assert flow.first_unanswered(pages, {"rf-cauda-equina": "no"}).slug == "rf-neck-vascular"  # type: ignore[union-attr]


def test_changing_an_answer_drops_answers_it_hides() -> None:
    answers = {"body-area": "lower-back", "leg-pain": "yes"}
    assert "leg-pain" in flow.current_answers(QUESTIONNAIRE, answers, strings_path="")
    answers["body-area"] = "knee"
    assert "leg-pain" not in flow.current_answers(QUESTIONNAIRE, answers, strings_path="")


def test_reference_codes_catch_typing_mistakes() -> None:
    for _ in range(200):
        code = codes.new_code()
        assert codes.is_valid(code)
        assert codes.is_valid(codes.grouped(code).lower())
        for position in range(len(code)):
            for replacement in codes.ALPHABET:
                if replacement != code[position]:
                    altered = code[:position] + replacement + code[position + 1 :]
                    assert not codes.is_valid(altered), "a single changed character must be caught"
                    break
    assert not codes.is_valid("OIL0")
