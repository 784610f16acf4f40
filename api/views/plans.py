"""``plans/``: the annual plan per 小班 against the designs approved and accepted (product.md
§19 P4). Officials read their agencies' jurisdictions, auditors theirs (as the appraisal);
anyone else 403."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from permits import access
from public.plans import plan_progress

from ..serializers.plans import PlanProgressSerializer, PlanQuerySerializer
from .appraisal import ReadsAppraisal
from .base import AuthenticatedRequest, OwnBodyView, errors, query_data


class PlanView(OwnBodyView):
    """Each task of the current plan of a year with the designs approved on its 小班 and
    whether their work was accepted, and the sums per district and township."""

    permission_classes = [IsAuthenticated, ReadsAppraisal]

    @extend_schema(
        parameters=[PlanQuerySerializer],
        responses={200: PlanProgressSerializer, **errors(400, 401, 403)},
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        query = query_data(PlanQuerySerializer, request)
        progress = plan_progress(
            jurisdictions=access.appraisal_jurisdictions(request.user),
            year=query["year"],
            district=query["district"],
        )
        data = {
            "year": progress.year,
            "districts": [line.as_dict() for line in progress.districts],
            "townships": [line.as_dict() for line in progress.townships],
            "tasks": [item.as_dict() for item in progress.tasks],
        }
        return Response(PlanProgressSerializer(data).data)
