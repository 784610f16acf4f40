"""Shared steps of the web tests: form data as a browser posts it, and an application moved
through review by the services (the pages under test only read it)."""

import json
from decimal import Decimal

from permits import services
from roles.models import Agency
from workflows import services as task_services
from workflows.engine import open_tasks

from .. import factories
from ..factories import pdf_upload, tending_data, tending_draft


def tending_form_data(**overrides) -> dict:
    """tending_data() as the create form posts it: plain strings, FK ids, comma-separated lists."""
    data = tending_data(**overrides)
    form = {
        "jurisdiction": data.pop("jurisdiction_id"),
        "district": data.pop("district_id"),
        "compartments": ", ".join(data.pop("compartments")),
    }
    form.update({name: _posted(value) for name, value in data.items()})
    return form


def _posted(value) -> str:
    """A value as a browser posts it; the site as the GeoJSON text the form's box holds."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def submitted(*, by, **overrides):
    """A tending design submitted and accepted: under district review."""
    return factories.submit(tending_draft(by=by, **overrides), by)


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


def occupation_data(**overrides) -> dict:
    """The factories' occupation, 18 months over 1.2 ha: values these pages' tests read back."""
    return factories.occupation_data(
        **{"duration_months": 18, "area_ha": Decimal("1.2"), **overrides}
    )


def introduction_data(**overrides) -> dict:
    return factories.waters_introduction_data(**overrides)


DOCUMENTS = {
    "occupation": ("project_approval", "site_map"),
    "introduction": ("risk_assessment", "quarantine_certificate"),
}


def form_data(data: dict) -> dict:
    """Service data as a create/edit form posts it: FK ids under the field name, plain strings."""
    form = {"jurisdiction": data["jurisdiction_id"], "district": data["district_id"]}
    for name, value in data.items():
        if name in ("jurisdiction_id", "district_id"):
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        form[name] = _posted(value)
    return form


def draft(*, kind, by, documents=True, **overrides):
    data = {"occupation": occupation_data, "introduction": introduction_data}[kind](**overrides)
    application = services.application_create(by=by, kind=kind, data=data)
    for document in DOCUMENTS[kind] if documents else ():
        services.attachment_add(
            application=application, by=by, kind=document, upload=pdf_upload(f"{document}.pdf")
        )
    return application


def submitted_as(*, kind, by, **overrides):
    """Submitted and accepted: under district review."""
    return factories.submit(draft(kind=kind, by=by, **overrides), by)


def decide(application, *, by, decision="approve", opinion="同意", agency_code=None):
    """Decide the application's open task (the consulted agency's one, for countersigns). An
    occupation approved at its district step is site-checked first (product.md §16 L12)."""
    factories.accept_first(application, by, decision)
    factories.site_checked_first(application, by, decision)
    tasks = open_tasks(application=application)
    if agency_code:
        tasks = tasks.filter(owner_permission_obj_pk=str(Agency.objects.get(code=agency_code).pk))
    items = factories.return_items(opinion) if decision == "return" else None
    return task_services.task_decide(
        task_id=tasks.get().pk, by=by, decision=decision, opinion=opinion, items=items
    )[1]


def return_post(opinion="请补正", items=(("", "请补正"),)) -> dict:
    """The task page's return as the browser posts it: the decision, then the item rows
    (``(target, message)``, target ``field:<name>``, ``attachment:<kind>`` or empty)."""
    data = {
        "decision": "return",
        "opinion": opinion,
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, (target, message) in enumerate(items):
        data[f"items-{index}-target"] = target
        data[f"items-{index}-message"] = message
    return data


def form_post(form, **changes) -> dict:
    """What the browser posts for a bound-to-instance form, with ``changes``."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        data[name] = "" if value is None else str(value)
    data.update(changes)
    return data
