"""Time comes from `patient_app.clock`, in the app and in the tests.

The app: nothing reads the machine's calendar clock except `clock.py`, so a
test that pins the clock pins every time the code sees (`time.monotonic` is
fine: it measures how long something took, not what time it is).

The tests: a literal date close to today (2020–2040) sitting in a test that
runs the app is how the suite broke before: an event "at 10:00 on 7 December
2026" sorted after the patient's message only until that morning came. Such a
literal is allowed only in a function that pins the clock itself
(`clock.freeze(...)`), or at module level in a module that pins the clock to it,
or in a test that runs no app at all (pure functions given their dates).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CALENDAR_CLOCK_CALLS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
}
NEAR_YEARS = range(2020, 2041)
ISO_DATE = re.compile(r"^(20\d\d)-\d\d-\d\d")
# Fixtures that build the app, a database or a browser: code behind them reads the clock.
APP_FIXTURES = {
    "app",
    "db",
    "client",
    "other_client",
    "patient_client",
    "settings",
    "patient",
    "other_patient",
    "navigator",
    "clinician",
    "admin",
    "live_server",
    "phone",
    "screen",
    "screen_no_js",
    "desktop",
}


def _python_files(folder: str) -> Iterator[Path]:
    for path in sorted((ROOT / folder).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _calendar_clock_calls(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (name, node.func.attr) in CALENDAR_CLOCK_CALLS:
                found.append((node.lineno, f"{name}.{node.func.attr}()"))
    return found


def test_only_the_clock_module_reads_the_calendar_clock() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {call}"
        for path in _python_files("patient_app")
        if path.name != "clock.py" or path.parent.name != "patient_app"
        for line, call in _calendar_clock_calls(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == [], "read the time with patient_app.clock.now():\n" + "\n".join(offenders)


def test_tests_read_the_project_clock_too() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {call}"
        for path in _python_files("tests")
        if "bench" not in path.parts
        for line, call in _calendar_clock_calls(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == [], "tests take the time from patient_app.clock:\n" + "\n".join(offenders)


def _near_date_literals(node: ast.AST) -> list[int]:
    lines = []
    for child in ast.walk(node):
        if isinstance(child, ast.Call) and getattr(child.func, "id", "") in {"date", "datetime"} and child.args:
            first = child.args[0]
            if isinstance(first, ast.Constant) and first.value in NEAR_YEARS:
                lines.append(child.lineno)
        elif isinstance(child, ast.Constant) and isinstance(child.value, str):
            match = ISO_DATE.match(child.value)
            if match and int(match.group(1)) in NEAR_YEARS:
                lines.append(child.lineno)
    return lines


def _pins_the_clock(node: ast.AST) -> bool:
    return any(
        isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) and child.func.attr == "freeze"
        for child in ast.walk(node)
    )


def _runs_the_app(function: ast.FunctionDef) -> bool:
    names = {argument.arg for argument in function.args.args + function.args.kwonlyargs}
    return bool(names & APP_FIXTURES)


def _is_autouse_fixture(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(decorator, ast.Call)
        and any(k.arg == "autouse" and getattr(k.value, "value", False) is True for k in decorator.keywords)
        for decorator in function.decorator_list
    )


def _pins_every_test(tree: ast.Module) -> bool:
    """The module has an autouse fixture that pins the clock: every test in it runs at a known instant."""
    return any(
        isinstance(statement, ast.FunctionDef) and _is_autouse_fixture(statement) and _pins_the_clock(statement)
        for statement in tree.body
    )


def _pinning_fixtures(tree: ast.Module) -> set[str]:
    return {
        statement.name
        for statement in tree.body
        if isinstance(statement, ast.FunctionDef)
        and any("fixture" in ast.unparse(decorator) for decorator in statement.decorator_list)
        and _pins_the_clock(statement)
    }


def _unpinned_literals(tree: ast.Module) -> list[int]:
    if _pins_every_test(tree):
        return []
    module_pins = _pins_the_clock(tree)
    pinning_fixtures = _pinning_fixtures(tree)
    functions = [statement for statement in tree.body if isinstance(statement, ast.FunctionDef)]
    runs_the_app = any(_runs_the_app(function) for function in functions)
    lines: list[int] = []
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef):
            literals = _near_date_literals(statement)
            if not literals or _pins_the_clock(statement):
                continue
            arguments = {argument.arg for argument in statement.args.args}
            if arguments & pinning_fixtures:
                continue  # a fixture of this module pins the clock for it
            if statement.name.startswith("test_") and not _runs_the_app(statement):
                continue  # a pure test: the code is given its dates
            # A helper with no app of its own that hands a literal date to the app
            # (an event "at" a fixed time) is what broke the suite: allowed only
            # where nothing in the module runs the app, or the module pins the clock.
            is_helper = not statement.name.startswith("test_") and not _runs_the_app(statement)
            if is_helper and (not runs_the_app or module_pins):
                continue
            lines += literals
        elif not isinstance(statement, ast.ClassDef) and runs_the_app and not _names_a_pinned_instant(statement, tree):
            lines += _near_date_literals(statement)
    return lines


def _assigned_names(statement: ast.stmt) -> set[str]:
    if isinstance(statement, ast.Assign):
        return {target.id for target in statement.targets if isinstance(target, ast.Name)}
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return {statement.target.id}
    return set()


def _pinned_names(tree: ast.Module) -> set[str]:
    """Module constants the clock is pinned to, directly or through another constant."""
    pinned = {
        child.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "freeze"
        for argument in node.args
        for child in ast.walk(argument)
        if isinstance(child, ast.Name)
    }
    growing = True
    while growing:
        growing = False
        for statement in tree.body:
            if _assigned_names(statement) & pinned:
                used = {child.id for child in ast.walk(statement) if isinstance(child, ast.Name)}
                growing = growing or not used <= pinned
                pinned |= used
    return pinned


def _names_a_pinned_instant(statement: ast.stmt, tree: ast.Module) -> bool:
    """A module constant (NOW = datetime(...)) that the module pins the clock to."""
    return bool(_assigned_names(statement) & _pinned_names(tree))


def _test_modules() -> Iterator[Path]:
    for path in _python_files("tests"):
        if path.name.startswith("test_") and "meta" not in path.parts:
            yield path


def test_literal_dates_near_today_come_with_a_pinned_clock() -> None:
    modules = list(_test_modules())
    assert len(modules) > 50, "the scan found too few test modules to be looking in the right place"
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in modules
        for line in _unpinned_literals(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == [], (
        "a date near today in a test that runs the app depends on when the suite runs: "
        "compute it from clock.now() / clock.london_today(), or pin the clock with clock.freeze(...):\n"
        + "\n".join(offenders)
    )


def test_the_scan_catches_the_kind_of_test_that_broke_the_suite() -> None:
    # The shape of the test that failed on 7 December 2026: a helper with a literal
    # instant, handed to the app by a test that never pins the clock.
    broken = ast.parse(
        "def event():\n"
        "    return {'occurred_at': '2026-12-07T10:00:00+00:00'}\n"
        "def test_joins_thread(app, db):\n"
        "    handle(app, db, event())\n"
    )
    assert _unpinned_literals(broken) == [2]
    pinned = ast.parse(
        "def test_joins_thread(app, db):\n"
        "    clock.freeze(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))\n"
        "    handle(app, db, {'occurred_at': '2026-12-07T10:00:00+00:00'})\n"
    )
    assert _unpinned_literals(pinned) == []
    pinned_for_every_test = ast.parse(
        "@pytest.fixture(autouse=True)\n"
        "def _in_january():\n"
        "    clock.freeze(datetime(2027, 1, 10, tzinfo=UTC))\n"
        "def test_card(db):\n"
        "    make_card(db, issued_on=date(2027, 1, 15))\n"
    )
    assert _unpinned_literals(pinned_for_every_test) == []
    constant = ast.parse(
        "NOW = datetime(2026, 3, 27, 10, tzinfo=UTC)\n"
        "BOOKED = {'start': '2027-01-12T14:30:00+00:00'}\n"
        "@pytest.fixture\n"
        "def person(db):\n"
        "    clock.freeze(NOW)\n"
        "def test_booked(app, person):\n"
        "    post(app, BOOKED)\n"
    )
    assert _unpinned_literals(constant) == [2]
    pure = ast.parse("def test_days():\n    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 29)\n")
    assert _unpinned_literals(pure) == []
    read_clock = ast.parse("import time\nstamp = time.time()\nday = date.today()\n")
    assert [call for _, call in _calendar_clock_calls(read_clock)] == ["time.time()", "date.today()"]
