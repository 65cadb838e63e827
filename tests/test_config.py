import os
import stat

from resource_directory.app import create_app


def test_secret_key_generated_once_into_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    first = create_app({"DATABASE_URL": "sqlite://"}, instance_path=str(instance))
    second = create_app({"DATABASE_URL": "sqlite://"}, instance_path=str(instance))
    key_file = instance / "secret_key"
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_precedence_defaults_then_instance_file_then_environment(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("DEFAULT_RADIUS_KM = 12.5\nGEOCODER = 'offline'\n")
    monkeypatch.delenv("DEFAULT_RADIUS_KM", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = create_app(instance_path=str(instance))
    assert app.config["DEFAULT_RADIUS_KM"] == 12.5
    assert app.config["DATABASE_URL"] == f"sqlite:///{instance / 'resource_directory.db'}"
    (instance / "secret_key").unlink()

    monkeypatch.setenv("DEFAULT_RADIUS_KM", "7")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    app = create_app(instance_path=str(instance))
    assert app.config["DEFAULT_RADIUS_KM"] == 7.0
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["DATABASE_URL"].endswith("other.db")
    assert not (instance / "secret_key").exists()


def _app(database_url, tmp_path, **config):
    return create_app(
        {"DATABASE_URL": database_url, "SECRET_KEY": "x", **config},
        instance_path=str(tmp_path / "instance"),
    )


def test_flask_debug_in_the_environment_does_not_turn_on_the_debugger(tmp_path, monkeypatch):
    import werkzeug.serving
    from click.testing import CliRunner

    from resource_directory.cli import cli
    from resource_directory.cli import directory as commands

    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setattr(commands, "warm_up", lambda app: None)
    served = []
    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda *a, **kw: served.append(kw))
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"}, str(tmp_path))
    assert app.debug is False
    assert CliRunner().invoke(cli, ["serve"], obj=app).exit_code == 0
    assert served[-1]["use_debugger"] is False and served[-1]["use_reloader"] is False
    assert CliRunner().invoke(cli, ["serve", "--debug"], obj=app).exit_code == 0
    assert served[-1]["use_debugger"] is True


def test_an_empty_secret_key_file_is_replaced(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "secret_key").write_text("\n")
    app = create_app({"DATABASE_URL": "sqlite://"}, instance_path=str(instance))
    assert len(app.config["SECRET_KEY"]) == 64
    assert (instance / "secret_key").read_text() == app.config["SECRET_KEY"]
    assert stat.S_IMODE(os.stat(instance / "secret_key").st_mode) == 0o600


def _key_of(instance: str) -> str:
    from pathlib import Path

    from resource_directory.config import _instance_secret_key

    return _instance_secret_key(Path(instance))


def test_workers_starting_at_once_all_read_the_same_whole_key(tmp_path):
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(8) as pool:
        for attempt in range(10):
            instance = str(tmp_path / f"instance{attempt}")
            keys = pool.map(_key_of, [instance] * 32)
            assert len(set(keys)) == 1 and len(keys[0]) == 64
            leftovers = {p.name for p in (tmp_path / f"instance{attempt}").iterdir()}
            assert leftovers == {"secret_key", "secret_key.lock"}


def test_a_bad_setting_in_the_environment_is_named(monkeypatch, tmp_path):
    import pytest

    monkeypatch.setenv("SESSION_COOKIE_SECURE", "sometimes")
    with pytest.raises(ValueError, match="SESSION_COOKIE_SECURE: expected true or false"):
        create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"}, str(tmp_path))


def test_only_trusted_hosts_are_answered(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTED_HOSTS", "directory.example.org, .example.net")
    app = _app(database_url, tmp_path)
    assert app.config["TRUSTED_HOSTS"] == ["directory.example.org", ".example.net"]
    client = app.test_client()
    assert client.get("/", base_url="http://directory.example.org").status_code == 200
    assert client.get("/", base_url="http://a.example.net").status_code == 200
    page = client.get("/", base_url="http://evil.example.com")
    assert (page.status_code, page.mimetype) == (400, "text/plain")
    assert page.get_data(as_text=True) == "Host 'evil.example.com' is not trusted."
    api = client.get("/api/needs", base_url="http://evil.example.com")
    assert api.status_code == 400 and api.get_json()["code"] == "bad_request"


def _session_cookie(response) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))


def test_the_session_cookie_is_secure_over_https_by_default(database_url, tmp_path):
    app = _app(database_url, tmp_path)
    assert "Secure" in _session_cookie(app.test_client().get("/", base_url="https://localhost"))
    assert "Secure" not in _session_cookie(app.test_client().get("/", base_url="http://localhost"))


def test_behind_a_proxy_its_forwarded_scheme_counts(database_url, tmp_path):
    client = _app(database_url, tmp_path, PROXY_COUNT=1).test_client()
    forwarded = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in _session_cookie(forwarded)
    direct = _app(database_url, tmp_path).test_client()  # no proxy: the header is not believed
    assert "Secure" not in _session_cookie(direct.get("/", headers={"X-Forwarded-Proto": "https"}))


def test_the_session_cookie_setting_wins_either_way(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "true")
    client = _app(database_url, tmp_path).test_client()
    assert "Secure" in _session_cookie(client.get("/", base_url="http://localhost"))
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "off")
    client = _app(database_url, tmp_path).test_client()
    assert "Secure" not in _session_cookie(client.get("/", base_url="https://localhost"))
