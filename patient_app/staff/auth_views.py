"""Staff sign-in with two factors, first-time set-up, and sign-out."""

from __future__ import annotations

import uuid

import segno
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from patient_app import clock
from patient_app.access import public, safe_next
from patient_app.accounts.passwords import password_problem
from patient_app.db import get_session
from patient_app.extensions import limiter
from patient_app.forms import add_error, entered
from patient_app.identity import sign_in as start_session
from patient_app.identity import sign_out as end_session
from patient_app.models import StaffMember
from patient_app.staff import service as staff_service
from patient_app.staff.forms import CodeForm, RecoveryCodeForm, SetPasswordForm, StaffSignInForm

bp = Blueprint("staff_auth", __name__, url_prefix="/staff")
PENDING_SECONDS = 300
CODE_LIMIT = "5 per minute"


def _pending_staff() -> StaffMember | None:
    """The staff member who passed the password step in the last five minutes."""
    pending = session.get("staff_pending")
    if not pending or clock.now().timestamp() - pending["at"] > PENDING_SECONDS:
        return None
    staff = get_session().get(StaffMember, uuid.UUID(pending["id"]))
    return staff if staff and staff.active else None


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(CODE_LIMIT, methods=["POST"])
def sign_in() -> Response | str:
    form = StaffSignInForm()
    if form.validate_on_submit():
        staff = staff_service.check_password(get_session(), email=entered(form.email), password=entered(form.password))
        if staff is not None:
            session["staff_pending"] = {"id": str(staff.id), "at": clock.now().timestamp()}
            return redirect(url_for("staff_auth.two_factor", next=request.args.get("next", "")))
        add_error(form.email, _("Enter a correct email address and password"))
    return render_template("staff/auth/sign-in.jinja", form=form)


@bp.route("/two-factor", methods=["GET", "POST"])
@public
@limiter.limit(CODE_LIMIT, methods=["POST"])
def two_factor() -> Response | str:
    staff = _pending_staff()
    if staff is None:
        return redirect(url_for("staff_auth.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        db = get_session()
        if staff_service.check_code(db, staff=staff, code=entered(form.code)):
            start_session(db, staff)
            return redirect(safe_next(request.args.get("next") or url_for("console.home")))
        add_error(form.code, _("The code is not correct or has expired. Enter the code your app shows now"))
    return render_template("staff/auth/two-factor.jinja", form=form)


@bp.route("/recovery", methods=["GET", "POST"])
@public
@limiter.limit(CODE_LIMIT, methods=["POST"])
def recovery() -> Response | str:
    staff = _pending_staff()
    if staff is None:
        return redirect(url_for("staff_auth.sign_in"))
    form = RecoveryCodeForm()
    if form.validate_on_submit():
        db = get_session()
        if staff_service.use_recovery_code(db, staff=staff, code=entered(form.code)):
            start_session(db, staff)
            left = staff_service.remaining_recovery_codes(db, staff.id)
            flash(_("You signed in with a recovery code. You have %(count)d left.", count=left))
            return redirect(url_for("console.home"))
        add_error(form.code, _("That recovery code is not correct or has been used"))
    return render_template("staff/auth/recovery.jinja", form=form)


@bp.post("/sign-out")
@public
def sign_out() -> Response:
    end_session(get_session())
    return redirect(url_for("staff_auth.sign_in"))


@bp.route("/set-up/<token>", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute", methods=["POST"])
def set_up(token: str) -> Response | str | tuple[str, int]:
    db = get_session()
    staff = staff_service.setup_member(db, token)
    if staff is None:
        return render_template("staff/auth/link-expired.jinja"), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        problem = password_problem(entered(form.password), email=staff.email, names=tuple(staff.name.split()))
        if problem:
            add_error(form.password, problem)
        else:
            staff_service.set_password(db, staff=staff, password=entered(form.password))
            return redirect(url_for("staff_auth.set_up_authenticator", token=token))
    return render_template("staff/auth/set-password.jinja", form=form, staff=staff)


@bp.route("/set-up/<token>/authenticator", methods=["GET", "POST"])
@public
@limiter.limit(CODE_LIMIT, methods=["POST"])
def set_up_authenticator(token: str) -> Response | str | tuple[str, int]:
    db = get_session()
    staff = staff_service.setup_member(db, token)
    if staff is None:
        return render_template("staff/auth/link-expired.jinja"), 400
    if staff.password_hash is None:
        return redirect(url_for("staff_auth.set_up", token=token))
    form = CodeForm()
    if form.validate_on_submit():
        codes = staff_service.finish_setup(db, staff=staff, token=token, code=entered(form.code))
        if codes is not None:
            return render_template("staff/auth/recovery-codes.jinja", codes=codes)
        add_error(form.code, _("The code is not correct. Enter the code your app shows now"))
    uri = staff_service.provisioning_uri(staff)
    # Drawn here, not by a web service, so the secret never leaves the server.
    qr_svg = segno.make(uri, error="m").svg_data_uri(scale=5, border=2)
    return render_template(
        "staff/auth/authenticator.jinja", form=form, qr_svg=qr_svg, secret=staff.totp_secret, staff=staff
    )
