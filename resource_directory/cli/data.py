"""Listings in and out: import, the run history, export, and the audit trail."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import click

from importers import FORMATS

from ..errors import DirectoryError
from ..operations import export_hsds, import_listings, list_audit_events, list_import_runs
from ..operations.imports import MODES
from ..operations.runs import PROBLEM_FIELDS
from ..spreadsheet import write_spreadsheet_csv
from .base import actor, cli, unit_of_work


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
@click.option(
    "--allow-mass-deactivation",
    is_flag=True,
    help="With --mode full: deactivate even more than half of the source's records.",
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
    allow_mass_deactivation: bool,
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
        if report is None and as_json:  # a file we cannot read at all, said as JSON too
            problem = {"file": path.name, "line": None, "column": None, "code": exc.code,
                       "message": str(exc)}  # fmt: skip
            click.echo(json.dumps({"errors": [problem], "warnings": []}, indent=2))
        elif report is None:
            raise click.UsageError(str(exc))
        else:
            _print_import(report, as_json, rejected=True)

    with unit_of_work(ctx, on_error=rejected) as context:
        summary = import_listings(
            actor(), context, path, format=fmt, source=source, dry_run=dry_run, mode=mode,
            skip_invalid=skip_invalid, mapping=mapping, progress=progress,
            allow_mass_deactivation=allow_mass_deactivation,
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
@click.option(
    "--csv",
    "as_csv",
    is_flag=True,
    help="With --run: its errors and warnings as CSV, safe to open in a spreadsheet.",
)
@click.pass_context
def imports_command(
    ctx: click.Context, limit: int, run_id: str | None, as_json: bool, as_csv: bool
) -> None:
    """List recent import runs (newest first), or one run's errors."""
    if as_csv and not run_id:
        raise click.UsageError("--csv reports one run's problems: give --run too.")
    with unit_of_work(ctx) as context:
        runs = list_import_runs(actor(), context, limit=limit, run_id=run_id)
        if run_id and not runs:
            raise click.BadParameter(f"no import run {run_id!r}", param_hint="--run")
        if as_csv:
            report = io.StringIO()
            write_spreadsheet_csv(report, PROBLEM_FIELDS, runs[0].problem_rows())
            click.echo(report.getvalue(), nl=False)
            return
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
    with unit_of_work(ctx) as context:
        found = list_audit_events(
            actor(), context, resource_id=resource_id, run_id=run_id, limit=limit
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

    with unit_of_work(ctx, on_error=refused) as context:
        summary = export_hsds(actor(), context, outdir, force=force)
    if as_json:
        click.echo(json.dumps(summary.as_json(), indent=2))
        return
    click.echo(f"exported HSDS 3 package to {summary.outdir}:")
    for table, rows in summary.counts.items():
        click.echo(f"  {table:<20} {rows:>8}")
