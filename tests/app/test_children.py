"""The service's child processes under `kill -9`, as the OOM killer or an impatient operator sends it.

The real `eventradar run` polls feeds from the fake feed server; the extraction worker and the service itself are
killed with SIGKILL, and /proc tells what is left running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import create_db_engine
from db.models.events import Event
from db.models.sources import Article, Source
from tests.app.processes import descendants, extraction_worker, running, wait_until_gone
from tests.app.running import environment, start_service, wait_healthy, write_config
from tests.fakes.feed_server import FeedServer, Route, feed_server
from tests.fakes.servers import free_port

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")

FIRST_EXPO = "2027示例国际生物医药博览会将于2027年5月12日至14日在上海国家会展中心举办，预计吸引500家医药企业参展。"
SECOND_EXPO = "2027示例智能制造产业对接会将于2027年6月8日在广州琶洲会展中心举行，200余家装备制造企业参加对接。"


def _rss(guid: str, text: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>示例资讯</title>'
        "<link>http://example.invalid/</link><description>示例</description>"
        f'<item><title>{text.split("，")[0]}</title><guid isPermaLink="false">{guid}</guid>'
        f"<pubDate>Mon, 02 Nov 2026 02:00:00 GMT</pubDate><description><![CDATA[<p>{text}</p>]]></description>"
        "</item></channel></rss>"
    ).encode()


def _source(key: str, url: str) -> dict[str, object]:
    return {"id": key, "name": key, "kind": "rss", "url": url, "interval_minutes": 60}


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as fake:
        yield fake


def _wait_for(condition: str, check: object, process: subprocess.Popen[bytes], log: Path, timeout: float = 30) -> None:
    assert callable(check)
    deadline = time.monotonic() + timeout
    while not check():
        if process.poll() is not None:
            raise AssertionError(
                f"service exited with {process.returncode} waiting for {condition}:\n{log.read_text()}"
            )
        if time.monotonic() > deadline:
            raise AssertionError(f"no {condition} within {timeout} s:\n{log.read_text()}")
        time.sleep(0.1)


def _articles_of(db_url: str, key: str) -> int:
    engine = create_db_engine(db_url)
    try:
        with Session(engine) as session:
            return len(session.scalars(select(Article.id).join(Source).where(Source.key == key)).all())
    finally:
        engine.dispose()


def _event_names(db_url: str) -> list[str]:
    engine = create_db_engine(db_url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(Event.name)))
    finally:
        engine.dispose()


def _stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        raise


def test_a_killed_extraction_worker_is_replaced_and_polling_goes_on(server: FeedServer, tmp_path: Path) -> None:
    # The second source answers only once the test has killed the worker, so its batch meets a broken pool.
    held = threading.Event()
    first = server.route("/first.xml", Route(body=_rss("first-1", FIRST_EXPO)))
    second = server.route("/second.xml", Route(body=_rss("second-1", SECOND_EXPO), hold=held))
    port = free_port()
    db_url = f"sqlite:///{tmp_path}/radar.db"
    config = write_config(
        tmp_path,
        server={"port": port},
        # The held fetch must outlast a slow first poll on a busy machine.
        scheduler={"jitter_seconds": 0, "request_timeout_seconds": 60},
        sources=[_source("first", first), _source("second", second)],
    )
    log = tmp_path / "service.log"
    process = start_service(environment(config, db_url), tmp_path, log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, log)
        _wait_for("article from the first source", lambda: _articles_of(db_url, "first") == 1, process, log)
        worker = extraction_worker(process.pid)
        os.kill(worker.pid, signal.SIGKILL)
        assert wait_until_gone([worker.pid], timeout=10) == []
        held.set()
        _wait_for("article from the second source", lambda: _articles_of(db_url, "second") == 1, process, log)
        health = httpx.get(f"{base}/healthz", timeout=5)
        metrics = httpx.get(f"{base}/metrics", timeout=5).text
    finally:
        held.set()
        code = _stop(process)
    output = log.read_text()
    assert code == 0, output
    assert "2027示例智能制造产业对接会" in _event_names(db_url), output
    assert "eventradar_extraction_worker_restarts_total 1" in metrics, metrics
    assert "eventradar_extraction_worker_up 1" in metrics, metrics
    assert health.status_code == 200, health.text
    assert health.json()["status"] == "ok"
    assert health.json()["extraction"] == {"ok": True, "restarts": 1, "error": None}
    assert "crashed" not in output
    assert "extraction worker died; started a new one" in output


def test_kill_9_of_the_service_leaves_no_child_running(server: FeedServer, tmp_path: Path) -> None:
    feed = server.route("/feed.xml", Route(body=_rss("one", FIRST_EXPO)))
    port = free_port()
    db_url = f"sqlite:///{tmp_path}/radar.db"
    config = write_config(
        tmp_path, server={"port": port}, scheduler={"jitter_seconds": 0}, sources=[_source("feed", feed)]
    )
    log = tmp_path / "service.log"
    process = start_service(environment(config, db_url), tmp_path, log)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", process, log)
        # After a poll the worker exists, next to multiprocessing's resource tracker.
        _wait_for("article stored", lambda: _articles_of(db_url, "feed") == 1, process, log)
        children = descendants(process.pid)
        assert extraction_worker(process.pid) in children
    finally:
        process.kill()
        process.wait(timeout=10)
    survivors = wait_until_gone([child.pid for child in children], timeout=10)
    leftover = [child.cmdline for child in children if child.pid in survivors]
    for pid in survivors:  # do not leave them behind for the next test either
        if running(pid):
            os.kill(pid, signal.SIGKILL)
    assert leftover == [], log.read_text()
