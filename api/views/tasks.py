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
from workflows import people
from workflows import selectors as task_selectors
from workflows import services as task_services

from ..serializers.tasks import (
    TASK_ROW_LOOKUPS,
    DecisionResultSerializer,
    DecisionSerializer,
    ExtendSerializer,
    ReassignSerializer,
    TaskDetailSerializer,
    TaskQuerySerializer,
    TaskSerializer,
)
from .base import (
    ActView,
    AuthenticatedRequest,
    acting,
    application_data,
    body_data,
    errors,
    query_data,
)


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


class TaskDetailView(APIView):
    @extend_schema(responses={200: TaskDetailSerializer, **errors(401, 404)})
    def get(self, request: AuthenticatedRequest, pk: int) -> Response:
        task = task_selectors.task_get_visible(user=request.user, task_id=pk)
        return Response(TaskDetailSerializer(task, context={"user": request.user}).data)


class TaskActionView(ActView):
    # A POST that moves a task: its body (``body_class``, when it has one) and the caller go to
    # one service (``act``), which answers the task. No docstring: the schema would describe
    # every subclass with it.

    target = "task_id"
    answer_class = TaskSerializer


class TaskClaimView(TaskActionView):
    act = staticmethod(task_services.task_claim)


class TaskUnclaimView(TaskActionView):
    act = staticmethod(task_services.task_unclaim)


class TaskDecideView(APIView):
    @extend_schema(
        # A form could not carry a return's items (a list of objects): JSON is the contract.
        request={"application/json": DecisionSerializer},
        responses={200: DecisionResultSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        body = body_data(DecisionSerializer, request)
        # One block for the decision and its record: the record reuses the decision's reads
        # of the attachments, the screening, the decider's agency permission and their
        # permissions on the application (docs/architecture.md "Reads made once").
        with read_once(task_services.TASK_DECISION_READS):
            return self._decide(request, pk, body)

    def _decide(
        self, request: AuthenticatedRequest, pk: int, validated_data: dict[str, Any]
    ) -> Response:
        task, application = task_services.task_decide(
            task_id=pk, **acting(request), **validated_data
        )
        return Response(
            {
                "task": TaskSerializer(task).data,
                "application": application_data(application, request),
            }
        )


class TaskReassignView(TaskActionView):
    body_class = ReassignSerializer
    act = staticmethod(people.task_reassign)


class TaskExtendView(TaskActionView):
    body_class = ExtendSerializer
    act = staticmethod(people.task_extend)
