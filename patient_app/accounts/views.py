"""Patient accounts: register, sign in and out, reset, and manage the account."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from patient_app import drafts, mail
from patient_app.access import patient_only, public, safe_next
from patient_app.accounts import confirmation, export
from patient_app.accounts import service as accounts
from patient_app.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    CloseAccountForm,
    ConsentForm,
    ContactForm,
    CredentialsForm,
    DateOfBirthForm,
    ForgotPasswordForm,
    NameForm,
    NewPasswordForm,
    NhsNumberForm,
    SignInForm,
)
from patient_app.accounts.passwords import hash_password, password_problem
from patient_app.accounts.registration import STEPS, first_incomplete_step, summary_rows
from patient_app.clock import london_today
from patient_app.db import get_session
from patient_app.extensions import limiter
from patient_app.forms import add_error, entered
from patient_app.hooks import run_sign_in_hooks
from patient_app.identity import sign_in as start_session
from patient_app.identity import sign_out as end_session
from patient_app.identity import signed_in_patient
from patient_app.pdf import render_pdf

bp = Blueprint("accounts", __name__)
STEP_FORMS: dict[str, type] = {
    "name": NameForm,
    "date-of-birth": DateOfBirthForm,
    "email": CredentialsForm,
    "contact": ContactForm,
    "nhs-number": NhsNumberForm,
}
SIGN_IN_LIMIT = "5 per minute"
REGISTRATION_STEP_LIMIT = "80 per hour"


def _settings() -> Any:
    return current_app.extensions["settings"]


def _send_after_response(message: mail.Mail) -> None:
    """Send beside the answer: a slow mail server must not show which addresses have accounts."""
    mail.send_in_background(_settings(), message)


# --- Registration: one thing per page, saved as a draft after each -----------


@bp.get("/register")
@public
def register() -> Response:
    return redirect(url_for("accounts.register_step", step=STEPS[0].slug))


@bp.route("/register/<step>", methods=["GET", "POST"])
@public
# Eight pages share this limit, and a household or a mobile network shares an address:
# generous here; the step that sends the email keeps the tighter limit.
@limiter.limit(REGISTRATION_STEP_LIMIT, methods=["POST"])
def register_step(step: str) -> Response | str:
    spec = next((s for s in STEPS if s.slug == step), None)
    if spec is None:
        abort(404)
    db = get_session()
    draft = drafts.current(db, kind="registration") or drafts.start(db, kind="registration")
    missing = first_incomplete_step(draft.answers, before=step)
    if missing is not None:
        return redirect(url_for("accounts.register_step", step=missing))
    form = STEP_FORMS[step](data=spec.form_data(draft.answers))
    if form.validate_on_submit():
        problem = spec.check(form, draft.answers, _settings())
        if problem is None:
            drafts.save(db, draft, spec.answers_from(form, hash_password))
            return redirect(_next_registration_url(step, request.args.get("change")))
        field_name, message = problem
        add_error(getattr(form, field_name), message)
    back = url_for("accounts.register_step", step=STEPS[STEPS.index(spec) - 1].slug) if STEPS.index(spec) else None
    return render_template(f"accounts/register/{step}.jinja", form=form, back_url=back)


def _next_registration_url(step: str, changing: str | None) -> str:
    slugs = [s.slug for s in STEPS]
    if changing or step == slugs[-1]:
        return url_for("accounts.register_check")
    return url_for("accounts.register_step", step=slugs[slugs.index(step) + 1])


@bp.route("/register/check", methods=["GET", "POST"])
@public
@limiter.limit("20 per hour", methods=["POST"])
def register_check() -> Response | str:
    db = get_session()
    draft = drafts.current(db, kind="registration")
    if draft is None:
        return redirect(url_for("accounts.register"))
    missing = first_incomplete_step(draft.answers, before=None)
    if missing is not None:
        return redirect(url_for("accounts.register_step", step=missing))
    form = ConsentForm()
    if form.validate_on_submit():
        email, draft_id = draft.answers["email"], str(draft.id)
        # The same answer whether or not the address has an account: only its owner learns which.
        if confirmation.address_has_account(db, email):
            confirmation.note_existing_address(db, draft=draft)
            _send_already_registered(email)
        else:
            token = confirmation.issue_link(db, draft=draft, guest_referral=session.get("submitted_referral"))
            _send_registration_link(email, token)
        drafts.forget("registration")
        # Set the same way for both answers: the session cookie can be read by its holder.
        session["registration_sent_to"] = email
        session["registering"] = draft_id
        return redirect(url_for("accounts.register_sent"))
    return render_template("accounts/register/check.jinja", form=form, rows=summary_rows(draft.answers))


def _send_registration_link(email: str, token: str) -> None:
    link = url_for("accounts.register_confirm", token=token, _external=True)
    body = _(
        "Use this link to finish creating your account. It works once, for 24 hours:\n\n%(link)s\n\n"
        "If you did not ask for an account, you can ignore this email.",
        link=link,
    )
    _send_after_response(mail.Mail(to=email, subject=_("Finish creating your account"), body=body))


def _send_already_registered(email: str) -> None:
    body = _(
        "Someone, maybe you, tried to create an account with this email address. You already have one.\n\n"
        "Sign in: %(sign_in)s\n\nForgotten your password? Reset it: %(reset)s\n\n"
        "If this was not you, you can ignore this email. Nobody can use your account without your password.",
        sign_in=url_for("accounts.sign_in", _external=True),
        reset=url_for("accounts.forgot_password", _external=True),
    )
    _send_after_response(mail.Mail(to=email, subject=_("You already have an account"), body=body))


@bp.get("/register/sent")
@public
def register_sent() -> str:
    return render_template("accounts/register/check-email.jinja", email=session.get("registration_sent_to", ""))


@bp.get("/register/confirm/<token>")
@public
@limiter.limit("10 per minute")
def register_confirm(token: str) -> Response | tuple[str, int]:
    db = get_session()
    finished = confirmation.finish(db, token=token, locale=str(request.cookies.get("lang", "en")))
    if finished is None:
        return render_template("accounts/link-expired.jinja"), 400
    patient, guest_referral, draft_id = finished
    if guest_referral:
        _attach_guest_referral(db, patient, guest_referral)
    if session.get("registering") != draft_id:
        # Opened in another browser: no sign-in here, or anyone could send someone a link
        # that signs them in to an account the sender controls (and reads what they enter).
        flash(_("Your account has been created. Sign in to continue."))
        return redirect(url_for("accounts.sign_in"))
    start_session(db, patient)
    run_sign_in_hooks(db, patient)
    flash(_("Your account has been created."))
    return redirect(url_for("accounts.account"))


def _attach_guest_referral(db: Any, patient: Any, referral_id: str) -> None:
    """The referral this person made as a guest joins the account, whichever browser opened the link.

    The sign-in hooks read the guest referral from the browser session, so it is
    put there for the hooks and taken away again.
    """
    before = session.get("submitted_referral")
    session["submitted_referral"] = referral_id
    run_sign_in_hooks(db, patient)
    if before is None:
        session.pop("submitted_referral", None)
    else:
        session["submitted_referral"] = before


# --- Signing in and out ------------------------------------------------------


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def sign_in() -> Response | str:
    form = SignInForm()
    if form.validate_on_submit():
        db = get_session()
        patient = accounts.authenticate(db, email=entered(form.email), password=entered(form.password))
        if patient is not None:
            start_session(db, patient, remember=bool(form.remember.data))
            run_sign_in_hooks(db, patient)
            return redirect(safe_next(request.args.get("next", url_for("accounts.account"))))
        add_error(
            form.email,
            _("Enter a correct email address and password. If you have tried several times, wait a few minutes."),
        )
    return render_template("accounts/sign-in.jinja", form=form)


@bp.post("/sign-out")
@public
def sign_out() -> Response:
    end_session(get_session())
    return redirect(url_for("accounts.signed_out"))


@bp.get("/signed-out")
@public
def signed_out() -> str:
    return render_template("accounts/signed-out.jinja")


# --- Forgotten password ------------------------------------------------------


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
@limiter.limit("5 per minute;20 per hour", methods=["POST"])
def forgot_password() -> Response | str:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        db = get_session()
        started = accounts.start_password_reset(db, email=entered(form.email))
        if started is not None:
            patient, token = started
            link = url_for("accounts.reset_password", token=token, _external=True)
            _send_after_response(
                mail.Mail(
                    to=patient.email,
                    subject=_("Reset your password"),
                    body=_(
                        "Use this link to choose a new password. It works once, for 1 hour:\n\n%(link)s\n\n"
                        "If you did not ask for this, you can ignore this email.",
                        link=link,
                    ),
                ),
            )
        # The same page whether or not the address has an account.
        return redirect(url_for("accounts.reset_sent"))
    return render_template("accounts/forgot-password.jinja", form=form)


@bp.get("/forgot-password/sent")
@public
def reset_sent() -> str:
    return render_template("accounts/reset-sent.jinja")


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute", methods=["POST"])
def reset_password(token: str) -> Response | str | tuple[str, int]:
    db = get_session()
    patient = accounts.patient_for_reset(db, token=token)
    if patient is None:
        return render_template("accounts/link-expired.jinja"), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        problem = password_problem(
            entered(form.password), email=patient.email, names=(patient.given_name, patient.family_name)
        )
        if problem:
            add_error(form.password, problem)
        elif accounts.finish_password_reset(db, token=token, new_password=entered(form.password)) is None:
            return render_template("accounts/link-expired.jinja"), 400
        else:
            _tell_password_changed(patient.email)
            flash(_("Your password has been changed. Sign in with your new password."))
            return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset-password.jinja", form=form)


def _tell_password_changed(email: str) -> None:
    body = _(
        "The password for your account was changed.\n\nIf this was not you, reset your password now: %(reset)s",
        reset=url_for("accounts.forgot_password", _external=True),
    )
    _send_after_response(mail.Mail(to=email, subject=_("Your password was changed"), body=body))


# --- The account page and what can be done there -----------------------------


@bp.get("/account")
@patient_only
def account() -> str:
    return render_template("accounts/account.jinja", patient=signed_in_patient())


@bp.route("/account/password", methods=["GET", "POST"])
@patient_only
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def change_password() -> Response | str:
    patient = signed_in_patient()
    form = ChangePasswordForm()
    if form.validate_on_submit():
        problem = password_problem(
            entered(form.password), email=patient.email, names=(patient.given_name, patient.family_name)
        )
        if problem:
            add_error(form.password, problem)
        else:
            changed = accounts.change_password(
                get_session(),
                patient=patient,
                current=entered(form.current_password),
                new_password=entered(form.password),
                keep_session=current_user.login_session.id,
            )
            if changed:
                _tell_password_changed(patient.email)
                flash(_("Your password has been changed. You have been signed out on your other devices."))
                return redirect(url_for("accounts.account"))
            add_error(form.current_password, _("Your current password is not correct"))
    return render_template("accounts/change-password.jinja", form=form)


@bp.route("/account/email", methods=["GET", "POST"])
@patient_only
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def change_email() -> Response | str:
    patient = signed_in_patient()
    form = ChangeEmailForm()
    if form.validate_on_submit():
        token = accounts.request_email_change(
            get_session(), patient=patient, password=entered(form.password), new_email=entered(form.email)
        )
        if token is None:
            add_error(form.password, _("Your password is not correct"))
        else:
            if token:
                link = url_for("accounts.confirm_email", token=token, _external=True)
                mail.send(
                    _settings(),
                    mail.Mail(
                        to=entered(form.email),
                        subject=_("Confirm your new email address"),
                        body=_(
                            "Use this link to confirm your new email address. It works once, for 24 hours:\n\n%(link)s",
                            link=link,
                        ),
                    ),
                )
            return render_template("accounts/email-sent.jinja", email=form.email.data)
    return render_template("accounts/change-email.jinja", form=form)


@bp.get("/account/email/confirm/<token>")
@public
def confirm_email(token: str) -> Response | tuple[str, int]:
    changed = accounts.confirm_email_change(get_session(), token=token)
    if changed is None:
        return render_template("accounts/link-expired.jinja"), 400
    body = _(
        "The email address for your account was changed. We will use the new address from now on.\n\n"
        "If this was not you, reset your password now: %(reset)s",
        reset=url_for("accounts.forgot_password", _external=True),
    )
    _send_after_response(mail.Mail(to=changed[1], subject=_("Your email address was changed"), body=body))
    flash(_("Your email address has been changed."))
    return redirect(url_for("accounts.account"))


@bp.get("/account/data.json")
@patient_only
def download_json() -> Response:
    data = export.collect(get_session(), signed_in_patient())
    response = current_app.response_class(export.as_json(data), mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="my-msk-data.json"'
    return response


@bp.get("/account/data.pdf")
@patient_only
def download_pdf() -> Response:
    data = export.collect(get_session(), signed_in_patient())
    pdf = render_pdf(
        "pdf/my-data.jinja", data=data, generated=london_today(), heading=export.heading, as_time=export.as_time
    )
    response = current_app.response_class(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'attachment; filename="my-msk-data.pdf"'
    return response


@bp.route("/account/close", methods=["GET", "POST"])
@patient_only
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def close_account() -> Response | str:
    form = CloseAccountForm()
    if form.validate_on_submit():
        db = get_session()
        if accounts.close_account(db, patient=signed_in_patient(), password=entered(form.password)):
            end_session(db)
            return redirect(url_for("accounts.account_closed"))
        add_error(form.password, _("Your password is not correct"))
    return render_template("accounts/close.jinja", form=form)


@bp.get("/account/closed")
@public
def account_closed() -> str:
    return render_template("accounts/closed.jinja")


# --- Development mailbox -----------------------------------------------------


@bp.get("/dev/mailbox")
@public
def dev_mailbox() -> str:
    # Only in development: a page to read the emails `make run` would have sent.
    if not _settings().is_development:
        abort(404)
    return render_template("accounts/dev-mailbox.jinja", messages=mail.mailbox(_settings()))
