"""What a review task stands for: its step (and the role that acts on it), the route frozen on
its review pass at submission, and its agency. Every service here reads them, and so do the
doors (the task rows, the people's queue)."""

from typing import Any

from viewflow.workflow.models import Task

from permits.choices import Step
from roles.models import Agency, Role

from .. import engine
from ..models import PermitProcess, ResolvedRoute

STEP_ROLE = {
    Step.ACCEPTANCE: Role.REVIEWER,
    Step.DISTRICT_REVIEW: Role.REVIEWER,
    Step.CONSULTATION: Role.CONSULTANT,
    Step.MUNICIPAL_REVIEW: Role.APPROVER,
}


def task_step(task: Task) -> Step:
    return node_step(task.flow_task)


def node_step(node: Any) -> Step:
    """The step a flow node (a task's ``flow_task``) stands for."""
    from ..flows import NODE_STEP

    return NODE_STEP[node.name]


def task_route(task: Task) -> ResolvedRoute:
    """The route frozen on the task's review pass at submission; it never changes, so it is
    read once per task object."""
    cached = task.__dict__.get("_permits_route")
    if cached is None or cached[0] != task.process_id:
        process = engine.loaded_process(task) or PermitProcess.objects.get(pk=task.process_id)
        cached = task.__dict__["_permits_route"] = (task.process_id, process.frozen_route)
    route: ResolvedRoute = cached[1]
    return route


def task_agency(task: Task) -> Agency:
    """The agency the task is for (its step's agency, or the consulted agency), read once per
    task object."""
    cached = task.__dict__.get("_permits_agency")
    if cached is None or str(cached.pk) != str(task.owner_permission_obj_pk):
        cached = task.__dict__["_permits_agency"] = Agency.objects.get(
            pk=task.owner_permission_obj_pk
        )
    agency: Agency = cached
    return agency
