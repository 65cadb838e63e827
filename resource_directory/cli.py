"""Command line: ``resource-directory`` (also ``python -m resource_directory``).

Each command parses its options, calls one operation inside :func:`_unit_of_work` (one
commit, or one rollback) and prints the result. The CLI acts as an administrator: the
person at the terminal owns the database. Exit codes (from the one table in
:mod:`resource_directory.errors`): 0 done, 1 rejected (nothing written), 2 bad usage or
bad input.
"""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from flask import Flask

from importers import FORMATS

from .actor import Actor, cli_actor
from .app import create_app, operation_context, warm_up
from .db import db
from .errors import DirectoryError, outcome
from .i18n import render_reason
from .matching import MatchResponse
from .operations import (
    Context,
    export_hsds,
    import_listings,
    list_audit_events,
    list_import_runs,
    match_services,
    update_service,
    upgrade_schema,
)
from .operations.edits import EDITABLE
from .operations.imports import MODES
from .taxonomy import NEED_SLUGS


def _app(ctx: click.Context) -> Flask:
    """The app given by the caller (tests), or one built from the environment."""
    root = ctx.find_root()
    if root.obj is None:
        root.obj = create_app()
    return root.obj


def _actor() -> Actor:
    return cli_actor(getpass.getuser())


@contextmanager
def _unit_of_work(
    ctx: click.Context, on_error: Callable[[DirectoryError], None] | None = None
) -> Iterator[Context]:
    """One command's unit of work: commit once when the body finishes, roll back when it
    raises (keeping what the error table says to keep), and exit with the error's code
    after ``on_error`` (or a plain ``error:`` line) has told the user."""
    app = _app(ctx)
    with app.app_context():
        context = operation_context(app)
        try:
            yield context
        except DirectoryError as exc:
            result = outcome(exc)
            (context.session.commit if result.commit else context.session.rollback)()
            if on_error is not None:
                on_error(exc)
            else:
                click.echo(f"error: {exc}", err=True)
            ctx.exit(result.exit_code)
        except BaseException:
            context.session.rollback()
            raise
        else:
            context.session.commit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Community resource directory and referral matcher."""


@cli.command("init-db")
@click.pass_context
def init_db(ctx: click.Context) -> None:
    """Create or upgrade the database schema to the latest migration."""
    app = _app(ctx)
    with app.app_context():
        state = upgrade_schema(_actor(), db.engine)
    click.echo(f"database at revision {state.revision} (head {state.head})")


@cli.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True)
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML/JSON column mapping for any spreadsheet or JSON list (implies --format tabular).",
)
@click.option("--source", help="Name of the data source (default: from the file).")
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default="partial",
    show_default=True,
    help="full: records of this source missing from the file become inactive.",
)
@click.option("--skip-invalid", is_flag=True, help="Import the good rows; report the bad ones.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def import_command(
    ctx: click.Context,
    path: Path,
    fmt: str,
    mapping: Path | None,
    source: str | None,
    mode: str,
    skip_invalid: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Import listings from PATH: a flat CSV, an Ohana CSV folder, an HSDS datapackage or JSON
    file, or any CSV/TSV/XLSX/JSON list with --mapping (upsert by source and external id)."""
    if not path.exists():
        raise click.BadParameter(f"{path} does not exist", param_hint="PATH")
    progress = None if as_json or not sys.stderr.isatty() else _progress

    def rejected(exc: DirectoryError) -> None:
        if progress:
            click.echo("", err=True)
        report = getattr(exc, "report", None)
        if report is None:  # not a rejection: a file we cannot read at all
            raise click.UsageError(str(exc))
        _print_import(report, as_json, rejected=True)

    with _unit_of_work(ctx, on_error=rejected) as context:
        summary = import_listings(
            _actor(), context, path, format=fmt, source=source, dry_run=dry_run, mode=mode,
            skip_invalid=skip_invalid, mapping=mapping, progress=progress,
        )  # fmt: skip
    if progress:
        click.echo("", err=True)
    _print_import(summary, as_json, rejected=False)


def _progress(stage: str, done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    bar = "#" * filled + "-" * (width - filled)
    click.echo(f"\r{stage:<22} [{bar}] {done:>8,}/{total:,}", err=True, nl=False)


@cli.command("imports")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--run", "run_id", help="Show one run with all of its errors and warnings.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def imports_command(ctx: click.Context, limit: int, run_id: str | None, as_json: bool) -> None:
    """List recent import runs (newest first), or one run's errors."""
    with _unit_of_work(ctx) as context:
        runs = list_import_runs(_actor(), context, limit=limit, run_id=run_id)
        if run_id and not runs:
            raise click.BadParameter(f"no import run {run_id!r}", param_hint="--run")
        if as_json:
            click.echo(json.dumps([r.as_json(with_errors=bool(run_id)) for r in runs], indent=2))
            return
        for run in runs:
            click.echo(run.line())
            if run_id:
                for problem in run.problems:
                    click.echo(f"  {problem}")


@cli.command("audit")
@click.option("--record", "resource_id", help="Only this record's events (its directory id).")
@click.option("--run", "run_id", help="Only the events of this import run (id or its start).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def audit_command(
    ctx: click.Context, resource_id: str | None, run_id: str | None, limit: int, as_json: bool
) -> None:
    """List recent audit events (newest first): who changed which field, when, how."""
    with _unit_of_work(ctx) as context:
        found = list_audit_events(
            _actor(), context, resource_id=resource_id, run_id=run_id, limit=limit
        )
        if as_json:
            click.echo(json.dumps([e.as_json() for e in found], indent=2, ensure_ascii=False))
            return
        for event in found:
            click.echo(event.line())
        if not found:
            click.echo("no audit events")


def _print_import(summary, as_json: bool, *, rejected: bool) -> None:
    if as_json:
        click.echo(json.dumps(summary.as_json(), indent=2))
        return
    for problem in [*summary.errors, *summary.warnings]:
        where = ":".join(str(p) for p in (problem.file, problem.line) if p is not None)
        column = f" [{problem.column}]" if problem.column else ""
        click.echo(f"{problem.severity}: {where}{column} {problem.code}: {problem.message}",
                   err=True)  # fmt: skip
    if rejected:
        click.echo(
            f"rejected: {len(summary.errors)} error(s) in {summary.path}; nothing was written",
            err=True,
        )
        return
    if summary.errors:
        click.echo(f"skipped {len(summary.errors)} invalid row(s) (--skip-invalid)", err=True)
    verb = "would import" if summary.dry_run else "imported"
    click.echo(
        f"{verb} {summary.path} as source {summary.source!r}: "
        f"{summary.organizations} organizations, {summary.locations} locations, "
        f"{summary.services} services — created {summary.created}, updated {summary.updated}, "
        f"unchanged {summary.unchanged}, removed {summary.removed}; "
        f"{len(summary.warnings)} warning(s)"
    )
    if summary.kept_edits:
        click.echo(f"kept the edited fields of {summary.kept_edits} record(s)")
    for table, diff in summary.diffs.items():
        for external_id, fields in diff.kept.items():
            click.echo(f"  keep {table} {external_id}: {', '.join(fields)} (edited)")
        if not summary.dry_run:
            continue
        for external_id in diff.created:
            click.echo(f"  create {table} {external_id}")
        for external_id, fields in diff.updated.items():
            changed = [*fields, *diff.children.get(external_id, ())]
            click.echo(f"  update {table} {external_id}: {', '.join(changed)}")
        for external_id in diff.deactivated:
            click.echo(f"  deactivate {table} {external_id}")


@cli.command("match")
@click.option("--address")
@click.option("--zip", "zip_code")
@click.option("--lat", type=float)
@click.option("--lon", type=float)
@click.option("--need", "needs", multiple=True, help=f"One of: {', '.join(NEED_SLUGS)}.")
@click.option("--query", help="Free text, e.g. 'diapers'.")
@click.option("--age", type=int)
@click.option("--household-size", type=int)
@click.option("--annual-income", type=float, help="USD per year.")
@click.option("--veteran/--no-veteran", default=None)
@click.option("--disability/--no-disability", default=None)
@click.option("--pregnant/--no-pregnant", default=None)
@click.option("--housing-status", type=click.Choice(["homeless", "at_risk", "housed"]))
@click.option(
    "--child-age",
    "children_ages",
    type=int,
    multiple=True,
    help="Age of a child in the household (repeat for each).",
)
@click.option("--gender")
@click.option("--language", help="ISO 639 code, e.g. es.")
@click.option("--radius-km", type=float)
@click.option("--limit", type=int)
@click.option("--at", help="ISO date-time of the search (default: now).")
@click.option("--include-ineligible", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def match_command(ctx: click.Context, as_json: bool, zip_code: str | None, **options: Any):
    """Rank services for a client's needs and location."""
    request: dict[str, Any] = {k: v for k, v in options.items() if v not in (None, ())}
    request["needs"] = list(options["needs"])
    if options["children_ages"]:
        request["children_ages"] = list(options["children_ages"])
    if zip_code is not None:
        request["zip"] = zip_code

    def bad_request(exc: DirectoryError) -> None:
        for field, messages in sorted((exc.fields or {"_": [str(exc)]}).items()):
            flag = "--" + field.replace("_", "-").replace("needs", "need")
            click.echo(f"error: {flag}: {' '.join(messages)}", err=True)

    with _unit_of_work(ctx, on_error=bad_request) as context:
        response = match_services(_actor(), context, request)
    with _app(ctx).app_context():  # reasons are worded in the app's language
        _echo_match(response, as_json)


def _echo_match(response: MatchResponse, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(response.as_json(render_reason), indent=2, ensure_ascii=False))
        return
    client = response.client
    click.echo(f"client at ({client.lat:.4f}, {client.lon:.4f}), precision {client.precision}")
    if not response.results:
        click.echo("no services match; try a larger --radius-km or fewer needs")
    for number, result in enumerate(response.results, 1):
        click.echo(
            f"{number:>2}. {result.name} — {result.organization} "
            f"[{result.eligibility}, {result.distance_km:.1f} km, score {result.score:.3f}]"
        )
        click.echo(f"    {result.address}")
        for reason in result.reasons:
            click.echo(f"    · {render_reason(reason)}")


@cli.command("update-service")
@click.argument("service")
@click.option("--source", help="SERVICE is this source's own id for the service.")
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="FIELD=VALUE",
    help=f"A field to change (repeat for each): {', '.join(EDITABLE)}. An empty value clears.",
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def update_service_command(
    ctx: click.Context, service: str, source: str | None, assignments: tuple[str, ...],
    as_json: bool,
) -> None:  # fmt: skip
    """Edit a service's fields. Later imports of its source keep the edited fields."""
    changes: dict[str, str] = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{assignment!r} is not FIELD=VALUE", param_hint="--set")
        changes[name.strip()] = value

    def bad_edit(exc: DirectoryError) -> None:
        for field, messages in sorted((exc.fields or {"_": [str(exc)]}).items()):
            click.echo(f"error: {'' if field == '_' else field + ': '}{' '.join(messages)}",
                       err=True)  # fmt: skip

    with _unit_of_work(ctx, on_error=bad_edit) as context:
        edit = update_service(_actor(), context, service, changes, source=source)
    if as_json:
        changed = {k: {"previous": _jsonable(a), "new": _jsonable(b)}
                   for k, (a, b) in edit.changed.items()}  # fmt: skip
        click.echo(json.dumps({"service_id": edit.service_id, "changed": changed}, indent=2))
        return
    if not edit.changed:
        click.echo(f"service {edit.service_id}: nothing changed")
    for name, (previous, new) in edit.changed.items():
        click.echo(f"service {edit.service_id}: {name}: {previous!r} → {new!r}")


def _jsonable(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the web app (development server; use gunicorn in production)."""
    app = _app(ctx)
    warm_up(app)  # build the search index before the first search
    app.run(host=host, port=port)


@cli.group("export")
def export_group() -> None:
    """Export the directory in a standard format."""


@export_group.command("hsds")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Write into OUTDIR even if it is not empty.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
@click.pass_context
def export_hsds_command(ctx: click.Context, outdir: Path, force: bool, as_json: bool) -> None:
    """Write the active listings to OUTDIR as HSDS 3 CSV tables and a datapackage.json."""

    def refused(exc: DirectoryError) -> None:
        for messages in (exc.fields or {"_": [str(exc)]}).values():
            click.echo(f"error: OUTDIR {' '.join(messages)}", err=True)

    with _unit_of_work(ctx, on_error=refused) as context:
        summary = export_hsds(_actor(), context, outdir, force=force)
    if as_json:
        click.echo(json.dumps(summary.as_json(), indent=2))
        return
    click.echo(f"exported HSDS 3 package to {summary.outdir}:")
    for table, rows in summary.counts.items():
        click.echo(f"  {table:<20} {rows:>8}")


def main() -> None:
    cli(prog_name="resource-directory")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
