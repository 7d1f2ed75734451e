"""The staff console shell: home, staff management and the audit log.

Later journeys add their own console blueprints (referrals, messages, green
cards, content, outcomes) and link them from the home page via `console_sections`.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlmodel import col, select
from werkzeug.wrappers import Response as WerkzeugResponse

from patient_app import audit, mail
from patient_app.access import Role, staff_only
from patient_app.accounts.passwords import password_problem
from patient_app.clock import LONDON
from patient_app.csv_export import csv_response
from patient_app.db import get_session
from patient_app.extensions import limiter
from patient_app.forms import add_error, chosen, entered
from patient_app.identity import signed_in_staff, staff_roles
from patient_app.models import AuditEvent, StaffMember
from patient_app.staff import service as staff_service
from patient_app.staff.forms import RolesForm, StaffChangePasswordForm, StaffDetailsForm

bp = Blueprint("console", __name__, url_prefix="/staff")
AUDIT_PAGE_SIZE = 50


def add_console_section(app: Any, *, endpoint: str, title: str, description: str, roles: frozenset[str]) -> None:
    app.extensions.setdefault("console_sections", []).append(
        {"endpoint": endpoint, "title": title, "description": description, "roles": roles}
    )


def sections_for(roles: frozenset[str]) -> list[dict[str, Any]]:
    return [section for section in current_app.extensions.get("console_sections", []) if section["roles"] & roles]


def console_navigation() -> list[dict[str, Any]]:
    """Header links for the signed-in staff member's sections."""
    user = signed_in_staff()
    items = []
    for section in sections_for(user.roles):
        href = url_for(section["endpoint"])
        items.append({"href": href, "text": section["title"], "current": request.path.startswith(href)})
    return items


def init_app(app: Any) -> None:
    app.jinja_env.globals["console_navigation"] = console_navigation


@bp.get("/")
@staff_only()
def home() -> str:
    user = signed_in_staff()
    return render_template("console/home.jinja", sections=sections_for(user.roles), user=user)


@bp.get("/account")
@staff_only()
def account() -> str:
    user = signed_in_staff()
    left = staff_service.remaining_recovery_codes(get_session(), user.id)
    return render_template("console/account.jinja", user=user, recovery_codes_left=left)


@bp.post("/account/recovery-codes")
@staff_only()
def new_recovery_codes() -> str:
    codes = staff_service.regenerate_recovery_codes(get_session(), staff=signed_in_staff().record)
    return render_template("staff/auth/recovery-codes.jinja", codes=codes)


@bp.route("/account/password", methods=["GET", "POST"])
@staff_only()
@limiter.limit("5 per minute", methods=["POST"])
def change_password() -> WerkzeugResponse | str:
    user = signed_in_staff()
    form = StaffChangePasswordForm()
    if form.validate_on_submit():
        problem = password_problem(
            entered(form.password), email=user.record.email, names=tuple(user.record.name.split())
        )
        if problem:
            add_error(form.password, problem)
        elif staff_service.change_password(
            get_session(),
            staff=user.record,
            current=entered(form.current_password),
            new_password=entered(form.password),
            keep_session=user.login_session.id,
        ):
            flash(_("Your password has been changed. Your other sessions have been signed out."))
            return redirect(url_for("console.account"))
        else:
            add_error(form.current_password, _("Your current password is not correct"))
    return render_template("console/change-password.jinja", form=form)


# --- Staff management (admins) -----------------------------------------------


@bp.get("/people")
@staff_only(Role.ADMIN)
def people() -> str:
    db = get_session()
    members = db.exec(select(StaffMember).order_by(StaffMember.name)).all()
    roles = {member.id: staff_roles(db, member.id) for member in members}
    return render_template("console/people.jinja", members=members, roles=roles)


@bp.route("/people/new", methods=["GET", "POST"])
@staff_only(Role.ADMIN)
def add_person() -> WerkzeugResponse | str:
    form = StaffDetailsForm()
    if form.validate_on_submit():
        db = get_session()
        details = staff_service.NewStaff(
            email=entered(form.email), name=entered(form.name), roles=frozenset(Role(r) for r in chosen(form.roles))
        )
        try:
            staff, token = staff_service.create(db, details=details)
        except staff_service.StaffEmailTaken:
            add_error(form.email, _("A staff account already uses this email address"))
        else:
            link = url_for("staff_auth.set_up", token=token, _external=True)
            _send_setup_link(staff, link)
            return render_template("console/person-added.jinja", staff=staff, link=link)
    return render_template("console/add-person.jinja", form=form)


def _send_setup_link(staff: StaffMember, link: str) -> None:
    mail.send(
        current_app.extensions["settings"],
        mail.Mail(
            to=staff.email,
            subject=_("Set up your staff account"),
            body=_(
                "Use this link within 3 days to set your password and your authenticator app:\n\n%(link)s", link=link
            ),
        ),
    )


def _member(staff_id: uuid.UUID) -> StaffMember:
    member = get_session().get(StaffMember, staff_id)
    if member is None:
        abort(404)
    return member


@bp.route("/people/<uuid:staff_id>", methods=["GET", "POST"])
@staff_only(Role.ADMIN)
def person(staff_id: uuid.UUID) -> WerkzeugResponse | str:
    db = get_session()
    member = _member(staff_id)
    form = RolesForm(data={"roles": sorted(staff_roles(db, member.id))})
    if form.validate_on_submit():
        staff_service.set_roles(db, staff=member, roles=frozenset(Role(r) for r in chosen(form.roles)))
        flash(_("Roles updated for %(name)s.", name=member.name))
        return redirect(url_for("console.people"))
    return render_template("console/person.jinja", member=member, form=form)


@bp.post("/people/<uuid:staff_id>/deactivate")
@staff_only(Role.ADMIN)
def deactivate(staff_id: uuid.UUID) -> WerkzeugResponse:
    member = _member(staff_id)
    if member.id == signed_in_staff().id:
        flash(_("You cannot remove your own access. Ask another admin."))
    else:
        staff_service.deactivate(get_session(), staff=member)
        flash(_("%(name)s can no longer sign in.", name=member.name))
    return redirect(url_for("console.people"))


@bp.post("/people/<uuid:staff_id>/reset-two-factor")
@staff_only(Role.ADMIN)
def reset_two_factor(staff_id: uuid.UUID) -> str:
    member = _member(staff_id)
    token = staff_service.reset_two_factor(get_session(), staff=member)
    link = url_for("staff_auth.set_up", token=token, _external=True)
    _send_setup_link(member, link)
    return render_template("console/person-added.jinja", staff=member, link=link)


# --- Audit log (admins) ------------------------------------------------------


def _audit_query() -> Any:
    statement = select(AuditEvent)
    action = request.args.get("action", "").strip()
    patient = request.args.get("patient", "").strip()
    actor = request.args.get("actor", "").strip()
    if action:
        statement = statement.where(col(AuditEvent.action).startswith(action))
    if patient:
        try:
            statement = statement.where(AuditEvent.patient_id == uuid.UUID(patient))
        except ValueError:
            statement = statement.where(col(AuditEvent.id) == -1)
    if actor:
        statement = statement.where(AuditEvent.actor_id == actor)
    for name, compare in (("from", "ge"), ("to", "le")):
        raw = request.args.get(name, "")
        if raw:
            try:
                day = datetime.fromisoformat(raw).date()
            except ValueError:
                continue
            moment = datetime.combine(day, time.min if compare == "ge" else time.max, tzinfo=LONDON)
            column = col(AuditEvent.at)
            statement = statement.where(column >= moment if compare == "ge" else column <= moment)
    return statement.order_by(col(AuditEvent.id).desc())


@bp.get("/audit")
@staff_only(Role.ADMIN)
def audit_log() -> str:
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    rows = get_session().exec(_audit_query().offset((page - 1) * AUDIT_PAGE_SIZE).limit(AUDIT_PAGE_SIZE + 1)).all()
    filters: dict[str, Any] = {key: value for key, value in request.args.items() if key != "page"}
    return render_template(
        "console/audit.jinja",
        rows=rows[:AUDIT_PAGE_SIZE],
        filters=filters,
        previous_url=url_for("console.audit_log", **filters, page=page - 1) if page > 1 else None,
        next_url=url_for("console.audit_log", **filters, page=page + 1) if len(rows) > AUDIT_PAGE_SIZE else None,
    )


@bp.get("/audit.csv")
@staff_only(Role.ADMIN)
def audit_csv() -> Response:
    rows = [
        [
            str(row.id),
            row.at.isoformat(),
            row.actor_type,
            row.actor_id or "",
            row.action,
            str(row.patient_id or ""),
            row.subject or "",
            row.ip_address or "",
            str(row.detail),
        ]
        for row in get_session().exec(_audit_query().limit(100_000))
    ]
    # Taking a copy of the log is itself something to account for.
    audit.record_now(get_session(), action="staff.exported_audit_log", filters=dict(request.args))
    header = ["id", "at", "actor_type", "actor_id", "action", "patient_id", "subject", "ip_address", "detail"]
    return csv_response("audit-log.csv", header, rows)
