"""Extraction accuracy (`bench/extract_accuracy.py`): running the reference scorer (`../shared/corpus/score.py`) with
the extractor's output copied on its way (this script's ``--tee``), and sorting the scorer's verbose lines into
EXTRA, MISS and DATE classes."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# The script whose ``--tee`` mode runs the extractor for the scorer and keeps a copy of its output.
TEE_SCRIPT = Path(__file__).resolve().with_name("extract_accuracy.py")

_EXTRA_RE = re.compile(r"^\s*EXTRA (\S+) (.*) (\S+)$")
_MISS_RE = re.compile(r"^\s*MISS (\S+) (.*) (\S+)$")
_DATE_RE = re.compile(r"^\s*DATE (\S+) (.*) gold (\S+)\.\.(\S+) got (\S+)\.\.(\S+)$")

Dice = Callable[[str, str], float]


# --- the extractor's output, copied on its way to the scorer ---------------------------------------------------


def tee(path: Path, command: Sequence[str]) -> int:
    """Run `command` on our stdin; write its stdout to ours and to `path`. Returns its exit code."""
    done = subprocess.run(list(command), stdout=subprocess.PIPE, check=False)
    path.write_bytes(done.stdout)
    sys.stdout.buffer.write(done.stdout)
    sys.stdout.flush()
    return done.returncode


# --- running the reference scorer -------------------------------------------------------------------------------


@dataclass
class Scored:
    label: str
    summary: dict[str, Any]
    lines: list[str]  # the scorer's verbose lines
    predictions: dict[str, list[dict[str, Any]]]  # article id -> events, as the extractor wrote them
    rows: dict[str, dict[str, Any]]  # article id -> gold row


def load_scorer(path: Path) -> Dice:
    """The scorer's own name similarity (score.dice), to tell fragments from non-events."""
    spec = importlib.util.spec_from_file_location("reference_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    dice = module.dice

    def similarity(a: str, b: str) -> float:
        return float(dice(a, b))

    return similarity


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(label: str, corpus: Path, scorer: Path, command: Sequence[str]) -> Scored:
    with tempfile.TemporaryDirectory(prefix="extract-accuracy-") as folder:
        pred = Path(folder) / "pred.jsonl"
        argv = [sys.executable, str(scorer), str(corpus), "--"]
        argv += [sys.executable, str(TEE_SCRIPT), "--tee", str(pred), "--", *command]
        env = {**os.environ, "SCORE_VERBOSE": "1"}
        done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=REPO, check=False)
        if done.returncode != 0:
            sys.stderr.write(done.stderr[-3000:])
            raise SystemExit(f"the scorer failed on {corpus} (exit {done.returncode})")
        out = done.stdout.splitlines()
        summary = json.loads(out[-1])
        predictions: dict[str, list[dict[str, Any]]] = {}
        for record in read_jsonl(pred):
            if "id" in record:
                predictions[str(record["id"])] = list(record.get("events") or [])
    rows = {str(row["id"]): row for row in read_jsonl(corpus / "index.jsonl")}
    return Scored(label, summary, [line for line in out[:-1] if line.strip()], predictions, rows)


# --- sorting the scorer's lines ----------------------------------------------------------------------------------


@dataclass
class Breakdown:
    extras: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)
    dates: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)  # predicted kind -> events
    extra_kinds: Counter[str] = field(default_factory=Counter)  # predicted kind -> extras
    has_kind: bool = False
    tagged: list[str] = field(default_factory=list)  # the scorer's lines, each with its class


def _none(value: str) -> str | None:
    return None if value == "None" else value


def _full_prediction(scored: Scored, article: str, shown: str, start: str, used: set[int]) -> dict[str, Any] | None:
    """The predicted event behind an EXTRA line (the line cuts the name at 40 characters)."""
    for index, event in enumerate(scored.predictions.get(article, [])):
        if index not in used and str(event.get("name"))[:40] == shown and str(event.get("start")) == start:
            used.add(index)
            return event
    return None


def _gold_name(row: dict[str, Any], shown: str) -> str:
    for event in row.get("events", []):
        if str(event.get("name"))[:40] == shown:
            return str(event["name"])
    return shown


def _date_class(gold_start: str | None, gold_end: str | None, got_start: str | None, got_end: str | None) -> str:
    if got_start is None:
        return "no date"
    if got_start != gold_start:
        return "start wrong"
    gold_range = gold_end is not None and gold_end != gold_start
    if gold_range and (got_end is None or got_end == got_start):
        return "range cut"
    return "end other"


def breakdown(scored: Scored, dice: Dice, overlap: float) -> Breakdown:
    result = Breakdown()
    for predicted in scored.predictions.values():
        for one in predicted:
            if "kind" in one:
                result.has_kind = True
            result.kinds[str(one.get("kind"))] += 1

    missed: dict[str, list[str]] = {}
    extras: list[tuple[str, str, dict[str, Any] | None, str]] = []
    used: dict[str, set[int]] = {}
    for line in scored.lines:
        if m := _MISS_RE.match(line):
            article, shown, _ = m.groups()
            missed.setdefault(article, []).append(_gold_name(scored.rows.get(article, {}), shown))
        elif m := _EXTRA_RE.match(line):
            article, shown, start = m.groups()
            event = _full_prediction(scored, article, shown, start, used.setdefault(article, set()))
            extras.append((article, shown, event, line))

    overlapped_misses: set[tuple[str, str]] = set()
    classes: dict[str, str] = {}
    for article, shown, event, line in extras:
        name = str(event.get("name")) if event else shown
        row = scored.rows.get(article, {})
        gone = missed.get(article, [])
        candidates = [
            (str(g.get("name")), "missed" if g.get("name") in gone else "found") for g in row.get("events", [])
        ]
        candidates += [(str(o.get("name")), "optional") for o in row.get("optional", [])]
        best, best_name, best_kind = 0.0, "", ""
        for gold_name, kind in candidates:
            similarity = dice(name, gold_name)
            if similarity > best:
                best, best_name, best_kind = similarity, gold_name, kind
        if best >= overlap:
            label = f"of {best_kind}"
            if best_kind == "missed":
                overlapped_misses.add((article, best_name))
            detail = f"{label}: {best_name[:30]} ({best:.2f})"
        else:
            label, detail = "non-event", "non-event"
        result.extras[label] += 1
        if event is not None and "kind" in event:
            result.extra_kinds[str(event.get("kind"))] += 1
            detail += f"; kind {event.get('kind')}"
        evidence = event.get("evidence") if event is not None else None
        if isinstance(evidence, dict) and evidence.get("reasons"):
            detail += f"; reasons: {' / '.join(str(r) for r in evidence['reasons'])}"
        classes[line] = detail

    for line in scored.lines:
        if m := _MISS_RE.match(line):
            article, shown, _ = m.groups()
            name = _gold_name(scored.rows.get(article, {}), shown)
            label = "overlapped by an extra" if (article, name) in overlapped_misses else "not found"
            result.misses[label] += 1
            result.tagged.append(f"{line.strip()}  [{label}]")
        elif m := _DATE_RE.match(line):
            _, _, gold_start, gold_end, got_start, got_end = m.groups()
            label = _date_class(_none(gold_start), _none(gold_end), _none(got_start), _none(got_end))
            result.dates[label] += 1
            result.tagged.append(f"{line.strip()}  [{label}]")
        elif line in classes:
            result.tagged.append(f"{line.strip()}  [{classes[line]}]")
        else:
            result.tagged.append(line.strip())
    return result
