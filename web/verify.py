"""Public pages (no login): certificate verification."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from public.standing import certificate_verification


def certificate_verify(request: HttpRequest, number: str) -> HttpResponse:
    code = request.GET.get("code", "")
    verification = certificate_verification(number=number, code=code)
    certificate = verification.certificate if verification else None
    return render(
        request,
        "web/verify.html",
        {
            "number": number,
            "verification": verification,
            "certificate": certificate,
            "application": certificate.application if certificate else None,
            "code": code,
        },
        # An unknown number is a 404 that says so (查无此文书), on our page: with DEBUG on
        # (``make run``) Http404 would answer a public visitor with Django's English page.
        status=404 if verification is None else 200,
    )
