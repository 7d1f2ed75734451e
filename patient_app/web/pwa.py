"""The web app manifest and the service worker script.

The worker's precache list and version are computed from the files themselves,
so any change to a cached asset or page list installs a fresh worker.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from flask import current_app, url_for

from patient_app.jinja import static_url

SHELL_ASSETS = (
    "vendor/app.css",
    "vendor/nhsuk/nhsuk-frontend.min.js",
    "js/app.js",
    "icons/icon-192.png",
    "vendor/nhsuk/assets/images/favicon.svg",
)


def manifest(service_name: str) -> dict[str, Any]:
    return {
        "id": "/",
        "name": service_name,
        "short_name": "MSK service",
        "description": "Refer yourself for physiotherapy, get advice and exercises, and message the team.",
        "start_url": "/?source=pwa",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#005eb8",
        "lang": "en-GB",
        "icons": [
            {"src": static_url("icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static_url("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": static_url("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


def precache_pages() -> list[str]:
    """Pages every installed app must be able to show with no signal.

    The emergency advice pages are here so that safety advice never waits for a
    network (clinical.md); blueprints add their own with `register_offline_page`.
    """
    pages: list[tuple[str, dict[str, Any]]] = [("web.offline", {}), *current_app.extensions.get("offline_pages", [])]
    return [url_for(endpoint, **values) for endpoint, values in pages]


def register_offline_page(app: Any, endpoint: str, **values: Any) -> None:
    app.extensions.setdefault("offline_pages", []).append((endpoint, values))


def service_worker_source() -> str:
    body = (Path(current_app.static_folder or "") / "js" / "sw.js").read_text(encoding="utf-8")
    precache = [static_url(asset) for asset in SHELL_ASSETS] + precache_pages()
    version = hashlib.sha256((json.dumps(precache) + body).encode()).hexdigest()[:12]
    header = f"const VERSION = {json.dumps(version)};\nconst PRECACHE = {json.dumps(precache)};\n"
    return header + body
