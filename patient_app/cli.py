"""Flask commands: `flask --app wsgi <group> <command>`."""

from __future__ import annotations

from datetime import date

import click
import pyotp
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlmodel import Session

from patient_app import clock, migrate
from patient_app.access import ALL_ROLES, Role
from patient_app.accounts import service as accounts
from patient_app.accounts.passwords import hash_password
from patient_app.content import library as content
from patient_app.content.library import Problem
from patient_app.db import get_engine
from patient_app.models import StaffMember
from patient_app.staff import service as staff_service
from patient_app.triage import document

db_cli = AppGroup("db", help="Database schema.")
staff_cli = AppGroup("staff", help="Staff accounts.")
demo_cli = AppGroup("demo", help="Demonstration data for development.")
content_cli = AppGroup("content", help="Leaflets, exercises, plans, questionnaires and rules.")

DEMO_STAFF_EMAIL = "demo.staff@example.nhs.uk"
DEMO_STAFF_PASSWORD = "demo console password"  # noqa: S105 - printed for newcomers; refused in production
DEMO_PATIENT_EMAIL = "demo.patient@example.com"
DEMO_PATIENT_PASSWORD = "demo patient password"  # noqa: S105 - as above


@db_cli.command("upgrade")
@click.option("--revision", default="head")
def db_upgrade(revision: str) -> None:
    """Bring the database to the latest schema."""
    migrate.upgrade(get_engine(), revision)
    click.echo(f"Database at {', '.join(sorted(migrate.current_heads(get_engine()))) or 'base'}.")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    migrate.downgrade(get_engine(), revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    migrate.new_revision(get_engine(), message)


# Plain values: click would otherwise offer the enum's names (ADMIN), not the documented "admin".
ROLE_CHOICE = click.Choice(sorted(role.value for role in ALL_ROLES))


@staff_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, type=ROLE_CHOICE, required=True)
def staff_create(email: str, name: str, roles: tuple[str, ...]) -> None:
    """Create a staff member and print their one-time set-up link."""
    with Session(get_engine()) as db:
        try:
            staff, token = staff_service.create(
                db, details=staff_service.NewStaff(email=email, name=name, roles=frozenset(Role(r) for r in roles))
            )
        except staff_service.StaffEmailTaken as exc:
            raise click.ClickException(f"a staff account already uses {email}") from exc
        # Read while the session is open: the commit expired the object's attributes.
        created_email = staff.email
    settings = current_app.extensions["settings"]
    path = f"/staff/set-up/{token}"
    if settings.is_production:
        click.echo(f"Created {created_email}. Send them this one-time set-up path on your own domain: {path}")
    else:
        click.echo(f"Created {created_email}. One-time set-up link: http://127.0.0.1:5000{path}")


@staff_cli.command("code")
@click.argument("email")
def staff_code(email: str) -> None:
    """Development only: print the code a staff member's authenticator shows now."""
    if current_app.extensions["settings"].is_production:
        raise click.ClickException("not available in production")
    with Session(get_engine()) as db:
        staff = staff_service.find_by_email(db, email)
        if staff is None or not staff.totp_secret:
            raise click.ClickException("no such staff member with an authenticator")
        click.echo(staff_service.current_code(staff))


@demo_cli.command("load")
def demo_load() -> None:
    """Create a demo staff account (all roles) and a demo patient, and print how to sign in."""
    settings = current_app.extensions["settings"]
    if settings.is_production:
        raise click.ClickException("demo data is never loaded in production")
    with Session(get_engine()) as db:
        staff = staff_service.find_by_email(db, DEMO_STAFF_EMAIL)
        if staff is None:
            staff, _token = staff_service.create(
                db, details=staff_service.NewStaff(email=DEMO_STAFF_EMAIL, name="Demo Staff", roles=ALL_ROLES)
            )
            staff.password_hash = hash_password(DEMO_STAFF_PASSWORD)
            # A fixed secret so the newcomer can add it to an authenticator once.
            staff.totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demo only, refused in production
            staff.totp_enrolled_at = clock.now()
            db.add(staff)
            db.commit()
        if accounts.find_by_email(db, DEMO_PATIENT_EMAIL) is None:
            accounts.register(
                db,
                details=accounts.NewPatient(
                    email=DEMO_PATIENT_EMAIL,
                    given_name="Alex",
                    family_name="Demo",
                    date_of_birth=date(1980, 5, 17),
                    postcode="LS1 4AP",
                    gp_practice_code="Y90001",
                    nhs_number="9990000018",
                ),
                password_hash=hash_password(DEMO_PATIENT_PASSWORD),
            )
        for loader in current_app.extensions.get("demo_loaders", []):
            loader(db)
        _print_demo_accounts(staff)


def _print_demo_accounts(staff: StaffMember) -> None:
    secret = staff.totp_secret or ""
    uri = pyotp.TOTP(secret).provisioning_uri(name=staff.email, issuer_name=staff_service.ISSUER)
    click.echo("")
    click.echo("Demo accounts (development only)")
    click.echo(f"  Patient:  {DEMO_PATIENT_EMAIL} / {DEMO_PATIENT_PASSWORD}")
    click.echo(f"  Staff:    {DEMO_STAFF_EMAIL} / {DEMO_STAFF_PASSWORD}  (navigator, clinician, admin)")
    click.echo(f"  Staff two-factor secret: {secret}")
    click.echo(f"    add it to an authenticator app ({uri}),")
    click.echo(f"    or print the current code with: .venv/bin/flask --app wsgi staff code {DEMO_STAFF_EMAIL}")
    click.echo("")


@content_cli.command("check")
def content_check() -> None:
    """Check every content file against its schema; fail on any error."""
    problems = content_problems()
    for problem in problems:
        click.echo(str(problem), err=not problem.warning)
    errors = [problem for problem in problems if not problem.warning]
    if errors:
        raise click.ClickException(f"{len(errors)} content error(s)")
    click.echo(f"Content is valid ({len(problems)} warning(s)).")


@content_cli.command("triage-doc")
def triage_doc() -> None:
    """Write docs/clinical-safety/triage-rules.md from the rule set, for clinical review."""
    context = current_app.extensions["referral_context"]
    document.DOCUMENT.parent.mkdir(parents=True, exist_ok=True)
    document.DOCUMENT.write_text(document.render(context.rules, context.questionnaire), encoding="utf-8")
    click.echo(f"Wrote {document.DOCUMENT.relative_to(document.PROJECT_ROOT)}")


def content_problems() -> list[Problem]:
    problems = list(content.load().problems)
    for checker in current_app.extensions.get("content_checkers", []):
        problems.extend(checker())
    return problems


def init_app(app: Flask) -> None:
    for group in (db_cli, staff_cli, demo_cli, content_cli):
        app.cli.add_command(group)
