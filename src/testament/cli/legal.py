"""`testament casefile`, `testament legal ...` and `testament sources ...`: the case file per accused,
evidence linked to elements of crimes, persons, places, acts and positions entered by hand, and sources
recorded as copies of one another. Thin: each command parses, calls one `testament.legal` function and
prints."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape

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

if TYPE_CHECKING:
    from testament.legal import Evidence

__all__ = ["legal_app", "register", "sources_app"]

legal_app = typer.Typer(
    no_args_is_help=True,
    help="Legal mapping: frameworks, evidence linked to elements, accused persons, places, acts, positions.",
)
sources_app = typer.Typer(
    no_args_is_help=True, help="Sources: record copies, suggest them from list overlap."
)

_CASE = typer.Argument(..., help="Case folder.")
_FRAMEWORK = typer.Option(
    None, "--framework", help="A framework file (TOML) besides the built-in ones and the case's frameworks/."
)


def casefile(
    case: Path = _CASE,
    accused: int = typer.Option(..., "--accused", help="The accused's person id."),
    out: Path = typer.Option(..., "--out", help="Where to write it: FILE.html or FILE.pdf."),
    framework: list[Path] | None = _FRAMEWORK,
    charge: list[str] | None = typer.Option(
        None,
        "--charge",
        help="A charge as framework:crime (e.g. icc-rome-art7:a); repeat. Default: every "
        "crime with evidence linked or suggested by the accused's acts.",
    ),
    as_user: str | None = as_option(),
    force: bool = typer.Option(False, "--force", help="Overwrite --out if it exists."),
) -> None:
    """Write the case file of one accused: positions held, acts linked with the degree of involvement, each
    element of each charge with its supporting and undermining evidence (quotes, exact locators, independent
    sources, review) and the gaps, with a table of contents and numbered citations."""
    from testament.errors import InputError
    from testament.legal import render_case_file, write_case_file

    with guard(), open_case(case) as opened:
        if out.exists() and not force:  # as every export: never over an earlier file unasked
            raise InputError(f"--out {out}: already exists", hint="choose another file, or add --force")
        made = render_case_file(
            opened, accused, viewer_of(opened, as_user), frameworks=framework or (), charges=charge or None
        )
        write_case_file(made, out, case=opened)
        gaps = len(made.data.gaps)
        console.print(
            f"Case file written to {escape(str(out))}: {len(made.data.charges)} charges, "
            f"{len(made.data.citations)} citations, {gaps} elements not yet proven on the record.",
            highlight=False,
        )
        say_withheld(made.data)


@legal_app.command("frameworks")
def frameworks(
    case: Path | None = typer.Argument(None, help="Case folder (adds its frameworks/ files)."),
    framework: list[Path] | None = _FRAMEWORK,
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the frameworks, their crimes (or modes of liability) and elements; checks the files."""
    from testament.legal import load_frameworks

    with guard():
        known = load_frameworks(case, framework or ())
        rows = [
            {
                "crime": c.key,
                "ref": c.ref,
                "title": c.title,
                "elements": [f"{e.id} ({e.kind})" for e in c.elements],
            }
            for f in known
            for c in f.crimes
        ]
        if json_out:
            print_json(rows)
            return
        for r in rows:
            elements = ", ".join(r["elements"])
            console.print(
                f"{escape(str(r['crime']))}  {escape(str(r['title']))}: {elements}", highlight=False
            )


@legal_app.command("support")
def support(
    case: Path = _CASE,
    element: str = typer.Argument(..., help="framework:crime:element, e.g. icc-rome-art7:a:conduct."),
    act: int | None = typer.Option(None, "--act", help="An act id."),
    involvement: int | None = typer.Option(None, "--involvement", help="An involvement id."),
    claim: int | None = typer.Option(None, "--claim", help="A claim id."),
    undermines: bool = typer.Option(False, "--undermines", help="The evidence undermines the element."),
    strength: str = typer.Option("moderate", "--strength", help="weak, moderate or strong."),
    note: str | None = typer.Option(None, "--note", help="Why (shown in the case file)."),
    framework: list[Path] | None = _FRAMEWORK,
) -> None:
    """Link an act, an involvement or a claim to an element of a crime, as supporting or undermining it."""
    from testament.errors import InputError
    from testament.legal import link_element

    with guard():
        given = [
            (k, v) for k, v in (("act", act), ("involvement", involvement), ("claim", claim)) if v is not None
        ]
        if len(given) != 1:
            raise InputError("give exactly one of --act, --involvement, --claim", hint="e.g. --act 12")
        with open_case(case) as opened:
            made = link_element(
                opened, element, given[0][0], int(given[0][1]), strength=strength, note=note,
                frameworks=framework or (),
                stance="undermines" if undermines else "supports",
            )  # fmt: skip
            console.print(f"Element support {made} recorded.")


@legal_app.command("person")
def person(
    case: Path = _CASE,
    name: str = typer.Argument(..., help="The name, as written."),
    sensitivity: str = typer.Option(
        "internal", "--sensitivity", help="public, internal, restricted, sealed."
    ),
) -> None:
    """Add a person by hand (an accused, an official): prints the person id."""
    from testament.legal import add_person

    with guard(), open_case(case) as opened:
        console.print(f"Person {add_person(opened, name, sensitivity=sensitivity)} added.")


@legal_app.command("place")
def place(
    case: Path = _CASE,
    name: str = typer.Argument(..., help="The place's name."),
    kind: str = typer.Option("prison", "--kind", help="prison, grave_site, city, court ..."),
) -> None:
    """Add a place (a prison, a grave site): prints the place id."""
    from testament.legal import add_place

    with guard(), open_case(case) as opened:
        console.print(f"Place {add_place(opened, name, kind=kind)} added.")


@legal_app.command("act")
def act(
    case: Path = _CASE,
    act_type: str = typer.Argument(
        ..., help="execution, torture, flogging, imprisonment, family_not_informed ..."
    ),
    victim: int | None = typer.Option(None, "--victim", help="The victim's person id."),
    place_id: int | None = typer.Option(None, "--place", help="The place id."),
    start: str | None = typer.Option(None, "--date", help="The date, YYYY-MM-DD."),
    end: str | None = typer.Option(None, "--until", help="The last day, when it lasted."),
    by: list[str] | None = typer.Option(
        None,
        "--by",
        help="PERSON:DEGREE (carried_out, ordered, planned, present, assisted, failed_to_prevent).",
    ),
    artifact: int | None = typer.Option(None, "--artifact", help="The text artifact that attests it."),
    span: str | None = typer.Option(None, "--span", help="START-END: the characters of the artifact quoted."),
) -> None:
    """Record an act with who was involved and where a source says it: prints the act id."""
    from testament.legal import add_act, load_frameworks

    with guard(), open_case(case) as opened:
        involved = [_person_degree(b) for b in by or ()]
        evidence = [("victim_of", _evidence(opened, artifact, span))] if artifact is not None else []
        made = add_act(
            opened, act_type, victim_person_id=victim, place_id=place_id, start=start, end=end,
            involvements_of=involved, evidence=evidence,
        )  # fmt: skip
        console.print(f"Act {made} recorded.")
        known = {
            t for f in load_frameworks(case) for c in f.crimes for e in c.elements for t in e.suggested_by
        }
        if act_type.strip() not in known:  # a typo ("exekution") would otherwise suggest nothing, silently
            err_console.print(
                f"note: act type {escape(act_type)!r} suggests no element of the frameworks loaded "
                f"(those that do: {', '.join(sorted(known))}); check its spelling, or link it with "
                "`testament legal support`",
                highlight=False,
            )


@legal_app.command("position")
def position(
    case: Path = _CASE,
    person_id: int = typer.Option(..., "--person", help="The person id."),
    title: str = typer.Option(..., "--position", help='The position, e.g. "commission member".'),
    place_id: int | None = typer.Option(None, "--place", help="Where it was held (links the acts there)."),
    start: str | None = typer.Option(None, "--from", help="First day, YYYY-MM-DD (open if left out)."),
    end: str | None = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (open if left out)."),
    artifact: int | None = typer.Option(None, "--artifact", help="The text artifact that says so."),
    span: str | None = typer.Option(None, "--span", help="START-END: the characters of the artifact quoted."),
    accepted: bool = typer.Option(False, "--accepted", help="Record it as reviewed (accepted) at once."),
) -> None:
    """Record a position a person held (a held_position claim), with dates, place and its source."""
    from testament.legal import add_position

    with guard(), open_case(case) as opened:
        status = "accepted" if accepted else "proposed"
        evidence = [_evidence(opened, artifact, span, status)] if artifact is not None else []
        made = add_position(
            opened, person_id, title, place_id=place_id, start=start, end=end, evidence=evidence
        )
        console.print(f"Position recorded as claim {made}.")


@legal_app.command("review")
def review(
    case: Path = _CASE,
    claim: int = typer.Argument(..., help="The claim (a position, an act's evidence)."),
    status: str | None = typer.Option(
        None, "--status", help="accepted, edited, rejected or proposed (edited if a correction is given)."
    ),
    place_id: int | None = typer.Option(None, "--place", help="A position's place id: set or correct it."),
    start: str | None = typer.Option(None, "--from", help="A position's first day, YYYY-MM-DD."),
    end: str | None = typer.Option(None, "--to", help="A position's last day, YYYY-MM-DD."),
) -> None:
    """Review a claim (entered by hand or extracted): set the review status of its attestations; for a
    held position, --place/--from/--to set or correct its place and dates too."""
    from testament.errors import InputError
    from testament.legal import correct_position, review_claim

    with guard(), open_case(case) as opened:
        if place_id is not None or start or end:
            status = status or "edited"
            correct_position(opened, claim, place_id=place_id, start=start, end=end, status=status)
        elif status is None:
            raise InputError(
                "--status: missing", hint="give --status or a correction (--place, --from, --to)"
            )
        else:
            review_claim(opened, claim, status)
        console.print(f"Claim {claim}: {status}.")


@sources_app.command("derive")
def derive(
    case: Path = _CASE,
    source: int = typer.Argument(..., help="The source that is the copy."),
    from_source: int = typer.Option(..., "--from", help="The source it was made from."),
    copied: bool = typer.Option(False, "--copied", help="A copy (copied_from) rather than derived_from."),
    note: str | None = typer.Option(None, "--note", help="How you know."),
) -> None:
    """Record that a source was derived or copied from another: case files count them as one source."""
    from testament.legal import derive_source

    with guard(), open_case(case) as opened:
        relation = "copied_from" if copied else "derived_from"
        made = derive_source(opened, source, from_source, relation=relation, note=note)
        console.print(
            f"Source {source} recorded as {relation.replace('_', ' ')} source {from_source} ({made})."
        )


@sources_app.command("suggest")
def suggest(
    case: Path = _CASE,
    min_ratio: float = typer.Option(2.0, "--min-ratio", help="Observed / expected overlap to suggest."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Suggest lists that may be copies: pairs whose overlap (of linked persons) is far above what their
    sizes predict under independence."""
    from dataclasses import asdict

    from testament.legal import overlap_suggestions

    with guard(), open_case(case) as opened:
        found = overlap_suggestions(opened, min_ratio=min_ratio)
        if json_out:
            print_json([asdict(s) for s in found])
            return
        for s in found:
            done = " (recorded)" if s.recorded else ""
            console.print(
                f"sources {s.source_a} and {s.source_b}: {s.overlap} shared, {s.expected:.1f} expected "
                f"(×{s.ratio:.1f}, p={s.p_value:.1e}){done}",
                highlight=False,
            )
        if not found:
            console.print("No pair of lists overlaps far above what independence predicts.")


def _person_degree(text: str) -> tuple[int, str, str | None]:
    from testament.errors import InputError

    person_id, _, degree = text.partition(":")
    if not person_id.isdigit() or not degree:
        raise InputError(f"--by {text!r}: not PERSON:DEGREE", hint="e.g. --by 3:ordered")
    return int(person_id), degree, None


def _evidence(case: Any, artifact: int | None, span: str | None, status: str = "proposed") -> Evidence:
    from testament.errors import InputError
    from testament.legal import evidence_at

    first, _, last = (span or "").partition("-")
    if artifact is None or not first.isdigit() or not last.isdigit():
        raise InputError("--artifact needs --span START-END", hint="e.g. --artifact 2 --span 120-168")
    return evidence_at(case, artifact, int(first), int(last), review_status=status)


def register(app: typer.Typer) -> None:
    app.command("casefile")(casefile)
    app.add_typer(legal_app, name="legal")
    app.add_typer(sources_app, name="sources")
