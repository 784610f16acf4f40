"""Reads a decision would otherwise repeat: a task's frozen route and agency, once per task
object, and the process or agencies already in memory.

Measured (``workflows.engine``, "Devices"), statements of a lifecycle's 228 saved:
- ``task_route``/``task_agency`` keep their answer on the task object: 24 (11 %);
- ``route_agencies_share`` hands the route's agencies to the application's foreign keys: 9;
- ``loaded_process`` takes the process the task was read or created with: 6.
"""

from viewflow.workflow.models import Process, Task

from permits.models import Application
from roles.models import Agency

from ..models import PermitProcess, ResolvedRoute

# Where the answers are kept on a task object (a plain attribute of the instance; nothing of
# Django's or viewflow's reads it).
ROUTE = "_permits_route"
AGENCY = "_permits_agency"


def loaded_process(task: Task) -> PermitProcess | None:
    """The task's review pass when it is already in memory (read with the task by
    ``select_related``, or the process the flow created the task with), else None."""
    if not Task.process.is_cached(task):
        return None
    process = task.process
    if isinstance(process, PermitProcess):
        return process
    if Process.permitprocess.is_cached(process):
        loaded: PermitProcess = process.permitprocess
        return loaded
    return None


def task_route(task: Task) -> ResolvedRoute:
    """The route frozen on the task's review pass at submission; it never changes, so it is
    read once per task object."""
    cached = task.__dict__.get(ROUTE)
    if cached is None or cached[0] != task.process_id:
        process = loaded_process(task) or PermitProcess.objects.get(pk=task.process_id)
        cached = task.__dict__[ROUTE] = (task.process_id, process.frozen_route)
    route: ResolvedRoute = cached[1]
    return route


def task_agency(task: Task) -> Agency:
    """The agency the task is for (its step's agency, or the consulted agency), read once per
    task object."""
    cached = task.__dict__.get(AGENCY)
    if cached is None or str(cached.pk) != str(task.owner_permission_obj_pk):
        cached = task.__dict__[AGENCY] = Agency.objects.get(pk=task.owner_permission_obj_pk)
    agency: Agency = cached
    return agency


def route_agencies_share(task: Task, application: Application) -> None:
    """Give the task and the application the agencies of the task's frozen route, read with
    it: the task's agency, the application's district and lead agencies are among them (the
    same rows, read in the same transaction), so a decision reads each agency once."""
    route = task_route(task)
    agencies = {
        agency.pk: agency
        for agency in (route.district_agency, route.final_agency, *route.consulted_agencies)
        if agency is not None
    }
    for name in ("district_agency", "lead_agency"):
        field = Application._meta.get_field(name)
        agency = agencies.get(getattr(application, field.attname))
        if agency is not None and not field.is_cached(application):
            field.set_cached_value(application, agency)
    own = next((a for pk, a in agencies.items() if str(pk) == task.owner_permission_obj_pk), None)
    if own is not None and AGENCY not in task.__dict__:
        task.__dict__[AGENCY] = own
