"""``plans/``: the annual plan per 小班 against the designs approved and accepted (product.md
§19 P4). Officials read their agencies' jurisdictions, auditors theirs (as the appraisal);
anyone else 403."""

from typing import Any

from django.contrib.auth.models import User
from rest_framework.permissions import IsAuthenticated

from permits import access
from public.plans import plan_progress

from ..serializers.plans import PlanProgressSerializer, PlanQuerySerializer
from .appraisal import ReadsAppraisal
from .base import OwnBodyView, QueryView


class PlanView(OwnBodyView, QueryView):
    """Each task of the current plan of a year with the designs approved on its 小班 and
    whether their work was accepted, and the sums per district and township."""

    permission_classes = [IsAuthenticated, ReadsAppraisal]
    query_class = PlanQuerySerializer
    answer_class = PlanProgressSerializer

    def answer(self, user: User, query: dict[str, Any]) -> dict[str, Any]:
        progress = plan_progress(
            jurisdictions=access.appraisal_jurisdictions(user),
            year=query["year"],
            district=query["district"],
        )
        return {
            "year": progress.year,
            "districts": [line.as_dict() for line in progress.districts],
            "townships": [line.as_dict() for line in progress.townships],
            "tasks": [item.as_dict() for item in progress.tasks],
        }
