"""Patients' messages: their conversations, starting one, replying, and the urgent advice.

Every screen says messages are not for emergencies. A message is always kept
and sent; if its words may mean a red flag, the patient is taken straight to
the emergency advice and the thread is marked urgent for the team.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from patient_app.access import patient_only
from patient_app.db import get_session
from patient_app.extensions import limiter
from patient_app.forms import entered
from patient_app.identity import signed_in_patient
from patient_app.messages import threads
from patient_app.messages.forms import TOPIC_LABELS, MessageForm, TopicForm
from patient_app.messages.working_days import promised_working_days
from patient_app.models import MessageThread

bp = Blueprint("messages", __name__, url_prefix="/messages")
# Generous for a person typing; stops a script filling the team's inbox.
POST_LIMIT = "30 per minute"


def _own_thread(thread_id: uuid.UUID) -> MessageThread:
    thread = threads.find(get_session(), patient_id=signed_in_patient().id, thread_id=thread_id)
    if thread is None:
        abort(404)
    return thread


def _after_sending(sent: threads.Sent) -> Response:
    if sent.flags:
        return redirect(url_for("messages.get_help_now", thread_id=sent.thread.id))
    if sent.reopened:
        flash(_("This conversation was closed. Your message has opened it again."))
    else:
        flash(_("Your message has been sent."))
    return redirect(url_for("messages.thread", thread_id=sent.thread.id, _anchor="latest"))


@bp.get("/")
@patient_only
def inbox() -> str:
    db = get_session()
    found = threads.for_patient(db, patient_id=signed_in_patient().id)
    return render_template("messages/inbox.jinja", threads=found, topics=TOPIC_LABELS, is_unread=threads.is_unread)


@bp.route("/new", methods=["GET", "POST"])
@patient_only
def new_topic() -> Response | str:
    form = TopicForm()
    if form.validate_on_submit():
        return redirect(url_for("messages.new_message", topic=form.topic.data))
    return render_template("messages/new-topic.jinja", form=form)


@bp.route("/new/<topic>", methods=["GET", "POST"])
@patient_only
@limiter.limit(POST_LIMIT, methods=["POST"])
def new_message(topic: str) -> Response | str:
    if topic not in TOPIC_LABELS:
        abort(404)
    form = MessageForm()
    if form.validate_on_submit():
        sent = threads.start(
            get_session(),
            patient=signed_in_patient(),
            topic=topic,
            text=entered(form.text),
            promise_days=promised_working_days(),
        )
        return _after_sending(sent)
    return render_template("messages/new-message.jinja", form=form, topic=TOPIC_LABELS[topic])


@bp.route("/<uuid:thread_id>", methods=["GET", "POST"])
@patient_only
@limiter.limit(POST_LIMIT, methods=["POST"])
def thread(thread_id: uuid.UUID) -> Response | str:
    found = _own_thread(thread_id)
    db = get_session()
    form = MessageForm()
    if form.validate_on_submit():
        sent = threads.reply(
            db, patient=signed_in_patient(), thread=found, text=entered(form.text), promise_days=promised_working_days()
        )
        return _after_sending(sent)
    threads.mark_read_by_patient(db, thread=found)
    return render_template(
        "messages/thread.jinja",
        thread=found,
        messages=threads.messages(db, thread_id=found.id),
        topic=TOPIC_LABELS.get(found.topic, found.topic),
        form=form,
    )


@bp.get("/<uuid:thread_id>/get-help-now")
@patient_only
def get_help_now(thread_id: uuid.UUID) -> str:
    found = _own_thread(thread_id)
    return render_template("messages/get-help-now.jinja", thread=found)
