"""Public pages (no login): certificate verification."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from workflows.selectors import certificate_verification


def certificate_verify(request: HttpRequest, number: str) -> HttpResponse:
    verification = certificate_verification(number=number, code=request.GET.get("code"))
    if verification is None:
        # Our page, not Http404: with DEBUG on (``make run``) Django would answer a public
        # visitor with its English technical page.
        return render(request, "404.html", status=404)
    return render(
        request,
        "permits/verify.html",
        {
            "verification": verification,
            "certificate": verification.certificate,
            "application": verification.certificate.application,
            "code": request.GET.get("code", ""),
        },
    )
