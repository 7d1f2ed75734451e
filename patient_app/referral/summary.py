"""The "Check your answers" page: answers grouped by section, each with a Change link."""

from __future__ import annotations

from typing import Any, Protocol

from flask import url_for
from flask_babel import gettext as _

from patient_app.questionnaires import flow, instruments
from patient_app.questionnaires.definition import Questionnaire
from patient_app.questionnaires.pages import display


class QuestionnaireContext(Protocol):
    @property
    def questionnaire(self) -> Questionnaire: ...

    @property
    def strings_path(self) -> str: ...


def check_answers_sections(
    context: QuestionnaireContext,
    answers: dict[str, Any],
    *,
    links: bool = True,
    question_endpoint: str = "referral.question",
) -> list[dict[str, Any]]:
    sections: dict[str, list[dict[str, Any]]] = {}
    for page in flow.pages(context.questionnaire, answers, strings_path=context.strings_path):
        question = page.question
        if question.type == "instrument":
            if page.item != 1:
                continue  # one row per instrument, changing from its first item
            instrument = instruments.instrument(question.instrument or "", context.strings_path)
            label = instrument.name if instrument else question.id
            value = _("Answered")
        else:
            label, value = question.text, display(question, answers.get(question.id))
        row: dict[str, Any] = {"key": {"text": label}, "value": {"text": value}}
        if links:
            row["actions"] = {
                "items": [
                    {
                        "href": url_for(question_endpoint, slug=page.slug, change=1),
                        "text": _("Change"),
                        "visuallyHiddenText": label,
                    }
                ]
            }
        sections.setdefault(question.section, []).append(row)
    # Patients do not change the emergency screen here: answering yes ends the
    # referral. Staff see it, to know what was screened.
    return [
        {"title": context.questionnaire.sections[key], "rows": rows}
        for key, rows in sections.items()
        if links is False or key != "emergency"
    ]
