"""Where the config file is and how its YAML is read into sections, with one-line errors.

Two readers share this: `app.config` validates the whole file for the service, and ``eventradar extract`` reads only
the taxonomy, without importing pydantic, so that it starts fast. Both must find the same file and report a missing
or broken file the same way, so the lookup and the reading live here once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DEFAULT_CONFIG_PATH = "config.yaml"
ENV_CONFIG = "EVENTRADAR_CONFIG"


class ConfigFileError(Exception):
    """The file cannot be read as YAML sections; the message is one line naming the file."""


def describe(value: object) -> str:
    """What kind of YAML value `value` is, in words for the person editing the file."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def read_sections(path: Path, *, not_found_hint: str = "") -> dict[str, Any]:
    """The top-level mapping of the YAML file at `path` (empty for an empty file). Raises ConfigFileError."""
    try:
        raw_text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigFileError(f"{path}: file not found{not_found_hint}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigFileError(f"{path}: cannot be read ({exc})") from None
    try:
        data = yaml.load(raw_text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" line {where.line + 1}" if where is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ConfigFileError(f"{path}:{line}: invalid YAML: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigFileError(f"{path}: expected a mapping of sections at the top level, got {describe(data)}")
    return data
