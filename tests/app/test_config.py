"""Configuration: the shipped file works as is, and every mistake a person can make is named in one line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.config import ConfigError, load_config
from tests.app.running import REPO, environment, run_cli

Mutation = Callable[[dict[str, Any]], None]


def _shipped() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_shipped_config_works_offline_with_sqlite_and_the_demo_source() -> None:
    config = load_config(REPO / "config.yaml", environ={})
    assert config.database.url.startswith("sqlite:///data/")
    assert config.server.host == "127.0.0.1"
    assert config.server.port == 8080
    enabled = [source for source in config.sources if source.enabled]
    assert [source.id for source in enabled] == ["demo"]
    assert enabled[0].url.startswith("http://127.0.0.1:8080/demo/")
    # The demo is answered in-process (web.demo), so no shipped source may reach private addresses, the demo either.
    assert [source.id for source in config.sources if source.allow_private_network] == []
    assert config.telegram_bot_token is None
    required = {
        "biomedicine", "new-energy-vehicles", "semiconductors", "ai", "robotics", "energy-storage", "new-energy",
        "smart-appliances", "electronics", "digital-economy", "advanced-manufacturing", "new-materials",
        "consumer-goods", "agriculture-food", "trade", "culture-tourism", "construction",
    }  # fmt: skip
    assert required <= set(config.industry_ids())
    assert all(industry.keywords and industry.zh and industry.en for industry in config.industries)


def test_environment_overrides_database_and_token() -> None:
    config = load_config(
        REPO / "config.yaml",
        environ={"EVENTRADAR_DATABASE_URL": "postgresql+psycopg://u@db/radar", "TELEGRAM_BOT_TOKEN": " 1:abc "},
    )
    assert config.database.url == "postgresql+psycopg://u@db/radar"
    assert config.telegram_bot_token == "1:abc"


def _set(section: str, key: str, value: object) -> Mutation:
    return lambda data: data[section].update({key: value})


def _source(index: int, key: str, value: object) -> Mutation:
    return lambda data: data["sources"][index].update({key: value})


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(_set("server", "prot", 9000), "server.prot: unknown key (expected one of: host, port", id="typo-in-section-key"),
        pytest.param(lambda d: d.update(sever={}), "sever: unknown key (expected one of: database, server", id="typo-in-section-name"),
        pytest.param(_source(0, "intervl_minutes", 5), "sources[demo].intervl_minutes: unknown key", id="typo-in-source-key"),
        pytest.param(_set("server", "port", "eighty"), "server.port: expected a whole number, got text 'eighty'", id="port-not-a-number"),
        pytest.param(_set("server", "port", 70000), "server.port: expected less than or equal to 65535", id="port-out-of-range"),
        pytest.param(_source(0, "kind", "rss2"), "sources[demo].kind: expected 'rss', 'atom', 'jsonfeed', 'html-list' or 'html-article'", id="unknown-source-kind"),
        pytest.param(_source(0, "url", "ftp://x"), "sources[demo].url: expected an http:// or https:// address", id="source-url-not-http"),
        pytest.param(_source(0, "enabled", "maybe"), "sources[demo].enabled: expected true or false", id="enabled-not-boolean"),
        pytest.param(_source(1, "industries", ["biomed"]), "sources[gd-gxt].industries: unknown industry id 'biomed'", id="source-names-unknown-industry"),
        pytest.param(lambda d: d["sources"].append(dict(d["sources"][0])), "sources: duplicate id 'demo' (entries 1 and 6; ids must be unique)", id="duplicate-source-id"),
        pytest.param(_set("reminders", "time", "9 am"), "reminders.time: expected a time of day as HH:MM", id="reminder-time-not-hh-mm"),
        pytest.param(_set("reminders", "timezone", "China/Beijing"), "reminders.timezone: expected an IANA time zone name", id="unknown-time-zone"),
        pytest.param(lambda d: d["industries"][0].pop("zh"), "industries[biomedicine].zh: required key is missing", id="industry-without-label"),
        pytest.param(lambda d: d.update(telegram_bot_token="1:abc"), "secrets are not read from the file", id="token-in-file"),
        pytest.param(_set("telegram", "bot_username", "t.me/radar"), "telegram.bot_username: expected a Telegram username", id="bot-username-not-a-name"),
    ],
)  # fmt: skip
def test_mistakes_are_named_in_one_line(tmp_path: Path, mutate: Mutation, expected: str) -> None:
    data = _shipped()
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message


def test_every_problem_is_named_not_counted(tmp_path: Path) -> None:
    data = _shipped()
    data["server"]["port"] = "eighty"
    data["sources"][0]["kind"] = "rss2"
    data["sources"][1]["enabled"] = "maybe"
    data["sources"].append({"id": "bad id", "name": "x", "kind": "rss", "url": "ftp://x"})
    path = _write(tmp_path, data)
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    message = str(caught.value)
    assert "more problem" not in message
    assert "\n" not in message
    assert message.split("; ") == [
        f"{path}: server.port: expected a whole number, got text 'eighty'",
        "sources[demo].kind: expected 'rss', 'atom', 'jsonfeed', 'html-list' or 'html-article', got text 'rss2'",
        "sources[gd-gxt].enabled: expected true or false, got text 'maybe'",
        # An entry whose id is itself wrong can only be named by its position.
        "sources[5].id: expected an id of letters, digits, - and _, got text 'bad id'",
        "sources[5].url: expected an http:// or https:// address, got text 'ftp://x'",
    ]


def test_cli_exits_2_naming_file_and_key(tmp_path: Path) -> None:
    data = _shipped()
    data["scheduler"]["max_concurent_fetches"] = 4
    path = _write(tmp_path, data)
    result = run_cli("sources", "list", env=environment(path, f"sqlite:///{tmp_path}/db.sqlite"), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0]
    assert "scheduler.max_concurent_fetches: unknown key" in lines[0]
    assert not (tmp_path / "db.sqlite").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(None, "file not found", id="missing-file"),
        pytest.param("server: [1, 2\n", "invalid YAML", id="broken-yaml"),
        pytest.param("- just\n- a list\n", "expected a mapping of sections at the top level", id="top-level-list"),
    ],
)
def test_unreadable_files_are_named(tmp_path: Path, content: str | None, expected: str) -> None:
    path = tmp_path / "config.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run_cli("sources", "list", env=environment(path, f"sqlite:///{tmp_path}/db.sqlite"), cwd=tmp_path)
    assert result.returncode == 2
    assert str(path) in result.stderr
    assert expected in result.stderr


def test_an_empty_file_means_all_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("# nothing here yet\n", encoding="utf-8")
    config = load_config(path, environ={})
    assert config.server.port == 8080
    assert config.sources == []
