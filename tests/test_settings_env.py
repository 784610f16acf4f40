"""Settings read the environment through helpers that refuse what they cannot read."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_choice, env_int, env_list, env_path, env_str
from core.pii import key_file_create

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("YES", True), ("on", True), ("0", False), ("off", False)],
)
def test_env_bool_reads_the_usual_words(monkeypatch, raw, expected):
    monkeypatch.setenv("DJANGO_SECURE_COOKIES", raw)
    assert env_bool("DJANGO_SECURE_COOKIES") is expected


@pytest.mark.parametrize("raw", ["ture", "2", "enabled", "y e s"])
def test_env_bool_refuses_a_typo_and_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("DJANGO_SECURE_COOKIES", raw)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECURE_COOKIES"):
        env_bool("DJANGO_SECURE_COOKIES", default=True)


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("DJANGO_SECURE_COOKIES", raising=False)
    assert env_bool("DJANGO_SECURE_COOKIES", default=True) is True


@pytest.mark.parametrize("raw", ["abc", "1.5", "20MB", "0x10"])
def test_env_int_refuses_a_non_integer_and_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("PERMITS_UPLOAD_MAX_BYTES", raw)
    with pytest.raises(ImproperlyConfigured, match="PERMITS_UPLOAD_MAX_BYTES"):
        env_int("PERMITS_UPLOAD_MAX_BYTES", default=1)


def test_env_int_refuses_a_value_below_its_minimum(monkeypatch):
    monkeypatch.setenv("PERMITS_SESSION_IDLE_MINUTES", "0")
    with pytest.raises(ImproperlyConfigured, match="PERMITS_SESSION_IDLE_MINUTES"):
        env_int("PERMITS_SESSION_IDLE_MINUTES", default=30, minimum=1)
    monkeypatch.setenv("PERMITS_SESSION_IDLE_MINUTES", " 45 ")
    assert env_int("PERMITS_SESSION_IDLE_MINUTES", default=30, minimum=1) == 45


def test_env_str_list_and_path(monkeypatch, tmp_path):
    monkeypatch.delenv("PERMITS_SITE_URL", raising=False)
    assert env_str("PERMITS_SITE_URL", default="http://x") == "http://x"
    with pytest.raises(ImproperlyConfigured, match="PERMITS_SITE_URL"):
        env_str("PERMITS_SITE_URL")
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "a.example, b.example,")
    assert env_list("DJANGO_ALLOWED_HOSTS", default=[]) == ["a.example", "b.example"]
    monkeypatch.setenv("PERMITS_MEDIA_ROOT", str(tmp_path))
    assert env_path("PERMITS_MEDIA_ROOT", default=Path("/nowhere")) == tmp_path


def _load_settings(**environment: str) -> subprocess.CompletedProcess:
    script = "import config.settings.base as s; print(s.SESSION_COOKIE_SECURE)"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _production(tmp_path: Path, **environment: str) -> dict[str, str]:
    """A production environment (no DEBUG) with nothing optional set."""
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 50,
        "PERMITS_AUDIT_KEY_FILE": str(tmp_path / "no-key.pem"),
        "PERMITS_PII_KEY_FILE": str(tmp_path / "no-pii-keys.json"),
        **environment,
    }


def _run(script: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


WSGI = "import config.wsgi"


def test_the_server_refuses_to_start_without_the_public_address(tmp_path):
    """Without DEBUG, documents would print http://127.0.0.1:8000 into their QR codes: the web
    process does not start, naming the variable (and the missing audit key)."""
    result = _run(WSGI, _production(tmp_path))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "PERMITS_SITE_URL" in result.stderr and "no-key.pem" in result.stderr
    assert "CACHE_URL" in result.stderr  # a per-process cache: each worker would count alone
    assert "no-pii-keys.json" in result.stderr  # personal data: no key file, none made (issue 49)
    key = tmp_path / "key.pem"
    key.write_bytes(
        Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    pii_keys = tmp_path / "pii-keys.json"
    key_file_create(pii_keys)
    site = "https://permits.example.gov.cn/"
    ready = _production(
        tmp_path,
        PERMITS_SITE_URL=site,
        PERMITS_AUDIT_KEY_FILE=str(key),
        PERMITS_PII_KEY_FILE=str(pii_keys),
        # The start probes the personal data's keys against the stored values: an empty one.
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_URL="redis://127.0.0.1:6379/15",  # named, not reached: the start connects to none
    )
    started = _run(WSGI, ready)
    assert started.returncode == 0, started.stderr
    script = "import config.settings.base as s; print(s.SITE_URL)"
    assert _run(script, ready).stdout.strip() == "https://permits.example.gov.cn"


def test_a_malformed_public_address_is_refused_when_settings_load(tmp_path):
    for wrong in ("permits.example.gov.cn", "ftp://x.example", "https://x.example/?a=1"):
        result = _run("import config.settings.base", _production(tmp_path, PERMITS_SITE_URL=wrong))
        assert result.returncode != 0 and "PERMITS_SITE_URL" in result.stderr, wrong


def test_build_steps_need_no_production_secrets(tmp_path):
    """makemigrations --check (CI, a build machine) runs without the address or the key."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            **_production(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    # make run (DEBUG) serves on 127.0.0.1 and needs nothing set.
    assert _load_settings().returncode == 0


def test_the_settings_module_refuses_a_misspelt_boolean():
    """The helpers are what base.py uses: a typo stops the process, naming the variable."""
    result = _load_settings(DJANGO_SECURE_COOKIES="ture")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECURE_COOKIES" in result.stderr
    assert _load_settings(DJANGO_SECURE_COOKIES="1").stdout.strip() == "True"


def test_the_settings_module_refuses_a_non_integer_limit():
    result = _load_settings(PERMITS_LOGIN_ACCOUNT_FAILURE_LIMIT="five")
    assert result.returncode != 0
    assert "PERMITS_LOGIN_ACCOUNT_FAILURE_LIMIT" in result.stderr


def test_forwarded_proto_is_trusted_only_when_the_deployment_says_so():
    script = "import config.settings.base as s; print(getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"

    def header(**environment: str) -> str:
        return subprocess.run(  # noqa: S603
            [sys.executable, "-c", script],
            cwd=BASE_DIR,
            env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", **environment},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout.strip()

    assert header() == "None"
    assert header(DJANGO_TRUST_X_FORWARDED_PROTO="1") == "('HTTP_X_FORWARDED_PROTO', 'https')"


def _settings_json(expression: str, **environment: str) -> subprocess.CompletedProcess:
    """``expression`` of config.settings.base, as JSON, loaded in a fresh process (DEBUG)."""
    script = f"import json, config.settings.base as s; print(json.dumps({expression}))"
    return _run(script, {"DJANGO_DEBUG": "1", **environment})


def test_env_choice_reads_one_of_its_words_and_refuses_others(monkeypatch):
    monkeypatch.setenv("PERMITS_STORAGE", " S3 ")
    assert env_choice("PERMITS_STORAGE", ("local", "s3"), default="local") == "s3"
    monkeypatch.setenv("PERMITS_STORAGE", "")
    assert env_choice("PERMITS_STORAGE", ("local", "s3"), default="local") == "local"
    monkeypatch.setenv("PERMITS_STORAGE", "nfs")
    with pytest.raises(ImproperlyConfigured, match="PERMITS_STORAGE"):
        env_choice("PERMITS_STORAGE", ("local", "s3"), default="local")


def test_files_are_stored_in_the_media_directory_by_default(tmp_path):
    result = _settings_json(
        "[s.STORAGES, str(s.MEDIA_ROOT)]", PERMITS_MEDIA_ROOT=str(tmp_path / "media")
    )
    assert result.returncode == 0, result.stderr
    storages, media_root = json.loads(result.stdout)
    assert storages == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    assert media_root == str(tmp_path / "media")


S3 = {
    "PERMITS_STORAGE": "s3",
    "PERMITS_S3_BUCKET": "permits-files",
    "PERMITS_S3_ENDPOINT_URL": "https://oss.example.gov.cn/",
    "PERMITS_S3_REGION": "cn-north-1",
    "PERMITS_S3_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "PERMITS_S3_SECRET_ACCESS_KEY": "secret-example",
    "PERMITS_S3_PREFIX": "permits",
    "PERMITS_S3_ADDRESSING_STYLE": "path",
}


def test_object_storage_is_chosen_by_the_environment_private_and_never_linked():
    result = _settings_json("s.STORAGES", **S3)
    assert result.returncode == 0, result.stderr
    storages = json.loads(result.stdout)
    assert storages["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "permits-files",
            "endpoint_url": "https://oss.example.gov.cn",
            "region_name": "cn-north-1",
            "access_key": "AKIDEXAMPLE",
            "secret_key": "secret-example",
            "location": "permits",
            "addressing_style": "path",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    assert storages["staticfiles"] == {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }


def test_object_storage_options_reach_the_storage_django_builds():
    script = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "d = storages['default']; "
        "print(type(d).__name__, d.bucket_name, d.endpoint_url, d.region_name, d.location, "
        "d.default_acl, d.querystring_auth, d.file_overwrite)"
    )
    result = _run(
        script, {"DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings.base", **S3}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "permits-files",
        "https://oss.example.gov.cn",
        "cn-north-1",
        "permits",
        "private",
        "True",
        "False",
    ]


def test_object_storage_without_credentials_leaves_them_to_boto3():
    """Unset keys: boto3's own chain (AWS_* variables, an instance role) finds them."""
    environment = {k: v for k, v in S3.items() if "KEY" not in k and "ENDPOINT" not in k}
    result = _settings_json("s.STORAGES['default']['OPTIONS']", **environment)
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)
    assert options["access_key"] is None and options["secret_key"] is None
    assert options["endpoint_url"] is None


def test_a_bucket_without_acls_gets_none_and_nothing_is_ever_public():
    """A bucket with ACLs disabled refuses even ``private``: PERMITS_S3_ACL=none sends no ACL
    (the bucket's policy keeps it private); a public ACL is not a choice at all."""
    result = _settings_json("s.STORAGES['default']['OPTIONS']", **S3, PERMITS_S3_ACL="none")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["default_acl"] is None
    refused = _settings_json("s.STORAGES", **S3, PERMITS_S3_ACL="public-read")
    assert refused.returncode != 0 and "PERMITS_S3_ACL" in refused.stderr


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({"PERMITS_STORAGE": "s3"}, "PERMITS_S3_BUCKET"),
        ({**S3, "PERMITS_S3_BUCKET": " "}, "PERMITS_S3_BUCKET"),
        ({"PERMITS_STORAGE": "nfs"}, "PERMITS_STORAGE"),
        ({**S3, "PERMITS_S3_ENDPOINT_URL": "oss.example.gov.cn"}, "PERMITS_S3_ENDPOINT_URL"),
        ({**S3, "PERMITS_S3_ADDRESSING_STYLE": "dns"}, "PERMITS_S3_ADDRESSING_STYLE"),
    ],
)
def test_object_storage_settings_that_cannot_work_are_refused(environment, named):
    result = _settings_json("s.STORAGES", **environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and named in result.stderr


def _connection_settings(**environment: str) -> subprocess.CompletedProcess:
    keys = ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "DISABLE_SERVER_SIDE_CURSORS")
    expression = f"{{k: s.DATABASES['default'][k] for k in {keys!r}}}"
    return _settings_json(
        expression, DATABASE_URL="postgres://permits@db.example:5432/permits", **environment
    )


def test_database_connections_default_to_one_per_request_checked_before_reuse():
    result = _connection_settings()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": True,
        "DISABLE_SERVER_SIDE_CURSORS": False,
    }


def test_persistent_connections_and_pgbouncer_from_the_environment():
    result = _connection_settings(PERMITS_DB_CONN_MAX_AGE="600")
    assert json.loads(result.stdout)["CONN_MAX_AGE"] == 600
    # PgBouncer in transaction pooling: no server-side cursors.
    result = _connection_settings(
        PERMITS_DB_PGBOUNCER="1", PERMITS_DB_CONN_HEALTH_CHECKS="0", PERMITS_DB_CONN_MAX_AGE="0"
    )
    assert json.loads(result.stdout) == {
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "DISABLE_SERVER_SIDE_CURSORS": True,
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PERMITS_DB_CONN_MAX_AGE", "-1"),
        ("PERMITS_DB_CONN_MAX_AGE", "forever"),
        ("PERMITS_DB_PGBOUNCER", "transaction"),
        ("PERMITS_DB_CONN_HEALTH_CHECKS", "ture"),
    ],
)
def test_database_connection_settings_that_cannot_be_read_are_refused(name, value):
    result = _connection_settings(**{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and name in result.stderr
