"""The match and init-db commands through CliRunner."""

import json

from click.testing import CliRunner

from resource_directory.cli import cli
from resource_directory.schema import head_revision


def test_match_json_contract(app, small_directory):
    result = CliRunner().invoke(
        cli,
        [
            "match",
            "--zip",
            "21218",
            "--need",
            "food",
            "--age",
            "67",
            "--at",
            "2026-11-24T10:30",
            "--json",
        ],
        obj=app,
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["client"]["precision"] == "zip"
    assert [r["name"] for r in body["results"]] == [
        "Senior Grocery Delivery",
        "Weekly Food Pantry",
    ]
    assert body["results"][0]["eligibility"] == "eligible"
    first = body["results"][0]
    reasons = dict(zip(first["reason_codes"], first["reasons"], strict=True))
    assert reasons["situation.serves.seniors"] == "serves seniors"


def test_match_text_output_explains(app, small_directory):
    result = CliRunner().invoke(
        cli,
        ["match", "--address", "Baltimore, MD 21201", "--need", "shelter", "--age", "30",
         "--include-ineligible"],
        obj=app,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("client at (39.2946, -76.6252), precision zip")
    assert "Youth Emergency Beds — Test Youth Shelter [ineligible" in result.output
    assert "· “Youth 14–24” — client is 30" in result.output
    # The excluded service comes last.
    assert result.output.index("Confidential Shelter") < result.output.index("Youth Emergency")


def test_match_bad_input_exits_2_naming_the_option(app):
    runner = CliRunner()
    result = runner.invoke(cli, ["match", "--zip", "21218", "--need", "dental"], obj=app)
    assert result.exit_code == 2
    assert "error: --need: unknown need 'dental'; valid needs are: food" in result.output
    result = runner.invoke(cli, ["match", "--need", "food"], obj=app)
    assert result.exit_code == 2 and "--address: give an address" in result.output
    result = runner.invoke(
        cli, ["match", "--zip", "21218", "--need", "food", "--age", "x"], obj=app
    )
    assert result.exit_code == 2  # click's own type check


def test_init_db_reports_revision(app):
    result = CliRunner().invoke(cli, ["init-db"], obj=app)
    assert result.exit_code == 0, result.output
    assert f"at revision {head_revision()} (head {head_revision()})" in result.output
