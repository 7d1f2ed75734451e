"""Admins manage the canned replies navigators insert into their answers."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from patient_app.access import Role, staff_only
from patient_app.db import get_session
from patient_app.forms import NhsForm, entered
from patient_app.messages import canned
from patient_app.messages.forms import CannedReplyForm
from patient_app.messages.staff_views import bp
from patient_app.models import CannedReply


def _reply(reply_id: uuid.UUID) -> CannedReply:
    found = canned.find(get_session(), reply_id)
    if found is None:
        abort(404)
    return found


@bp.get("/canned-replies")
@staff_only(Role.ADMIN)
def canned_replies() -> str:
    return render_template(
        "console/messages/canned-replies.jinja", replies=canned.all_replies(get_session()), form=None, action=NhsForm()
    )


@bp.route("/canned-replies/new", methods=["GET", "POST"])
@staff_only(Role.ADMIN)
def new_canned_reply() -> Response | str:
    form = CannedReplyForm()
    if form.validate_on_submit():
        canned.save(get_session(), reply=None, title=entered(form.title), text=entered(form.text))
        flash(_("Canned reply saved."))
        return redirect(url_for(".canned_replies"))
    return render_template("console/messages/canned-reply.jinja", form=form, reply=None)


@bp.route("/canned-replies/<uuid:reply_id>", methods=["GET", "POST"])
@staff_only(Role.ADMIN)
def edit_canned_reply(reply_id: uuid.UUID) -> Response | str:
    found = _reply(reply_id)
    form = CannedReplyForm(obj=found)
    if form.validate_on_submit():
        canned.save(get_session(), reply=found, title=entered(form.title), text=entered(form.text))
        flash(_("Canned reply saved."))
        return redirect(url_for(".canned_replies"))
    return render_template("console/messages/canned-reply.jinja", form=form, reply=found)


@bp.post("/canned-replies/<uuid:reply_id>/delete")
@staff_only(Role.ADMIN)
def delete_canned_reply(reply_id: uuid.UUID) -> Response:
    found = _reply(reply_id)
    if not NhsForm().validate_on_submit():
        abort(400)
    canned.delete(get_session(), reply=found)
    flash(_("Canned reply deleted."))
    return redirect(url_for(".canned_replies"))
