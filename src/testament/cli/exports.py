"""`testament export bundle|public|patterns|report`, `verify-bundle`, `consent ...`, `collection`.

The exports join the `export` group of `cli/extract.py`; each is one call to `testament.exports`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from testament.cli._common import (
    as_option,
    console,
    guard,
    open_case,
    print_json,
    say_withheld,
    viewer_of,
)
from testament.cli.extract import export_app, warn_plaintext_export
from testament.errors import InputError

__all__ = ["consent_app", "register"]

consent_app = typer.Typer(
    help="Witnesses' consent per use: archive, publish, share, prosecutor.", no_args_is_help=True
)


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        raise InputError(f"{what} {path}: cannot be read", hint="check the path") from None


@export_app.command("bundle")
def export_bundle(
    case: Path = typer.Argument(..., help="Case folder."),
    key: Path = typer.Option(
        ..., "--key", help="Ed25519 private key (PEM) to sign with (`testament keygen`)."
    ),
    out: Path = typer.Option(..., "--out", help="The bundle to write (.zip)."),
    to: str = typer.Option(..., "--to", help="Who receives it (a court, a prosecutor, an organisation)."),
    use: str = typer.Option(
        "share", "--use", help="The consent it is given under: share, prosecutor, archive."
    ),
    accused: int | None = typer.Option(
        None, "--accused", help="Only the files the accused's case file cites."
    ),
    cleared: str = typer.Option("internal", "--cleared", help="Most closed label it may carry."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Write a signed evidence bundle: files (originals or redacted copies), custody, collection records,
    the case file, and a signed manifest. Logged as a `disclosed` custody event."""
    from testament.exports.bundle import build_bundle

    with guard(), open_case(case) as opened:
        result = build_bundle(
            opened, out, _read(key, "--key"), recipient=to, use=use, accused=accused, cleared=cleared,
            key_label=str(key), force=force,
        )  # fmt: skip
        if json_out:
            print_json(result.to_dict())
            return
        warn_plaintext_export(opened, out, "the files and records the bundle holds")
        console.print(
            f"wrote {escape(str(out))}: {len(result.originals)} original(s), {len(result.redacted)} redacted "
            f"cop(ies), {len(result.withheld)} withheld; manifest {result.manifest_sha256[:16]}",
            highlight=False,
        )


@export_app.command("public")
def export_public_command(
    case: Path = typer.Argument(..., help="Case folder."),
    out: Path = typer.Option(
        ..., "--out", help="Folder to write (victims and acts as CSV and JSON, photos)."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing folder."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Write victims and acts for memorials and researchers: allow-listed fields, nothing restricted, sealed
    or without publication consent, photos without metadata. Logged as a `disclosed` custody event."""
    from testament.exports.public import export_public

    with guard(), open_case(case) as opened:
        result = export_public(opened, out, force=force)
        if json_out:
            print_json(result.to_dict())
            return
        console.print(
            f"wrote {escape(str(out))}: {result.victims} victims, {result.acts} acts, "
            f"{result.photos} photos; left out: {sum(result.left_out.values())} value(s) or row(s)",
            highlight=False,
        )


@export_app.command("patterns")
def export_patterns_command(
    case: Path = typer.Argument(..., help="Case folder."),
    out: Path = typer.Option(..., "--out", help="Pattern CSV to write (0/1 per list + count)."),
    lists: str | None = typer.Option(
        None, "--lists", help="The lists to use, a,b,c (source titles or files)."
    ),
    strata: str | None = typer.Option(None, "--strata", help="A record field: prison, city, sex..."),
    min_stratum: int = typer.Option(
        50, "--min-stratum", min=1, help="Strata with fewer observed persons are merged as (other)."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Write the case's capture patterns for Rcapture, dga, LCMCR or `testament estimate FILE`."""
    from testament.estimate.strata import StrataRule
    from testament.exports.patterns import export_patterns

    with guard(), open_case(case) as opened:
        names = [n.strip() for n in lists.split(",") if n.strip()] if lists else None
        rule = StrataRule(min_persons=min_stratum)
        result = export_patterns(opened, out, lists=names, strata=strata, rule=rule, force=force)
        if json_out:
            print_json(result)
            return
        console.print(
            f"wrote {escape(str(out))}: {len(result['lists'])} lists, {result['persons']} persons",  # type: ignore[arg-type]
            highlight=False,
        )


@export_app.command("report")
def export_report_command(
    case: Path = typer.Argument(..., help="Case folder."),
    key: Path = typer.Option(..., "--key", help="Ed25519 private key (PEM) to sign with."),
    out: Path = typer.Option(..., "--out", help="The report to write (.zip)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Write a signed estimate report: inputs' hashes, linkage run, methods, settings, seeds, warnings."""
    from testament.exports.report import export_report

    with guard(), open_case(case) as opened:
        result = export_report(opened, out, _read(key, "--key"), key_label=str(key), force=force)
        if json_out:
            print_json(result)
            return
        console.print(f"wrote {escape(str(out))}: {result['estimates']} estimate(s)", highlight=False)


@export_app.command("dossier")
def export_dossier(
    case: Path = typer.Argument(..., help="Case folder."),
    person: int = typer.Argument(..., help="The person (a victim) the dossier is about."),
    out: Path = typer.Option(..., "--out", help="FILE.html or FILE.pdf."),
    as_user: str | None = as_option(),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
) -> None:
    """Write one person's dossier: every claim your role may read, with quotes, locators, file hashes and
    custody events (HTML or PDF). Logged as a `disclosed` custody event."""
    from testament.exports._common import output_file
    from testament.exports.dossier import build_dossier

    with guard(), open_case(case) as opened:
        if out.suffix.lower() not in (".html", ".pdf"):
            raise InputError(f"--out {out}: not .html or .pdf", hint="name the file FILE.html or FILE.pdf")
        with output_file(out, force=force) as tmp:
            dossier = build_dossier(opened, person, viewer_of(opened, as_user))
            data = dossier.pdf() if out.suffix.lower() == ".pdf" else dossier.html.encode("utf-8")
            tmp.write_bytes(data)
        warn_plaintext_export(opened, out, "what the case says about this person")
        console.print(f"wrote {escape(str(out))}: {dossier.claims} claim(s)", highlight=False)


def verify_bundle(
    bundle: Path = typer.Argument(..., help="The bundle or report (.zip)."),
    pubkey: Path = typer.Option(..., "--pubkey", help="The signer's Ed25519 public key (PEM)."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Check a bundle against its signed manifest; names every member that fails. Needs no case."""
    from testament.exports.standalone_verify import verify_bundle as check

    with guard():
        problems = check(bundle, _read(pubkey, "--pubkey"))
        if json_out:
            print_json({"ok": not problems, "problems": [p.__dict__ for p in problems]})
        else:
            for p in problems:
                console.print(f"[red]FAIL[/] {escape(str(p))}", highlight=False)
            if not problems:
                console.print("[green]OK[/]: every member matches the signed manifest", highlight=False)
    if problems:
        raise typer.Exit(1)


def _consent(
    case: Path, person: int, use: str, recipient: str | None, note: str | None, granted: bool
) -> None:
    from testament.store.consents import record_consent

    with guard(), open_case(case) as opened:
        row = record_consent(opened, person, use, granted=granted, recipient=recipient, note=note)
        console.print(f"consent {row.id}: person {person} {'granted' if granted else 'refused'} {use}")


@consent_app.command("grant")
def consent_grant(
    case: Path = typer.Argument(..., help="Case folder."),
    person: int = typer.Argument(..., help="The witness's person id."),
    use: str = typer.Argument(..., help="archive, publish, share or prosecutor."),
    recipient: str | None = typer.Option(None, "--recipient", help="For share: the organisation."),
    note: str | None = typer.Option(None, "--note", help="How the consent was given (form, date)."),
) -> None:
    """Record that a witness granted a use."""
    _consent(case, person, use, recipient, note, True)


@consent_app.command("refuse")
def consent_refuse(
    case: Path = typer.Argument(..., help="Case folder."),
    person: int = typer.Argument(..., help="The witness's person id."),
    use: str = typer.Argument(..., help="archive, publish, share or prosecutor."),
    recipient: str | None = typer.Option(None, "--recipient", help="For share: the organisation."),
    note: str | None = typer.Option(None, "--note", help="How the answer was given."),
) -> None:
    """Record that a witness refused a use."""
    _consent(case, person, use, recipient, note, False)


@consent_app.command("withdraw")
def consent_withdraw(
    case: Path = typer.Argument(..., help="Case folder."),
    person: int = typer.Argument(..., help="The witness's person id."),
    use: str = typer.Argument(..., help="archive, publish, share or prosecutor."),
    recipient: str | None = typer.Option(None, "--recipient", help="For share: the organisation."),
) -> None:
    """Withdraw a witness's consent: every later export leaves out what it covered."""
    from testament.store.consents import withdraw_consent

    with guard(), open_case(case) as opened:
        row = withdraw_consent(opened, person, use, recipient=recipient)
        console.print(f"consent {row.id}: withdrawn at {row.withdrawn_at}")


@consent_app.command("list")
def consent_list(
    case: Path = typer.Argument(..., help="Case folder."),
    json_out: bool = typer.Option(
        False,
        "--json",
        help="Print JSON (with each consent's note, for a role cleared for restricted fields).",
    ),
    as_user: str | None = as_option(),
) -> None:
    """List every consent on file. A consent's note (how it was given) is restricted: `--json` shows it
    only to a role cleared for restricted fields, and the owner's read of it is logged as `disclosed`."""
    from testament.views.listings import consent_list as listing

    with guard(), open_case(case) as opened:
        shown = listing(opened, viewer_of(opened, as_user))
    rows = shown.items
    say_withheld(shown)
    if json_out:
        print_json([r.to_dict() for r in rows])
        return
    table = Table("id", "person", "use", "recipient", "granted", "recorded", "withdrawn")
    for r in rows:
        table.add_row(str(r.id), str(r.person_id), r.use, escape(r.recipient or ""), str(r.granted),
                      r.recorded_at, r.withdrawn_at or "")  # fmt: skip
    console.print(table)


def collection(
    case: Path = typer.Argument(..., help="Case folder."),
    artifact: int = typer.Argument(..., help="The artifact (see `testament artifacts`)."),
    by: str | None = typer.Option(None, "--by", help="Who collected it."),
    at: str | None = typer.Option(None, "--at", help="When, ISO 8601 with zone (stored in UTC)."),
    source: str | None = typer.Option(None, "--from", help="Where from: URL, device, place."),
    method: str | None = typer.Option(None, "--method", help="How: download, screenshot, scan, interview."),
    context: str | None = typer.Option(None, "--context", help="In what circumstances, for what purpose."),
    sensitivity: str | None = typer.Option(
        None, "--sensitivity", help="The record's label (default internal)."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Record how a file was collected (the Berkeley Protocol's fields); bundles carry it. Logged as a
    `collection` custody event naming the fields set."""
    from testament.store.collection import record_collection

    with guard(), open_case(case) as opened:
        record = record_collection(
            opened, artifact, collected_by=by, collected_at=at, collected_from=source, method=method,
            context=context, sensitivity=sensitivity,
        )  # fmt: skip
    if json_out:
        print_json(record)
    else:
        console.print(f"collection record of artifact {artifact} saved", highlight=False)


def register(app: typer.Typer) -> None:
    # the export subcommands registered themselves on `export_app` (added to the app by cli/extract.py)
    app.command("verify-bundle")(verify_bundle)
    app.command("collection")(collection)
    app.add_typer(consent_app, name="consent")
