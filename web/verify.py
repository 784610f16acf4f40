"""Public pages (no login): certificate verification."""

from django.http import Http404
from django.shortcuts import render

from workflows.selectors import certificate_verification


def certificate_verify(request, number):
    verification = certificate_verification(number=number, code=request.GET.get("code"))
    if verification is None:
        raise Http404(number)
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
