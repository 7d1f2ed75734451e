"""Language choice: the user's remembered choice, then the browser's Accept-Language."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask_login import current_user

from patient_app.extensions import babel
from patient_app.settings import PROJECT_ROOT, Settings

LANGUAGE_COOKIE = "lang"
# Names are shown in their own language so people can find theirs.
LANGUAGE_NAMES = {
    "en": "English",
    "pl": "Polski",
    "ur": "اردو",
}


def select_locale() -> str:
    supported: tuple[str, ...] = current_app.extensions["settings"].languages
    if not has_request_context():
        return "en"  # commands and background work speak English
    if getattr(current_user, "is_patient", False) and current_user.record.locale in supported:
        return str(current_user.record.locale)
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in supported:
        return str(chosen)
    return request.accept_languages.best_match(supported) or "en"


def init_app(app: Flask, settings: Settings) -> None:
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(PROJECT_ROOT / "translations")
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Europe/London"
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["language_names"] = {code: LANGUAGE_NAMES.get(code, code) for code in settings.languages}
