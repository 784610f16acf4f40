"""The provider's claims per user, from the people file (OP_PEOPLE); a few people stand for a
provider that misbehaves (a foreign signature, another audience or issuer, an expired token, a
nonce of another sign-in), so that the relying party's checks meet real tokens."""

import json
import os
import time
from pathlib import Path
from typing import Any

from jwcrypto import jwk, jws, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

FOREIGN_KEY = jwk.JWK.generate(kty="RSA", size=2048)
TAMPER = {
    "aud": lambda claims: {**claims, "aud": "another-client"},
    "iss": lambda claims: {**claims, "iss": "https://impostor.example"},
    "exp": lambda claims: {
        **claims,
        "iat": int(time.time()) - 7200,
        "exp": int(time.time()) - 3600,
    },
    "nonce": lambda claims: {**claims, "nonce": "a-nonce-of-another-sign-in"},
}


def people() -> dict[str, Any]:
    return json.loads(Path(os.environ["OP_PEOPLE"]).read_text())


class ClaimsFromFileValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim of the file, whatever the scope

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        return dict(people()[request.user.username]["claims"])

    def finalize_id_token(self, id_token: Any, token: Any, token_handler: Any, request: Any) -> str:
        serialized: str = super().finalize_id_token(id_token, token, token_handler, request)
        attack = people()[request.user.username].get("attack")
        if not attack:
            return serialized
        parsed = jws.JWS()
        parsed.deserialize(serialized)
        header = json.loads(parsed.objects["protected"])
        claims = json.loads(parsed.objects["payload"])
        key = FOREIGN_KEY if attack == "signature" else request.client.jwk_key
        forged = jwt.JWT(header=header, claims=TAMPER.get(attack, dict)(claims))
        forged.make_signed_token(key)
        return str(forged.serialize())
