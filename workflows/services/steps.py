"""What a review task stands for: its step, and the role that acts on it. Its route and its
agency are read once per task object by ``workflows.engine.reads`` (``task_route``,
``task_agency``). Every service here reads them, and so do the doors."""

from typing import Any

from viewflow.workflow.models import Task

from permits.choices import Step
from permits.models import Application
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


def task_role(task: Task) -> str:
    """The role in which the decider of ``task`` acts (the task locked by ``_locked_task``,
    which attached its application): a filing's review is the issuing district agency's as
    reviewer and a consulted agency's as consultant; a permit request is decided in the role
    of the agency that decided the permit; a review step's role is the step's."""
    step = task_step(task)
    application: Application = task.process.permitprocess.application
    if step == Step.OBLIGATION_REVIEW:
        issuing = str(task.owner_permission_obj_pk) == str(application.district_agency_id)
        return Role.REVIEWER if issuing else Role.CONSULTANT
    if step in (Step.REQUEST_ACCEPTANCE, Step.REQUEST_REVIEW):
        return application.deciding_role
    return STEP_ROLE[step]
