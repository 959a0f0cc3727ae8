"""`eventradar extract`: argument parsing and `run`, driven with StringIO."""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import extract
from app.commands import extract as command
from extract import ExtractedEvent, Taxonomy

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


# --- publication dates: a date or an ISO date and time, read as a Beijing date -------------------------------

# 明年 ("next year") makes the year depend on the publication date, so the Beijing date is visible in the output.
_NEXT_YEAR = "明年3月10日至12日,中国国际医疗器械博览会将在上海举办。"


@pytest.mark.parametrize(
    ("published", "expected_start"),
    [
        pytest.param("2023-12-31", "2024-03-10", id="date"),
        pytest.param("2023-12-31T20:00:00+08:00", "2024-03-10", id="beijing-offset"),
        pytest.param("2023-12-31T20:00:00Z", "2025-03-10", id="utc-evening-is-next-day-in-beijing"),
        pytest.param("2024-01-01T07:59:59+09:00", "2025-03-10", id="tokyo"),
        pytest.param("2023-12-31T23:30:00-05:00", "2025-03-10", id="new-york"),
        pytest.param("2023-12-31T23:59:59", "2024-03-10", id="naive-is-beijing-time"),
        pytest.param("2023-12-31 23:59:59.250", "2024-03-10", id="space-and-fraction"),
    ],
)
def test_jsonl_published_may_be_a_datetime_read_as_its_beijing_date(
    published: str, expected_start: str, taxonomy: Taxonomy
) -> None:
    stdin = json.dumps({"id": 1, "text": _NEXT_YEAR, "published": published}, ensure_ascii=False) + "\n"
    code, out, err = _run(["extract", "--jsonl"], taxonomy, stdin)
    assert (code, err) == (0, "")
    (event,) = json.loads(out)["events"]
    assert (event["start"], event["city"]) == (expected_start, "上海")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2021-02-19", date(2021, 2, 19), id="date"),
        pytest.param("2021-02-19T15:24:50+08:00", date(2021, 2, 19), id="beijing"),
        pytest.param("2021-02-19T07:24:50Z", date(2021, 2, 19), id="utc"),
        pytest.param("2021-02-19T23:30:00-05:00", date(2021, 2, 20), id="behind-utc"),
        pytest.param("2021-02-19T23:30:00", date(2021, 2, 19), id="naive"),
    ],
)
def test_published_option_takes_the_same_forms(value: str, expected: date, tmp_path: Path) -> None:
    assert _parse(["extract", "--published", value, "a.txt"]).published == expected


def test_published_option_outside_the_calendar_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        _parse(["extract", "--published", "9999-12-31T20:00:00Z", "a.txt"])
    assert exc.value.code == 2
    assert "outside the dates a calendar can hold" in capsys.readouterr().err


def test_jsonl_far_edge_dates_never_stop_the_stream(taxonomy: Taxonomy) -> None:
    """Dates at the ends of the calendar: each line is answered (events or an error naming it), in order."""
    items = [
        {"id": "max", "text": _NEXT_YEAR, "published": "9999-12-31"},
        {"id": "min", "text": "上周在北京召开了人工智能大会。", "published": "0001-01-01"},
        {"id": "min-range", "text": _ARTICLE, "published": "0001-01-01T00:00:00+08:00"},
        {"id": "past-max", "text": _ARTICLE, "published": "9999-12-31T20:00:00Z"},
        {"id": "max-range", "text": "12月30日至1月3日在上海举办博览会。", "published": "9999-12-31"},
        {"id": "ok", "text": _ARTICLE, "published": "2023-02-18"},
    ]
    stdin = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    code, out, err = _run(["extract", "--jsonl"], taxonomy, stdin)
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == [item["id"] for item in items]
    for number, record in enumerate(records, start=1):
        assert ("events" in record) != ("error" in record), record
        if "error" in record:
            assert record["error"].startswith(f"line {number}: ")
            assert record["error"] in err
    assert records[3]["error"].startswith('line 4: "published"')
    assert "outside the dates a calendar can hold" in records[3]["error"]
    assert records[-1]["events"][0]["start"] == "2023-06-27"
    assert code == 2


def test_jsonl_an_engine_failure_on_one_line_is_that_lines_error(
    monkeypatch: pytest.MonkeyPatch, taxonomy: Taxonomy
) -> None:
    real = extract.extract_events

    def fragile(text: str, **kwargs: Any) -> list[ExtractedEvent]:
        if "boom" in text:
            raise OverflowError("date value out of range")
        return real(text, **kwargs)

    monkeypatch.setattr(extract, "extract_events", fragile)
    stdin = "".join(
        json.dumps({"id": number, "text": text}, ensure_ascii=False) + "\n"
        for number, text in enumerate([_ARTICLE, "boom", _ARTICLE], start=1)
    )
    code, out, err = _run(["extract", "--jsonl"], taxonomy, stdin)
    first, second, third = (json.loads(line) for line in out.splitlines())
    assert second == {"id": 2, "error": "line 2: extraction failed: date value out of range (OverflowError)"}
    assert first["events"] == third["events"] != []
    assert "line 2: extraction failed" in err
    assert code == 2


def test_files_an_engine_failure_names_the_file_and_the_others_still_print(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, taxonomy: Taxonomy
) -> None:
    def broken(text: str, **kwargs: Any) -> list[ExtractedEvent]:
        raise ValueError("year 10000 is out of range")

    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text("boom", encoding="utf-8")
    good.write_text(_ARTICLE, encoding="utf-8")
    real = extract.extract_events
    monkeypatch.setattr(
        extract, "extract_events", lambda text, **kw: broken(text) if text == "boom" else real(text, **kw)
    )
    code, out, err = _run(["extract", "--published", "2023-02-18", str(bad), str(good)], taxonomy)
    assert code == 1
    assert f"{bad}: extraction failed: year 10000 is out of range (ValueError)" in err
    assert str(bad) not in out
    assert f"== {good}: 1 event" in out


def test_jsonl_a_line_that_is_not_utf8_gets_an_error_line(taxonomy: Taxonomy) -> None:
    good = json.dumps({"id": 1, "text": _ARTICLE}, ensure_ascii=False).encode()
    gbk = json.dumps({"id": 2, "text": "今天天气很好"}, ensure_ascii=False).encode("gbk")
    stdin = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + good + b"\n" + gbk + b"\n" + good + b"\n"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = command.run(_parse(["extract", "--jsonl"]), taxonomy, stdin, out, stderr=err)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records[1] == {"id": None, "error": "line 2: not UTF-8 text"}
    assert records[0]["events"] == records[2]["events"] != []
    assert code == 2


# --- files in other encodings --------------------------------------------------------------------------------

_TRADITIONAL = "第十屆中國國際進口博覽會將於11月5日至10日在上海舉辦"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        pytest.param("big5", _TRADITIONAL, id="big5"),
        pytest.param("gb18030", _TRADITIONAL, id="gb18030-traditional"),
        pytest.param("gbk", _ARTICLE, id="gbk"),
        pytest.param("utf-16", _ARTICLE, id="utf-16-with-bom"),
    ],
)
def test_files_in_chinese_legacy_encodings_are_read(
    encoding: str, text: str, tmp_path: Path, taxonomy: Taxonomy
) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    code, out, err = _run(["extract", "--format", "json", "--published", "2023-02-18", str(path)], taxonomy)
    assert (code, err) == (0, "")
    (event,) = json.loads(out)["events"]
    expected = _parse_expected(text)
    assert (event["name"], event["start"], event["end"], event["city"]) == expected


def _parse_expected(text: str) -> tuple[str, str, str, str]:
    if text == _TRADITIONAL:
        return ("第十届中国国际进口博览会", "2023-11-05", "2023-11-10", "上海")
    return ("融通创新展", "2023-06-27", "2023-06-30", "广州")


def test_stdin_in_gb18030_is_read_as_a_file(taxonomy: Taxonomy) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(_TRADITIONAL.encode("gb18030")), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = command.run(_parse(["extract", "--published", "2023-02-18", "-"]), taxonomy, stdin, out, stderr=err)
    assert (code, err.getvalue()) == (0, "")
    assert "when: 2023-11-05 to 2023-11-10 [day]" in out.getvalue()


@pytest.mark.parametrize(
    "garbage",
    [
        pytest.param(random.Random(7).randbytes(3000), id="random-bytes"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, id="png"),
        pytest.param(b"\x00" * 64, id="zeros"),
    ],
)
def test_undecodable_file_is_an_error_not_zero_events(garbage: bytes, tmp_path: Path, taxonomy: Taxonomy) -> None:
    junk, article = tmp_path / "junk.bin", tmp_path / "a.txt"
    junk.write_bytes(garbage)
    article.write_text(_ARTICLE, encoding="utf-8")
    code, out, err = _run(["extract", str(junk), str(article)], taxonomy)
    assert code == 1
    assert f"eventradar extract: cannot decode {junk}: not text in UTF-8, GB18030/GBK, Big5" in err
    assert str(junk) not in out
    assert "0 events" not in out
    assert f"== {article}: 1 event" in out


def test_a_few_undecodable_bytes_are_replaced_and_reported(tmp_path: Path, taxonomy: Taxonomy) -> None:
    path = tmp_path / "damaged.txt"
    path.write_bytes(("据悉。" * 200 + _ARTICLE).encode("utf-8") + b"\xff")
    code, out, err = _run(["extract", "--published", "2023-02-18", str(path)], taxonomy)
    assert code == 0
    assert f"{path}: 1 undecodable characters replaced" in err
    assert "- 融通创新展" in out


# --- dates whose year is unknown -----------------------------------------------------------------------------


def test_text_shows_both_ends_of_a_range_whose_year_is_unknown(taxonomy: Taxonomy) -> None:
    (event,) = extract.extract_events(_ARTICLE, published=None, taxonomy=taxonomy)
    assert (event.start, event.partial_date) == (None, "06-27")
    fields = {f.name: getattr(event, f.name) for f in dataclasses.fields(event)}
    with_end = _EventWithEnd(**{**fields, "partial_end": "06-30"})
    text = command._as_text("a.txt", [with_end])
    assert "  when: 06-27 to 06-30 (year unknown) [day]" in text
    same_day = _EventWithEnd(**{**fields, "partial_end": "06-27"})
    assert "  when: 06-27 (year unknown) [day]" in command._as_text("a.txt", [same_day])


def test_file_without_a_publication_date_keeps_the_range(tmp_path: Path, taxonomy: Taxonomy) -> None:
    article = tmp_path / "a.txt"
    article.write_text(_ARTICLE, encoding="utf-8")
    code, out, _ = _run(["extract", str(article)], taxonomy)
    assert code == 0
    (event,) = extract.extract_events(_ARTICLE, published=None, taxonomy=taxonomy)
    if getattr(event, "partial_end", None):  # the engine reports the end of a range without a year
        assert "when: 06-27 to 06-30 (year unknown)" in out
    else:
        assert "when: 06-27 (year unknown)" in out


@dataclasses.dataclass(frozen=True, slots=True)
class _EventWithEnd(ExtractedEvent):
    """An event as an engine that knows the last day of a range without a year reports it."""

    partial_end: str | None = None
