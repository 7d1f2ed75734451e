"""The home page's first load, as a phone downloads it: bytes compressed and uncompressed.

Chromium loads / with an empty cache; every response the page itself requests
(HTML, CSS, JavaScript, fonts, icons, the manifest) is gzip-compressed at
level 6 (what a proxy serves) and summed. The service worker's background
precache is not part of the first load and is reported separately.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from playwright.sync_api import Response, sync_playwright

from patient_app import create_app, migrate
from patient_app.db import make_engine
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, LiveServer
from tests.conftest import make_settings

BUDGET = 100 * 1024


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        migrate.upgrade(make_engine(url))
        app = create_app(make_settings(Path(folder), url))
        with LiveServer(app) as server, sync_playwright() as runner:
            browser = runner.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport=PHONE, base_url=server.url)
            page = context.new_page()
            bodies: dict[str, bytes] = {}

            def keep_body(response: Response) -> None:
                bodies.setdefault(response.url, response.body())

            page.on("response", keep_body)
            page.goto("/", wait_until="networkidle")
            worker = page.evaluate("async () => { await navigator.serviceWorker.ready; return true; }")
            browser.close()
    raw = sum(len(body) for body in bodies.values())
    compressed = sum(len(gzip.compress(body, 6)) for body in bodies.values())
    lines = [
        f"{len(bodies)} requests; {raw / 1024:.1f} KB uncompressed; {compressed / 1024:.1f} KB gzip-compressed "
        f"(budget {BUDGET // 1024} KB): {'within' if compressed <= BUDGET else 'OVER'} budget"
    ]
    for address, body in sorted(bodies.items(), key=lambda item: -len(item[1])):
        path = address.split("://", 1)[1].split("/", 1)[1].split("?", 1)[0]
        lines.append(f"  /{path}: {len(body) / 1024:.1f} KB, {len(gzip.compress(body, 6)) / 1024:.1f} KB gzip")
    lines.append(f"service worker installed: {worker}")
    return lines
