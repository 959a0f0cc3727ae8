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
import shlex
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from accuracy_scorer import REPO, Breakdown, Scored, breakdown, load_scorer, read_jsonl, score, tee
from accuracy_seeds import check_seeds, seed_corpus, seed_variants
from tables import table  # bench/tables.py, beside this script

SHARED = REPO.parent / "shared"
SCORER_OVERLAP = 0.35  # the scorer's own match threshold (score.match)


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
