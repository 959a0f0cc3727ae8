"""`eventradar extract`: argument parsing and `run`, driven with StringIO."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from app.commands import extract as command
from extract import Taxonomy

_ARTICLE = "据悉,将于6月27日至30日在广州琶洲会展中心举办融通创新展,设立生物医药、半导体等展区。"


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="eventradar")
    subparsers = parser.add_subparsers(dest="command")
    command.add_parser(subparsers)
    return parser.parse_args(argv)


def _run(argv: list[str], taxonomy: Taxonomy, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = command.run(_parse(argv), taxonomy, io.StringIO(stdin), out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_parser_sets_the_handler() -> None:
    args = _parse(["extract", "--jsonl"])
    assert args.handler is command.run
    assert args.jsonl is True


def test_bad_published_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        _parse(["extract", "--published", "2023-13-01", "a.txt"])
    assert exc.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_jsonl_writes_one_line_per_input_in_order(taxonomy: Taxonomy) -> None:
    lines = [
        {"id": "a", "text": _ARTICLE, "published": "2023-02-18"},
        {"id": 2, "text": "今天天气很好。", "published": None},
        {"id": "c", "text": "近日,生物医药产业推进会在济南召开。"},
    ]
    stdin = "\n".join(json.dumps(item, ensure_ascii=False) for item in lines) + "\n"
    code, out, err = _run(["extract", "--jsonl"], taxonomy, stdin)
    assert (code, err) == (0, "")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["a", 2, "c"]
    first = records[0]["events"][0]
    assert first["name"] == "融通创新展"
    assert (first["start"], first["end"], first["status"]) == ("2023-06-27", "2023-06-30", "upcoming")
    assert first["industries"] == ["biomedicine", "semiconductors"]
    assert set(first) >= {"partial_date", "date_precision", "venue", "city", "province", "district", "confidence"}
    assert records[1]["events"] == []
    assert records[2]["events"][0]["city"] == "济南"


def test_jsonl_published_default_applies_only_when_key_is_absent(taxonomy: Taxonomy) -> None:
    stdin = json.dumps({"id": 1, "text": "12月20日,全省新材料产业推进会在郑州召开。"}) + "\n"
    stdin += json.dumps({"id": 2, "text": "12月20日,全省新材料产业推进会在郑州召开。", "published": None}) + "\n"
    code, out, _ = _run(["extract", "--jsonl", "--published", "2023-12-21"], taxonomy, stdin)
    assert code == 0
    first, second = (json.loads(line)["events"][0] for line in out.splitlines())
    assert (first["start"], first["partial_date"]) == ("2023-12-20", None)
    assert (second["start"], second["partial_date"]) == (None, "12-20")


@pytest.mark.parametrize(
    ("bad_line", "expected_id", "message"),
    [
        pytest.param("{not json", None, "line 2: not JSON", id="not-json"),
        pytest.param("[1, 2]", None, "line 2: expected a JSON object", id="not-an-object"),
        pytest.param('{"id": "x", "text": 5}', "x", 'line 2: "text" must be a string', id="text-not-a-string"),
        pytest.param(
            '{"id": "y", "text": "t", "published": "18/02/2023"}', "y", 'line 2: "published"', id="bad-published"
        ),
    ],
)
def test_jsonl_bad_line_gets_an_error_line_and_exit_2(
    bad_line: str, expected_id: object, message: str, taxonomy: Taxonomy
) -> None:
    stdin = json.dumps({"id": 1, "text": _ARTICLE}) + "\n" + bad_line + "\n\n" + json.dumps({"id": 3, "text": "无"})
    code, out, err = _run(["extract", "--jsonl"], taxonomy, stdin)
    assert code == 2
    records = [json.loads(line) for line in out.splitlines()]
    assert [r.get("id") for r in records] == [1, expected_id, 3]
    assert records[1]["error"].startswith(message)
    assert "events" not in records[1]
    assert message in err


def test_files_as_json_lines(tmp_path: Path, taxonomy: Taxonomy) -> None:
    article = tmp_path / "a.txt"
    article.write_text(_ARTICLE, encoding="utf-8")
    code, out, _ = _run(["extract", "--format", "json", "--published", "2023-02-18", str(article)], taxonomy)
    assert code == 0
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["file"] == str(article)
    assert [e["venue"] for e in record["events"]] == ["广州琶洲会展中心"]


def test_files_as_text_and_unreadable_file(tmp_path: Path, taxonomy: Taxonomy) -> None:
    article = tmp_path / "a.txt"
    article.write_text(_ARTICLE, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    code, out, err = _run(["extract", "--published", "2023-02-18", str(missing), str(article)], taxonomy)
    assert code == 1
    assert str(missing) in err
    assert f"== {article}: 1 event" in out
    assert "- 融通创新展" in out
    assert "when: 2023-06-27 to 2023-06-30 [day], upcoming" in out
    assert "where: 广东 广州 海珠 广州琶洲会展中心" in out


def test_stdin_as_a_file(taxonomy: Taxonomy) -> None:
    code, out, _ = _run(["extract", "--format", "json", "-"], taxonomy, stdin=_ARTICLE)
    assert code == 0
    assert json.loads(out)["events"][0]["name"] == "融通创新展"


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["extract"], id="no-file-no-jsonl"),
        pytest.param(["extract", "--jsonl", "a.txt"], id="jsonl-with-files"),
    ],
)
def test_usage_errors(argv: list[str], taxonomy: Taxonomy) -> None:
    code, out, err = _run(argv, taxonomy)
    assert (code, out) == (2, "")
    assert err.startswith("eventradar extract:")
