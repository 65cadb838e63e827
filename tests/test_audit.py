"""The audit trail, edits that imports keep, and child rows whose ids follow their content."""

from __future__ import annotations

import getpass
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

import importers.flat
from resource_directory.actor import Actor
from resource_directory.cli import cli
from resource_directory.errors import Forbidden, ImportRejected, InvalidInput, NotFound
from resource_directory.models import (
    Address,
    AuditEvent,
    Base,
    EligibilityRule,
    ImportRun,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceTaxonomy,
)
from resource_directory.operations import Context, import_listings, update_service

from .conftest import ADMIN, FIXTURES

CHILD_TABLES = (Address, Phone, Schedule, Language, ServiceTaxonomy, EligibilityRule, ServiceArea)
SMALL = FIXTURES / "flat_small.csv"


def child_ids(session) -> dict[str, set[str]]:
    return {m.__tablename__: set(session.scalars(select(m.id))) for m in CHILD_TABLES}


def events(session, **where) -> list[AuditEvent]:
    stmt = select(AuditEvent).order_by(AuditEvent.created_at, AuditEvent.id)
    for name, value in where.items():
        stmt = stmt.where(getattr(AuditEvent, name) == value)
    return list(session.scalars(stmt))


def service(session, external_id: str) -> Service:
    return session.scalar(select(Service).where(Service.external_id == external_id))


def row_counts(session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


def edited_copy(tmp_path, *replacements: tuple[str, str]):
    text = SMALL.read_text()
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "flat_small.csv"
    path.write_text(text)
    return path


def test_import_edit_and_reimport_audit_each_changed_field_and_keep_the_edit(session):
    first = import_listings(ADMIN, Context(session), SMALL, source="test")
    # One "create" event per record created: 4 organizations, 4 locations, 5 services and
    # 5 listings.
    assert first.audit_events == first.created == 18
    created = events(session, operation="import_listings")
    assert {e.action for e in created} == {"create"}
    assert {e.import_run_id for e in created} == {first.run_id}
    assert {e.updated_by for e in created} == {ADMIN.label}

    pantry = service(session, "t-S1")
    edit = update_service(
        ADMIN, Context(session), pantry.id,
        {"name": "Weekly Food Pantry (walk-in)", "fees_description": "Free, no ID needed"},
    )  # fmt: skip
    assert edit.changed == {
        "name": ("Weekly Food Pantry", "Weekly Food Pantry (walk-in)"),
        "fees_description": ("Free", "Free, no ID needed"),
    }
    edits = events(session, operation="update_service")
    assert [(e.field_name, e.previous_value, e.replacement_value) for e in edits] == [
        ("name", "Weekly Food Pantry", "Weekly Food Pantry (walk-in)"),
        ("fees_description", "Free", "Free, no ID needed"),
    ]
    assert {(e.resource_type, e.resource_id, e.action, e.channel) for e in edits} == {
        ("service", pantry.id, "update", "cli")
    }

    before, ids_before = len(events(session)), child_ids(session)
    again = import_listings(ADMIN, Context(session), SMALL, source="test")
    assert (again.created, again.updated, again.audit_events) == (0, 0, 0)
    assert len(events(session)) == before
    assert child_ids(session) == ids_before
    assert again.as_json()["kept_edits"] == 1
    assert again.as_json()["changes"]["services"]["kept_edits"] == [
        {"external_id": "t-S1", "fields": ["fees_description", "name"]}
    ]
    session.expire_all()
    assert service(session, "t-S1").name == "Weekly Food Pantry (walk-in)"


def test_a_changed_source_updates_what_was_not_edited_and_keeps_what_was(session, tmp_path):
    import_listings(ADMIN, Context(session), SMALL, source="test")
    pantry = service(session, "t-S1")
    update_service(ADMIN, Context(session), pantry.id, {"fees_description": "Free, no ID"})
    changed = edited_copy(
        tmp_path,
        ("Groceries every week for local families.", "Groceries every week and on Saturdays."),
        (",Free,Wheelchair", ",Free of charge,Wheelchair"),  # the edited field, at t-L1
    )
    summary = import_listings(ADMIN, Context(session), changed, source="test")
    # t-S2 also said "Free": the source's new wording reaches it, as it was never edited.
    assert summary.as_json()["changes"]["services"]["updated"] == [
        {"external_id": "t-S1", "fields": ["description"]},
        {"external_id": "t-S2", "fields": ["fees_description"]},
    ]
    assert summary.as_json()["changes"]["services"]["kept_edits"] == [
        {"external_id": "t-S1", "fields": ["fees_description"]}
    ]
    found = events(session, import_run_id=summary.run_id)
    assert sorted((e.resource_id, e.field_name) for e in found) == sorted(
        [(pantry.id, "description"), (service(session, "t-S2").id, "fees_description")]
    )
    session.expire_all()
    assert service(session, "t-S1").fees_description == "Free, no ID"
    assert service(session, "t-S1").description == "Groceries every week and on Saturdays."


def test_an_unchanged_reimport_writes_no_event_and_changes_no_child_id(session):
    import_listings(ADMIN, Context(session), SMALL, source="test")
    before, ids = row_counts(session), child_ids(session)
    again = import_listings(ADMIN, Context(session), SMALL, source="test")
    assert (again.updated, again.audit_events) == (0, 0)
    assert child_ids(session) == ids
    after = row_counts(session)
    assert after.pop("import_run") == before.pop("import_run") + 1
    assert after == before


def test_a_changed_child_row_is_the_only_one_replaced_and_audited(session, tmp_path):
    import_listings(ADMIN, Context(session), SMALL, source="test")
    ids = child_ids(session)
    # The pantry's hours change; its phone, languages and terms do not.
    changed = edited_copy(tmp_path, ("Mon–Fri 9am–5pm", "Mon–Sat 9am–5pm"))
    summary = import_listings(ADMIN, Context(session), changed, source="test")
    assert summary.as_json()["changes"]["service_at_locations"]["children_updated"] == [
        {"external_id": "t-L1", "fields": ["schedules"]}
    ]
    now = child_ids(session)
    assert now["phone"] == ids["phone"] and now["language"] == ids["language"]
    assert now["service_taxonomy"] == ids["service_taxonomy"]
    assert len(ids["schedule"] - now["schedule"]) == len(now["schedule"] - ids["schedule"]) > 0
    (event,) = events(session, import_run_id=summary.run_id)
    assert (event.resource_type, event.field_name) == ("service_at_location", "schedules")
    assert "Mon–Fri 9am–5pm" in event.previous_value
    assert "Mon–Sat 9am–5pm" in event.replacement_value


def test_full_mode_deactivations_are_audited(session, tmp_path):
    import_listings(ADMIN, Context(session), SMALL, source="test")
    smaller = tmp_path / "smaller.csv"
    smaller.write_text("\n".join(SMALL.read_text().splitlines()[:-1]) + "\n")
    summary = import_listings(ADMIN, Context(session), smaller, source="test", mode="full")
    found = {(e.resource_type, e.action, e.field_name, e.previous_value, e.replacement_value)
             for e in events(session, import_run_id=summary.run_id)}  # fmt: skip
    assert found == {
        (table, "deactivate", "active", "true", "false")
        for table in ("organization", "location", "service", "service_at_location")
    }


@pytest.mark.parametrize("through", ["operation", "cli"])
def test_a_rejected_import_writes_nothing_but_its_rejection(app, session, tmp_path, through):
    import_listings(ADMIN, Context(session), SMALL, source="test")
    session.commit()
    before = row_counts(session)
    bad = FIXTURES / "flat_bad.csv"
    if through == "operation":
        with pytest.raises(ImportRejected) as caught:
            import_listings(ADMIN, Context(session), bad, source="bad")
        run_id = caught.value.report.run_id
        session.commit()
    else:
        result = CliRunner().invoke(cli, ["import", str(bad), "--source", "bad"], obj=app)
        assert result.exit_code == 1, result.output
        session.expire_all()
        run_id = session.scalar(select(ImportRun.id).where(ImportRun.status == "rejected"))
    after = row_counts(session)
    assert after.pop("import_run") == before.pop("import_run") + 1
    assert after.pop("import_error") > before.pop("import_error")
    assert after == before  # audit_event and source included: no empty source left behind
    run = session.get(ImportRun, run_id)
    by = ADMIN.label if through == "operation" else f"cli:{getpass.getuser()}"
    assert (run.status, run.started_by, run.source_name) == ("rejected", by, "bad")
    # It wrote nothing, so it says it created nothing (it had counted the good rows).
    assert (run.created, run.updated, run.removed) == (0, 0, 0)
    from resource_directory.operations import list_import_runs

    (view,) = [v for v in list_import_runs(ADMIN, Context(session)) if v.run.id == run_id]
    assert view.source == "bad" and "created 0" in view.line()


def test_a_late_fatal_error_undoes_the_chunks_already_written(session, monkeypatch, tmp_path):
    monkeypatch.setattr(importers.flat, "CHUNK_ROWS", 2)
    rows = SMALL.read_text().splitlines()
    rows[-1] = rows[-1].replace("Confidential Shelter", "")  # missing name, in the last chunk
    bad = tmp_path / "late.csv"
    bad.write_text("\n".join(rows) + "\n")
    before = row_counts(session)
    with pytest.raises(ImportRejected):
        import_listings(ADMIN, Context(session), bad, source="late")
    after = row_counts(session)
    for table in ("import_run", "import_error", "source"):
        after.pop(table), before.pop(table)
    assert after == before


def test_an_edited_eligibility_text_is_read_again_and_survives_imports(session):
    import_listings(ADMIN, Context(session), SMALL, source="test")
    delivery = service(session, "t-S2")  # "Seniors 60+"
    edit = update_service(
        ADMIN, Context(session), delivery.id, {"eligibility_description": "Seniors 65+"}
    )
    assert edit.changed["minimum_age"] == (60, 65)
    rules = session.scalars(
        select(EligibilityRule).where(EligibilityRule.service_id == delivery.id)
    )
    assert [(r.kind, r.values.get("min")) for r in rules] == [("age", 65)]
    fields = {e.field_name for e in events(session, operation="update_service")}
    assert fields == {"eligibility_description", "minimum_age", "eligibility_rules"}

    again = import_listings(ADMIN, Context(session), SMALL, source="test")
    assert again.as_json()["changes"]["services"]["kept_edits"] == [
        {"external_id": "t-S2", "fields": ["eligibility_description", "minimum_age"]}
    ]
    session.expire_all()
    assert service(session, "t-S2").minimum_age == 65


def test_who_may_edit_a_service(session):
    import_listings(ADMIN, Context(session), SMALL, source="test")
    pantry = service(session, "t-S1")
    own = Actor(
        "agency_editor", "web", user_id="u1", organization_ids=frozenset({pantry.organization_id})
    )
    other = Actor("agency_editor", "web", user_id="u2", organization_ids=frozenset({"elsewhere"}))
    coordinator = Actor("coordinator", "web")
    for actor in (other, coordinator):
        with pytest.raises(Forbidden):
            update_service(actor, Context(session), pantry.id, {"name": "Mine now"})
    assert update_service(own, Context(session), pantry.id, {"name": "Ours"}).changed
    (event,) = events(session, operation="update_service")
    assert (event.updated_by, event.user_id, event.role) == ("user:u1", "u1", "agency_editor")
    with pytest.raises(NotFound):
        update_service(ADMIN, Context(session), "no-such-id", {"name": "x"})
    with pytest.raises(InvalidInput) as caught:
        update_service(ADMIN, Context(session), pantry.id, {"email": "not mail", "colour": "red"})
    assert set(caught.value.fields) == {"email", "colour"}


def test_update_service_from_the_command_line(app, session):
    import_listings(ADMIN, Context(session), SMALL, source="test")
    session.commit()
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["update-service", "t-S4", "--source", "test", "--set", "accepting_referrals=wait list",
         "--set", "url=", "--json"],
        obj=app,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    changed = json.loads(result.output)["changed"]
    assert changed == {
        "accepting_referrals": {"previous": "open", "new": "waitlist"},
        "url": {"previous": "https://www.counsel.example.org", "new": None},
    }
    bad = runner.invoke(
        cli,
        ["update-service", "t-S4", "--source", "test", "--set", "capacity_available=-2"],
        obj=app,
    )
    assert bad.exit_code == 2 and "capacity_available" in bad.output
    missing = runner.invoke(cli, ["update-service", "nope", "--set", "name=x"], obj=app)
    assert missing.exit_code == 1 and "no service 'nope'" in missing.output
    kept = runner.invoke(cli, ["import", str(SMALL), "--source", "test"], obj=app)
    assert "keep services t-S4: accepting_referrals, url (edited)" in kept.output


def test_the_audit_trail_is_read_back_from_the_command_line(app, session):
    first = import_listings(ADMIN, Context(session), SMALL, source="test")
    pantry = service(session, "t-S1")
    update_service(ADMIN, Context(session), pantry.id, {"name": "Pantry, walk-in"})
    session.commit()
    runner = CliRunner()
    mine = runner.invoke(cli, ["audit", "--record", pantry.id, "--json"], obj=app)
    assert mine.exit_code == 0, mine.output
    assert [(e["action"], e["field_name"], e["operation"]) for e in json.loads(mine.output)] == [
        ("update", "name", "update_service"),
        ("create", None, "import_listings"),
    ]
    text = runner.invoke(cli, ["audit", "--run", first.run_id[:8]], obj=app).output
    assert len(text.splitlines()) == 18 and "create     service" in text
    assert (
        "name: Weekly Food Pantry → Pantry, walk-in"
        in runner.invoke(cli, ["audit"], obj=app).output
    )
