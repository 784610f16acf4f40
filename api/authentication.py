"""API tokens that end (django-rest-knox; issue 47): ``Authorization: Token <token>``, the
token stored only as its digest, answering 401 once expired or revoked."""

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from rest_framework import exceptions


class ExpiringTokenAuthentication(TokenAuthentication):
    """knox's check, with two changes: a token that is not text is refused (401) instead of
    raising, and a request looks at its own token only: knox also reads and prunes all the
    person's other tokens on every request, one more query each; the expired ones are pruned
    when a token is issued (``audit.api_tokens.api_token_issue``) and never authenticate."""

    def authenticate_credentials(self, token: bytes) -> tuple[Any, Any]:
        try:
            token.decode("utf-8")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed() from None
        return super().authenticate_credentials(token)  # type: ignore[no-any-return]

    def _cleanup_token(self, auth_token: Any) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    """The schema's name for it: ``Authorization: Token <token>``, as DRF's tokens were."""

    target_class = "api.authentication.ExpiringTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Token",  # noqa: S106 (a scheme name)
        )
