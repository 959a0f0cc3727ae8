"""`eventradar poll-once` as a user runs it: every enabled source once, a summary, an exit code that tells."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.running import environment, run_cli, write_config
from tests.fakes.feed_server import FeedServer, Route
from tests.scheduler.conftest import shared_feed


def test_poll_once_polls_every_enabled_source_and_summarises(server: FeedServer, db_url: str, tmp_path: Path) -> None:
    sources: list[dict[str, object]] = [
        {
            "id": "games",
            "name": "3DM",
            "kind": "rss",
            "url": server.route("/3dm.xml", Route(body=shared_feed("rsshub_3dm_news_2023-04-01.rss.xml"))),
        },
        {
            "id": "broken",
            "name": "down",
            "kind": "rss",
            "url": server.route("/down.xml", Route(status=500, content_type="text/plain")),
        },
        {"id": "off", "name": "off", "kind": "rss", "url": server.url("/off.xml"), "enabled": False},
    ]
    config = write_config(tmp_path, sources=sources, scheduler={"min_seconds_between_requests_to_one_host": 0})
    env = environment(config, db_url)
    first = run_cli("poll-once", env=env, cwd=tmp_path)
    assert first.returncode == 1, first.stderr
    assert "sources: 1 ok, 1 failed (0 unchanged)" in first.stdout
    assert "articles: 20 new, 0 updated" in first.stdout
    assert "failed: broken: HTTP 500" in first.stdout
    assert server.requests_to("/off.xml") == []

    health = run_cli("sources", "list", env=env, cwd=tmp_path)
    broken = next(line for line in health.stdout.splitlines() if line.startswith("broken "))
    assert "    1  never" in broken
    assert "last error: HTTP 500" in health.stdout

    server.route("/down.xml", Route(body=shared_feed("rsshub_3dm_news_2023-04-01.rss.xml")))
    second = run_cli("poll-once", env=env, cwd=tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "sources: 2 ok, 0 failed" in second.stdout
    # The recovered source carries the same items as the first one: stored, but no second event of anything.
    assert "articles: 20 new, 0 updated" in second.stdout
    assert "events: 0 new, 0 changed" in second.stdout


def test_poll_once_is_not_stopped_by_an_odd_item_of_one_source(server: FeedServer, db_url: str, tmp_path: Path) -> None:
    # A lone surrogate (as \ud83d in JSON) that neither database can store, and a date past what a datetime holds.
    odd = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "odd",
        "items": [
            {"id": "split", "title": "展会速递\ud83d", "content_text": "示例新闻。"},
            {"id": "late", "content_text": "另一条新闻。", "date_published": "9999-12-31T23:00:00-05:00"},
        ],
    }
    sources: list[dict[str, object]] = [
        {
            "id": "odd",
            "name": "odd",
            "kind": "jsonfeed",
            "url": server.route("/odd.json", Route(body=json.dumps(odd).encode(), content_type="application/json")),
        },
        {
            "id": "games",
            "name": "3DM",
            "kind": "rss",
            "url": server.route("/3dm.xml", Route(body=shared_feed("rsshub_3dm_news_2023-04-01.rss.xml"))),
        },
    ]
    config = write_config(tmp_path, sources=sources, scheduler={"min_seconds_between_requests_to_one_host": 0})
    result = run_cli("poll-once", env=environment(config, db_url), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sources: 2 ok, 0 failed" in result.stdout
    assert "articles: 22 new, 0 updated" in result.stdout
