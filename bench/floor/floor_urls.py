"""The project's URLs plus one view that makes k statements in one transaction and nothing else
(``stack_floor_bench.py``): what a request of this stack costs before it does any work."""

from django.db import connection, transaction
from django.http import Http404
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns
from roles.models import Agency

RAW_SELECT = "SELECT id, code, name, kind, level FROM roles_agency WHERE id = %s"


_keys: list[int] = []


def agency_keys() -> list[int]:
    """A few agencies' keys, read once per process (not counted)."""
    if not _keys:
        _keys.extend(Agency.objects.order_by("pk").values_list("pk", flat=True)[:8])
    return _keys


class Floor(APIView):
    """``GET floor/<k>/<how>/``, authenticated as every API request is: ``k`` reads of one
    agency by key in one transaction (none and no transaction for 0), through the ORM
    (``orm``: a model instance, as most of the project's statements give) or as hand-written
    SQL on the cursor (``raw``)."""

    def get(self, request, k: int, how: str):
        if how not in ("orm", "raw"):
            raise Http404
        if k == 0:  # authenticated, and nothing else
            return Response({"statements": 0})
        keys = agency_keys()
        with transaction.atomic():
            if how == "orm":
                for i in range(k):
                    Agency.objects.filter(pk=keys[i % len(keys)]).first()
            else:
                with connection.cursor() as cursor:
                    for i in range(k):
                        cursor.execute(RAW_SELECT, [keys[i % len(keys)]])
                        cursor.fetchone()
        return Response({"statements": k})


urlpatterns = [path("floor/<int:k>/<str:how>/", Floor.as_view()), *project_urlpatterns]
