"""`eventradar run`: one process with the scheduler, the web server and (with a token) the bot; clean shutdown."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import create_db_engine
from db.models.events import Event
from db.models.sources import Article
from tests.app.running import environment, start_service, wait_healthy, write_config
from tests.fakes.servers import free_port, serve_in_thread
from tests.fakes.telegram_api import FakeTelegram
from web.demo_content import articles_on


def _stop(process: subprocess.Popen[bytes], signum: int = signal.SIGTERM) -> tuple[int, float]:
    began = time.monotonic()
    process.send_signal(signum)
    try:
        code = process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return code, time.monotonic() - began


def test_run_serves_health_and_stops_cleanly_on_sigterm(db_url: str, tmp_path: Path) -> None:
    port = free_port()
    config = write_config(tmp_path, server={"port": port})
    log = tmp_path / "service.log"
    process = start_service(environment(config, db_url), tmp_path, log)
    try:
        health = wait_healthy(f"http://127.0.0.1:{port}", process, log).json()
        assert health["status"] == "ok"
        assert health["database"]["ok"] is True
        assert health["database"]["backend"] == db_url.split(":")[0].split("+")[0]
        assert health["database"]["revision"] == health["database"]["head_revision"]
        assert health["scheduler"]["state"] == "running"
        assert health["scheduler"]["heartbeat_age_seconds"] is not None
        assert health["bot"] == {"enabled": False, "running": False, "error": None}

        demo = httpx.get(f"http://127.0.0.1:{port}/demo/feed.xml", timeout=5)
        assert demo.status_code == 200
        assert "<rss" in demo.text
    finally:
        code, seconds = _stop(process)
    output = log.read_text()
    assert code == 0, output
    assert seconds < 5, output
    # Without a token the bot is off, and the log says exactly once how to turn it on.
    assert output.count("TELEGRAM_BOT_TOKEN") == 1, output
    assert "Telegram bot is off" in output


def test_a_fresh_install_fills_its_calendar_from_the_bundled_demo_feed(db_url: str, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    demo: dict[str, object] = {"id": "demo", "name": "demo", "kind": "rss", "url": f"{base}/demo/feed.xml"}
    config = write_config(
        tmp_path, server={"port": port, "public_url": base}, scheduler={"jitter_seconds": 0}, sources=[demo]
    )
    log = tmp_path / "service.log"
    process = start_service(environment(config, db_url), tmp_path, log)
    engine = create_db_engine(db_url)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process, log)
        deadline = time.monotonic() + 20
        names: list[str] = []
        metrics = ""
        while time.monotonic() < deadline:
            with Session(engine) as session:
                names = list(session.scalars(select(Event.name)))
            metrics = httpx.get(f"{base}/metrics", timeout=5).text
            if names and "eventradar_poll_duration_seconds_count 0" not in metrics:
                break
            time.sleep(0.2)
        with Session(engine) as session:
            links = list(session.scalars(select(Article.url)))
        # The calendar's source links of demo events lead to the demo's article pages.
        pages = [httpx.get(link, timeout=5) for link in links if link]
    finally:
        engine.dispose()
        code, _ = _stop(process)
    output = log.read_text()
    assert code == 0, output
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    assert len(names) == len(articles_on(today)) == 9, output
    assert any(name.endswith("粤港澳大湾区生物医药产业博览会") for name in names), names
    assert len(pages) == len(names)
    assert all(page.status_code == 200 and "<h1>" in page.text for page in pages), [p.url for p in pages]
    # The poll that filled the calendar is timed in /metrics.
    assert "eventradar_poll_duration_seconds_count 1" in metrics, metrics
    # The log says what the poll found, in one line, and nothing of the scheduler's or Alembic's bookkeeping
    # (the heartbeat ran at start, so APScheduler had "Running job" lines to write).
    assert (
        "INFO scheduler.jobs: polled demo: 9 items, 9 new articles, 0 updated, 9 new events, 0 changed events, 0 items dropped"
        in output
    )
    assert "apscheduler" not in output
    assert "alembic" not in output
    # One time zone, the users' (reminders.timezone), with its offset on every line; no CST next to UTC stamps.
    assert "CST" not in output
    assert "UTC" not in output
    stamps = [line.split(" INFO ")[0] for line in output.splitlines() if " INFO " in line]
    assert len(stamps) > 3, output
    assert all(stamp.endswith("+08:00") for stamp in stamps), output


def test_ctrl_c_stops_it_too(tmp_path: Path) -> None:
    port = free_port()
    config = write_config(tmp_path, server={"port": port})
    log = tmp_path / "service.log"
    process = start_service(environment(config, f"sqlite:///{tmp_path}/radar.db"), tmp_path, log)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process, log)
    finally:
        code, seconds = _stop(process, signal.SIGINT)
    assert code == 0, log.read_text()
    assert seconds < 5


def test_port_already_taken_is_a_clear_error(tmp_path: Path) -> None:
    with serve_in_thread(lambda scope, receive, send: None) as url:
        port = int(url.rsplit(":", 1)[1])
        config = write_config(tmp_path, server={"port": port})
        log = tmp_path / "service.log"
        process = start_service(environment(config, f"sqlite:///{tmp_path}/radar.db"), tmp_path, log)
        code = process.wait(timeout=30)
    output = log.read_text()
    assert code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in output
    assert "server.port" in output


@pytest.fixture
def telegram() -> FakeTelegram:
    return FakeTelegram()


def test_with_a_token_the_bot_answers_start_in_the_users_language(telegram: FakeTelegram, tmp_path: Path) -> None:
    port = free_port()
    with serve_in_thread(telegram.app()) as api:
        config = write_config(tmp_path, server={"port": port}, telegram={"api_base_url": f"{api}/bot"})
        env = environment(config, f"sqlite:///{tmp_path}/radar.db", TELEGRAM_BOT_TOKEN=telegram.token)
        log = tmp_path / "service.log"
        process = start_service(env, tmp_path, log)
        try:
            wait_healthy(f"http://127.0.0.1:{port}", process, log)
            telegram.queue_command(777, "/start", language_code="en-US")
            deadline = time.monotonic() + 15
            while not telegram.calls_to("sendMessage") and time.monotonic() < deadline:
                time.sleep(0.1)
            health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).json()
            # The page links to the bot by the name Telegram gave it (getMe), with the chosen filters.
            page = httpx.get(f"http://127.0.0.1:{port}/?region=广东&industry=ai", timeout=5).text
        finally:
            code, seconds = _stop(process)
    output = log.read_text()
    assert code == 0, output
    assert seconds < 5, output
    assert health["bot"]["running"] is True
    assert "@eventradar_test_bot" in output
    assert 'href="https://t.me/eventradar_test_bot?start=sub-ai-guangdong"' in page
    sent = telegram.calls_to("sendMessage")
    assert len(sent) == 1, output
    assert int(sent[0].params["chat_id"]) == 777
    assert sent[0].params["text"].startswith("Welcome to Event Radar")
