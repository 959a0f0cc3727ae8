"""The `eventradar` command line, run as a user runs it: the installed console script in a subprocess."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.migrate import head_revision
from db.models import Event, Source
from tests.app.running import REPO, environment, run_cli, write_config


@pytest.fixture
def env(tmp_path: Path, db_url: str) -> dict[str, str]:
    return environment(REPO / "config.yaml", db_url)


@pytest.mark.parametrize(
    "command",
    [
        pytest.param([], id="top-level"),
        pytest.param(["run"], id="run"),
        pytest.param(["poll-once"], id="poll-once"),
        pytest.param(["extract"], id="extract"),
        pytest.param(["db"], id="db"),
        pytest.param(["db", "upgrade"], id="db-upgrade"),
        pytest.param(["events", "list"], id="events-list"),
        pytest.param(["sources", "list"], id="sources-list"),
    ],
)
def test_every_command_explains_itself(tmp_path: Path, command: list[str]) -> None:
    result = run_cli(*command, "--help", env=environment(REPO / "config.yaml", "sqlite://"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: eventradar {' '.join(command)}".rstrip())
    assert len(result.stdout.splitlines()) > 2


def test_unknown_command_is_named(tmp_path: Path) -> None:
    result = run_cli("evnts", env=environment(REPO / "config.yaml", "sqlite://"), cwd=tmp_path)
    assert result.returncode == 2
    assert "invalid choice: 'evnts'" in result.stderr


def test_db_upgrade_reports_the_revision(tmp_path: Path) -> None:
    env = environment(REPO / "config.yaml", f"sqlite:///{tmp_path}/fresh/radar.db")
    result = run_cli("db", "upgrade", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    newest = head_revision()
    assert result.stdout == f"database at revision {newest} (newest: {newest})\n"
    # One line of log for what changed, not Alembic's context and plugin lines.
    (logged,) = result.stderr.splitlines()
    assert logged.endswith(f"INFO db.migrate: database migrated from revision (empty) to {newest}")
    current = run_cli("db", "current", env=env, cwd=tmp_path)
    assert (current.stdout, current.stderr) == (f"database: {newest}; code: {newest}\n", "")
    again = run_cli("db", "upgrade", env=env, cwd=tmp_path)
    assert (again.stdout, again.stderr) == (f"database at revision {newest} (newest: {newest})\n", "")
    debug = run_cli("--log-level", "DEBUG", "db", "current", env=env, cwd=tmp_path)
    assert "alembic.runtime.migration" in debug.stderr  # the bookkeeping is there for who asks


def test_unsupported_database_url_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("db", "upgrade", env=environment(REPO / "config.yaml", "mysql://root@localhost/x"), cwd=tmp_path)
    assert result.returncode == 2  # a config error, as documented
    assert result.stderr == "eventradar: config error: unsupported database 'mysql': use sqlite or postgresql+psycopg\n"


def test_sources_list_shows_the_configured_sources_and_their_health(
    env: dict[str, str], engine: Engine, tmp_path: Path
) -> None:
    result = run_cli("sources", "list", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:] if line and not line.startswith(" ")}
    assert set(rows) == {"demo", "gd-gxt", "mofcom-news", "ccpit-events", "sina-7x24"}
    assert " yes " in rows["demo"]
    assert " no " in rows["gd-gxt"]

    with Session(engine) as session, session.begin():
        demo = session.query(Source).filter_by(key="demo").one()
        demo.consecutive_failures = 3
        demo.last_error = "timed out after 20 s"
    again = run_cli("sources", "list", env=env, cwd=tmp_path)
    assert "    3  never" in again.stdout
    assert "last error: timed out after 20 s" in again.stdout


def test_a_source_removed_from_the_config_is_disabled_not_deleted(engine: Engine, db_url: str, tmp_path: Path) -> None:
    config = write_config(tmp_path)
    run_cli("sources", "list", env=environment(config, db_url), cwd=tmp_path)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["sources"] = [source for source in data["sources"] if source["id"] != "demo"]
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli("sources", "list", env=environment(config, db_url), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    demo_rows = [line for line in result.stdout.splitlines() if line.startswith("demo ")]
    assert len(demo_rows) == 1
    assert " no " in demo_rows[0]


def test_events_list_shows_upcoming_events_soonest_first(env: dict[str, str], engine: Engine, tmp_path: Path) -> None:
    empty = run_cli("events", "list", env=env, cwd=tmp_path)
    assert empty.returncode == 0, empty.stderr
    assert "no upcoming events" in empty.stdout

    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the service's calendar day
    with Session(engine) as session, session.begin():
        session.add_all(
            [
                Event(name="later expo", merge_key="later", start_date=today + dt.timedelta(days=40), province="上海"),
                Event(
                    name="融通创新展",
                    merge_key="融通创新展",
                    start_date=today + dt.timedelta(days=3),
                    end_date=today + dt.timedelta(days=6),
                    province="广东",
                    city="广州",
                    venue="广州琶洲会展中心",
                ),
                Event(name="past forum", merge_key="past", start_date=today - dt.timedelta(days=30)),
            ]
        )
    result = run_cli("events", "list", env=env, cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    first = (today + dt.timedelta(days=3)).isoformat()
    assert lines[0].startswith(
        f"{first}..{(today + dt.timedelta(days=6)).isoformat()}  融通创新展  [广东 广州 广州琶洲会展中心]"
    )
    assert "later expo  [上海]" in lines[1]
