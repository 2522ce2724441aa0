"""`testament link` (`link run`), `link evaluate`, `link explain`, `testament review links`, `review
merge`, `review split`, `testament export persons`.

`review links|merge|split` and `export persons` join the `review` and `export` groups of `cli/extract.py`."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from testament.cli._common import (
    as_option,
    console,
    err_console,
    guard,
    open_case,
    print_json,
    say_withheld,
    viewer_of,
)
from testament.cli.extract import export_app, review_app, warn_plaintext_export
from testament.errors import InputError

__all__ = ["register"]


class _LinkGroup(TyperGroup):
    """`testament link CASE` is `testament link run CASE`: Click would read a group's own CASE argument
    before any subcommand name, so linking is a command of its own, the one chosen when the first word
    names no other (the default-command pattern of click-default-group)."""

    default = "run"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default, *args]
        return super().parse_args(ctx, args)


link_app = typer.Typer(
    cls=_LinkGroup,
    no_args_is_help=True,
    help="Find the records that are the same person, across lists and testimonies. "
    "`testament link CASE` runs linkage (`link run`).",
)


@link_app.command("run")
def link(
    case: Path = typer.Argument(..., help="Case folder."),
    engine: str = typer.Option("duckdb", "--engine", help="duckdb (default) or spark."),
    threshold: float | None = typer.Option(
        None,
        "--threshold",
        help="Join records into one person from this match probability up (default: from the threshold"
        " at which the model expects its best pairwise F1, lowered while the joins it would add stay more"
        " likely right than wrong; shown in the report).",
    ),
    labels: Path | None = typer.Option(
        None, "--labels", help="CSV of labelled pairs to import first (see docs/linkage.md)."
    ),
    reviewer: str | None = typer.Option(
        None, "--reviewer", help="Who labelled them (default: TESTAMENT_ACTOR)."
    ),
    queue: int = typer.Option(200, "--queue", min=0, help="How many pairs to put in the review queue."),
    memory: str | None = typer.Option(None, "--memory", help="Memory limit for the engine, e.g. 4GB."),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Link every person record of CASE into persons (the default: `testament link CASE`). Human decisions
    are never overridden; persons whose records are unchanged keep their ids."""
    from testament.link import LinkOptions, import_labels, link_case

    with guard(), open_case(case) as opened:
        options = LinkOptions(engine=engine, threshold=threshold, memory_limit=memory)
        imported = None
        if labels is not None:
            imported = import_labels(opened, labels, reviewer=reviewer or opened.settings.actor)
        with console.status("linking...", spinner="dots") if not json_out else nullcontext():
            report = link_case(opened, options, queue_size=queue)
        data = report.to_dict()
        if imported is not None:
            data["labels_imported"] = imported.imported
        if json_out:
            print_json(data)
            return
        if imported is not None:
            console.print(f"Imported {imported.imported} labelled pairs from {labels}.", highlight=False)
        _print_link(data)


def _print_link(data: dict[str, Any]) -> None:
    console.print(
        f"Run {data['run_id']}: {data['records']:,} records → {data['persons']:,} persons at threshold "
        f"{data['threshold']:.2f} "
        f"({data['persons_kept']:,} kept their id, {data['persons_new']:,} new); "
        f"{data['candidate_pairs']:,} candidate pairs; {data['decisions']} human decisions; "
        f"{data['queue']} pairs queued for review.",
        highlight=False,
    )
    quality = data.get("quality")
    if quality:
        low, high = quality["borderline_band"]
        spread = quality["persons_range"]
        console.print(
            f"Expected pair precision {quality['expected_precision']:.3f}, recall "
            f"{quality['expected_recall']:.3f} (from the match probabilities); "
            f"{quality['borderline_pairs']:,} borderline pairs ({low} ≤ p ≤ {high}): reviewing them "
            f"could move the person count from {spread[f'at_{low}']:,} to {spread[f'at_{high}']:,}.",
            highlight=False,
        )
    if data["conflicts"]:
        err_console.print(
            f"{len(data['conflicts'])} 'same' decisions contradict 'different' ones, not applied: "
            + ", ".join(f"{a}-{b}" for a, b in data["conflicts"][:10]),
            highlight=False,
        )


@link_app.command("evaluate")
def evaluate(
    case: Path = typer.Argument(..., help="Case folder (linked)."),
    truth: Path = typer.Option(..., "--truth", help="truth.json of the synthetic scenario (or its folder)."),
    json_out: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score the case's persons against a synthetic scenario's truth: pairwise and cluster precision,
    recall and F1."""
    from testament.link import evaluate_case
    from testament.synthetic import truth_of_case

    with guard(), open_case(case) as opened:
        scores = evaluate_case(opened, truth_of_case(opened, truth))
        if json_out:
            print_json(scores.to_dict())
            return
        table = Table(title="Linkage against the truth")
        table.add_column("level")
        for column in ("precision", "recall", "F1"):
            table.add_column(column, justify="right")
        for level in ("pair", "cluster"):
            values = (getattr(scores, f"{level}_{m}") for m in ("precision", "recall", "f1"))
            table.add_row(f"{level}s", *(f"{v:.4f}" for v in values))
        console.print(table)
        console.print(
            f"{scores.records:,} records; {scores.true_persons:,} true persons, "
            f"{scores.predicted_persons:,} found.",
            highlight=False,
        )


@link_app.command("explain")
def explain(
    case: Path = typer.Argument(..., help="Case folder (linked)."),
    person: int = typer.Argument(..., help="Person id."),
    json_out: bool = typer.Option(False, "--json", help="Print as JSON."),
    as_user: str | None = as_option(),
) -> None:
    """Show a person's records and the pairs (model scores or human decisions) that joined them (the
    records your role may see; see --as)."""
    from testament.views.listings import explain as gated_explain

    with guard(), open_case(case) as opened:
        shown = gated_explain(opened, viewer_of(opened, as_user), person)
        membership = shown.items[0]
        say_withheld(shown)
        if json_out:
            print_json(membership.to_dict())
            return
        table = Table(title=f"Person {person}")
        table.add_column("record")
        table.add_column("source")
        table.add_column("fields")
        for r in membership.records:
            fields = "; ".join(f"{k}: {v}" for k, v in r.fields.items())
            table.add_row(str(r.record_id), f"{r.source_file}:{r.row}", escape(fields))
        console.print(table)
        for j in membership.joins:
            score = "human decision" if j["by"] == "reviewer" else f"p = {j['score']:.3f}"
            console.print(f"  {j['records'][0]} + {j['records'][1]}: {score}", highlight=False)


def _show(item: Any) -> None:
    table = Table(title=f"Pair {item.rank + 1} ({item.kind}), match probability {item.score:.3f}")
    table.add_column("field")
    table.add_column(f"record {item.left.record_id}\n{item.left.source_file}:{item.left.row}")
    table.add_column(f"record {item.right.record_id}\n{item.right.source_file}:{item.right.row}")
    for label in dict.fromkeys([*item.left.fields, *item.right.fields]):
        table.add_row(
            label, escape(item.left.fields.get(label, "")), escape(item.right.fields.get(label, ""))
        )
    console.print(table)
    evidence = Table(title="Evidence", show_header=True)
    evidence.add_column("comparison")
    evidence.add_column("level")
    evidence.add_column("weight", justify="right")
    evidence.add_column("")
    colour = {"for": "green", "against": "red", "neutral": "dim"}
    for e in item.evidence:
        evidence.add_row(
            e.comparison, e.level, f"{e.weight:+.2f}", f"[{colour[e.direction]}]{e.direction}[/]"
        )
    console.print(evidence)


def review_links(
    case: Path = typer.Argument(..., help="Case folder (linked)."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Review at most this many pairs."),
    reviewer: str | None = typer.Option(None, "--reviewer", help="Your name (default: TESTAMENT_ACTOR)."),
    list_only: bool = typer.Option(
        False, "--list", help="List the open queue (both records' names and key fields), then stop."
    ),
    json_out: bool = typer.Option(False, "--json", help="With --list: print the queue as JSON."),
    as_user: str | None = as_option(),
) -> None:
    """Label the pairs the model is least sure about: same person, different persons, or skip. Each answer
    is stored at once as a decision with your name and reason; run `testament link CASE` to use them.
    Shows the pairs your role may see (see --as)."""
    from testament.store.access import acting_as
    from testament.views.listings import link_queue

    with guard(), open_case(case) as opened:
        viewer = viewer_of(opened, as_user)
        shown = link_queue(opened, viewer, limit=limit, action="read" if list_only else "review_links")
        say_withheld(shown)
        if list_only:
            _print_queue(shown.items, json_out)
            return
        done = _label(acting_as(opened, viewer), shown.items, reviewer or viewer.username)
        console.print(f"{done} decisions recorded. Run `testament link {case}` to use them.", highlight=False)


def _print_queue(items: list[Any], json_out: bool) -> None:
    if json_out:
        print_json([i.to_dict() for i in items])
        return
    for i in items:
        console.print(f"{i.rank + 1:4d}  p={i.score:.3f}  {i.kind}", highlight=False)
        for r in (i.left, i.right):
            fields = "; ".join(f"{k}: {v}" for k, v in r.key_fields().items())
            where = f"{r.source_file}:{r.row}" if r.row is not None else r.source_file
            line = f"      record {r.record_id:<7d} {where}  {r.name or '(no name)'}"
            console.print(
                line + (f"  ({fields})" if fields else ""), markup=False, highlight=False, soft_wrap=True
            )
    if not items:
        console.print("No pairs are waiting for review.", highlight=False)


def _label(opened: Any, items: list[Any], who: str) -> int:
    """Ask about each pair in turn; record every same/different answer. Returns how many were recorded."""
    from testament.errors import TestamentError
    from testament.link import record_decision

    done = 0
    for item in items:
        _show(item)
        answer = typer.prompt("[s]ame, [d]ifferent, s[k]ip, [q]uit", default="k").strip().lower()
        if answer.startswith("q"):
            break
        if answer not in ("s", "same", "d", "different"):
            continue
        reason = typer.prompt("Reason (optional)", default="", show_default=False).strip()
        a, b = item.left.record_id, item.right.record_id
        try:
            record_decision(opened, a, b, same=answer.startswith("s"), reviewer=who, reason=reason or None)
            done += 1
        except TestamentError as exc:
            err_console.print(f"[bold red]Error:[/] {escape(exc.message)}", highlight=False)
    return done


def review_merge(
    case: Path = typer.Argument(..., help="Case folder (linked)."),
    persons: list[int] = typer.Argument(..., help="Two or more person ids; the first keeps its id."),
    reason: str | None = typer.Option(None, "--reason", help="Why (kept with the decisions)."),
    reviewer: str | None = typer.Option(None, "--reviewer", help="Your name (default: TESTAMENT_ACTOR)."),
    json_out: bool = typer.Option(False, "--json", help="Print what changed as JSON."),
) -> None:
    """Merge persons into one: all their records become one person now, and stay one at every later
    `testament link` (stored as reviewer decisions on their records; see docs/linkage.md)."""
    from testament.link import merge_persons

    with guard(), open_case(case) as opened:
        edit = merge_persons(opened, persons, reviewer=reviewer or opened.settings.actor, reason=reason)
        _print_edit(edit, json_out)


def review_split(
    case: Path = typer.Argument(..., help="Case folder (linked)."),
    person: int = typer.Argument(..., help="Person id."),
    records: str = typer.Option(..., "--records", help="Record ids that leave the person, e.g. 12,15."),
    each: bool = typer.Option(False, "--each", help="Each record becomes a person of its own."),
    reason: str | None = typer.Option(None, "--reason", help="Why (kept with the decisions)."),
    reviewer: str | None = typer.Option(None, "--reviewer", help="Your name (default: TESTAMENT_ACTOR)."),
    json_out: bool = typer.Option(False, "--json", help="Print what changed as JSON."),
) -> None:
    """Split records off a person: together they become a new person (or, with --each, a person each)
    now, and stay apart at every later `testament link` (see docs/linkage.md)."""
    from testament.link import split_person

    with guard(), open_case(case) as opened:
        who = reviewer or opened.settings.actor
        edit = split_person(opened, person, _record_ids(records), each=each, reviewer=who, reason=reason)
        _print_edit(edit, json_out)


def _record_ids(text: str) -> list[int]:
    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise InputError(
            f"--records {text!r}: expected record ids separated by commas", hint="e.g. --records 12,15"
        ) from None


def _print_edit(edit: Any, json_out: bool) -> None:
    if json_out:
        print_json(edit.to_dict())
        return
    if edit.kind == "merge":
        what = f"Merged into person {edit.person_id}: {len(edit.moved)} records moved"
    else:
        made = ", ".join(map(str, edit.new_persons))
        what = f"Person {edit.person_id}: {len(edit.moved)} records split off into person {made}"
    console.print(
        f"{what}; {edit.decisions} decisions recorded ({edit.replaced} replace earlier ones). "
        "Every later `testament link` keeps it.",
        highlight=False,
    )


def export_persons(
    case: Path = typer.Argument(..., help="Case folder (linked)."),
    out: Path = typer.Option(..., "--out", help="CSV file to write."),
    wide: bool = typer.Option(
        False, "--wide", help="One row per person: names in both scripts, dates, places, 0/1 per list."
    ),
    as_user: str | None = as_option(),
) -> None:
    """Write the person of every record your role may see (see --as): source_file,row,person_id (and
    artifact,start,end for testimony mentions). Feeds `testament estimate` and other tools. With --wide,
    one row per person for R or a spreadsheet (docs/exports.md); `estimate` reads that too."""
    from testament.views.listings import export_persons as write

    with guard():  # before the case is read (and an owner's read logged)
        if not out.parent.is_dir():
            raise InputError(f"--out {out}: no folder {out.parent}", hint="create the folder first")
    if wide:
        from testament.exports.persons import export_persons_wide

        with guard(), open_case(case) as opened:
            made = export_persons_wide(opened, viewer_of(opened, as_user), out)
            say_withheld(made)
            console.print(
                f"{made.persons:,} persons, {len(made.lists)} lists written to {out}.", highlight=False
            )
            warn_plaintext_export(opened, out, "names, dates and places of the persons, and their lists")
        return
    with guard(), open_case(case) as opened:
        shown = write(opened, viewer_of(opened, as_user), out)
        n = shown.items[0]
        say_withheld(shown)
        console.print(f"{n:,} records written to {out}.", highlight=False)
        warn_plaintext_export(opened, out, "which records are one person, and the names of the source files")


def register(app: typer.Typer) -> None:
    app.add_typer(link_app, name="link")
    review_app.command("links")(review_links)
    review_app.command("merge")(review_merge)
    review_app.command("split")(review_split)
    export_app.command("persons")(export_persons)
