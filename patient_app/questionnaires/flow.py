"""Which page comes next: the questionnaire's pages for the answers given so far.

A page is a question, or one item of a licensed instrument. Questions hidden by
`show_if` are skipped, instruments without licensed wording are skipped, and a
page can only be reached once every page before it has been answered, so
nobody can skip the emergency screen by typing a later address.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from patient_app.questionnaires import conditions, instruments
from patient_app.questionnaires.definition import Question, Questionnaire

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Page:
    question: Question
    item: int | None = None

    @property
    def slug(self) -> str:
        return self.question.id if self.item is None else f"{self.question.id}/{self.item}"


def visible(question: Question, answers: Answers) -> bool:
    if question.show_if is None:
        return True
    return conditions.evaluate(question.show_if, conditions.Facts(answers=answers))


def pages(questionnaire: Questionnaire, answers: Answers, *, strings_path: str) -> list[Page]:
    found: list[Page] = []
    for question in questionnaire.questions:
        if not visible(question, answers):
            continue
        if question.type == "instrument":
            instrument = instruments.instrument(question.instrument or "", strings_path)
            if instrument is not None:
                found.extend(Page(question, item.number) for item in instrument.items)
            continue
        found.append(Page(question))
    return found


def answered(page: Page, answers: Answers) -> bool:
    value = answers.get(page.question.id)
    if page.item is None:
        return page.question.id in answers
    return isinstance(value, Mapping) and str(page.item) in value


def find(all_pages: list[Page], slug: str) -> Page | None:
    return next((page for page in all_pages if page.slug == slug), None)


def first_unanswered(all_pages: list[Page], answers: Answers) -> Page | None:
    return next((page for page in all_pages if not answered(page, answers)), None)


def reachable(all_pages: list[Page], page: Page, answers: Answers) -> bool:
    """Every page before this one is answered (pages cannot be skipped)."""
    for earlier in all_pages:
        if earlier == page:
            return True
        if not answered(earlier, answers):
            return False
    return False


def next_page(all_pages: list[Page], page: Page) -> Page | None:
    index = all_pages.index(page)
    return all_pages[index + 1] if index + 1 < len(all_pages) else None


def previous_page(all_pages: list[Page], page: Page) -> Page | None:
    index = all_pages.index(page)
    return all_pages[index - 1] if index > 0 else None


def current_answers(questionnaire: Questionnaire, answers: Answers, *, strings_path: str) -> dict[str, Any]:
    """Only the answers to questions still shown: a changed answer can hide earlier ones."""
    shown = {page.question.id for page in pages(questionnaire, answers, strings_path=strings_path)}
    return {key: value for key, value in answers.items() if key in shown}


def complete(questionnaire: Questionnaire, answers: Answers, *, strings_path: str) -> bool:
    return first_unanswered(pages(questionnaire, answers, strings_path=strings_path), answers) is None
