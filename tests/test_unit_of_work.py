"""One unit of work per request and per command; who may do what; one error table."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from resource_directory import errors
from resource_directory.actor import Actor, kiosk_actor, web_actor
from resource_directory.app import operation_context
from resource_directory.cli import cli, unit_of_work
from resource_directory.db import db
from resource_directory.errors import DirectoryError, Forbidden, NotFound, outcome
from resource_directory.models import Service, Source
from resource_directory.operations import (
    Context,
    export_hsds,
    import_listings,
    list_import_runs,
    match_services,
    show_service,
)
from resource_directory.policy import RULES, can

from .conftest import ADMIN, FIXTURES


def sources(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(Source.name)))


def test_a_request_commits_once_when_it_succeeds_and_rolls_back_when_it_fails(app):
    def write(name: str, status: int = 200, error: DirectoryError | None = None):
        db.session.add(Source(name=name))
        db.session.flush()
        if error is not None:
            raise error
        return "done", status

    app.add_url_rule("/t/ok", "ok", lambda: write("kept"))
    app.add_url_rule("/t/bad", "bad", lambda: write("dropped-400", 400))
    app.add_url_rule("/t/missing", "missing", lambda: write("dropped-404", error=NotFound("x")))
    rejected = errors.ImportRejected(type("Report", (), {"errors": [1]})())
    app.add_url_rule("/t/rejected", "rejected", lambda: write("kept-rejected", error=rejected))
    client = app.test_client()
    assert [client.get(f"/t/{p}").status_code for p in ("ok", "bad", "missing", "rejected")] == [
        200, 400, 404, 422,
    ]  # fmt: skip
    # A rejected import keeps the record of its rejection: the error table says so.
    assert sources(app) == {"kept", "kept-rejected"}


def test_a_command_commits_once_or_rolls_back_and_exits_with_the_tables_code(app):
    @click.command()
    @click.argument("what")
    @click.pass_context
    def probe(ctx, what):
        with unit_of_work(ctx) as context:
            context.session.add(Source(name=what))
            context.session.flush()
            if what == "forbidden":
                raise Forbidden("no")
            if what == "crash":
                raise RuntimeError("boom")

    runner = CliRunner()
    assert runner.invoke(probe, ["fine"], obj=app).exit_code == 0
    forbidden = runner.invoke(probe, ["forbidden"], obj=app)
    assert (forbidden.exit_code, forbidden.output.strip()) == (1, "error: no")
    assert isinstance(runner.invoke(probe, ["crash"], obj=app).exception, RuntimeError)
    assert sources(app) == {"fine"}


def test_every_domain_error_has_its_own_line_in_the_table():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for cls in subclasses(DirectoryError):  # mapped itself or through a mapped parent
        mapped = [c for c in cls.__mro__ if c in errors.OUTCOMES and c is not DirectoryError]
        assert mapped, f"{cls.__name__} falls through to the generic outcome"
    assert outcome(errors.UnknownNeed(["x"], ["food"])).exit_code == 2
    assert outcome(errors.UnsupportedFormat("?")).http_status == 400
    assert (outcome(NotFound("x")).http_status, outcome(Forbidden("x")).http_status) == (404, 403)


def test_policy_rules(session):
    editor = Actor("agency_editor", "web", user_id="e", organization_ids=frozenset({"o1"}))
    visitor = Actor("anonymous", "web")
    kiosk = kiosk_actor("library")
    coordinator = web_actor()
    assert all(can(ADMIN, action) for action in RULES if action != "update_service")
    assert can(coordinator, "match_services") and can(kiosk, "match_services")
    assert not can(visitor, "match_services")  # anonymous only at a kiosk
    for actor in (coordinator, editor, kiosk):
        assert not can(actor, "import_listings") and not can(actor, "list_import_runs")
    assert not can(coordinator, "an_action_nobody_wrote_a_rule_for")
    ctx = Context(session)
    with pytest.raises(Forbidden):
        import_listings(coordinator, ctx, FIXTURES / "flat_small.csv", source="x")
    with pytest.raises(Forbidden):
        list_import_runs(kiosk, ctx)
    with pytest.raises(Forbidden):
        export_hsds(editor, ctx, FIXTURES / "nowhere")
    with pytest.raises(Forbidden):
        match_services(visitor, ctx, {"zip": "21218", "needs": ["food"]})


def test_inactive_listings_are_hidden_from_the_public_but_not_from_staff(session):
    import_listings(ADMIN, Context(session), FIXTURES / "flat_small.csv", source="test")
    pantry = session.scalar(select(Service).where(Service.external_id == "t-S1"))
    session.execute(update(Service).where(Service.id == pantry.id).values(active=False))
    own = Actor("agency_editor", "web", organization_ids=frozenset({pantry.organization_id}))
    for staff in (ADMIN, web_actor(), own):
        assert show_service(staff, Context(session), pantry.id).active is False
    for public in (kiosk_actor("library"), Actor("agency_editor", "web")):
        with pytest.raises(NotFound):
            show_service(public, Context(session), pantry.id)


def test_the_cli_acts_as_an_administrator_and_the_web_as_a_coordinator(app, small_directory):
    result = CliRunner().invoke(cli, ["imports", "--json"], obj=app)
    assert result.exit_code == 0 and '"status": "imported"' in result.output
    with app.test_request_context("/api/match"):
        from resource_directory.web import current_actor

        assert (current_actor().role, current_actor().channel) == ("coordinator", "api")
        assert operation_context().search_index is app.extensions["search_index"]
