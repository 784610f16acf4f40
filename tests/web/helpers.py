"""Shared steps of the web tests: form data as a browser posts it, and an application moved
through review by the services (the pages under test only read it)."""

from permits import services
from workflows import services as task_services
from workflows.engine import open_tasks

from ..factories import tending_data, tending_draft


def tending_form_data(**overrides) -> dict:
    """tending_data() as the create form posts it: plain strings, FK ids, comma-separated lists."""
    data = tending_data(**overrides)
    form = {
        "jurisdiction": data.pop("jurisdiction_id"),
        "district": data.pop("district_id"),
        "compartments": ", ".join(data.pop("compartments")),
    }
    form.update({name: "" if value is None else str(value) for name, value in data.items()})
    return form


def submitted(*, by, **overrides):
    return services.application_submit(application=tending_draft(by=by, **overrides), by=by)


def open_task(application):
    return open_tasks(application=application).get()


def approved(*, applicant, reviewer, approver):
    application = submitted(by=applicant)
    task_services.task_decide(
        task_id=open_task(application).pk, by=reviewer, decision="approve", opinion="同意"
    )
    _task, application = task_services.task_decide(
        task_id=open_task(application).pk, by=approver, decision="approve", opinion="同意实施"
    )
    return application
