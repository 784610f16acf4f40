"""viewflow's ``If``, ``Switch`` and ``End``, written once and without their savepoints.

Measured (``workflows.engine``, "Devices"): 13 statements of a lifecycle's 228 (6 %).

``StatusIf``, ``StatusSwitch`` and ``ProcessEnd`` are viewflow's ``If``, ``Switch`` and ``End``
without the savepoint around their work where failures propagate. viewflow takes one so that a
node run with ``propagate_exception=False`` (a Job's, a Timer's) that fails leaves its writes
undone while its task is kept in ERROR. Our conditions only read the status the service has just
set on the application in memory, and our gateways and ends run inside a decision or a
submission, where a failure propagates and rolls the whole transaction back: the savepoint
bought nothing and cost two statements a node (``SAVEPOINT``, ``RELEASE``). ``ProcessEnd`` also
saves only the process's status and end; viewflow saves the whole ``PermitProcess``, which
rewrote our table's frozen route with the same value at every end.

The three are also written once (``WrittenOnceActivation``). viewflow INSERTs a task when it
creates it, links it to the task before it, and UPDATEs it when it completes: three statements
for a gateway or an end that is created, run and finished in the same breath. Ours build the
task in memory, and ``complete`` INSERTs it already done and links it: two statements. Nothing
sees the task in between: viewflow runs ``activate`` and ``complete`` before ``create_next``,
so the next task links to a saved row, and no receiver of ``task_started`` in this project or
in the parts of viewflow we use reads the task's key. An unsaved task has no key to hash, so
these activations compare and hash by identity (viewflow keeps them in a set while it
propagates). Where a failure is kept rather than propagated (viewflow's
``propagate_exception=False``, a Job's or a Timer's run; none of our flows has one today), they
do as viewflow does: the task is saved and linked when it is created, and its work runs in a
savepoint, so that a failed node is kept in ERROR in its place in the chain, its writes undone.

On a viewflow upgrade, compare each method with the one it replaces (named in its docstring).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.utils.timezone import now
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Node
from viewflow.workflow.context import context
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.models import Task
from viewflow.workflow.nodes.end import EndActivation
from viewflow.workflow.nodes.if_gate import IfActivation
from viewflow.workflow.nodes.switch import SwitchActivation
from viewflow.workflow.signals import flow_finished, task_finished, task_started
from viewflow.workflow.status import STATUS
from viewflow.workflow.token import Token


class WrittenOnceActivation(Activation):
    """A task created, run and finished at once: INSERTed when it completes, already done."""

    _previous: Task | None = None

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    @classmethod
    def create(
        cls,
        flow_task: Node,
        prev_activation: Activation,
        token: Token,
        data: dict[str, Any] | None = None,
        seed: object = None,
    ) -> Activation:
        """viewflow's ``Activation.create`` without its INSERT and link; ``complete`` does both.

        Where a failure is kept instead of propagated (viewflow's ``propagate_exception=False``:
        a Job's or a Timer's run), the task is saved and linked first, as viewflow does, so
        that the ERROR it may become keeps its place in the chain and can be revived."""
        if not context.propagate_exception:
            return super().create(flow_task, prev_activation, token, data=data, seed=seed)
        task = flow_task.flow_class.task_class(
            process=prev_activation.process, flow_task=flow_task, token=token
        )
        task.data = data if data is not None else {}
        task.seed = seed
        activation = cls(task)
        activation._previous = prev_activation.task
        return activation

    @Activation.status.super()
    def complete(self) -> None:
        assert connection.in_atomic_block
        self.task.finished = now()
        self.task.save(force_insert=self.task.pk is None)
        if self._previous is not None:
            self.task.previous.add(self._previous)
            self._previous = None
        task_finished.send(sender=self.flow_class, process=self.process, task=self.task)

    @contextmanager
    def guarded(self) -> Iterator[None]:
        """viewflow's exception guard; with its savepoint only where a failure is kept (its
        writes undone, the task in ERROR) rather than propagated to roll everything back."""
        with self.exception_guard():
            if context.propagate_exception:
                yield
            else:
                with transaction.atomic(savepoint=True):
                    yield


class StatusIfActivation(WrittenOnceActivation, IfActivation):
    @Activation.status.super()
    def activate(self) -> None:
        with self.guarded():
            self._condition_result = self.flow_task._condition(self)


class StatusIf(flow.If):
    """An ``If`` whose condition reads the application in memory, written once (see above)."""

    activation_class = StatusIfActivation


class StatusSwitchActivation(WrittenOnceActivation, SwitchActivation):
    @Activation.status.super()
    def activate(self) -> None:
        with self.guarded():
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
    """A ``Switch`` whose conditions read the application in memory, written once (see above)."""

    activation_class = StatusSwitchActivation


class ProcessEndActivation(WrittenOnceActivation, EndActivation):
    _process_done = False

    @Activation.status.super()
    def activate(self) -> None:
        """viewflow's ``EndActivation.activate``: the process ends when no other task is open.

        The end's own task is usually not saved yet (written once); where it is (revived after
        an undo, or run where failures are kept) it is left out of the count. viewflow
        sends ``task_finished`` here and again from ``complete``; ours sends it once, from
        ``complete``, after the INSERT, and ``flow_finished`` after that.
        """
        with self.guarded():
            self.task.started = now()
            task_started.send(sender=self.flow_class, process=self.process, task=self.task)
            open_tasks = self.flow_class.task_class._default_manager.filter(
                process=self.process, finished__isnull=True
            )
            if self.task.pk is not None:  # saved first: revived, or run where failures are kept
                open_tasks = open_tasks.exclude(pk=self.task.pk)
            self._process_done = not open_tasks.exists()
            if self._process_done:
                self.process.status = STATUS.DONE
                self.process.finished = now()
                self.process.save(update_fields=["status", "finished"])

    @Activation.status.super()
    def complete(self) -> None:
        super().complete.original()
        if self._process_done:
            flow_finished.send(sender=self.flow_class, process=self.process, task=self.task)


class ProcessEnd(flow.End):
    """viewflow's ``End``, written once, saving only the process's status and end."""

    activation_class = ProcessEndActivation
