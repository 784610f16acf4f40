"""``appraisal/``: the appraisal per agency and quarter (product.md §19 P3), as JSON, CSV or XLSX.
Officials read their agencies' jurisdictions, auditors theirs; anyone else 403."""

from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.messages import MSG_APPRAISAL_READERS
from permits import access
from permits.access import AnyUser
from public.appraisal import XLSX, appraisal, appraisal_download

from ..serializers.appraisal import AppraisalQuerySerializer, AppraisalSerializer
from .base import AccessGate, AuthenticatedRequest, OwnBodyView, errors, query_data


def reads_appraisal(user: AnyUser) -> bool:
    return bool(access.appraisal_jurisdictions(user))


class ReadsAppraisal(AccessGate):
    message = MSG_APPRAISAL_READERS
    allows = staticmethod(reads_appraisal)


class AppraisalView(OwnBodyView):
    """The indicators of each agency of the caller's jurisdictions for a quarter, computed from
    the records; ``?format=csv`` or ``xlsx`` for a spreadsheet."""

    permission_classes = [IsAuthenticated, ReadsAppraisal]

    @extend_schema(
        parameters=[AppraisalQuerySerializer],
        responses={
            (200, "application/json"): AppraisalSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            (200, XLSX): OpenApiTypes.BINARY,
            **errors(400, 401, 403),
        },
    )
    def get(self, request: AuthenticatedRequest) -> Response | HttpResponse | StreamingHttpResponse:
        query = query_data(AppraisalQuerySerializer, request)
        quarter = query["period"]
        rows = appraisal(
            jurisdictions=access.appraisal_jurisdictions(request.user),
            quarter=quarter,
            district=query["district"],
        )
        spreadsheet = appraisal_download(rows, quarter, query["format"])
        if spreadsheet is not None:
            return spreadsheet
        data = {
            "period": str(quarter),
            "since": quarter.since,
            "until": quarter.until,
            "as_of": rows.as_of,
            "agencies": [row.as_dict() for row in rows],
            "without_data": [
                {"code": agency.code, "name": agency.name} for agency in rows.without_data
            ],
        }
        return Response(AppraisalSerializer(data).data)
