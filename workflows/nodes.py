"""Small extensions of viewflow's nodes: the parallel countersign (会签) and our gateways.

viewflow 2.4's ``Split.Next`` creates one task per branch. A route consults a number of
agencies known only from data, so ``SplitPerItem`` creates one task per item of a
``data_source`` (the item becomes the task's ``data``); viewflow's ``Join`` already waits for
every task of the split, however many. ``AgencyView`` is a human task whose agency comes from
its own data rather than from the process, so each countersign task goes to its own agency.

``StatusIf`` and ``StatusSwitch`` are viewflow's ``If`` and ``Switch`` without the savepoint
around their conditions. viewflow takes one so that a condition that fails in a node run with
``propagate_exception=False`` (a Job's, a Timer's) leaves its writes undone while the task is
kept in ERROR. Our conditions only read the status the service has just set on the application
in memory, and our gateways run inside a decision or a submission, where a failure propagates
and rolls the whole transaction back: the savepoint bought nothing and cost two statements a
gateway (``SAVEPOINT``, ``RELEASE``), one gateway a submission and a decision.
"""

from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes.if_gate import IfActivation
from viewflow.workflow.nodes.split import SplitActivation
from viewflow.workflow.nodes.switch import SwitchActivation

from roles.models import Agency


class SplitPerItemActivation(SplitActivation):
    @Activation.status.super()
    def activate(self):
        for node, condition, data_source in self.flow_task._branches:
            if condition and not condition(self):
                continue
            items = data_source(self) if data_source else [None]
            self.next_tasks.extend((node, item) for item in items)
        if not self.next_tasks:
            raise FlowRuntimeError(f"No next task available for {self.flow_task.name}")


class SplitPerItem(flow.Split):
    activation_class = SplitPerItemActivation

    def Next(self, node, case=None, data_source=None):  # noqa: N802 - viewflow's fluent API
        self._activate_next.append((node, case, data_source))
        return self


class AgencyView(flow.View):
    """A human task for the agency named in its data: ``{"agency_id": …}``."""

    def calc_owner_permission_obj(self, activation):
        return Agency.objects.get(pk=activation.task.data["agency_id"])


class StatusIfActivation(IfActivation):
    @Activation.status.super()
    def activate(self):
        with self.exception_guard():
            self._condition_result = self.flow_task._condition(self)


class StatusIf(flow.If):
    """An ``If`` whose condition reads the application in memory: no savepoint around it."""

    activation_class = StatusIfActivation


class StatusSwitchActivation(SwitchActivation):
    @Activation.status.super()
    def activate(self):
        with self.exception_guard():
            for node, cond in self.flow_task._branches:  # viewflow's loop, as it is
                if cond:
                    if cond(self):
                        self.next_task = node
                        break
                else:
                    self.next_task = node
            if not self.next_task:
                raise FlowRuntimeError(f"No next task available for {self.flow_task.name}")


class StatusSwitch(flow.Switch):
    """A ``Switch`` whose conditions read the application in memory: no savepoint around them."""

    activation_class = StatusSwitchActivation
