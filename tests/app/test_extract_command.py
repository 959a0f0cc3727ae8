"""`eventradar extract` as a user runs it: the installed console script, from any folder, with or without config."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from app.commands import extract as command
from tests.app.running import REPO, run_cli

_ARTICLE = "据悉,将于6月27日至30日在广州琶洲会展中心举办融通创新展,设立生物医药、半导体等展区。"
_TRADITIONAL = "第十屆中國國際進口博覽會將於11月5日至10日在上海舉辦"


def _no_config_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in ("EVENTRADAR_CONFIG", "TELEGRAM_BOT_TOKEN")}


def test_runs_in_a_folder_without_config_with_the_shipped_taxonomy(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(_ARTICLE, encoding="utf-8")
    result = run_cli("extract", "--format", "json", "a.txt", env=_no_config_env(), cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    (event,) = json.loads(result.stdout)["events"]
    assert event["industries"] == ["biomedicine", "semiconductors"]


def test_an_english_release_prints_its_events(tmp_path: Path) -> None:
    """An English press release is read like a Chinese article: its fair, dates, venue and region, printed."""
    release = REPO / "tests" / "extract" / "english" / "hydrogen_expo.txt"
    result = run_cli("extract", "--published", "2025-03-12", str(release), env=_no_config_env(), cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == f"== {release}: 1 event"
    assert lines[1] == "- 9th China (Shanghai) International Hydrogen Expo"
    assert "  when: 2025-09-03 to 2025-09-05 [day], upcoming" in lines
    assert "  where: 上海 上海 浦东新区 上海新国际博览中心" in lines
    assert "  industries: new-energy" in lines

    lines_in = [
        {"id": "en", "text": release.read_text(encoding="utf-8"), "published": "2025-03-12"},
        {"id": "zh", "text": _ARTICLE, "published": "2023-02-18"},
    ]
    stdin = "\n".join(json.dumps(item, ensure_ascii=False) for item in lines_in) + "\n"
    result = run_cli("extract", "--jsonl", env=_no_config_env(), cwd=tmp_path, stdin=stdin)
    english, chinese = (json.loads(line) for line in result.stdout.splitlines())
    assert [(e["name"], e["start"], e["end"], e["city"]) for e in english["events"]] == [
        ("9th China (Shanghai) International Hydrogen Expo", "2025-09-03", "2025-09-05", "上海")
    ]
    assert [e["name"] for e in chinese["events"]] == ["融通创新展"]


def test_the_shipped_taxonomy_is_the_repositorys_config() -> None:
    assert command.SHIPPED_CONFIG.read_text(encoding="utf-8") == (REPO / "config.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("how", ["cwd", "env", "option"])
def test_a_config_file_s_taxonomy_replaces_the_shipped_one(tmp_path: Path, how: str) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    config = folder / "config.yaml"
    taxonomy = [{"id": "innovation", "zh": "创新", "en": "Innovation", "keywords": ["融通"]}]
    config.write_text(yaml.safe_dump({"industries": taxonomy}, allow_unicode=True), encoding="utf-8")
    (tmp_path / "a.txt").write_text(_ARTICLE, encoding="utf-8")
    env, cwd, args = _no_config_env(), folder, ["extract", "--format", "json", str(tmp_path / "a.txt")]
    if how == "env":
        env["EVENTRADAR_CONFIG"], cwd = str(config), tmp_path
    elif how == "option":
        args, cwd = ["--config", str(config), *args], tmp_path
    result = run_cli(*args, env=env, cwd=cwd)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["events"][0]["industries"] == ["innovation"]


def test_a_named_config_that_is_missing_is_a_config_error(tmp_path: Path) -> None:
    env = {**_no_config_env(), "EVENTRADAR_CONFIG": str(tmp_path / "nowhere.yaml")}
    result = run_cli("extract", "--jsonl", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"eventradar: config error: {tmp_path / 'nowhere.yaml'}: file not found\n"


def test_a_bad_taxonomy_is_a_config_error_naming_the_key(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("industries:\n  - id: ai\n    en: AI\n", encoding="utf-8")
    result = run_cli("extract", "--jsonl", env=_no_config_env(), cwd=tmp_path)
    assert result.returncode == 2
    assert "config.yaml: industries[0].zh: expected a non-empty string" in result.stderr


def test_legacy_encodings_and_garbage(tmp_path: Path) -> None:
    (tmp_path / "big5.txt").write_bytes(_TRADITIONAL.encode("big5"))
    (tmp_path / "gb.txt").write_bytes(_ARTICLE.encode("gb18030"))
    (tmp_path / "junk.bin").write_bytes(bytes(range(256)) * 16)
    result = run_cli(
        "extract", "--published", "2023-02-18T10:00:00+08:00", "big5.txt", "junk.bin", "gb.txt",
        env=_no_config_env(), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert "- 第十届中国国际进口博览会\n  when: 2023-11-05 to 2023-11-10 [day]" in result.stdout
    assert "- 融通创新展\n  when: 2023-06-27 to 2023-06-30 [day]" in result.stdout
    assert "junk.bin" not in result.stdout
    assert "eventradar extract: cannot decode junk.bin: not text in UTF-8" in result.stderr


def test_jsonl_answers_every_line_through_the_real_stdin(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": 1, "text": _ARTICLE, "published": "2023-02-18T07:24:50Z"}, ensure_ascii=False).encode(),
        json.dumps({"id": 2, "text": _TRADITIONAL, "published": "2023-02-18"}, ensure_ascii=False).encode("big5"),
        json.dumps({"id": 3, "text": _ARTICLE, "published": "9999-12-31T23:00:00-05:00"}).encode(),
        json.dumps({"id": 4, "text": _ARTICLE, "published": "2023-02-18 15:00:00"}, ensure_ascii=False).encode(),
    ]
    result = subprocess.run(
        [str(Path(sys.executable).parent / "eventradar"), "extract", "--jsonl"],
        input=b"\n".join(lines) + b"\n",
        env=_no_config_env(),
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 2
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r.get("id") for r in records] == [1, None, 3, 4]
    assert records[1]["error"] == "line 2: not UTF-8 text"
    assert records[2]["error"].startswith('line 3: "published"')
    assert records[0]["events"] == records[3]["events"]
    assert records[0]["events"][0]["start"] == "2023-06-27"


_LAZY_PROBE = """
import sys
from app.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:  # --help
    code = exc.code
heavy = ("sqlalchemy", "telegram", "httpx", "uvicorn", "starlette", "pydantic", "alembic", "apscheduler", "dateparser")
print(sorted({name.split(".")[0] for name in sys.modules} & set(heavy)), file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["extract", "--jsonl"], id="jsonl"),
        pytest.param(["extract", "--help"], id="help"),
        pytest.param(["--help"], id="top-level-help"),
    ],
)
def test_extract_and_help_do_not_load_the_service(tmp_path: Path, args: list[str]) -> None:
    """What keeps `eventradar extract` ready in a fraction of a second: none of the service's libraries load."""
    result = subprocess.run(
        [sys.executable, "-c", _LAZY_PROBE, *args],
        env=_no_config_env(),
        cwd=tmp_path,
        input="",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "[]"
