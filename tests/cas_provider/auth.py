"""The CAS server's people: a password and the attributes it releases, from OP_PEOPLE."""

import json
import os
from pathlib import Path
from typing import Any

from cas_server.auth import AuthUser


class PeopleAuth(AuthUser):  # type: ignore[misc]
    def _person(self) -> dict[str, Any] | None:
        found: dict[str, Any] | None = json.loads(Path(os.environ["OP_PEOPLE"]).read_text()).get(
            self.username
        )
        return found

    def test_password(self, password: str) -> bool:
        person = self._person()
        return person is not None and person["password"] == password

    def attributs(self) -> dict[str, Any]:
        person = self._person()
        return dict(person["claims"]) if person else {}
