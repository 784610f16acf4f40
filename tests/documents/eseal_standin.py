"""A stand-in for a province's e-seal platform (issue 49), started by the tests: a real HTTP
server on a local port, in a thread, holding a real SM2 key (gmssl) and answering the contract
of docs/deployment.md "The e-seal platform": ``POST /seal`` with the bearer token and
``{"agency", "document", "digest_algorithm": "SM3", "digest"}`` → ``{"seal_id", "signature",
"public_key", "certificate", "signed_at"}``, the signature SM2 (GB/T 32918.2, SM3, default user
ID) over the digest's 32 bytes.

``mode`` makes it misbehave as a platform may: "slow" (answers after ``delay`` seconds),
"error" (500), "forged" (signs another digest), "garbage" (not JSON); ``stop()`` takes it
down (connections refused)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from gmssl import func, sm2

TOKEN = "stand-in-token"
SEAL_CERTIFICATE = "北京市电子印章平台 测试印章证书 SN 01A7"


def gmssl_reads(public_key: str) -> bool:
    """Whether gmssl reads the public key x || y as given: its ``CryptSM2`` drops a leading
    "04" with ``lstrip("04")``, which also eats the key's own leading 0s and 4s when x begins
    with the digits 04 (about one key in 256), and then signs and verifies under a wrong Z_A."""
    return not public_key.startswith("04")


def sm2_key_pair() -> tuple[str, str]:
    """A fresh SM2 key pair: (private key d, public key x || y), hexadecimal, one gmssl reads
    as given (``gmssl_reads``)."""
    while True:
        private = func.random_hex(64)
        public = sm2.CryptSM2(private_key=private, public_key="")._kg(
            int(private, 16), sm2.default_ecc_table["g"]
        )
        if gmssl_reads(public):
            return private, public


class EsealStandIn:
    def __init__(self) -> None:
        self.private_key, self.public_key = sm2_key_pair()
        self.mode = "ok"
        self.delay = 0.0
        self.requests: list[dict[str, Any]] = []
        self.server: ThreadingHTTPServer | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def sign(self, digest_hex: str) -> str:
        signer = sm2.CryptSM2(private_key=self.private_key, public_key=self.public_key)
        signature: str = signer.sign_with_sm3(bytes.fromhex(digest_hex))
        return signature

    def start(self) -> None:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                stand_in.requests.append(
                    {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
                )
                if stand_in.mode == "slow":
                    time.sleep(stand_in.delay)
                if self.path != "/seal" or self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._answer(401, {"error": "unauthorised"})
                if stand_in.mode == "error":
                    return self._answer(500, {"error": "seal service unavailable"})
                if stand_in.mode == "garbage":
                    return self._raw(200, b"<html>maintenance</html>")
                digest = body["digest"]
                if stand_in.mode == "forged":
                    digest = hashlib.sha256(digest.encode()).hexdigest()
                return self._answer(
                    200,
                    {
                        "seal_id": f"SEAL-{len(stand_in.requests):04d}",
                        "signature": stand_in.sign(digest),
                        "public_key": "04" + stand_in.public_key,
                        "certificate": SEAL_CERTIFICATE,
                        "signed_at": dt.datetime.now(dt.UTC).isoformat(),
                    },
                )

            def _answer(self, status: int, data: dict[str, Any]) -> None:
                self._raw(status, json.dumps(data).encode())

            def _raw(self, status: int, raw: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """Down: the port closed, connections refused."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
