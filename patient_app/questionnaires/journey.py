"""A questionnaire journey's question pages, shared by the self-referral and the green card.

Each journey supplies its questionnaire, its endpoints and what stops it early
(red flags, redirects); the page handling (one question per page, no skipping,
answers saved after each page, change links back to the check page) is here once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from patient_app import drafts
from patient_app.db import get_session
from patient_app.forms import NhsForm
from patient_app.models import Draft
from patient_app.questionnaires import flow, instruments
from patient_app.questionnaires import pages as question_pages
from patient_app.questionnaires.definition import Questionnaire

Stop = Callable[[Draft], Response | None]


@dataclass(frozen=True)
class Journey:
    questionnaire: Questionnaire
    strings_path: str
    question_endpoint: str  # takes `slug`
    check_endpoint: str
    start_url: Callable[[], str]
    save_endpoint: str | None = None  # "Save and come back later", if the journey offers it

    def pages(self, answers: dict[str, Any]) -> list[flow.Page]:
        return flow.pages(self.questionnaire, answers, strings_path=self.strings_path)

    def page_url(self, page: flow.Page | None, **params: Any) -> str:
        if page is None:
            return url_for(self.check_endpoint)
        return url_for(self.question_endpoint, slug=page.slug, **params)

    def next_url(self, draft: Draft) -> str:
        return self.page_url(flow.first_unanswered(self.pages(draft.answers), draft.answers))

    def instrument(self, page: flow.Page) -> instruments.Instrument | None:
        if page.question.type != "instrument":
            return None
        return instruments.instrument(page.question.instrument or "", self.strings_path)

    def current_answers(self, draft: Draft) -> dict[str, Any]:
        return flow.current_answers(self.questionnaire, draft.answers, strings_path=self.strings_path)


def question_page(journey: Journey, draft: Draft, slug: str, *, stop: Stop) -> Response | str:
    """GET shows the page; POST saves the answer and goes to the next unanswered page."""
    stopped = stop(draft)
    if stopped is not None:
        return stopped
    all_pages = journey.pages(draft.answers)
    page = flow.find(all_pages, slug)
    if page is None:
        abort(404)
    if not flow.reachable(all_pages, page, draft.answers):
        # Pages cannot be skipped by typing an address: go to the first one not answered.
        return redirect(journey.next_url(draft))
    instrument = journey.instrument(page)
    form = question_pages.build_form(
        page,
        instrument,
        None if request.method == "POST" else question_pages.initial_data(page, draft.answers.get(page.question.id)),
    )
    if request.method == "POST" and question_pages.validate(form):
        _save(draft, page, form)
        stopped = stop(draft)
        if stopped is not None:
            return stopped
        return redirect(journey.next_url(draft))
    previous = flow.previous_page(all_pages, page)
    if request.args.get("change"):
        back = url_for(journey.check_endpoint)
    else:
        back = journey.page_url(previous) if previous else journey.start_url()
    return render_template(
        "referral/question.jinja",
        form=form,
        page=page,
        instrument=instrument,
        section=journey.questionnaire.sections[page.question.section],
        back_url=back,
        save_url=url_for(journey.save_endpoint) if journey.save_endpoint else None,
    )


def _save(draft: Draft, page: flow.Page, form: NhsForm) -> None:
    value = question_pages.stored_value(page, form)
    if page.item is not None:
        existing = dict(draft.answers.get(page.question.id) or {})
        existing[str(page.item)] = value
        value = existing
    drafts.save(get_session(), draft, {page.question.id: value})
