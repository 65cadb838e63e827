"""Rebuilding a process's search index after an import while searches go on."""

from __future__ import annotations

import gc
import logging
import sys
import threading

import pytest

from resource_directory.app import create_app
from resource_directory.db import Database, db
from resource_directory.matching import freshness
from resource_directory.matching.freshness import IndexHolder
from resource_directory.matching.index import DirectoryIndex
from resource_directory.operations import Context, import_listings

from .conftest import ADMIN, FIXTURES, fresh_database
from .test_index import NEW_PANTRY, write_new_listing

SEARCH = {"zip": "21218", "needs": ["food"], "at": "2026-11-24T10:30:00-05:00"}


class GatedBuild:
    """Builds indexes as the app does; from the ``gate_from``-th build on, each waits until
    released, and the first ``fail`` of those raise instead."""

    def __init__(self, gate_from: int = 2, fail: int = 0):
        self.started = 0
        self.gate_from, self.fail = gate_from, fail
        self.building = threading.Event()
        self.release = threading.Event()

    def __call__(self, session):
        self.started += 1
        if self.started >= self.gate_from:
            self.building.set()
            assert self.release.wait(timeout=60)
            if self.fail:
                self.fail -= 1
                raise RuntimeError("database went away")
        return DirectoryIndex.build(session)


@pytest.fixture
def worker(backend, tmp_path, monkeypatch):
    """An app on its own database (background builds use their own connections), with the
    small directory imported; every rebuild after the first counts as slow."""
    monkeypatch.setattr(freshness, "INLINE_REBUILD_SECONDS", 0.0)
    with fresh_database(backend, tmp_path) as url:
        app = create_app(
            {"DATABASE_URL": url, "SECRET_KEY": "x", "INDEX_CHECK_SECONDS": 0},
            instance_path=str(tmp_path / "instance"),
        )
        with app.app_context():
            import_listings(ADMIN, Context(db.session), FIXTURES / "flat_small.csv", source="t")
            db.session.commit()
        yield app
        Database.state(app).engine.dispose()


def use_holder(app, build, **options) -> IndexHolder:
    holder = IndexHolder(Database.state(app).sessionmaker, build=build, **options)
    app.extensions["search_index"] = holder
    return holder


def found(app) -> list[str]:
    response = app.test_client().post("/api/match", json=SEARCH)
    assert response.status_code == 200
    return [result["name"] for result in response.get_json()["results"]]


def import_new_pantry(app, tmp_path) -> None:
    with app.app_context():
        path = write_new_listing(tmp_path / "new.csv")
        import_listings(ADMIN, Context(db.session), path, source="new")
        db.session.commit()


def test_searches_during_a_rebuild_answer_from_the_previous_index(worker, tmp_path):
    build = GatedBuild()
    holder = use_holder(worker, build)
    before = found(worker)  # the first build, in place
    assert before and NEW_PANTRY not in before
    import_new_pantry(worker, tmp_path)

    assert found(worker) == before  # answered at once, from the previous index
    assert build.building.wait(timeout=30)
    assert found(worker) == before and found(worker) == before
    assert build.started == 2  # one rebuild at a time, however many searches notice

    build.release.set()
    assert holder.wait_for_rebuild(timeout=60)
    assert NEW_PANTRY in found(worker)
    assert build.started == 2


def test_a_failed_rebuild_is_logged_the_old_index_kept_and_tried_again_later(
    worker, tmp_path, caplog
):
    now = [1000.0]
    build = GatedBuild(fail=2)
    holder = use_holder(worker, build, clock=lambda: now[0], retry_seconds=5)
    before = found(worker)
    import_new_pantry(worker, tmp_path)
    build.release.set()

    with caplog.at_level(logging.ERROR, logger=freshness.__name__):
        assert found(worker) == before
        assert holder.wait_for_rebuild(timeout=60)
    assert "search index rebuild failed (1 in a row); next try in 5 s" in caplog.text
    assert "database went away" in caplog.text
    assert gc.isenabled()

    now[0] += 4.9
    assert found(worker) == before  # too soon to try again
    assert holder.wait_for_rebuild(timeout=60) and build.started == 2

    now[0] += 0.2
    assert found(worker) == before  # tried again (and fails again: twice as long to wait)
    assert holder.wait_for_rebuild(timeout=60) and build.started == 3
    assert "(2 in a row); next try in 10 s" in caplog.text

    now[0] += 10.1
    assert found(worker) == before  # the third try builds
    assert holder.wait_for_rebuild(timeout=60) and build.started == 4
    assert NEW_PANTRY in found(worker)


def test_a_rebuild_while_serving_freezes_the_new_index_without_a_collection(
    worker, tmp_path, monkeypatch
):
    """A full collection walks the whole new index holding the GIL (searches stall), so a
    background build keeps the collector paused until the index is frozen, and skips it."""
    calls = []
    monkeypatch.setattr(freshness, "FREEZE_FROM", 0)
    monkeypatch.setattr(freshness.gc, "collect", lambda *a: calls.append("collect") or 0)
    monkeypatch.setattr(freshness.gc, "freeze", lambda: calls.append("freeze"))

    def build(session):
        calls.append("build, collector on" if gc.isenabled() else "build, collector paused")
        return DirectoryIndex.build(session)

    holder = use_holder(worker, build)
    found(worker)
    assert calls == ["build, collector paused", "collect", "freeze"]  # nothing to stall yet
    calls.clear()
    import_new_pantry(worker, tmp_path)
    found(worker)
    assert holder.wait_for_rebuild(timeout=60)
    assert calls == ["build, collector paused", "freeze"]
    assert gc.isenabled()
    assert NEW_PANTRY in found(worker)


def test_a_rebuild_while_serving_hands_the_gil_over_more_often(worker, tmp_path):
    seen = []

    def build(session):
        seen.append(sys.getswitchinterval())
        return DirectoryIndex.build(session)

    holder = use_holder(worker, build)
    default = sys.getswitchinterval()
    found(worker)
    import_new_pantry(worker, tmp_path)
    found(worker)
    assert holder.wait_for_rebuild(timeout=60)
    assert seen == [default, freshness.BUILD_SWITCH_SECONDS]
    assert sys.getswitchinterval() == default
