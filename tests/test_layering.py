"""The floors of README's "Architecture", checked on the source with `ast` (every import counts, those only made for
type checking or inside a function too):

* no feature imports the composition root ``app``: each declares the narrow settings it reads, and ``app`` maps
  config.yaml onto them;
* the pure floors ``extract`` and ``ical`` import no I/O library (HTTP, database, Telegram, web server, scheduler)
  and none of our floors that do I/O, so they stay text in, text out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FEATURES = ("bot", "db", "web", "scheduler", "extract", "ical", "outgoing")
PURE = ("extract", "ical")
IO_LIBRARIES = frozenset(
    {"httpx", "sqlalchemy", "telegram", "starlette", "uvicorn", "apscheduler", "alembic", "psycopg"}
)
IO_FLOORS = frozenset({"app", "bot", "db", "scheduler", "web"})


def imported(path: Path) -> set[str]:
    """The top-level names of the packages the module imports; relative imports stay inside its own package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module is not None:
            names.add(node.module.partition(".")[0])
    return names


def modules(package: str) -> list[Path]:
    found = sorted((REPO / package).rglob("*.py"))
    assert found, f"no modules under {package}/"
    return found


@pytest.mark.parametrize("package", FEATURES)
def test_no_feature_imports_the_composition_root(package: str) -> None:
    offenders = [str(path.relative_to(REPO)) for path in modules(package) if "app" in imported(path)]
    assert not offenders, f"these import `app` (take the settings as parameters instead): {offenders}"


@pytest.mark.parametrize("package", PURE)
def test_the_pure_floors_import_nothing_that_does_io(package: str) -> None:
    offenders = {
        str(path.relative_to(REPO)): sorted(names)
        for path in modules(package)
        if (names := imported(path) & (IO_LIBRARIES | IO_FLOORS))
    }
    assert not offenders, f"pure modules importing I/O: {offenders}"


def test_the_check_sees_every_kind_of_import(tmp_path: Path) -> None:
    module = tmp_path / "sample.py"
    module.write_text(
        "from __future__ import annotations\n"
        "import httpx.client\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from app.config import AppConfig\n"
        "def later() -> None:\n"
        "    import sqlalchemy as sa\n"
        "from . import sibling\n",
        encoding="utf-8",
    )
    assert imported(module) == {"__future__", "httpx", "typing", "app", "sqlalchemy"}
