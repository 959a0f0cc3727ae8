"""Extraction accuracy (`bench/extract_accuracy.py`) on the seed pages (`../shared/seeds`): compared exactly, as
tests/extract/test_seeds.py does, and as a corpus in the reference scorer's format."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from accuracy_scorer import REPO, read_jsonl

# The seed fields compared exactly, as tests/extract/test_seeds.py compares them.
SEED_FIELDS = ("name", "start", "end", "date_precision", "venue", "city", "province", "industries", "status")


def run_command(command: Sequence[str], items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    stdin = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    done = subprocess.run(list(command), input=stdin, capture_output=True, text=True, cwd=REPO, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit(f"the extractor failed (exit {done.returncode})")
    out: dict[str, list[dict[str, Any]]] = {}
    for line in done.stdout.splitlines():
        if line.strip().startswith("{"):
            record = json.loads(line)
            out[str(record.get("id"))] = list(record.get("events") or [])
    return out


def seed_problems(expected: dict[str, Any], found: list[dict[str, Any]]) -> list[str]:
    """What keeps `found` from being exactly the expected events (the rules of tests/extract/test_seeds.py)."""
    problems = []
    by_name = {str(e.get("name")): e for e in found}
    for event in expected["events"]:
        got = by_name.get(event["name"])
        if got is None:
            problems.append(f"missing {event['name']}")
            continue
        for key in SEED_FIELDS:
            if key in event and got.get(key) != event[key]:
                problems.append(f"{event['name'][:20]} {key}: {got.get(key)!r}, expected {event[key]!r}")
        partial, wanted = got.get("partial_date"), event.get("partial_date")
        if partial != wanted:
            problems.append(f"{event['name'][:20]} partial_date: {partial!r}, expected {wanted!r}")
    allowed = {e["name"] for e in expected["events"]} | {e["name"] for e in expected.get("optional", [])}
    problems += [f"extra {name}" for name in sorted(set(by_name) - allowed)]
    if len(found) != len(by_name):
        problems.append("an event reported twice")
    return problems


def seed_variants(seeds: list[dict[str, Any]]) -> list[tuple[str, dict[str, str | None]]]:
    unknown = {str(s["id"]): s.get("published") for s in seeds}
    given = {str(s["id"]): s.get("page_published") or s.get("published") for s in seeds}
    return [("published unknown", unknown), ("page date given", given)]


def check_seeds(folder: Path, command: Sequence[str]) -> list[list[str]]:
    """Rows: seed, then per variant 'exact' or what differs."""
    seeds = read_jsonl(folder / "expected.jsonl")
    variants = seed_variants(seeds)
    items = []
    for tag, published in variants:
        for seed in seeds:
            text = (folder / seed["file"]).read_text(encoding="utf-8")
            items.append({"id": f"{seed['id']}|{tag}", "text": text, "published": published[str(seed["id"])]})
    found = run_command(command, items)
    table = []
    for seed in seeds:
        row = [str(seed["id"])]
        for tag, _ in variants:
            problems = seed_problems(seed, found.get(f"{seed['id']}|{tag}", []))
            row.append("exact" if not problems else "; ".join(problems))
        table.append(row)
    return table


def seed_corpus(folder: Path, target: Path, published: dict[str, str | None]) -> None:
    """The seeds as a corpus in the scorer's format, in a temporary folder (deleted after scoring)."""
    (target / "raw").mkdir(parents=True)
    rows = []
    for seed in read_jsonl(folder / "expected.jsonl"):
        shutil.copyfile(folder / seed["file"], target / "raw" / f"{seed['id']}.txt")
        rows.append(
            {
                "id": seed["id"],
                "pub_date": published[str(seed["id"])],
                "kind": "seed",
                "events": seed["events"],
                "optional": seed.get("optional", []),
            }
        )
    (target / "index.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8"
    )
