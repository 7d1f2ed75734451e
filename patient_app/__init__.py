"""The MSK patient app: create_app wires extensions, blueprints and hooks."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from patient_app import (
    access,
    cli,
    db,
    errors,
    greencard,
    hub,
    i18n,
    jinja,
    library,
    messages,
    plans,
    progress,
    referral,
    request_log,
    security,
)
from patient_app.access import Role
from patient_app.accounts.views import bp as accounts_bp
from patient_app.console import views as console
from patient_app.console.patients import bp as patients_bp
from patient_app.extensions import csrf, limiter, login_manager
from patient_app.settings import PROJECT_ROOT, Settings
from patient_app.staff.auth_views import bp as staff_auth_bp
from patient_app.web.views import bp as web_bp


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(
        __name__,
        static_folder=str(PROJECT_ROOT / "static"),
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(settings.instance_path),
    )
    app.extensions["settings"] = settings
    app.config.update(
        SECRET_KEY=settings.secret_key,
        DEBUG=settings.debug,
        TESTING=settings.env == "test",
        MAX_CONTENT_LENGTH=settings.max_content_length,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.https,
        SESSION_COOKIE_NAME="msk_session",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.https,
        REMEMBER_COOKIE_DURATION=60 * 60 * 24 * 30,
        PREFERRED_URL_SCHEME="https" if settings.https else "http",
        WTF_CSRF_TIME_LIMIT=None,  # tied to the session instead, so slow typists are not punished
        RATELIMIT_STORAGE_URI=settings.ratelimit_storage_uri,
        RATELIMIT_ENABLED=settings.ratelimit_enabled,
        RATELIMIT_HEADERS_ENABLED=True,
    )
    settings.instance_path.mkdir(parents=True, exist_ok=True)
    if settings.proxy_hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=settings.proxy_hops,
            x_proto=settings.proxy_hops,
            x_host=settings.proxy_hops,
        )

    db.init_app(app, db.make_engine(settings.sqlalchemy_url))
    jinja.init_app(app, settings)
    i18n.init_app(app, settings)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    security.init_app(app, settings)
    access.init_app(app)
    request_log.init_app(app, settings)
    errors.init_app(app)
    _register_blueprints(app)
    referral.init_app(app)
    greencard.init_app(app)
    hub.init_app(app)
    cli.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    app.register_blueprint(web_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(staff_auth_bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(patients_bp)
    library.init_app(app)
    plans.init_app(app)
    console.init_app(app)
    progress.init_app(app)
    messages.init_app(app)
    console.add_console_section(
        app,
        endpoint="patients.search",
        title="Find a patient",
        description="Search by name, email, NHS number or referral reference",
        roles=frozenset({Role.NAVIGATOR, Role.CLINICIAN, Role.ADMIN}),
    )
