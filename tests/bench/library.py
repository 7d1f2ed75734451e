"""Leaflet PDF render time: median of 5, cold (drawn by WeasyPrint) and cached (read back from instance/)."""

from __future__ import annotations

import functools
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from patient_app import create_app
from patient_app.content.library import library
from patient_app.library import pdfs
from tests.conftest import make_settings

RUNS = 5


def _median_ms(action: Callable[[], object], before: Callable[[], object] = lambda: None) -> float:
    times = []
    for _ in range(RUNS):
        before()
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run() -> list[str]:
    content = library()
    longest = max(content.leaflets.values(), key=lambda leaflet: len(leaflet.body))
    chosen = [content.leaflets["low-back-pain"], *([longest] if longest.id != "low-back-pain" else [])]
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(make_settings(Path(folder), f"sqlite:///{folder}/bench.db"))
        with app.test_request_context():
            started = time.perf_counter()
            pdfs.leaflet_pdf(chosen[0])  # the first drawing in a process also loads fonts
            first = (time.perf_counter() - started) * 1000
            lines.append(f"first PDF in a fresh process ({chosen[0].id}): {first:.0f} ms")
            cache = pdfs.cache_folder()
            for leaflet in chosen:
                cold = _median_ms(
                    functools.partial(pdfs.leaflet_pdf, leaflet), lambda: shutil.rmtree(cache, ignore_errors=True)
                )
                size = len(pdfs.leaflet_pdf(leaflet))
                cached = _median_ms(functools.partial(pdfs.leaflet_pdf, leaflet))
                words = len(leaflet.body.split())
                lines.append(
                    f"{leaflet.id} ({words} words, {size // 1024} KB): cold {cold:.0f} ms, cached {cached:.1f} ms "
                    f"(median of {RUNS})"
                )
        client = app.test_client()
        client.get(f"/leaflets/{chosen[0].id}.pdf")
        over_http = _median_ms(lambda: client.get(f"/leaflets/{chosen[0].id}.pdf"))
        lines.append(f"GET /leaflets/{chosen[0].id}.pdf, cached, through Flask: {over_http:.1f} ms (median of {RUNS})")
    return lines
