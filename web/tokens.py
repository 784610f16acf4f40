"""The API tokens page (issue 47): a person lists and revokes their own tokens; a security
administrator (``roles.manage_api_tokens``) lists and revokes anyone's. The same services as
the API's ``auth/tokens/`` (audit.api_tokens)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audit import api_tokens
from core.errors import NotAllowed, NotVisible
from core.messages import MSG_TOKEN_REVOKED
from permits.selectors import client_ip

from .common import AuthenticatedHttpRequest


@login_required
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    everyone = request.GET.get("everyone") == "1"
    try:
        tokens = api_tokens.tokens_visible_to(request.user, everyone=everyone)
    except NotAllowed:
        raise PermissionDenied from None
    return render(
        request,
        "web/api_tokens.html",
        {
            "tokens": [(api_tokens.token_handle(t), t) for t in tokens],
            "everyone": everyone,
            "may_manage": api_tokens.may_manage_tokens(request.user),
        },
    )


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    try:
        token = api_tokens.token_for(request.user, handle)
        api_tokens.api_token_revoke(token=token, by=request.user, client_ip=client_ip(request))
    except NotVisible:
        raise Http404 from None
    messages.success(request, MSG_TOKEN_REVOKED)
    everyone = request.POST.get("everyone") == "1"
    return redirect(reverse("api-tokens") + ("?everyone=1" if everyone else ""))
