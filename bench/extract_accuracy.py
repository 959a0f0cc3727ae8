"""Extraction accuracy: the reference scorer on the annotated corpora and the seed pages, with its errors sorted.

    .venv/bin/python bench/extract_accuracy.py [--corpus DIR]... [--command CMD] [--verbose] [--markdown]

The scoring is the reference scorer's own (`../shared/corpus/score.py`, run as a subprocess with SCORE_VERBOSE=1):
this script never matches events itself. It runs ``score.py CORPUS -- <this script> --tee PRED -- COMMAND``, so
the scorer feeds the extractor and times it exactly as when run by hand, while a copy of the extractor's output is
kept to look at the predicted events in full (names in the scorer's lines are cut at 40 characters; the `kind`
field, when the engine gives one).

Per corpus it prints the scorer's summary and sorts the scorer's verbose lines:

* EXTRA (a predicted event the scorer matched to nothing): *fragment/boundary* when its name overlaps the name
  of a gold or optional event of the same article (the scorer's bigram dice >= --overlap, 0.25 by default; below
  the scorer's own 0.35, since an extra overlapping an unmatched gold event that much would have been matched),
  split by what it overlaps: an event that was found (a duplicate or a piece of it), one that was missed (the name
  was cut wrong), an optional one; otherwise a *non-event*. An approximation: a name overlap does not prove it.
* MISS (a gold event nothing matched), and how many of them an extra overlaps (found, but named too differently).
* DATE (a matched event with a wrong date): the start is wrong; only the end is wrong because the range was cut
  to its first day or the end is missing; only the end is wrong otherwise; no date at all.

Seeds (`../shared/seeds`: five pages and `expected.jsonl`) are checked two ways, each with the publication date
unknown (as `expected.jsonl` gives it) and with the page's date given: exactly, as tests/extract/test_seeds.py
does (every expected event by its exact name with the expected fields, optional events allowed, nothing else,
nothing twice), and with the reference scorer on a corpus built from them in a temporary folder.

The default command is the project's ``.venv/bin/eventradar extract --jsonl``, run in the repository folder (it
reads ./config.yaml). Corpora and seeds are third-party text: they are read from ../shared, never copied here.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tables import table  # bench/tables.py, beside this script

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SCORER_OVERLAP = 0.35  # the scorer's own match threshold (score.match)

# The seed fields compared exactly, as tests/extract/test_seeds.py compares them.
SEED_FIELDS = ("name", "start", "end", "date_precision", "venue", "city", "province", "industries", "status")

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
        argv += [sys.executable, str(Path(__file__).resolve()), "--tee", str(pred), "--", *command]
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


# --- seeds -------------------------------------------------------------------------------------------------------


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


# --- output ------------------------------------------------------------------------------------------------------


def summary_row(scored: Scored) -> list[object]:
    s = scored.summary
    return [
        scored.label,
        s["articles"],
        s["gold_events"],
        s["pred_events"],
        f"{s['precision']:.3f}",
        f"{s['recall']:.3f}",
        f"{s['f1']:.3f}",
        f"{s['date_acc']:.3f} (n={s['date_n']})",
        f"{s['city_acc']:.3f}",
        f"{s['province_acc']:.3f}",
        f"{s['industry_hit']:.3f}",
        f"{s['status_acc']:.3f}",
        s.get("seconds"),
    ]


SUMMARY_HEADERS = (
    "corpus",
    "articles",
    "gold",
    "predicted",
    "precision",
    "recall",
    "F1",
    "dates",
    "city",
    "province",
    "industry",
    "status",
    "seconds",
)
ERROR_HEADERS = (
    "corpus",
    "extras",
    "fragments of a found event",
    "of a missed one",
    "of an optional one",
    "non-events",
    "misses",
    "misses overlapped",
    "wrong dates",
    "start wrong",
    "range cut / no end",
    "end wrong otherwise",
    "no date",
)
ERROR_LEGEND = (
    "extras = fragments (a name overlapping a gold or optional name of the article, dice >= {overlap}: of an event "
    "found, of one missed, of an optional one) + non-events;\n"
    "misses overlapped = missed gold events that an extra's name overlaps; wrong dates = start wrong + only the end "
    "wrong as the range was cut to its first day or has no end + only the end wrong otherwise + no date."
)


def error_row(label: str, b: Breakdown) -> list[object]:
    return [
        label,
        sum(b.extras.values()),
        b.extras["of found"],
        b.extras["of missed"],
        b.extras["of optional"],
        b.extras["non-event"],
        sum(b.misses.values()),
        b.misses["overlapped by an extra"],
        sum(b.dates.values()),
        b.dates["start wrong"],
        b.dates["range cut"],
        b.dates["end other"],
        b.dates["no date"],
    ]


def corpus_label(corpus: Path, shared: Path) -> str:
    corpus, shared = corpus.resolve(), shared.resolve()
    if corpus.is_relative_to(shared):
        return str(Path(shared.name) / corpus.relative_to(shared))
    return str(corpus)


def default_command() -> list[str]:
    script = REPO / ".venv" / "bin" / "eventradar"
    if script.exists():
        return [str(script), "extract", "--jsonl"]
    found = shutil.which("eventradar")
    if found:
        return [found, "extract", "--jsonl"]
    return [sys.executable, "-c", "from app.cli import entry_point; entry_point()", "extract", "--jsonl"]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["--tee"] and len(args_list) >= 4 and args_list[2] == "--":
        return tee(Path(args_list[1]), args_list[3:])

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (default: ../shared)")
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="a corpus folder (index.jsonl + raw/); repeatable (default: SHARED/corpus and SHARED/corpus/rich)",
    )
    parser.add_argument("--seeds", type=Path, help="the seed folder (default: SHARED/seeds)")
    parser.add_argument("--no-seeds", action="store_true", help="skip the seeds")
    parser.add_argument("--scorer", type=Path, help="the reference scorer (default: SHARED/corpus/score.py)")
    parser.add_argument(
        "--command",
        help="the extractor, reading JSON lines on stdin (default: .venv/bin/eventradar extract --jsonl)",
    )
    parser.add_argument(
        "--overlap",
        type=float,
        default=0.25,
        help="name similarity (the scorer's dice) from which an extra counts as a fragment (default: 0.25)",
    )
    parser.add_argument("--verbose", action="store_true", help="list every MISS, EXTRA and DATE line with its class")
    parser.add_argument("--markdown", action="store_true", help="print the tables as markdown")
    args = parser.parse_args(args_list)

    shared: Path = args.shared
    corpora: list[Path] = args.corpus or [shared / "corpus", shared / "corpus" / "rich"]
    seeds: Path = args.seeds or shared / "seeds"
    scorer: Path = args.scorer or shared / "corpus" / "score.py"
    command = shlex.split(args.command) if args.command else default_command()
    if not scorer.is_file():
        raise SystemExit(f"reference scorer not found at {scorer} (--shared or --scorer)")
    if args.overlap >= SCORER_OVERLAP:
        print(f"note: --overlap {args.overlap} >= the scorer's {SCORER_OVERLAP}: no extra can overlap a missed event")
    dice = load_scorer(scorer)

    results: list[tuple[Scored, Breakdown]] = []
    for corpus in corpora:
        label = corpus_label(corpus, shared)
        scored = score(label, corpus.resolve(), scorer.resolve(), command)
        results.append((scored, breakdown(scored, dice, args.overlap)))
    seed_rows: list[list[str]] = []
    if not args.no_seeds and (seeds / "expected.jsonl").is_file():
        seed_rows = check_seeds(seeds, command)
        for tag, published in seed_variants(read_jsonl(seeds / "expected.jsonl")):
            with tempfile.TemporaryDirectory(prefix="extract-seeds-") as folder:
                seed_corpus(seeds, Path(folder) / "seeds", published)
                scored = score(f"seeds, {tag}", Path(folder) / "seeds", scorer.resolve(), command)
                results.append((scored, breakdown(scored, dice, args.overlap)))
    elif not args.no_seeds:
        print(f"seeds not found at {seeds}: skipped")

    print(f"command: {shlex.join(command)}")
    print()
    print("Reference scorer summary (score.py; dates, city ... are accuracies over the matched gold events):")
    print(table(SUMMARY_HEADERS, [summary_row(s) for s, _ in results], args.markdown))
    print()
    print("Errors by kind (the scorer's EXTRA, MISS and DATE lines):")
    print(table(ERROR_HEADERS, [error_row(s.label, b) for s, b in results], args.markdown))
    print(ERROR_LEGEND.format(overlap=args.overlap))
    if seed_rows:
        print()
        exact = sum(cell == "exact" for row in seed_rows for cell in row[1:])
        print(f"Seeds, compared exactly (as tests/extract/test_seeds.py): {exact} of {2 * len(seed_rows)} exact")
        print(table(("seed", "published unknown", "page date given"), seed_rows, args.markdown))
    print()
    if any(b.has_kind for _, b in results):
        kinds = sorted({k for _, b in results for k in b.kinds})
        rows = [[s.label, *(f"{b.kinds[k]} ({b.extra_kinds[k]} extra)" for k in kinds)] for s, b in results]
        print("Predicted kind: events (of them extras; the others matched a gold or an optional event):")
        print(table(("corpus", *kinds), rows, args.markdown))
    else:
        print("Predicted kind: the engine's events carry no `kind` field.")
    if args.verbose:
        for scored, b in results:
            print()
            print(f"{scored.label}: the scorer's lines, classed")
            for line in b.tagged:
                print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
