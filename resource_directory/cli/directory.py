"""The directory itself: its schema, matching a client, editing a listing, serving the app."""

from __future__ import annotations

import json
from typing import Any

import click

from ..app import warm_up
from ..db import db
from ..errors import DirectoryError
from ..i18n import render_reason
from ..matching import MatchResponse
from ..operations import match_services, update_service, upgrade_schema
from ..operations.edits import EDITABLE
from ..taxonomy import NEED_SLUGS
from .base import actor, app_of, cli, unit_of_work


@cli.command("init-db")
@click.pass_context
def init_db(ctx: click.Context) -> None:
    """Create or upgrade the database schema to the latest migration."""
    app = app_of(ctx)
    with app.app_context():
        state = upgrade_schema(actor(), db.engine)
    click.echo(f"database at revision {state.revision} (head {state.head})")


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

    with unit_of_work(ctx, on_error=bad_request) as context:
        response = match_services(actor(), context, request)
    with app_of(ctx).app_context():  # reasons are worded in the app's language
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

    with unit_of_work(ctx, on_error=bad_edit) as context:
        edit = update_service(actor(), context, service, changes, source=source)
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
@click.option(
    "--debug",
    is_flag=True,
    help="Development only: reload on changes and show the interactive debugger.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, debug: bool) -> None:
    """Serve the web app (development server; use gunicorn in production)."""
    app = app_of(ctx)
    warm_up(app)  # build the search index before the first search
    # debug= always given: Flask.run would otherwise take FLASK_DEBUG from the environment
    # and serve the debugger's console to anyone who can reach the port.
    app.run(host=host, port=port, debug=debug)
