"""`eventradar events export`, run as a user runs it: the installed console script in a subprocess."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.models.events import Event, EventArticle
from db.models.sources import Article, Source
from tests.app.running import REPO, environment, run_cli


@pytest.fixture
def env(db_url: str) -> dict[str, str]:
    return environment(REPO / "config.yaml", db_url)


def _add_events(engine: Engine, today: dt.date) -> None:
    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    with Session(engine) as session, session.begin():
        expo = Event(
            public_id="expo",
            name="融通创新展",
            merge_key="a",
            start_date=day(3),
            end_date=day(6),
            province="广东",
            city="广州",
            district="海珠",
            venue="=广州琶洲会展中心",
            industries=["biomedicine", "semiconductors"],
            status="upcoming",
        )
        session.add_all(
            [
                expo,
                Event(
                    public_id="forum", name="长三角集成电路论坛", merge_key="b", start_date=day(40),
                    province="上海", city="上海", industries=["semiconductors"], status="upcoming",
                ),
                Event(
                    public_id="past", name="past forum", merge_key="c", start_date=day(-30), province="北京",
                    city="北京", industries=["ai"], status="held",
                ),
            ]
        )  # fmt: skip
        source = Source(key="news", name="新闻源", kind="rss", url="https://news.example/feed.xml")
        session.add(source)
        session.flush()
        article = Article(
            source_id=source.id, guid="g1", url="https://news.example/expo.html", title="融通创新展开幕",
            text="我们自己写的测试文章。", content_hash="0" * 64,
        )  # fmt: skip
        session.add(article)
        session.flush()
        session.add(EventArticle(event_id=expo.id, article_id=article.id, evidence="测试"))


def test_export_writes_the_listed_events_as_csv_or_excel(env: dict[str, str], engine: Engine, tmp_path: Path) -> None:
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    _add_events(engine, today)

    result = run_cli("events", "export", "--format", "csv", "--industry", "生物医药", env=env, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout.startswith("\ufeff名称,开始,结束,城市,省份,场馆,行业,状态,来源,链接")  # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[1] == [
        "融通创新展",
        (today + dt.timedelta(days=3)).isoformat(),
        (today + dt.timedelta(days=6)).isoformat(),
        "广州",
        "广东",
        "'=广州琶洲会展中心",  # never a formula
        "生物医药、半导体与集成电路",
        "即将举行",
        "https://news.example/expo.html",
        "http://127.0.0.1:8080/events/expo",  # the shipped server.public_url
    ]
    assert len(rows) == 2

    def names(*args: str) -> list[str]:
        done = run_cli("events", "export", "--format", "csv", *args, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return [row[0] for row in csv.reader(io.StringIO(done.stdout.removeprefix("\ufeff")))][1:]

    # The options and the selection of `events list`.
    assert names() == ["融通创新展", "长三角集成电路论坛"]
    assert names("--region", "上海") == ["长三角集成电路论坛"]
    assert names("--all") == ["past forum", "融通创新展", "长三角集成电路论坛"]
    assert names("--from", str(today - dt.timedelta(days=40)), "--to", str(today)) == ["past forum"]
    assert names("--lang", "en", "--region", "广州")[0] == "融通创新展"

    workbook = tmp_path / "生物医药.xlsx"
    done = run_cli("events", "export", "--format", "xlsx", "--output", str(workbook), env=env, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == f"exported 2 events to {workbook}\n"
    with zipfile.ZipFile(workbook) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "融通创新展" in strings
    assert "长三角集成电路论坛" in strings


def test_export_refuses_what_it_cannot_do_and_creates_no_database(env: dict[str, str], tmp_path: Path) -> None:
    no_file = run_cli("events", "export", "--format", "xlsx", env=env, cwd=tmp_path)
    assert no_file.returncode == 2
    assert no_file.stderr == "eventradar events export: --format xlsx needs --output FILE (a workbook is not text)\n"

    unknown = run_cli("events", "export", "--format", "csv", "--industry", "biotech", env=env, cwd=tmp_path)
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("eventradar events export: unknown industry 'biotech' (expected one of: ")

    no_format = run_cli("events", "export", env=env, cwd=tmp_path)
    assert no_format.returncode == 2
    assert "the following arguments are required: --format" in no_format.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shipped = {key: value for key, value in env.items() if key != "EVENTRADAR_DATABASE_URL"}
    missing = run_cli("events", "export", "--format", "csv", env=shipped, cwd=elsewhere)
    assert missing.returncode == 2
    assert missing.stderr.startswith(f"eventradar: no database at {elsewhere / 'data' / 'eventradar.db'} (")
    assert list(elsewhere.iterdir()) == []  # read-only: nothing created


def test_export_explains_itself(tmp_path: Path) -> None:
    result = run_cli("events", "export", "--help", env=environment(REPO / "config.yaml", "sqlite://"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: eventradar events export")
    assert "--format {csv,xlsx}" in result.stdout
    assert "--industry WORDS" in result.stdout
