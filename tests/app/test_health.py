"""/healthz tells the truth: `ok` (200) when all is well, `degraded` (503) naming each reason, and no internals.

The health check is served by the real web app over HTTP on a loopback port; the bot's cases run the real
`eventradar` service against the fake Bot API.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from app.health import BotState, HealthCheck
from db.engine import create_db_engine
from db.models.sources import Source
from extract import SourceHints, Taxonomy
from scheduler.extraction import ExtractionError, ProcessExtractor
from scheduler.heartbeat import Heartbeat
from tests.app.running import REPO, environment, start_service, wait_healthy, write_config
from tests.databases import SqliteTemplate
from tests.fakes.clock import FakeClock
from tests.fakes.servers import free_port, serve_in_thread
from tests.fakes.telegram_api import FakeTelegram
from tests.scheduler.worker_faults import DOWN_WHILE, POISON, extract_or_die
from web.app import create_web_app

START = dt.datetime(2026, 11, 21, 2, 0, tzinfo=dt.UTC)
MEETING = "2027示例智能制造产业对接会将于2027年6月8日在广州琶洲会展中心举行，200余家装备制造企业参加对接。"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def scheduler() -> Iterator[BackgroundScheduler]:
    scheduler = BackgroundScheduler()
    scheduler.start()
    yield scheduler
    scheduler.shutdown(wait=False)


class Service:
    """The health check as the composition root builds it, served over HTTP; the test moves the clock."""

    def __init__(self, engine: Engine, scheduler: BackgroundScheduler, clock: FakeClock, **parts: Any) -> None:
        self.clock = clock
        self.heartbeat = Heartbeat(clock=clock)
        self.check = HealthCheck(
            engine=engine,
            scheduler=scheduler,
            heartbeat=self.heartbeat,
            bot=BotState(enabled=False),
            clock=clock,
            **parts,
        )

    def __enter__(self) -> Service:
        self._server = serve_in_thread(create_web_app(health=self.check))
        self.url = self._server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.__exit__(None, None, None)

    def healthz(self) -> httpx.Response:
        # The scheduler keeps firing while the test moves time.
        self.heartbeat.beat()
        return httpx.get(f"{self.url}/healthz", timeout=10)


def _add_source(engine: Engine, key: str, interval_minutes: int, *, enabled: bool = True) -> None:
    with Session(engine) as session, session.begin():
        session.add(
            Source(key=key, name=key, kind="rss", url=f"http://{key}.example/", interval_minutes=interval_minutes)
        )
        session.flush()
        session.execute(update(Source).where(Source.key == key).values(enabled=enabled))


def _succeeded(engine: Engine, key: str, at: dt.datetime) -> None:
    with Session(engine) as session, session.begin():
        session.execute(update(Source).where(Source.key == key).values(last_success_at=at, last_polled_at=at))


def test_healthz_is_ok_when_all_is_well(engine: Engine, scheduler: BackgroundScheduler, clock: FakeClock) -> None:
    _add_source(engine, "news", 30)
    with Service(engine, scheduler, clock) as service:
        clock.advance(minutes=20)
        _succeeded(engine, "news", clock.now)
        clock.advance(minutes=10)
        response = service.healthz()
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["problems"]) == ("ok", [])
    assert body["polling"] == {
        "ok": True,
        "enabled_sources": 1,
        "last_success_age_seconds": 600,
        "limit_seconds": 5400,
        "error": None,
    }
    assert body["extraction"] == {"ok": True, "restarts": 0, "error": None}
    assert body["database"]["ok"] is True


def test_no_successful_poll_for_three_of_the_shortest_intervals_is_degraded(
    engine: Engine, scheduler: BackgroundScheduler, clock: FakeClock
) -> None:
    # The shortest enabled interval is 10 minutes (a disabled source does not count): polling is stuck after 30.
    _add_source(engine, "often", 10)
    _add_source(engine, "daily", 1440)
    _add_source(engine, "retired", 1, enabled=False)
    with Service(engine, scheduler, clock) as service:
        clock.advance(minutes=29)
        start_up = service.healthz()  # nothing polled yet, but within the grace after start
        clock.advance(minutes=2)
        stuck = service.healthz()
        _succeeded(engine, "daily", clock.now)
        clock.advance(minutes=5)
        recovered = service.healthz()
        clock.advance(minutes=26)
        stuck_again = service.healthz()

    assert start_up.status_code == 200, start_up.text
    assert stuck.status_code == 503
    assert stuck.json()["status"] == "degraded"
    assert stuck.json()["problems"] == ["no source polled successfully for 30 min"]
    assert stuck.json()["polling"]["ok"] is False
    assert stuck.json()["polling"]["last_success_age_seconds"] is None
    assert recovered.status_code == 200, recovered.text
    assert stuck_again.status_code == 503
    assert stuck_again.json()["polling"]["last_success_age_seconds"] == 31 * 60


@pytest.fixture
def sqlite_engine(sqlite_template: SqliteTemplate, tmp_path: Path) -> Iterator[Engine]:
    with sqlite_template.clone(tmp_path) as url:
        engine = create_db_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def taxonomy() -> Taxonomy:
    data = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    return Taxonomy.from_mapping(data["industries"])


async def test_an_extraction_worker_that_cannot_be_replaced_is_degraded(
    sqlite_engine: Engine,
    scheduler: BackgroundScheduler,
    clock: FakeClock,
    taxonomy: Taxonomy,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_memory = tmp_path / "no-memory"
    monkeypatch.setenv(DOWN_WHILE, str(no_memory))
    extractor = ProcessExtractor(taxonomy, task=extract_or_die)
    try:
        with Service(sqlite_engine, scheduler, clock, extraction=extractor.status) as service:
            # One article that kills its worker twice is its source's failure; the worker was replaced and works.
            with pytest.raises(ExtractionError):
                await extractor.extract([(POISON, None)], SourceHints())
            after_poison = service.healthz()
            # A worker that dies on anything, even an empty batch, cannot be replaced.
            no_memory.touch()
            with pytest.raises(ExtractionError):
                await extractor.extract([(MEETING, None)], SourceHints())
            down = service.healthz()
            no_memory.unlink()
            await extractor.extract([(MEETING, None)], SourceHints())
            back = service.healthz()
    finally:
        extractor.close()
    assert after_poison.status_code == 200, after_poison.text
    assert after_poison.json()["extraction"] == {"ok": True, "restarts": 2, "error": None}
    assert down.status_code == 503
    assert down.json()["problems"] == ["extraction worker down"]
    assert down.json()["extraction"] == {"ok": False, "restarts": 5, "error": "extraction worker down"}
    assert back.status_code == 200, back.text
    assert back.json()["extraction"]["ok"] is True


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_unreachable_database_is_degraded_without_the_drivers_words(
    backend: str, scheduler: BackgroundScheduler, clock: FakeClock, tmp_path: Path
) -> None:
    port = free_port()  # nothing listens there
    # A folder where the database file should be cannot be opened; neither can a server that is not there.
    url = f"sqlite:///{tmp_path}" if backend == "sqlite" else f"postgresql+psycopg://eventradar@127.0.0.1:{port}/radar"
    engine = create_db_engine(url)
    try:
        with Service(engine, scheduler, clock) as service:
            response = service.healthz()
    finally:
        engine.dispose()
    assert response.status_code == 503
    body = response.json()
    assert body["problems"] == ["database unreachable"]
    assert body["database"]["ok"] is False
    assert body["database"]["error"] == "database unreachable"
    for internal in ("Error", "Traceback", str(tmp_path), str(port), "eventradar@", "connection"):
        assert internal not in response.text


def _bot_health(telegram: FakeTelegram, tmp_path: Path, token: str) -> tuple[httpx.Response, str]:
    """Run the service against the fake Bot API until /healthz reports the bot's error; returns it and the log."""
    port = free_port()
    with serve_in_thread(telegram.app()) as api:
        config = write_config(tmp_path, server={"port": port}, telegram={"api_base_url": f"{api}/bot"})
        env = environment(config, f"sqlite:///{tmp_path}/radar.db", TELEGRAM_BOT_TOKEN=token)
        log = tmp_path / "service.log"
        process = start_service(env, tmp_path, log)
        try:
            response = wait_healthy(f"http://127.0.0.1:{port}", process, log)
            deadline = time.monotonic() + 20
            while response.json()["bot"]["error"] is None and time.monotonic() < deadline:
                time.sleep(0.1)
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
        finally:
            process.terminate()
            process.wait(timeout=10)
    return response, log.read_text()


def test_a_bot_api_outage_is_a_short_phrase_not_the_servers_answer(tmp_path: Path) -> None:
    telegram = FakeTelegram(outage="Internal Server Error: shard db-7 at 10.0.3.4 rejected <secret>")
    response, log = _bot_health(telegram, tmp_path, telegram.token)
    assert response.json()["bot"] == {"enabled": True, "running": False, "error": "telegram unreachable"}
    assert "shard" not in response.text
    # Telegram's outage is not the service's: polling and calendars still work.
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    # The operator still finds what the Bot API said, in the log.
    assert "shard db-7" in log


def test_a_refused_token_is_a_short_phrase(tmp_path: Path) -> None:
    telegram = FakeTelegram()
    response, log = _bot_health(telegram, tmp_path, "654321:WRONG-token")
    assert response.json()["bot"] == {"enabled": True, "running": False, "error": "telegram token refused"}
    assert "Unauthorized" not in response.text
    assert "WRONG-token" not in response.text
    assert "Telegram refused the token in TELEGRAM_BOT_TOKEN" in log
