"""Meta-test: a full run of the suite renders every page template at least once.

Only a run of the whole suite can judge this, so a run that selected part of
it (a path, `-k`, `-m`, `--lf`, `--deselect`) says plainly that it did not
judge rather than failing or crashing. Under pytest-xdist every worker records
what it rendered and the controller judges the union.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import template_rendered

TESTS_ROOT = Path(__file__).resolve().parents[1]
TEMPLATES_ROOT = TESTS_ROOT.parent / "templates"

_rendered: set[str] = set()
_deselected: list[int] = [0]


def _record_template(sender: object, template: Any, context: object, **extra: object) -> None:
    _rendered.add(template.name)


template_rendered.connect(_record_template, weak=False)


def page_templates() -> set[str]:
    """Every template that is a page (it extends a layout), not a layout or a fragment."""
    found = set()
    for path in TEMPLATES_ROOT.rglob("*.jinja"):
        name = path.relative_to(TEMPLATES_ROOT).as_posix()
        if name.startswith(("layouts/", "components/")) or path.name.startswith("_"):
            continue
        if "{% extends" in path.read_text(encoding="utf-8"):
            found.add(name)
    return found


def partial_selection(config: pytest.Config) -> str | None:
    """Why this run is not the whole suite, or None when it is."""
    if _deselected[0]:
        return f"{_deselected[0]} tests were deselected"
    chosen = {Path(config.invocation_params.dir, arg.split("::")[0]).resolve() for arg in config.args}
    if chosen != {TESTS_ROOT}:
        return "only some paths were run"
    return None


def _is_xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _is_xdist_controller(config: pytest.Config) -> bool:
    return bool(getattr(config.option, "numprocesses", None)) and not _is_xdist_worker(config)


class _Judge:
    def __init__(self) -> None:
        self.workers: list[dict[str, Any]] = []

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        output = getattr(node, "workeroutput", None)
        if output is not None and "rendered_templates" in output:
            self.workers.append(output)


_judge = _Judge()


def pytest_configure(config: pytest.Config) -> None:
    if _is_xdist_controller(config):
        config.pluginmanager.register(_judge, "template-coverage-judge")


def pytest_deselected(items: list[pytest.Item]) -> None:
    _deselected[0] += len(items)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if _is_xdist_worker(config):
        config.workeroutput["rendered_templates"] = sorted(_rendered)  # type: ignore[attr-defined]
        config.workeroutput["partial_selection"] = partial_selection(config)  # type: ignore[attr-defined]
        return
    if exitstatus != 0 or session.testsfailed:
        return
    rendered, partial = set(_rendered), partial_selection(config)
    if _is_xdist_controller(config):
        if not _judge.workers:
            partial = "no worker reported what it rendered"
        for output in _judge.workers:
            rendered |= set(output["rendered_templates"])
            partial = partial or output["partial_selection"]
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if partial:
        if reporter is not None:
            reporter.write_line(f"\nPage-template coverage not judged: {partial}.")
        return
    missing = sorted(page_templates() - rendered)
    if missing:
        if reporter is not None:
            reporter.write_line("\nThese page templates were never rendered by any test:\n  " + "\n  ".join(missing))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
