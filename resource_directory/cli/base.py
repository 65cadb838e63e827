"""What every command shares: the app, the actor, and one unit of work per command.

The CLI acts as an administrator: the person at the terminal owns the database. Exit codes
come from the one table in :mod:`resource_directory.errors`: 0 done, 1 rejected (nothing
written), 2 bad usage or bad input.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from flask import Flask

from ..actor import Actor, cli_actor
from ..app import create_app, operation_context
from ..errors import DirectoryError, outcome
from ..operations import Context


def app_of(ctx: click.Context) -> Flask:
    """The app given by the caller (tests), or one built from the environment."""
    root = ctx.find_root()
    if root.obj is None:
        root.obj = create_app()
    return root.obj


def actor() -> Actor:
    return cli_actor(getpass.getuser())


@contextmanager
def unit_of_work(
    ctx: click.Context, on_error: Callable[[DirectoryError], None] | None = None
) -> Iterator[Context]:
    """One command's unit of work: commit once when the body finishes, roll back when it
    raises (keeping what the error table says to keep), and exit with the error's code
    after ``on_error`` (or a plain ``error:`` line) has told the user."""
    app = app_of(ctx)
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
