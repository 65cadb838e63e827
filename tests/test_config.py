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
