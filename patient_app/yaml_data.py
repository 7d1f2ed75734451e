"""Reading the YAML content files, with libyaml's C parser when PyYAML has it.

Every app start reads the questionnaires, rules and library (the test suite
starts an app per test); the pure-Python parser made that the slowest part.
Same safe loader rules either way: no Python objects from content files.
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader (C or Python)
