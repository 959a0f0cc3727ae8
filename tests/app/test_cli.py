"""The `eventradar` command line, run as a user runs it: the installed console script in a subprocess."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.config import load_config
from app.pipeline import source_specs
from db.migrate import current_revision, downgrade, head_revision
from db.models.events import Event
from db.models.sources import Source
from db.sources import sync_config_sources
from tests.app.running import REPO, environment, run_cli, write_config
from tests.fakes.servers import free_port


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


def _sync_sources(engine: Engine, config: Path) -> None:
    """What `eventradar run` and `poll-once` do at start: bring the file's sources into the database."""
    with Session(engine) as session, session.begin():
        sync_config_sources(session, source_specs(load_config(config, environ={})))


def _sources_in_database(engine: Engine) -> dict[str, bool]:
    with Session(engine) as session:
        return {source.key: source.enabled for source in session.scalars(select(Source))}


def test_sources_list_shows_the_configured_sources_and_their_health(
    env: dict[str, str], engine: Engine, tmp_path: Path
) -> None:
    _sync_sources(engine, REPO / "config.yaml")
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


def test_sources_list_with_another_config_changes_nothing(engine: Engine, db_url: str, tmp_path: Path) -> None:
    _sync_sources(engine, REPO / "config.yaml")
    before = _sources_in_database(engine)
    other = write_config(
        tmp_path, sources=[{"id": "trial", "name": "trial", "kind": "rss", "url": "https://example.org/feed.xml"}]
    )
    result = run_cli("sources", "list", env=environment(other, db_url), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # Listing used to apply the file: every source it did not name was disabled.
    assert _sources_in_database(engine) == before
    lines = result.stdout.splitlines()
    trial = lines.index(next(line for line in lines if line.startswith("trial ")))
    assert "not in the database yet: the next `eventradar run` or `poll-once` adds it" in lines[trial + 1]
    demo = lines.index(next(line for line in lines if line.startswith("demo ")))
    assert " no " in lines[demo]  # what the next start will make of it
    assert "no longer in config.yaml: disabled at the next `eventradar run` or `poll-once`" in lines[demo + 1]


def test_a_source_removed_from_the_config_is_disabled_not_deleted(engine: Engine, db_url: str, tmp_path: Path) -> None:
    _sync_sources(engine, REPO / "config.yaml")
    shipped = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))["sources"]
    assert _sources_in_database(engine)["demo"] is True
    config = write_config(tmp_path, sources=[{**source, "enabled": False} for source in shipped[1:]])
    env = environment(config, db_url)
    result = run_cli("poll-once", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "sources disabled from config: demo" in result.stderr
    assert _sources_in_database(engine)["demo"] is False
    listing = run_cli("sources", "list", env=env, cwd=tmp_path)
    demo_rows = [line for line in listing.stdout.splitlines() if line.startswith("demo ")]
    assert len(demo_rows) == 1
    assert " no " in demo_rows[0]


@pytest.mark.parametrize("command", [["events", "list"], ["sources", "list"], ["db", "current"]])
def test_read_only_commands_refuse_a_missing_database_and_create_nothing(tmp_path: Path, command: list[str]) -> None:
    """Run from another folder, the relative SQLite path of the shipped config names a file that is not there."""
    env = {
        key: value for key, value in environment(REPO / "config.yaml", "").items() if key != "EVENTRADAR_DATABASE_URL"
    }
    result = run_cli(*command, env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"eventradar: no database at {tmp_path / 'data' / 'eventradar.db'} (")
    assert len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["events", "list"], ["sources", "list"]])
def test_read_only_commands_refuse_a_database_that_is_not_migrated(
    engine: Engine, db_url: str, tmp_path: Path, command: list[str]
) -> None:
    downgrade(engine, "0004")
    env = environment(REPO / "config.yaml", db_url)
    result = run_cli(*command, env=env, cwd=tmp_path)
    assert result.returncode == 2
    shown = make_url(db_url).render_as_string(hide_password=True)
    assert result.stderr == (
        f"eventradar: database {shown} is at schema revision 0004, this eventradar reads {head_revision()}: "
        "run `eventradar db upgrade`\n"
    )
    assert current_revision(engine) == "0004"  # listing did not migrate it

    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    result = run_cli(*command, env=environment(REPO / "config.yaml", f"sqlite:///{empty}"), cwd=tmp_path)
    assert result.returncode == 2
    assert "has no Event Radar tables: create them with `eventradar db upgrade`" in result.stderr


_COMMANDS = [["run"], ["poll-once"], ["events", "list"], ["sources", "list"], ["db", "upgrade"], ["db", "current"]]


@pytest.mark.parametrize("command", _COMMANDS, ids=" ".join)
def test_an_unreachable_database_is_one_line_naming_it_without_its_password(tmp_path: Path, command: list[str]) -> None:
    port = free_port()  # nothing listens there
    url = f"postgresql+psycopg://radar:s3cret-pw@127.0.0.1:{port}/radar"
    config = write_config(tmp_path, server={"port": free_port()})
    result = run_cli(*command, env=environment(config, url), cwd=tmp_path)
    assert result.returncode == 2
    assert "s3cret" not in result.stdout + result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        f"eventradar: database postgresql+psycopg://radar:***@127.0.0.1:{port}/radar: cannot connect: "
    )
    assert "Connection refused" in line


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://radar:s3cret-pw@db.example.org:five432/radar",
        "postgres ql://radar:s3cret-pw@db.example.org/radar",
    ],
)
@pytest.mark.parametrize("command", [["run"], ["events", "list"]], ids=" ".join)
def test_an_unparsable_database_url_is_named_without_its_password(tmp_path: Path, url: str, command: list[str]) -> None:
    result = run_cli(*command, env=environment(REPO / "config.yaml", url), cwd=tmp_path)
    assert result.returncode == 2
    masked = url.replace("s3cret-pw", "***")
    assert result.stderr == f"eventradar: config error: not a database URL: {masked!r}\n"


def test_events_list_shows_upcoming_events_soonest_first(env: dict[str, str], engine: Engine, tmp_path: Path) -> None:
    empty = run_cli("events", "list", env=env, cwd=tmp_path)
    assert empty.returncode == 0, empty.stderr
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the service's calendar day
    assert empty.stdout == f"no events upcoming (as of {today.isoformat()})\n"

    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    month = day(120).replace(day=1)
    month_end = (month + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    with Session(engine) as session, session.begin():
        session.add_all(
            [
                Event(
                    public_id="expo", name="融通创新展", merge_key="a", start_date=day(3), end_date=day(6),
                    province="广东", city="广州", district="海珠", venue="广州琶洲会展中心",
                    industries=["biomedicine", "semiconductors"], status="upcoming",
                ),
                Event(
                    public_id="forum", name="长三角集成电路论坛", merge_key="b", start_date=day(40),
                    province="上海", city="上海", district="徐汇", venue="上海新国际博览中心",
                    industries=["semiconductors"], status="upcoming",
                ),
                Event(
                    public_id="past", name="past forum", merge_key="c", start_date=day(-30), province="北京",
                    city="北京", industries=["ai"], status="held",
                ),
                Event(
                    public_id="month", name="储能大会", merge_key="d", start_date=month, end_date=month_end,
                    date_precision="month", province="山东", city="济南", industries=["energy-storage"],
                    status="upcoming",
                ),
                Event(
                    public_id="off", name="取消的博览会", merge_key="e", start_date=day(10), province="广东",
                    city="深圳", industries=["biomedicine"], status="cancelled",
                    cancelled_at=dt.datetime.now(dt.UTC),
                ),
                Event(
                    public_id="someday", name="日期待定的对接会", merge_key="f", partial_date="10-15",
                    date_precision="vague", province="江苏", city="南京", industries=["new-energy-vehicles"],
                    status="upcoming",
                ),
            ]
        )  # fmt: skip

    def listed(*args: str) -> list[str]:
        result = run_cli("events", "list", *args, env=env, cwd=tmp_path)
        assert (result.returncode, result.stderr) == (0, ""), result.stderr
        return result.stdout.splitlines()

    expo = f"{day(3)}..{day(6)}  融通创新展  [广东 广州 海珠 广州琶洲会展中心]  生物医药、半导体与集成电路  expo"
    forum = f"{day(40)!s:<22}  长三角集成电路论坛  [上海 徐汇 上海新国际博览中心]  半导体与集成电路  forum"
    month_only = f"{f'{month:%Y-%m} (month)':<22}  储能大会  [山东 济南]  新型储能  month"
    someday = f"{'10-15 (year unknown)':<22}  日期待定的对接会  [江苏 南京]  新能源汽车  someday"
    past = f"{day(-30)!s:<22}  past forum  [北京]  人工智能  past"
    cancelled = f"{day(10)!s:<22}  取消的博览会 (cancelled)  [广东 深圳]  生物医药  off"

    assert listed() == [expo, forum, month_only, someday]
    assert listed("--industry", "生物医药") == [expo]
    assert listed("--industry", "semiconductors,energy-storage") == [expo, forum, month_only]
    assert listed("--region", "广东") == [expo]
    assert listed("--region", "海珠区") == [expo]
    assert listed("--region", "徐汇区", "--region", "济南") == [forum, month_only]
    assert listed("--all") == [past, expo, cancelled, forum, month_only, someday]
    assert listed("--all", "--industry", "biomedicine") == [expo, cancelled]
    assert listed("--from", str(day(-40)), "--to", str(day(5))) == [past, expo]
    assert listed("--to", str(day(50))) == [expo, forum]
    assert listed("--limit", "1") == [expo, "… and 3 more (--limit 4 lists them all)"]
    assert listed("--region", "广州", "--industry", "ai") == [
        f"no events upcoming (as of {today}); industry ai; region 广州"
    ]

    unknown = run_cli("events", "list", "--industry", "biotech", env=env, cwd=tmp_path)
    assert unknown.returncode == 2
    assert unknown.stderr.startswith(
        "eventradar events list: unknown industry 'biotech' (expected one of: biomedicine (生物医药), "
    )
    both = run_cli("events", "list", "--all", "--from", "2026-01-01", env=env, cwd=tmp_path)
    assert both.returncode == 2
    assert "argument --from: not allowed with argument --all" in both.stderr
