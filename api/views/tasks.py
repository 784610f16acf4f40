"""``tasks/``: the caller's queues and a task's actions (claim, unclaim, decide, reassign,
extend)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from viewflow.workflow.models import Task

from permits.readmemo import read_once
from permits.selectors import client_ip
from workflows import people
from workflows import selectors as task_selectors
from workflows import services as task_services

from ..serializers.tasks import (
    TASK_ROW_LOOKUPS,
    DecisionResultSerializer,
    DecisionSerializer,
    ExtendSerializer,
    ReassignSerializer,
    TaskQuerySerializer,
    TaskSerializer,
)
from .base import AuthenticatedRequest, application_data, errors, query_data


class _CountedRows:
    """A page of the task list is read as rows (``TaskSerializer`` writes them), counted on
    the tasks alone: the rows' joins would make the count read every row of the queue."""

    def __init__(self, tasks: QuerySet[Task], rows: QuerySet[Task, tuple[Any, ...]]) -> None:
        self.tasks, self.rows, self.ordered = tasks, rows, tasks.ordered

    def count(self) -> int:
        return self.tasks.count()

    def __getitem__(self, key: slice) -> QuerySet[Task, tuple[Any, ...]]:
        return self.rows[key]


class TaskListView(generics.ListAPIView[Task]):
    serializer_class = TaskSerializer

    # Not a QuerySet: what DRF's paginator reads of one (count, ordered, a slice).
    def get_queryset(self) -> _CountedRows:  # type: ignore[override]
        filters = query_data(TaskQuerySerializer, self.request)
        tasks = task_selectors.tasks_for_user(user=self.request.user, queue=filters.pop("queue"))
        ordering = filters.pop("ordering", None)
        tasks = task_selectors.tasks_order(task_selectors.tasks_filter(tasks, **filters), ordering)
        return _CountedRows(tasks, tasks.values_list(*TASK_ROW_LOOKUPS))

    @extend_schema(
        parameters=[TaskQuerySerializer],
        responses={200: TaskSerializer(many=True), **errors(400, 401)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class TaskClaimView(APIView):
    @extend_schema(request=None, responses={200: TaskSerializer, **errors(401, 403, 404, 409)})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        task = task_services.task_claim(task_id=pk, by=request.user, client_ip=client_ip(request))
        return Response(TaskSerializer(task).data)


class TaskUnclaimView(APIView):
    @extend_schema(request=None, responses={200: TaskSerializer, **errors(401, 403, 404, 409)})
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        task = task_services.task_unclaim(task_id=pk, by=request.user, client_ip=client_ip(request))
        return Response(TaskSerializer(task).data)


class TaskDecideView(APIView):
    @extend_schema(
        # A form could not carry a return's items (a list of objects): JSON is the contract.
        request={"application/json": DecisionSerializer},
        responses={200: DecisionResultSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # One block for the decision and its record: the record reuses the decision's reads
        # of the attachments, the screening and the decider's agency permission
        # (docs/architecture.md "Reads made once").
        with read_once(task_services.DECISION_READS):
            return self._decide(request, pk, body.validated_data)

    def _decide(
        self, request: AuthenticatedRequest, pk: int, validated_data: dict[str, Any]
    ) -> Response:
        task, application = task_services.task_decide(
            task_id=pk, by=request.user, client_ip=client_ip(request), **validated_data
        )
        return Response(
            {
                "task": TaskSerializer(task).data,
                "application": application_data(application, request),
            }
        )


class TaskReassignView(APIView):
    @extend_schema(
        request=ReassignSerializer,
        responses={200: TaskSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = ReassignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task = people.task_reassign(
            task_id=pk,
            by=request.user,
            to_username=body.validated_data["to"],
            reason=body.validated_data["reason"],
            client_ip=client_ip(request),
        )
        return Response(TaskSerializer(task).data)


class TaskExtendView(APIView):
    @extend_schema(
        request=ExtendSerializer,
        responses={200: TaskSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = ExtendSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task = people.task_extend(
            task_id=pk,
            by=request.user,
            reason=body.validated_data["reason"],
            client_ip=client_ip(request),
        )
        return Response(TaskSerializer(task).data)
