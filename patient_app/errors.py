"""Error pages in the NHS style, and JSON errors for machine endpoints."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Response

HANDLED = (400, 403, 404, 405, 413, 429, 500)


def _wants_json() -> bool:
    return request.path.startswith(("/hub/", "/api/")) or request.accept_mimetypes.best == "application/json"


def render_error(code: int, *, reason: str | None = None) -> tuple[Response | str, int]:
    if _wants_json():
        return jsonify(error=reason or HTTP_STATUS_CODES.get(code, "error"), status=code), code
    return render_template(f"errors/{code}.jinja", reason=reason), code


def init_app(app: Flask) -> None:
    def handle_http(error: HTTPException) -> tuple[Response | str, int]:
        code = error.code or 500
        if code not in HANDLED:
            code = 500 if code >= 500 else 400
        return render_error(code, reason=error.description if _wants_json() else None)

    def handle_csrf(error: CSRFError) -> tuple[Response | str, int]:
        return render_error(400, reason="csrf")

    def handle_unexpected(error: Exception) -> tuple[Response | str, int]:
        app.logger.exception("unhandled error")
        return render_error(500)

    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    if not app.debug:
        app.register_error_handler(Exception, handle_unexpected)
