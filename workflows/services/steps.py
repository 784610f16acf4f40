"""What a review task stands for: its step, and the role that acts on it. Its route and its
agency are read once per task object by ``workflows.engine.reads`` (``task_route``,
``task_agency``). Every service here reads them, and so do the doors."""

from typing import Any

from viewflow.workflow.models import Task

from permits.choices import Step
from roles.models import Role

STEP_ROLE = {
    Step.ACCEPTANCE: Role.REVIEWER,
    Step.DISTRICT_REVIEW: Role.REVIEWER,
    Step.CONSULTATION: Role.CONSULTANT,
    Step.MUNICIPAL_REVIEW: Role.APPROVER,
    Step.OBLIGATION_REVIEW: Role.REVIEWER,
    # A permit request is the deciding agency's (licensing.requests records the role it acts in).
    Step.REQUEST_ACCEPTANCE: Role.REVIEWER,
    Step.REQUEST_REVIEW: Role.REVIEWER,
}


def task_step(task: Task) -> Step:
    return node_step(task.flow_task)


def node_step(node: Any) -> Step:
    """The step a flow node (a task's ``flow_task``) stands for."""
    from ..flows import NODE_STEP

    return NODE_STEP[node.name]
