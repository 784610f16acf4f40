"""``tasks/``: the task list and a task's actions (claim, decide, reassign, extend)."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from viewflow.workflow.models import Task

from permits.choices import AttachmentKind, Decision, Kind, Step
from permits.selectors import SEARCH_MAX_LENGTH
from workflows import selectors as task_selectors
from workflows.services import RETURN_ITEM_MESSAGE_MAX, node_step, task_agency

from .applications import application_schema
from .base import (
    AgencyRefSerializer,
    ApplicationSummarySerializer,
    RefuseUnknownFieldsMixin,
    ServiceCheckedText,
)


class TaskQuerySerializer(serializers.Serializer[Any]):
    queue = serializers.ChoiceField(choices=task_selectors.QUEUES, default="inbox")
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    # Blank text filters nothing (``tasks_filter``), as in the application list's ``q``.
    district = serializers.CharField(required=False, allow_blank=True, max_length=6)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    step = serializers.ChoiceField(choices=Step.choices, required=False)
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Part of the reference, of the title or of the applicant organisation's name."),
    )
    ordering = serializers.ChoiceField(choices=task_selectors.TASK_ORDERINGS, required=False)


class _TaskRow(NamedTuple):
    """What the API writes of a task (``tasks_represented``), in ``TASK_ROW_LOOKUPS`` order."""

    pk: int
    flow_task: Any  # viewflow's node
    status: str
    created: datetime
    finished: datetime | None
    agency_pk: str
    owner: str | None
    data: dict[str, Any] | None
    filing_id: int | None  # a filing's review after the approval (product.md §17)
    permit_request_id: int | None  # a holder's request after the grant (product.md §18)
    application: tuple[Any, ...]  # ApplicationSummarySerializer's sources, in its field order


_SUMMARY_FIELDS: dict[str, serializers.Field[Any, Any, Any, Any]] = dict(
    ApplicationSummarySerializer().fields
)
_SUMMARY_SOURCES = tuple(str(field.source) for field in _SUMMARY_FIELDS.values())
_TASK_APPLICATION = "process__permitprocess__application__"
# A page of the task list is read as these values (one query, no model instance: at 50 rows a
# page the instances and DRF's nested fields took most of the queue's time; bench/README.md).
TASK_ROW_LOOKUPS = (
    "pk",
    "flow_task",
    "status",
    "created",
    "finished",
    "owner_permission_obj_pk",
    "owner__username",
    "data",
    "process__permitprocess__filing_id",
    "process__permitprocess__permit_request_id",
    *(_TASK_APPLICATION + source for source in _SUMMARY_SOURCES),
)
_TASK_COLUMNS = len(_TaskRow._fields) - 1
_DATETIME = serializers.DateTimeField()


def _task_row(item: Task | tuple[Any, ...]) -> _TaskRow:
    """A task, or a row of ``TASK_ROW_LOOKUPS`` values."""
    if isinstance(item, tuple):
        return _TaskRow._make((*item[:_TASK_COLUMNS], item[_TASK_COLUMNS:]))
    application = item.process.permitprocess.application
    return _TaskRow(
        item.pk,
        item.flow_task,
        item.status,
        item.created,
        item.finished,
        item.owner_permission_obj_pk,
        item.owner.username if item.owner_id else None,
        item.data,
        item.process.permitprocess.filing_id,
        item.process.permitprocess.permit_request_id,
        tuple(getattr(application, source) for source in _SUMMARY_SOURCES),
    )


def tasks_represented(items: Sequence[Task | tuple[Any, ...]]) -> list[dict[str, Any]]:
    """``TaskSerializer``'s representation of tasks or of ``TASK_ROW_LOOKUPS`` rows: their
    agencies in one query, their clocks in one more (one task: its agency as ``task_agency``
    keeps it on the task)."""
    rows = [_task_row(item) for item in items]
    if len(items) == 1 and isinstance(items[0], Task):
        agencies = {str(rows[0].agency_pk): task_agency(items[0])}  # often read already
    else:
        agencies = task_selectors.agencies_by_pk(row.agency_pk for row in rows)
    agency_refs = {pk: AgencyRefSerializer(agency).data for pk, agency in agencies.items()}
    deadlines = task_selectors.tasks_deadlines(rows)
    return [
        _task_represented(row, agency_refs[str(row.agency_pk)], deadlines[row.pk]) for row in rows
    ]


def _task_represented(row: _TaskRow, agency: Any, deadline: dict[str, Any]) -> dict[str, Any]:
    data = row.data or {}
    return {
        "id": row.pk,
        "application": {
            name: None if value is None else field.to_representation(value)
            for (name, field), value in zip(_SUMMARY_FIELDS.items(), row.application, strict=True)
        },
        "step": node_step(row.flow_task).value,
        "agency": agency,
        "status": str(row.status).lower(),  # viewflow's status in lower case: new, assigned…
        "created": _DATETIME.to_representation(row.created),
        "due_date": deadline["due_date"],
        "working_days_left": deadline["working_days_left"],
        "paused": deadline["paused"],
        "overdue": deadline["overdue"],
        "owner": row.owner,
        "finished": None if row.finished is None else _DATETIME.to_representation(row.finished),
        "decision": data.get("decision"),
        "opinion": data.get("opinion"),
        "filing": row.filing_id,
        "permit_request": row.permit_request_id,
    }


class TaskListSerializer(serializers.ListSerializer[Any]):
    # Given a page of the list (rows) or tasks, never a Manager, which the stub's signature allows.
    def to_representation(  # type: ignore[override]
        self, data: Iterable[Task | tuple[Any, ...]]
    ) -> list[dict[str, Any]]:
        return tasks_represented(list(data))


# A task (api.md). The fields describe it for the schema; ``tasks_represented`` writes it, from
# a task or from a page of ``TASK_ROW_LOOKUPS`` rows (the task list).
class TaskSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    application = ApplicationSummarySerializer()
    step = serializers.ChoiceField(choices=Step.choices, read_only=True)
    agency = AgencyRefSerializer(read_only=True)
    status = serializers.CharField(
        read_only=True,
        help_text="viewflow's task status in lower case: new, assigned, done, canceled…",
    )
    created = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True, read_only=True)
    working_days_left = serializers.IntegerField(allow_null=True, read_only=True)
    paused = serializers.BooleanField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    owner = serializers.CharField(default=None, allow_null=True)
    finished = serializers.DateTimeField(allow_null=True)
    decision = serializers.ChoiceField(choices=Decision.choices, allow_null=True, read_only=True)
    opinion = serializers.CharField(allow_null=True, read_only=True)
    filing = serializers.IntegerField(
        allow_null=True,
        read_only=True,
        help_text=_(
            "At the step obligation_review: the filing reviewed (its obligation's filings, "
            "GET /applications/{id}/obligations/); else null."
        ),
    )
    permit_request = serializers.IntegerField(
        allow_null=True,
        read_only=True,
        help_text=_(
            "At the steps request_acceptance and request_review: the holder's request "
            "(GET /applications/{id}/permit-requests/); else null."
        ),
    )

    class Meta:
        list_serializer_class = TaskListSerializer

    def to_representation(self, instance: Task) -> dict[str, Any]:
        return tasks_represented([instance])[0]


class ReturnItemInputSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """One item of a return as the decision sends it (its shape for the schema: the service,
    ``workflows.services``, checks it and that ``field`` is one of the application's)."""

    field = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    attachment_kind = serializers.ChoiceField(
        choices=AttachmentKind.choices, required=False, allow_null=True, allow_blank=True
    )
    message = serializers.CharField(max_length=RETURN_ITEM_MESSAGE_MAX)


@extend_schema_field(ReturnItemInputSerializer(many=True))
class ReturnItemsField(serializers.JSONField):
    """Read as JSON and handed to the service whole, so that it answers every problem of the
    items in its own terms."""


class OverrideInputSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """One blocking finding an approval holds not to hold, with why (its shape for the schema:
    the service, ``workflows.services.findings``, checks it)."""

    rule = serializers.CharField(max_length=20)
    reason = serializers.CharField(max_length=2000)


@extend_schema_field(OverrideInputSerializer(many=True))
class OverridesField(serializers.JSONField):
    """Read as JSON and handed to the service whole, as a return's items are."""


class DecisionSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=Decision.choices)
    opinion = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    items = ReturnItemsField(
        required=False,
        help_text=_(
            'With "return": [{"field", "attachment_kind", "message"}], what to correct; '
            "checked by the service."
        ),
    )
    grounds = serializers.ListField(
        child=serializers.CharField(max_length=20),
        required=False,
        max_length=50,
        help_text=_(
            'With "reject": the rule codes the refusal rests on, e.g. ["T1", "T5"]; with '
            '"not_accept": the grounds of art. 32 of the Administrative Licensing Law, e.g. '
            '["N2"]. The decision quotes their clauses.'
        ),
    )
    overrides = OverridesField(
        required=False,
        help_text=_(
            'With "approve": [{"rule", "reason"}], for each blocking finding standing on the '
            "application why it does not hold; checked by the service."
        ),
    )


class TaskDetailSerializer(TaskSerializer):
    """One task as its page shows it: the task, and what the user may do on it now."""

    actions = serializers.ListField(
        child=serializers.ChoiceField(choices=task_selectors.TASK_ACTIONS),
        read_only=True,
        help_text=_(
            "What the services would accept from you on this task now, in this order (the task "
            "page's buttons: workflows.selectors.task_actions): claim, unclaim, decide, "
            "reassign, extend, special_procedure, site_check, interested_parties, "
            "hearing_notice, hearing."
        ),
    )

    class Meta:
        list_serializer_class = TaskListSerializer

    def to_representation(self, instance: Task) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["actions"] = task_selectors.task_actions(
            user=self.context["user"],
            task=instance,
            application=task_selectors.task_application(instance),
        )
        return data


class DecisionResultSerializer(serializers.Serializer[Any]):
    task = TaskSerializer()
    application = application_schema()


class ExtendSerializer(RefuseUnknownFieldsMixin, serializers.Serializer[Any]):
    """The reason is required; the service asks who may extend before it asks for the reason."""

    reason = ServiceCheckedText()


class ReassignSerializer(serializers.Serializer[Any]):
    # Checked by the service, after whether the caller may see and reassign the task (404, 403):
    # so not even unknown fields are refused before (whoever may not see the task gets 404).
    to = ServiceCheckedText(max_length=150, source="to_username")  # the service's name for it
    reason = ServiceCheckedText()
