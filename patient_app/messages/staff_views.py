"""The navigator console for messages: inbox, thread, reply, notes, assign, escalate, close.

Navigators, clinicians and admins may use it; every opening of a thread is
audited, like opening a patient's record. Clinicians answer escalations here
too, and their replies are marked as from a clinician.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from patient_app import audit, clock
from patient_app.access import Role, staff_only
from patient_app.db import get_session
from patient_app.forms import NhsForm, choices, entered
from patient_app.hooks import staff_patient_sections
from patient_app.identity import signed_in_staff
from patient_app.messages import canned, inbox, notify, staff_actions, threads
from patient_app.messages.forms import TOPIC_LABELS, AssignForm, EscalateForm, NoteForm, StaffReplyForm
from patient_app.messages.working_days import promised_working_days
from patient_app.models import MessageThread, Patient, StaffMember

bp = Blueprint("messages_staff", __name__, url_prefix="/staff/messages")
CONSOLE_ROLES = (Role.NAVIGATOR, Role.CLINICIAN, Role.ADMIN)
VIEW_LABELS = {
    "open": "Needs a reply",
    "unassigned": "Unassigned",
    "mine": "Assigned to me",
    "urgent": "Urgent",
    "overdue": "Overdue",
    "waiting": "Waiting on patient",
    "escalated": "Escalated to a clinician",
    "closed": "Closed",
}


def _default_view() -> str:
    roles = signed_in_staff().roles
    return "escalated" if Role.CLINICIAN in roles and Role.NAVIGATOR not in roles else "open"


@bp.get("/")
@staff_only(*CONSOLE_ROLES)
def inbox_page() -> str:
    db = get_session()
    staff = signed_in_staff()
    view = request.args.get("view", _default_view())
    sort = request.args.get("sort", "due")
    if view not in inbox.VIEWS or sort not in inbox.SORTS:
        abort(404)
    number = max(request.args.get("page", 1, type=int) or 1, 1)
    now = clock.now()
    found = inbox.page(db, view=view, sort=sort, number=number, staff_id=staff.id, now=now)
    return render_template(
        "console/messages/inbox.jinja",
        view=view,
        sort=sort,
        views=[(key, _(label)) for key, label in VIEW_LABELS.items()],
        counts=inbox.counts(db, staff_id=staff.id, now=now),
        page=found,
        topics=TOPIC_LABELS,
        now=now,
        previous_url=url_for(".inbox_page", view=view, sort=sort, page=number - 1) if number > 1 else None,
        next_url=url_for(".inbox_page", view=view, sort=sort, page=number + 1) if found.has_next else None,
    )


def _thread(thread_id: uuid.UUID) -> tuple[MessageThread, Patient]:
    db = get_session()
    thread = db.get(MessageThread, thread_id)
    patient = db.get(Patient, thread.patient_id) if thread else None
    if thread is None or patient is None or patient.deleted_at is not None:
        abort(404)
    return thread, patient


def _render_thread(thread: MessageThread, patient: Patient, *, failed: NhsForm | None = None, **forms: Any) -> str:
    db = get_session()
    staff = signed_in_staff()
    reply_form = forms.get("reply_form") or StaffReplyForm()
    chosen = request.args.get("canned")
    if chosen and not reply_form.reply.data:
        try:
            found = canned.find(db, uuid.UUID(chosen))
        except ValueError:
            found = None
        if found is not None:
            reply_form.reply.data = canned.fill(found.text, patient=patient, staff_name=staff.record.name)
    assign_form = forms.get("assign_form") or AssignForm()
    people = staff_actions.assignable_staff(db)
    assign_form.assignee.choices = choices([("", _("Select a person"))] + [(str(p.id), p.name) for p in people])
    assignee = db.get(StaffMember, thread.assigned_to_id) if thread.assigned_to_id else None
    return render_template(
        "console/messages/thread.jinja",
        thread=thread,
        patient=patient,
        topic=TOPIC_LABELS.get(thread.topic, thread.topic),
        messages=threads.messages(db, thread_id=thread.id),
        notes=staff_actions.notes(db, thread_id=thread.id),
        assignee=assignee,
        canned_replies=canned.all_replies(db),
        sections=staff_patient_sections(db, patient),
        reply_form=reply_form,
        note_form=forms.get("note_form") or NoteForm(),
        assign_form=assign_form,
        action_form=NhsForm(),
        form=failed,
        me=staff,
    )


@bp.get("/<uuid:thread_id>")
@staff_only(*CONSOLE_ROLES)
def thread(thread_id: uuid.UUID) -> str:
    found, patient = _thread(thread_id)
    db = get_session()
    audit.record(db, action="staff.viewed_message_thread", patient_id=patient.id, subject=str(found.id))
    staff_actions.mark_read(db, thread=found)
    return _render_thread(found, patient)


@bp.post("/<uuid:thread_id>/reply")
@staff_only(*CONSOLE_ROLES)
def reply(thread_id: uuid.UUID) -> Response | str:
    found, patient = _thread(thread_id)
    form = StaffReplyForm()
    if not form.validate_on_submit():
        return _render_thread(found, patient, failed=form, reply_form=form)
    staff = signed_in_staff()
    staff_actions.reply(get_session(), thread=found, staff=staff.record, roles=staff.roles, text=entered(form.reply))
    notify.send_reply_email(patient)
    flash(_("Your reply has been sent to %(name)s.", name=patient.full_name))
    return redirect(url_for(".thread", thread_id=found.id))


@bp.post("/<uuid:thread_id>/notes")
@staff_only(*CONSOLE_ROLES)
def add_note(thread_id: uuid.UUID) -> Response | str:
    found, patient = _thread(thread_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _render_thread(found, patient, failed=form, note_form=form)
    staff_actions.add_note(get_session(), thread=found, staff=signed_in_staff().record, text=entered(form.note))
    flash(_("Note added."))
    return redirect(url_for(".thread", thread_id=found.id, _anchor="notes"))


@bp.post("/<uuid:thread_id>/assign")
@staff_only(*CONSOLE_ROLES)
def assign(thread_id: uuid.UUID) -> Response | str:
    found, patient = _thread(thread_id)
    db = get_session()
    form = AssignForm()
    people = {str(p.id): p for p in staff_actions.assignable_staff(db)}
    me = signed_in_staff().record
    # "Assign to me" is its own button, so an admin without a queue can still take one.
    people.setdefault(str(me.id), me)
    form.assignee.choices = choices([("", _("Select a person"))] + [(key, p.name) for key, p in people.items()])
    if request.form.get("to_me"):
        form.assignee.data = str(me.id)
    if not form.validate_on_submit():
        return _render_thread(found, patient, failed=form, assign_form=form)
    person = people[form.assignee.data]
    staff_actions.assign(db, thread=found, to=person)
    flash(_("Conversation assigned to %(name)s.", name=person.name))
    return redirect(url_for(".thread", thread_id=found.id))


@bp.route("/<uuid:thread_id>/escalate", methods=["GET", "POST"])
@staff_only(*CONSOLE_ROLES)
def escalate(thread_id: uuid.UUID) -> Response | str:
    found, patient = _thread(thread_id)
    form = EscalateForm()
    if form.validate_on_submit():
        staff_actions.escalate(
            get_session(),
            thread=found,
            staff=signed_in_staff().record,
            reason=entered(form.reason),
            promise_days=promised_working_days(),
        )
        flash(_("Escalated to a clinician. It is now in the clinicians' queue."))
        return redirect(url_for(".thread", thread_id=found.id))
    return render_template("console/messages/escalate.jinja", form=form, thread=found, patient=patient)


@bp.post("/<uuid:thread_id>/close")
@staff_only(*CONSOLE_ROLES)
def close(thread_id: uuid.UUID) -> Response:
    found, _patient = _thread(thread_id)
    if not NhsForm().validate_on_submit():
        abort(400)
    staff_actions.close(get_session(), thread=found)
    flash(_("Conversation closed. If the patient writes again, it will open again."))
    return redirect(url_for(".thread", thread_id=found.id))


@bp.post("/<uuid:thread_id>/reopen")
@staff_only(*CONSOLE_ROLES)
def reopen(thread_id: uuid.UUID) -> Response:
    found, _patient = _thread(thread_id)
    if not NhsForm().validate_on_submit():
        abort(400)
    staff_actions.reopen(get_session(), thread=found, promise_days=promised_working_days())
    flash(_("Conversation opened again."))
    return redirect(url_for(".thread", thread_id=found.id))
