"""Public pages (no login): certificate verification."""

from django.shortcuts import get_object_or_404, render

from .models import Certificate


def certificate_verify(request, number):
    certificate = get_object_or_404(
        Certificate.objects.select_related("application__organisation"), number=number
    )
    return render(request, "permits/verify.html", {"certificate": certificate})
