"""Template loading, autoescaping, filters and globals."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import BytecodeCache, ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader
from jinja2.bccache import Bucket
from markupsafe import Markup

from patient_app.accounts.service import PRIVACY_NOTICE_VERSION
from patient_app.db import get_session
from patient_app.forms.render import deep_merge
from patient_app.hooks import account_panels, navigation_badge
from patient_app.security import csp_nonce
from patient_app.settings import PROJECT_ROOT, Settings

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


@lru_cache(maxsize=512)
def _file_digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    """A static URL with a content hash, so caches and the service worker refresh on change."""
    path = Path(current_app.static_folder or "") / filename
    try:
        version = _file_digest(str(path), path.stat().st_mtime)
    except FileNotFoundError:
        version = "missing"
    return url_for("static", filename=filename, v=version)


def _date(value: date | datetime | str | None, fmt: str = "d MMMM yyyy") -> str:
    """A date as people write it ("7 December 2010"); an ISO date string (as answers store them) too."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        return format_datetime(value, fmt)
    return format_date(value, fmt)


def _datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(value, "d MMMM yyyy 'at' h:mmaaa")


def sign_out_form(action: str) -> Markup:
    """The header's sign-out button: a POST form with its CSRF token."""
    return Markup(
        '<form class="nhsuk-header__account-form" method="post" action="{action}" novalidate>'
        '<input type="hidden" name="csrf_token" value="{token}">'
        '<button class="nhsuk-header__account-button">{label}</button></form>'
    ).format(action=action, token=generate_csrf(), label=_("Sign out"))


# Header links, shown once the journey behind them is registered.
PATIENT_NAVIGATION = (
    ("referral.start", _l("Refer yourself")),
    ("library.index", _l("Advice and exercises")),
    ("plans.today", _l("My exercises")),
    ("progress.overview", _l("My progress")),
    ("messages.inbox", _l("Messages")),
)
PUBLIC_NAVIGATION = (
    ("referral.start", _l("Refer yourself")),
    ("library.index", _l("Advice and exercises")),
    ("greencard.start", _l("Use your green card")),
)


def navigation_items() -> list[dict[str, Any]]:
    if getattr(current_user, "is_staff", False):
        return []
    is_patient = getattr(current_user, "is_patient", False)
    links = PATIENT_NAVIGATION if is_patient else PUBLIC_NAVIGATION
    items = []
    for endpoint, label in links:
        if endpoint in current_app.view_functions:
            href = url_for(endpoint)
            item: dict[str, Any] = {"href": href, "text": str(label), "current": request.path == href}
            badge = navigation_badge(get_session(), current_user.record, endpoint) if is_patient else None
            if badge:
                item["html"] = _badged(str(label), badge)
            items.append(item)
    return items


def _badged(label: str, badge: str) -> Markup:
    """A header link with a tag beside it (a journey's badge hook gives the tag's words)."""
    return Markup('{label} <strong class="nhsuk-tag nhsuk-tag--red app-nav-badge">{badge}</strong>').format(
        label=label, badge=badge
    )


def _text_direction() -> str:
    locale = get_locale()
    return "rtl" if locale and locale.language in RTL_LANGUAGES else "ltr"


class ProcessBytecodeCache(BytecodeCache):
    """Compiled templates shared by every app built in this process.

    Compiling is most of the cost of a page's first render (0.4–0.8 s for the
    larger ones). Production builds one app per process, so this changes
    nothing there; the test suite builds one app per test and would otherwise
    recompile every template each time. Jinja keys a bucket by template name
    and checks the source's checksum, so an edited template is recompiled.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = ProcessBytecodeCache()


def init_app(app: Flask, settings: Settings) -> None:
    # Flask only autoescapes .html-style names; the nhsuk macros are .jinja,
    # so escaping is switched on for every template, whatever its name.
    app.jinja_options = {
        **app.jinja_options,
        "undefined": ChainableUndefined,
        "autoescape": True,
        "bytecode_cache": COMPILED_TEMPLATES,
        "loader": ChoiceLoader(
            [
                FileSystemLoader(str(PROJECT_ROOT / "templates")),
                PackageLoader("nhsuk_frontend_jinja"),
            ]
        ),
    }
    app.jinja_env.filters["nhs_date"] = _date
    app.jinja_env.filters["nhs_datetime"] = _datetime
    app.jinja_env.filters["merged"] = lambda base, extra: deep_merge(dict(base), extra)
    app.jinja_env.globals.update(
        static_url=static_url,
        csp_nonce=csp_nonce,
        settings=settings,
        text_direction=_text_direction,
        sign_out_form=sign_out_form,
        navigation_items=navigation_items,
        get_locale=get_locale,
        has_endpoint=lambda endpoint: endpoint in app.view_functions,
        account_panels=account_panels,
        privacy_notice_version=PRIVACY_NOTICE_VERSION,
    )

    @app.context_processor
    def page_globals() -> dict[str, Any]:
        return {
            "cspNonce": csp_nonce(),
            "service_name": settings.service_name,
            "current_user": current_user,
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
