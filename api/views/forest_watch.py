"""``patch-layers/`` and ``patches/`` (issue 48; api.md "Change patches"): the forest
supervision's change patches imported by the municipal forestry agency, read by the forestry
officials of their district and municipality and by the auditors, verified in the field by
the district agency's staff and closed by its head. Who reads and does what is
``forest_watch.access``'s."""

from typing import Any, ClassVar

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import InvalidInput, NotAllowed
from core.messages import (
    MSG_PATCH_IMPORTERS,
    MSG_PATCH_JURISDICTION,
    MSG_PATCH_READERS,
    MSG_PATCH_SOURCE,
)
from forest_watch import access as watch_access
from forest_watch import selectors, services
from forest_watch.exports import verification_download
from forest_watch.imports import patch_layer_import
from forest_watch.models import Patch
from permits.access import AnyUser
from public.appraisal import XLSX
from roles.models import District, Jurisdiction
from zones.imports import ImportFile

from ..parsers import MultiPartParser
from ..serializers.forest_watch import (
    PatchCloseSerializer,
    PatchLayerImportSerializer,
    PatchLayerSerializer,
    PatchListItemSerializer,
    PatchQuerySerializer,
    PatchSendOnSerializer,
    PatchSerializer,
    PatchVerificationJsonSerializer,
    PatchVerificationSerializer,
)
from .base import (
    UPLOAD_PARSERS,
    AccessGate,
    ActView,
    AuthenticatedRequest,
    ListView,
    OwnBodyNegotiation,
    acting,
    body_data,
    errors,
    query_data,
)


class ReadsPatches(AccessGate):
    message = MSG_PATCH_READERS
    allows = staticmethod(watch_access.reads_patches)


class PatchLayerImportView(APIView):
    """Import a year's layer of change patches (the municipal forestry agency's officials):
    a new version, all or nothing; the matching runs in the background after it."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": PatchLayerImportSerializer},
        responses={201: PatchLayerSerializer, **errors(400, 401, 403, 413)},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        body = body_data(PatchLayerImportSerializer, request)
        jurisdiction = Jurisdiction.objects.filter(pk=body["jurisdiction"]).first()
        if jurisdiction is None:
            raise InvalidInput.on("jurisdiction", "invalid", MSG_PATCH_JURISDICTION)
        if not watch_access.may_import_patches(request.user, jurisdiction.pk):
            raise NotAllowed(MSG_PATCH_IMPORTERS)
        upload = body["file"]
        district = (
            District.objects.filter(pk=body["district"]).first() if body["district"] else None
        )
        who = acting(request)
        file = ImportFile(
            jurisdiction=jurisdiction,
            district=district,
            source=body["source_document"] or str(MSG_PATCH_SOURCE % {"year": body["year"]}),
            data=upload.read(),
            file_name=upload.name or "",
            by=who["by"],
            client_ip=who["client_ip"],
        )
        layer = patch_layer_import(file=file, year=body["year"])
        layer.refresh_from_db()
        return Response(PatchLayerSerializer(layer).data, status=status.HTTP_201_CREATED)


class PatchLayerDetailView(APIView):
    """A layer's version and the progress of its matching."""

    permission_classes = [IsAuthenticated, ReadsPatches]

    @extend_schema(responses={200: PatchLayerSerializer, **errors(401, 403, 404)})
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        layer = selectors.layer_get_visible(request.user, pk)
        return Response(PatchLayerSerializer(layer).data)


class PatchListView(ListView):
    """The patches the caller reads, of the current layers (or of ``layer``), by district,
    classification and status; ``?format=csv`` or ``xlsx``: the national verification table."""

    serializer_class = PatchListItemSerializer
    query_class = PatchQuerySerializer
    permission_classes = [IsAuthenticated, ReadsPatches]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = OwnBodyNegotiation
    codes = (400, 401, 403)

    def rows(self, user: AnyUser, query: dict[str, Any]) -> QuerySet[Patch]:
        return selectors.patches_listed(user, query)

    @extend_schema(
        parameters=[PatchQuerySerializer],
        responses={
            (200, "application/json"): PatchListItemSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            (200, XLSX): OpenApiTypes.BINARY,
            **errors(400, 401, 403),
        },
    )
    def get(  # type: ignore[override]  # a spreadsheet, or the page of JSON
        self, request: Request, *args: Any, **kwargs: Any
    ) -> Response | HttpResponse | StreamingHttpResponse:
        query = query_data(PatchQuerySerializer, request)
        table = verification_download(self.rows(request.user, query), query["format"])
        return table if table is not None else super().get(request, *args, **kwargs)


class PatchDetailView(APIView):
    permission_classes = [IsAuthenticated, ReadsPatches]

    @extend_schema(responses={200: PatchSerializer, **errors(401, 403, 404)})
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        return Response(PatchSerializer(selectors.patch_get_visible(request.user, pk)).data)


class PatchActView(ActView):
    # An act on a patch; answers with the patch as the caller reads it. No docstring: the
    # schema would describe every subclass with it.

    target = "patch_id"
    answer_class: ClassVar[type[PatchSerializer] | None] = PatchSerializer
    codes: ClassVar[tuple[int, ...]] = (400, 401, 403, 404, 409)

    def acted_on(self) -> dict[str, Any]:
        # 404 before the body is read: whoever does not see the patch learns nothing of it.
        return {"patch_id": selectors.patch_get_visible(self.request.user, self.kwargs["pk"]).pk}

    def answer_data(self, done: Patch, request: Request) -> Any:
        return PatchSerializer(selectors.patch_get_visible(request.user, done.pk)).data


class PatchVerificationView(PatchActView):
    parser_classes = UPLOAD_PARSERS
    body_class = PatchVerificationSerializer
    json_body_class = PatchVerificationJsonSerializer
    act = staticmethod(services.patch_verify)
    codes = (400, 401, 403, 404, 409, 413)


class PatchSendOnView(PatchActView):
    """Send a patch that lies outside the district on to the right district's agency; the
    caller's agency may no longer read it, so the answer is 204."""

    body_class = PatchSendOnSerializer
    act = staticmethod(services.patch_send_on)
    answer_class = None
    answer_status = 204


class PatchCloseView(PatchActView):
    body_class = PatchCloseSerializer
    act = staticmethod(services.patch_close)
