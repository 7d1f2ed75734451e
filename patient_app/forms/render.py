"""Call an nhsuk macro from Python with a params dict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app
from markupsafe import Markup


def render_macro(component: str, macro: str, params: Mapping[str, Any]) -> Markup:
    template = current_app.jinja_env.get_template(f"nhsuk/components/{component}/macro.jinja")
    rendered = getattr(template.module, macro)(params)
    # With autoescaping on, a macro returns Markup it has escaped itself; anything
    # else means autoescaping is off, and the output must not be trusted.
    if not isinstance(rendered, Markup):
        raise TypeError(f"{component}/{macro} did not return escaped markup: is autoescaping on?")
    return rendered


def deep_merge(base: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def plain(value: Any) -> Any:
    """Lazy translation strings to str: the macros test `is string`, which lazy strings fail."""
    if value is None or isinstance(value, (Markup, bool, int, float)):
        return value
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return str(value)
