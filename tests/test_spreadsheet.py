"""Reports for spreadsheets neutralise formulas; the HSDS export keeps values exact."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from resource_directory.cli import cli
from resource_directory.operations import Context, export_hsds, import_listings
from resource_directory.spreadsheet import spreadsheet_cell, write_spreadsheet_csv

from .conftest import ADMIN, write_flat


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        ("", ""),
        (3, 3),
        (None, None),
    ],
)
def test_a_cell_that_would_run_as_a_formula_is_quoted(value, shown):
    assert spreadsheet_cell(value) == shown


def test_a_report_quotes_header_and_cells_alike():
    out = io.StringIO()
    write_spreadsheet_csv(out, ["=head", "line"], [["@x", 3], ["ok", None]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["'=head", "line"], ["'@x", "3"], ["ok", ""],
    ]  # fmt: skip


def test_an_import_runs_problems_as_csv_for_a_spreadsheet(app, tmp_path):
    path = write_flat(
        tmp_path / "=listings.csv",
        [{"service": "Pantry", "lat": "=1+1", "@note": "x"}],
        extra_columns=("@note",),
    )
    runner = CliRunner()
    runner.invoke(cli, ["import", str(path), "--source", "formulas"], obj=app)
    run = json.loads(runner.invoke(cli, ["imports", "--json"], obj=app).output)[0]
    result = runner.invoke(cli, ["imports", "--run", run["id"], "--csv"], obj=app)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["severity", "file", "line", "column", "code", "message"]
    by_code = {row["code"]: row for row in rows}
    assert set(by_code) >= {"unknown_column", "invalid_number"}, rows
    assert by_code["unknown_column"]["column"] == "'@note"
    assert by_code["invalid_number"]["file"] == "'=listings.csv"
    assert by_code["invalid_number"]["message"] == "lat '=1+1' is not a number"
    refused = runner.invoke(cli, ["imports", "--csv"], obj=app)
    assert refused.exit_code == 2 and "give --run too" in refused.output


def test_the_hsds_export_keeps_values_exact(session, tmp_path):
    names = {"organization": "=Org (Formula)", "service": "-Minus Service"}
    path = write_flat(tmp_path / "listings.csv", [names])
    import_listings(ADMIN, Context(session), path, source="exact")
    export_hsds(ADMIN, Context(session), tmp_path / "out")
    with (tmp_path / "out" / "organizations.csv").open(encoding="utf-8", newline="") as handle:
        assert [row["name"] for row in csv.DictReader(handle)] == ["=Org (Formula)"]
    with (tmp_path / "out" / "services.csv").open(encoding="utf-8", newline="") as handle:
        assert [row["name"] for row in csv.DictReader(handle)] == ["-Minus Service"]
