"""Benchmark: extraction from a 100-page testimony PDF (issue 6; target under 10 s), and its quality.

    .venv/bin/python bench/extract.py [--pages 100] [--pg URL]
    .venv/bin/python bench/extract.py --quality [--testimonies 200] [--seed 7]

`--quality` prints F1 per mention type on the hand-annotated seed article and invented testimonies
(tests/extract/data) and on synthetic English and Persian testimonies (the tables in docs/extraction.md),
then the development set of real testimony. `--devset` prints only the latter: published passages about
1988 (tests/extract/data/devset, guide docs/annotation.md), P/R/F1 per type, role accuracy on matched persons,
first-hand accuracy on matched acts and counts, per tuning / held-out part and per language, then the fresh
held-out part in a table of its own; `--json FILE` also writes the figures. `--part tuning` scores only the
tuning passages (use it while changing the rules: the others are then neither run nor printed); `--part
heldout` and `--part fresh` likewise. The fresh part is scored once, by the lead: never tune on it. The
later fresh parts (`fresh2`, `fresh3`, `fresh4`) are run only when `--part` names them, never by default, so
that nobody sees their scores by accident; the lead scores each once.

Builds a PDF of invented English testimonies with fpdf2 (one synthetic testimony after another, so the text
has the genre's density of names, dates, counts and acts), ingests it into a fresh case (timed apart) and
times `extract_artifact`: reading the text from the store, the rules, and writing every candidate claim
with its attestation. Prints a Markdown table row.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import platform
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from testament.extract.devset import GroupScore


def _text(pages: int, workdir: Path) -> list[str]:
    from testament.synthetic import generate, scenario

    spec = dataclasses.replace(
        scenario("realistic", people=3000, lists=1, testimonies=pages * 4), persian_testimony_share=0.0
    )
    result = generate(workdir / "synth", spec, seed=6)
    return [p.read_text("utf-8") for p in result.files if p.suffix == ".txt"]


def _pdf(texts: list[str], pages: int, out: Path) -> int:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    n = 0
    while pdf.page_no() < pages:  # cycle through the testimonies until the PDF has `pages` pages
        safe = texts[n % len(texts)].encode("latin-1", "replace").decode("latin-1")  # core fonts: Latin-1
        pdf.multi_cell(0, 5, safe)
        pdf.ln(4)
        n += 1
    pdf.output(str(out))
    return pdf.page_no()


_TYPES = ("person", "date", "count", "place", "act", "organisation")


def _table(title: str, predicted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> None:
    from testament.extract import role_accuracy, score_mentions

    for match in ("overlap", "exact"):
        scores = score_mentions(predicted, gold, match=match)
        cells = " | ".join(f"{scores[t].f1:.3f}" for t in _TYPES)
        print(f"| {title} | {match} | {cells} | {scores['all'].tp + scores['all'].fn} |")
    right, matched = role_accuracy(predicted, gold)
    print(f"| {title} | person roles right | {right}/{matched} | | | | | | |")


def _quality(testimonies: int, seed: int) -> None:
    import json

    from testament.extract import extract_mentions, load_annotations
    from testament.synthetic import generate, scenario

    data = Path(__file__).resolve().parents[1] / "tests" / "extract" / "data"
    seed_text = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_192917eb93e4272a.txt"
    print("| texts | match | " + " | ".join(_TYPES) + " | gold mentions |")
    print("|---|---|" + "---:|" * (len(_TYPES) + 1))
    predicted = [
        dict(m.to_dict(), artifact=seed_text.name) for m in extract_mentions(seed_text.read_text("utf-8"))
    ]
    _table("seed article", predicted, load_annotations(data / "seed_gold.jsonl"))
    for folder in ("genre", "heldout"):
        predicted, gold = [], []
        for path in sorted((data / folder).glob("*.txt")):
            predicted += [
                dict(m.to_dict(), artifact=path.name) for m in extract_mentions(path.read_text("utf-8"))
            ]
            gold += load_annotations(path.with_suffix(".jsonl"))
        _table(f"invented ({folder})", predicted, gold)
    with tempfile.TemporaryDirectory() as tmp:
        spec = dataclasses.replace(
            scenario("realistic", people=2000, lists=1, testimonies=testimonies), persian_testimony_share=0.5
        )
        generate(Path(tmp) / "s", spec, seed=seed)
        truth = json.loads((Path(tmp) / "s" / "truth.json").read_text("utf-8"))
        for language in ("en", "fa"):
            predicted, gold = [], []
            for t in truth["testimonies"]:
                if t["language"] != language:
                    continue
                text = (Path(tmp) / "s" / t["file"]).read_text("utf-8")
                predicted += [dict(m.to_dict(), artifact=t["file"]) for m in extract_mentions(text)]
                gold += [dict(a, artifact=t["file"]) for a in t["annotations"]]
            n = sum(1 for t in truth["testimonies"] if t["language"] == language)
            _table(f"synthetic {language} ({n})", predicted, gold)


_DEVSET_TYPES = ("person", "date", "place", "organisation", "act", "count")


def _ratio(pair: tuple[int, int]) -> str:
    right, total = pair
    return f"{right / total:.2f} ({right}/{total})" if total else "–"


def _devset_tables(title: str, groups: dict[str, GroupScore]) -> None:
    print(f"{title} (P / R / F1 per type; dates: intervals agree at Jaccard >= 0.75)\n")
    print("| part | " + " | ".join(_DEVSET_TYPES) + " | all | gold |")
    print("|---|" + "---|" * (len(_DEVSET_TYPES) + 2))
    for name, g in groups.items():
        cells = [
            f"{g.types[t].precision:.2f} / {g.types[t].recall:.2f} / **{g.types[t].f1:.2f}**"
            for t in (*_DEVSET_TYPES, "all")
        ]
        gold = g.types["all"].tp + g.types["all"].fn
        print(f"| {name} ({g.passages}) | " + " | ".join(cells) + f" | {gold} |")
    print(
        "\n| part | roles right (matched persons) | first-hand right (matched acts+counts) | "
        "count qualifier right | positions read | dates strict F1 |"
    )
    print("|---|---|---|---|---|---|")
    for name, g in groups.items():
        print(
            f"| {name} | {_ratio(g.roles)} | {_ratio(g.provenance)} | {_ratio(g.qualifiers)} | "
            f"{_ratio(g.positions)} | {g.strict_dates.f1:.2f} |"
        )
    print()


def _splits(part: str) -> tuple[str, ...]:
    """The splits `--part` runs: one by name, or for "all" every split but those run only on request (the
    second and third fresh parts, each to be scored once, by the lead)."""
    from testament.extract.devset import ON_REQUEST, SPLITS

    if part == "whole":
        return SPLITS
    return tuple(s for s in SPLITS if s not in ON_REQUEST) if part == "all" else (part,)


def _published(passage: Any) -> datetime.date | None:
    """The day a passage's source was published, when sources.json gives one ("2021-11-11"; not "unknown")."""
    try:
        return datetime.date.fromisoformat(str(passage.source.get("published", ""))[:10])
    except ValueError:
        return None


def _devset(
    json_out: Path | None, part: str = "all", *, published: bool = False, roles: str = "combined"
) -> None:
    import json

    from testament.extract import Context, extract_mentions
    from testament.extract.devset import APART, load_devset, score_devset

    root = Path(__file__).resolve().parents[1] / "tests" / "extract" / "data" / "devset"
    # `--part tuning` while changing the rules: the other passages are neither run nor printed.
    passages = load_devset(root, splits=_splits(part))
    days = {p.text: _published(p) for p in passages} if published else {}
    # `--published` as `testament extract --published DATE` does: dates told by weekday or without a year;
    # `--roles learnt` as `testament extract --roles learnt` (testament.extract.learnt)
    extract = lambda text: extract_mentions(  # noqa: E731
        text, context=Context(reference=days.get(text)), roles=roles
    )
    groups = score_devset(passages, extract=extract, whole=part == "whole")

    # The fresh held-out parts get tables of their own, so their rows are never read as part of "all".
    def split_of(name: str) -> str:
        return name.split("/")[0]

    ordinal = {
        "fresh": "Fresh",
        "fresh2": "Second fresh",
        "fresh3": "Third fresh",
        "fresh4": "Fourth fresh",
        "fresh5": "Fifth fresh",
        "fresh6": "Sixth fresh",
        "fresh7": "Seventh fresh",
        "fresh8": "Eighth fresh",
        "fresh9": "Ninth fresh",
        "fresh10": "Tenth fresh",
        "fresh11": "Eleventh fresh",
        "fresh12": "Twelfth fresh",
        "fresh13": "Thirteenth fresh",
        "fresh14": "Fourteenth fresh",
        "fresh15": "Fifteenth fresh",
        "fresh16": "Sixteenth fresh",
        "fresh17": "Seventeenth fresh",
        "fresh18": "Eighteenth fresh",
        "fresh19": "Nineteenth fresh",
        "fresh20": "Twentieth fresh",
        "fresh21": "Twenty-first fresh",
        "fresh22": "Twenty-second fresh",
        "fresh23": "Twenty-third fresh",
        "fresh24": "Twenty-fourth fresh",
        "fresh25": "Twenty-fifth fresh",
        "fresh26": "Twenty-sixth fresh",
        "fresh27": "Twenty-seventh fresh",
    }
    sections = [
        (
            "The whole development set, every part pooled (tuned on or not; each part's first sight is in "
            "its README)",
            {k: g for k, g in groups.items() if split_of(k) == "whole"},
        ),
        (
            "Development set of real testimony",
            {k: g for k, g in groups.items() if split_of(k) not in (*APART, "whole")},
        ),
        *(
            (
                f"{ordinal.get(part, part)} held-out part (annotated before any extractor ran on it; "
                "not for tuning)",
                {k: g for k, g in groups.items() if split_of(k) == part},
            )
            for part in APART
        ),
    ]
    for title, rows in sections:
        if rows:
            _devset_tables(title, rows)
    if json_out is not None:
        json_out.write_text(json.dumps([g.to_dict() for g in groups.values()], indent=1) + "\n", "utf-8")


def main() -> None:
    from testament.extract.devset import ON_REQUEST, SPLITS
    from testament.extract.learnt import ROLE_SOURCES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--pg", help="PostgreSQL URL (a fresh database) instead of SQLite")
    parser.add_argument("--quality", action="store_true", help="print F1 tables instead of timing")
    parser.add_argument("--testimonies", type=int, default=200, help="with --quality: synthetic testimonies")
    parser.add_argument("--seed", type=int, default=7, help="with --quality: synthetic seed")
    parser.add_argument("--devset", action="store_true", help="score the development set of real testimony")
    parser.add_argument("--json", type=Path, help="with --devset/--quality: write the devset figures here")
    parser.add_argument(
        "--part",
        choices=("all", "whole", *SPLITS),
        default="all",
        help="with --devset/--quality: score only this part of the development set (a fresh part is scored "
        "once before anyone tunes on it; `all` leaves out the parts run only on request: "
        + ", ".join(ON_REQUEST)
        + "; `whole` runs every part and pools them per language, the acceptance measure of issue 18: run "
        "it only when every part has been scored once)",
    )
    parser.add_argument(
        "--published",
        action="store_true",
        help="with --devset: give the rules each passage's publication date (sources.json), as "
        "`testament extract --published` does",
    )
    parser.add_argument(
        "--roles",
        choices=ROLE_SOURCES,
        default="combined",
        help="with --devset/--quality: persons' roles combined (default: the rules' role where a cue "
        "of theirs gave one, the model's without them otherwise), by the rules alone, by the learnt model "
        "that also reads the rules' role, or by the one without it (testament.extract.learnt; "
        "bench/train_roles.py --write)",
    )
    args = parser.parse_args()
    if args.devset:
        _devset(args.json, args.part, published=args.published, roles=args.roles)
        return
    if args.quality:
        from testament.extract.learnt import using_roles

        with using_roles(args.roles):
            _quality(args.testimonies, args.seed)
        print()
        _devset(args.json, args.part, roles=args.roles)
        return

    from testament.extract import extract_artifact, extract_mentions
    from testament.ingest import IngestOptions, ingest_files
    from testament.settings import Settings
    from testament.store.case import Case

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pdf_path = work / "testimony.pdf"
        pages = _pdf(_text(args.pages, work), args.pages, pdf_path)
        case = Case.create(work / "case", settings=Settings(actor="bench"), db_url=args.pg)
        try:
            clock = time.perf_counter()
            report = ingest_files(case, [pdf_path], IngestOptions())
            ingest_seconds = time.perf_counter() - clock
            outcome = report.files[0]
            assert outcome.status == "ingested", outcome.message
            assert outcome.artifact_id is not None
            clock = time.perf_counter()
            extracted = extract_artifact(case, outcome.artifact_id)
            seconds = time.perf_counter() - clock
            text = case.blobs.get(_text_sha(case, extracted.text_artifact_id)).decode("utf-8")
            clock = time.perf_counter()
            mentions = extract_mentions(text)
            rules_seconds = time.perf_counter() - clock
            again = time.perf_counter()
            extract_artifact(case, outcome.artifact_id)  # re-extraction: every candidate matched, none new
            rerun_seconds = time.perf_counter() - again
        finally:
            case.close()
    backend = "PostgreSQL" if args.pg else "SQLite"
    columns = "date backend pages chars candidates ingest_s extract_s rules_only_s re-extract_s target"
    print("| " + " | ".join(c.replace("_", " ") for c in columns.split()) + " |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    print(
        f"| {time.strftime('%Y-%m-%d')} | {backend} | {pages} | {len(text):,} | {extracted.new:,} | "
        f"{ingest_seconds:.2f} | {seconds:.2f} | {rules_seconds:.2f} | {rerun_seconds:.2f} | < 10 s |"
    )
    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"\n({len(mentions):,} mentions from the rules alone; {python})")


def _text_sha(case: object, artifact_id: int) -> str:
    from sqlalchemy import select

    from testament.store.schema import artifacts

    with case.read() as conn:  # type: ignore[attr-defined]
        return str(conn.execute(select(artifacts.c.sha256).where(artifacts.c.id == artifact_id)).scalar_one())


if __name__ == "__main__":
    main()
