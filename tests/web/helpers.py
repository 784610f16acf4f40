"""Shared steps of the web tests: form data as a browser posts it, and an application moved
through review by the services (the pages under test only read it)."""

from decimal import Decimal

from permits import services
from roles.models import Agency
from workflows import services as task_services
from workflows.engine import open_tasks

from ..factories import pdf_upload, tending_data, tending_draft


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


def occupation_data(**overrides) -> dict:
    """A complete, rule-abiding Beijing temporary occupation (密云), as services take it."""
    data = {
        "jurisdiction_id": "110000",
        "district_id": "110118",
        "township": "溪翁庄镇",
        "village": "石马峪村",
        "title": "环湖步道施工临时占用林地",
        "contact_name": "李工",
        "contact_phone": "010-69001234",
        "project_name": "密云区环湖步道工程",
        "project_type": "infrastructure",
        "project_approval_ref": "京发改（核）〔2026〕12号",
        "occupation_kind": "temporary",
        "duration_months": 18,
        "land_category": "planted_forest",
        "protection_class": "general",
        "area_ha": Decimal("1.2"),
        "destroys_surface_vegetation": True,
        "restoration_plan": "施工结束后三个月内恢复植被。",
    }
    data.update(overrides)
    return data


def introduction_data(**overrides) -> dict:
    """A complete Beijing introduction of a fish into waters (密云), as services take it."""
    data = {
        "jurisdiction_id": "110000",
        "district_id": "110118",
        "township": "溪翁庄镇",
        "village": "金叵罗村",
        "title": "虹鳟冷水鱼养殖引种",
        "contact_name": "张工",
        "contact_phone": "010-69005678",
        "scientific_name": "Oncorhynchus mykiss",
        "chinese_name": "虹鳟",
        "taxon_group": "aquatic",
        "origin_country": "美国",
        "quantity": Decimal("5000"),
        "quantity_unit": "尾",
        "purpose": "aquaculture",
        "habitat_domain": "waters",
        "introduction_site": "溪翁庄镇冷水鱼养殖场",
        "containment_measures": "封闭式循环水养殖，进排水口设双层拦鱼网。",
        "monitoring_interval_months": 6,
        "monitoring_years": 2,
    }
    data.update(overrides)
    return data


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
        form[name] = "" if value is None else str(value)
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
    return services.application_submit(application=draft(kind=kind, by=by, **overrides), by=by)


def decide(application, *, by, decision="approve", opinion="同意", agency_code=None):
    """Decide the application's open task (the consulted agency's one, for countersigns)."""
    tasks = open_tasks(application=application)
    if agency_code:
        tasks = tasks.filter(owner_permission_obj_pk=str(Agency.objects.get(code=agency_code).pk))
    return task_services.task_decide(
        task_id=tasks.get().pk, by=by, decision=decision, opinion=opinion
    )[1]
