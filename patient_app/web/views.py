"""The front pages, the service's own pages, health checks and the PWA files."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, make_response, redirect, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from patient_app.access import public
from patient_app.db import database_is_reachable, get_engine, get_session
from patient_app.i18n import LANGUAGE_COOKIE
from patient_app.web import pwa

bp = Blueprint("web", __name__)


@bp.get("/")
@public
def home() -> str:
    return render_template("web/home.jinja")


@bp.get("/privacy")
@public
def privacy() -> str:
    return render_template("web/privacy.jinja")


@bp.get("/accessibility")
@public
def accessibility() -> str:
    return render_template("web/accessibility.jinja")


@bp.get("/cookies")
@public
def cookies() -> str:
    return render_template("web/cookies.jinja")


@bp.get("/contact")
@public
def contact() -> str:
    return render_template("web/contact.jinja")


@bp.get("/offline")
@public
def offline() -> str:
    return render_template("web/offline.jinja")


@bp.get("/language/<code>")
@public
def choose_language(code: str) -> WerkzeugResponse:
    settings = current_app.extensions["settings"]
    target = request.args.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = redirect(target)
    if code in settings.languages:
        # A user-interface preference the person asked for: an essential cookie.
        response.set_cookie(
            LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", secure=settings.https, httponly=True
        )
        if getattr(current_user, "is_patient", False):
            current_user.record.locale = code
            session = get_session()
            session.add(current_user.record)
            session.commit()
    return response


@bp.get("/healthz")
@public
def healthz() -> Response:
    return jsonify(status="ok")


@bp.get("/readyz")
@public
def readyz() -> tuple[Response, int]:
    ready = database_is_reachable(get_engine())
    return jsonify(status="ready" if ready else "unavailable", database=ready), 200 if ready else 503


@bp.get("/manifest.webmanifest")
@public
def manifest() -> Response:
    response = jsonify(pwa.manifest(current_app.extensions["settings"].service_name))
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/sw.js")
@public
def service_worker() -> Response:
    response = make_response(pwa.service_worker_source())
    response.mimetype = "text/javascript"
    # The browser must always check for a new worker.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response
