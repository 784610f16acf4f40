"""The test provider's process: started once per test session, stopped at its end."""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "permits"
CLIENT_SECRET = "a-client-secret-of-the-tests"  # noqa: S105
REDIRECT_URI = "http://testserver/accounts/oidc/callback/"


@dataclass(frozen=True)
class Provider:
    base: str

    @property
    def issuer(self) -> str:
        return f"{self.base}/o"

    def relying_party_settings(self) -> dict[str, Any]:
        """The settings of ours that point at this provider (docs/deployment.md's names)."""
        return {
            "PERMITS_IDENTITY_PROVIDER": "oidc",
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize/",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token/",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo/",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/.well-known/jwks.json",
            "PERMITS_OIDC_END_SESSION_ENDPOINT": f"{self.issuer}/logout/",
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
        }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@contextmanager
def serving(
    module: str, folder: Path, environment: dict[str, str], ready_path: str, port: int = 0
) -> Iterator[str]:
    """Run ``python -m <module>`` on ``port`` (else a free one) with ``environment`` (OP_PORT
    added) until the block ends; yields its base address once ``ready_path`` answers."""
    port = port or _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", module],
        cwd=ROOT,
        env={**os.environ, **environment, "OP_PORT": str(port)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(base + ready_path, process, folder)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@contextmanager
def running_provider(folder: Path, people: dict[str, Any]) -> Iterator[Provider]:
    (folder / "key.pem").write_text(_key_pem())
    (folder / "people.json").write_text(json.dumps(people))
    port = _free_port()  # the issuer names the port, so it is chosen here
    issuer = f"http://127.0.0.1:{port}/o"
    environment = {
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OP_DATABASE": str(folder / "provider.sqlite3"),
        "OP_KEY_FILE": str(folder / "key.pem"),
        "OP_PEOPLE": str(folder / "people.json"),
        "OP_ISSUER": issuer,
        "OP_CLIENT_ID": CLIENT_ID,
        "OP_CLIENT_SECRET": CLIENT_SECRET,
        "OP_REDIRECT_URI": REDIRECT_URI,
    }
    ready = "/o/.well-known/openid-configuration"
    with serving("tests.oidc_provider.serve", folder, environment, ready, port=port) as base:
        yield Provider(base=base)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], folder: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((folder / "server.log").read_text())
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the test server did not start: " + (folder / "server.log").read_text())
