"""Small extensions of viewflow's nodes: the parallel countersign (会签).

viewflow 2.4's ``Split.Next`` creates one task per branch. A route consults a number of
agencies known only from data, so ``SplitPerItem`` creates one task per item of a
``data_source`` (the item becomes the task's ``data``); viewflow's ``Join`` already waits for
every task of the split, however many. ``AgencyView`` is a human task whose agency comes from
its own data rather than from the process, so each countersign task goes to its own agency.

The gateways and the end the flows use are viewflow's written once, without their savepoints
(``workflows.engine.nodes``): a measured device, kept with its figure there.
"""

from collections.abc import Callable, Iterable
from typing import Any, Self

from viewflow.this_object import ThisObject
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Node
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes.split import SplitActivation

from roles.models import Agency


class SplitPerItemActivation(SplitActivation):
    @Activation.status.super()
    def activate(self) -> None:
        for node, condition, data_source in self.flow_task._branches:
            if condition and not condition(self):
                continue
            items = data_source(self) if data_source else [None]
            self.next_tasks.extend((node, item) for item in items)
        if not self.next_tasks:
            raise FlowRuntimeError(f"No next task available for {self.flow_task.name}")


class SplitPerItem(flow.Split):
    activation_class = SplitPerItemActivation

    def Next(  # noqa: N802 - viewflow's fluent API
        self,
        node: Node | ThisObject,
        case: Callable[[Activation], bool] | None = None,
        data_source: Callable[[Activation], Iterable[dict[str, Any]]] | None = None,
    ) -> Self:
        self._activate_next.append((node, case, data_source))
        return self


class AgencyView(flow.View):
    """A human task for the agency named in its data: ``{"agency_id": …}``."""

    def calc_owner_permission_obj(self, activation: Activation) -> Agency:
        return Agency.objects.get(pk=activation.task.data["agency_id"])
