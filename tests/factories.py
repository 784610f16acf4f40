"""factory_boy factories; reference data comes from the loaders seed_demo uses."""

import itertools
import json
import math
from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from permits import services
from roles.models import Agency, Organisation, Role
from roles.services import role_grant

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Each default site is its own square, a row of them east of the village, so that test
# applications do not overlap one another unless a test says so (rule Z3, overlap flags).
_sites = itertools.count()
SITE_ORIGIN = {"110000": (117.20, 40.20), "120000": (117.60, 39.90)}


def square_site(area_ha, *, lon: float, lat: float) -> dict:
    """A GeoJSON square of about ``area_ha`` hectares with its south-west corner at lon/lat."""
    side_m = math.sqrt(float(area_ha) * 10_000)
    dlat = side_m / 110_950
    dlon = side_m / (111_320 * math.cos(math.radians(lat + dlat / 2)))
    ring = [[lon, lat], [lon + dlon, lat], [lon + dlon, lat + dlat], [lon, lat + dlat], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def next_site(area_ha, jurisdiction="110000") -> dict:
    """A fresh square site of ``area_ha`` hectares that no other default site touches."""
    n = next(_sites)
    lon, lat = SITE_ORIGIN.get(jurisdiction, SITE_ORIGIN["110000"])
    return square_site(area_ha, lon=lon + (n % 200) * 0.006, lat=lat + (n // 200) * 0.006)


def _with_site(data: dict, area_ha) -> dict:
    """The data with a default site of the declared area (1 ha when the area is not usable)."""
    if "site_geometry" not in data:
        try:
            area = float(area_ha) if float(area_ha) > 0 else 1.0
        except (TypeError, ValueError):
            area = 1.0
        data["site_geometry"] = next_site(area, data.get("jurisdiction_id") or "110000")
    return data


# Every factory user's password (the browser tests log in with it).
PASSWORD = "pw"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试林场{n}")
    jurisdiction_id = "110000"
    district_id = "110118"


def member(*, role: str, agency_code: str | None = None, organisation=None, username=None):
    """A user holding one role, granted through the same service the admin uses."""
    user = UserFactory(**({"username": username} if username else {}))
    agency = Agency.objects.get(code=agency_code) if agency_code else None
    role_grant(user=user, role=role, agency=agency, organisation=organisation)
    return user


def applicant(*, organisation=None, username=None, **org_fields):
    organisation = organisation or OrganisationFactory(**org_fields)
    return member(role=Role.APPLICANT, organisation=organisation, username=username)


def tending_data(**overrides) -> dict:
    """A complete, rule-abiding Beijing tending design (密云)."""
    data = {
        "jurisdiction_id": "110000",
        "district_id": "110118",
        "township": "不老屯镇",
        "village": "燕落村",
        "title": "不老屯镇天然林中幼林抚育作业设计",
        "contact_name": "王林",
        "contact_phone": "010-69000000",
        "compartments": ["12-3", "12-4"],
        "forest_origin": "natural",
        "forest_type": "arbor",
        "age_group": "middle",
        "dominant_species": "油松",
        "canopy_density": Decimal("0.85"),
        "stand_density": 1800,
        "protection_class": "general",
        "operation_type": "young_forest_tending",
        "area_ha": Decimal("12.5"),
        "removal_volume_m3": Decimal("30"),
        "start_date": date(2026, 3, 1),
        "end_date": date(2026, 11, 30),
        "funding_source": "tending_subsidy",
        "design_unit": "北京市林业勘察设计院",
    }
    data.update(overrides)
    return _with_site(data, data.get("area_ha") or 1)


def pdf_upload(name="design.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def design_licensed():
    """The legal office finds the regulation that makes a Beijing design's approval a licence:
    its ``DecisionForm`` row saved as the admin saves it (a 批复 otherwise, issue 46 item 3)."""
    from documents.models import ActForm, DecisionForm

    row = DecisionForm.objects.get(jurisdiction_id="110000", kind="tending")
    row.form = ActForm.LICENCE
    row.save()


def tending_draft(*, by, with_design=True, **overrides):
    application = services.application_create(by=by, kind="tending", data=tending_data(**overrides))
    if with_design:
        services.attachment_add(
            application=application, by=by, kind="design_document", upload=pdf_upload()
        )
    return application


def tianjin_tending_data(**overrides) -> dict:
    return tending_data(
        jurisdiction_id="120000",
        district_id="120119",
        township="下营镇",
        village="常州村",
        **overrides,
    )


# --- Issue 3: occupations, introductions, consulted agencies ------------------------------------


def occupation_data(**overrides) -> dict:
    """A complete, rule-abiding Beijing occupation (密云): infrastructure on planted forest land,
    temporary for 12 months, with a restoration plan."""
    data = {
        "jurisdiction_id": "110000",
        "district_id": "110118",
        "township": "穆家峪镇",
        "village": "阁老峪村",
        "title": "穆家峪镇供水管线工程临时使用林地",
        "contact_name": "赵建国",
        "contact_phone": "010-69088000",
        "project_name": "密云区穆家峪镇供水管线工程",
        "project_type": "infrastructure",
        "project_approval_ref": "京密发改〔2026〕12号",
        "occupation_kind": "temporary",
        "duration_months": 12,
        "land_category": "planted_forest",
        "protection_class": "general",
        "area_ha": Decimal("1.8"),
        "destroys_surface_vegetation": True,
        "restoration_plan": "管线敷设完成后回填表土，补植油松、侧柏，三年内恢复林业生产条件。",
    }
    data.update(overrides)
    return _with_site(data, data.get("area_ha") or 1)


def tianjin_occupation_data(**overrides) -> dict:
    jizhou = {
        "jurisdiction_id": "120000",
        "district_id": "120119",
        "township": "下营镇",
        "village": "常州村",
        "title": "下营镇输电线路塔基临时使用林地",
        "contact_name": "刘海涛",
        "contact_phone": "022-29142718",
        "project_name": "蓟州区下营镇10千伏输电线路改造工程",
        "project_approval_ref": "津蓟发改〔2026〕7号",
    }
    return occupation_data(**{**jizhou, **overrides})


OCCUPATION_ATTACHMENTS = ("project_approval", "site_map")
INTRODUCTION_ATTACHMENTS = ("risk_assessment", "quarantine_certificate")


def _attach(application, by, kinds) -> None:
    for kind in kinds:
        services.attachment_add(
            application=application, by=by, kind=kind, upload=pdf_upload(f"{kind}.pdf")
        )


def _draft(kind, data, by, attachments):
    application = services.application_create(by=by, kind=kind, data=data)
    _attach(application, by, attachments)
    return application


def occupation_draft(*, by, with_attachments=True, **overrides):
    attachments = OCCUPATION_ATTACHMENTS if with_attachments else ()
    return _draft("occupation", occupation_data(**overrides), by, attachments)


def tianjin_occupation_draft(*, by, with_attachments=True, **overrides):
    attachments = OCCUPATION_ATTACHMENTS if with_attachments else ()
    return _draft("occupation", tianjin_occupation_data(**overrides), by, attachments)


def introduction_data(**overrides) -> dict:
    """A complete, rule-abiding Beijing introduction (密云): a landscaping tree, not invasive."""
    data = {
        "jurisdiction_id": "110000",
        "district_id": "110118",
        "township": "溪翁庄镇",
        "village": "金叵罗村",
        "title": "北美红栎园林绿化引种",
        "contact_name": "赵建国",
        "contact_phone": "010-69088000",
        "scientific_name": "Quercus rubra L.",
        "chinese_name": "北美红栎",
        "taxon_group": "plant",
        "origin_country": "美国",
        "quantity": Decimal("500"),
        "quantity_unit": "株",
        "purpose": "landscaping",
        "habitat_domain": "forest_grassland_wetland",
        "introduction_site": "密云区溪翁庄镇苗圃隔离种植区",
        "containment_measures": "隔离种植，专人管护，定期巡查，发现异常立即报告并处置。",
        "monitoring_interval_months": 6,
        "monitoring_years": 2,
    }
    data.update(overrides)
    return _with_site(data, 0.5)


def tianjin_introduction_data(**overrides) -> dict:
    jizhou = {
        "jurisdiction_id": "120000",
        "district_id": "120119",
        "township": "下营镇",
        "village": "常州村",
        "contact_name": "刘海涛",
        "contact_phone": "022-29142718",
        "introduction_site": "蓟州区下营镇苗圃隔离种植区",
    }
    return introduction_data(**{**jizhou, **overrides})


def introduction_draft(*, by, with_attachments=True, **overrides):
    attachments = INTRODUCTION_ATTACHMENTS if with_attachments else ()
    return _draft("introduction", introduction_data(**overrides), by, attachments)


def tianjin_introduction_draft(*, by, with_attachments=True, **overrides):
    attachments = INTRODUCTION_ATTACHMENTS if with_attachments else ()
    return _draft("introduction", tianjin_introduction_data(**overrides), by, attachments)


def waters_introduction_data(**overrides) -> dict:
    """A Beijing aquaculture introduction into waters (countersigned by 水务局 and 生态环境局)."""
    waters = {
        "title": "虹鳟冷水鱼养殖引种",
        "scientific_name": "Oncorhynchus mykiss",
        "chinese_name": "虹鳟",
        "taxon_group": "aquatic",
        "quantity": Decimal("5000"),
        "quantity_unit": "尾",
        "purpose": "aquaculture",
        "habitat_domain": "waters",
        "introduction_site": "溪翁庄镇冷水鱼养殖场",
        "containment_measures": "封闭式循环水养殖，进排水口设双层拦鱼网。",
    }
    return introduction_data(**{**waters, **overrides})


# Agency personas of api.md's demo table that tests/conftest.py does not define, plus a
# consulted reviewer of 北京市园林绿化局 (it countersigns 林草湿地 introductions).
AGENCY_PERSONAS = {
    "district_agri_my": (Role.REVIEWER, "110118-agriculture"),
    "district_agri_jz": (Role.REVIEWER, "120119-agriculture"),
    "muni_agri": (Role.APPROVER, "bj-agriculture"),
    "tj_forest": (Role.APPROVER, "tj-forestry"),
    "tj_agri": (Role.APPROVER, "tj-agriculture"),
    "muni_plan": (Role.CONSULTANT, "bj-planning"),
    "muni_eco": (Role.CONSULTANT, "bj-ecology"),
    "muni_water": (Role.CONSULTANT, "bj-water"),
    "muni_forest_cs": (Role.CONSULTANT, "bj-forestry"),
    "jz_plan": (Role.CONSULTANT, "120119-planning"),
    "jz_gov": (Role.CONSULTANT, "120119-government-service"),
}


def persona(username: str):
    """The user of AGENCY_PERSONAS named ``username`` (reference data must be loaded)."""
    role, agency_code = AGENCY_PERSONAS[username]
    return member(role=role, agency_code=agency_code, username=username)


def consultant(agency_code: str, username: str | None = None):
    """A consulted reviewer (会签) of one agency."""
    return member(role=Role.CONSULTANT, agency_code=agency_code, username=username)


def open_task_of(application, agency_code: str | None = None):
    """The application's one open task (of ``agency_code`` when several are open)."""
    from workflows.engine import open_tasks

    tasks = open_tasks(application=application).filter(flow_task_type="HUMAN")
    if agency_code is not None:
        agency = Agency.objects.get(code=agency_code)
        tasks = tasks.filter(owner_permission_obj_pk=str(agency.pk))
    return tasks.get()


def return_items(message="请补正", field=None, attachment_kind=None) -> list[dict]:
    """The one item a return needs at least (most tests need no more than the opinion)."""
    return [{"field": field, "attachment_kind": attachment_kind, "message": message}]


ACCEPTANCE_DECISIONS = ("accept", "not_accept")


def acceptor_of(task):
    """Someone who may accept the task: a member of its agency who may act on it, else a new
    reviewer of that agency."""
    from permits.access import members_who_may_act

    found = members_who_may_act(
        agency_id=task.owner_permission_obj_pk, permission=task.owner_permission
    ).first()
    if found is not None:
        return found
    agency = Agency.objects.get(pk=task.owner_permission_obj_pk)
    return member(role=Role.REVIEWER, agency_code=agency.code, username=f"acceptor-{agency.pk}")


def accept(application, by=None):
    """Accept (受理) the application's open acceptance task; returns the fresh detail row (under
    district review). ``by``: the accepting reviewer, default one of the district agency."""
    from permits.models import Application
    from workflows.services import task_decide

    task = open_task_of(application)
    # As a request would: the acceptance notice is rendered and audited after the commit.
    committed(
        task_decide,
        task_id=task.pk,
        by=by or acceptor_of(task),
        decision="accept",
        opinion="予以受理",
    )
    return Application.objects.get(pk=application.pk).detail


def accept_first(application, by, decision):
    """Tests that decide a review step start after acceptance: an acceptance task still open in
    front of it is accepted first (by ``by`` when they may, the step being their agency's)."""
    from permits.access import may_act_on_step
    from workflows.services import task_step

    if decision in ACCEPTANCE_DECISIONS:
        return
    tasks = open_task_of_all(application)
    if len(tasks) == 1 and task_step(tasks[0]) == "acceptance":
        acceptor = by if may_act_on_step(by, tasks[0]) else None
        accept(application, acceptor)


def site_checked_first(application, by, decision):
    """Tests that approve an occupation at its district step take the site check (现场查验,
    product.md §16 L12) for granted: one is recorded first by ``by`` and a colleague."""
    if decision != "approve" or application.kind != "occupation":
        return
    site_check(application, by)


def site_check(application, by, **overrides):
    """Record a site check on the open district task of an occupation (if it has one and no
    check yet), by ``by`` and a colleague of the agency."""
    from django.utils import timezone

    from workflows.models import SiteCheck
    from workflows.services import site_check_record, task_step

    tasks = open_task_of_all(application)
    if len(tasks) != 1 or task_step(tasks[0]) != "district_review":
        return None
    task = tasks[0]
    if SiteCheck.objects.filter(application_id=application.pk).exists() and not overrides:
        return None
    agency = Agency.objects.get(pk=task.owner_permission_obj_pk)
    colleague = (
        get_user_model()
        .objects.filter(memberships__agency=agency, is_active=True)
        .exclude(pk=by.pk)
        .order_by("pk")
        .first()
    ) or member(role=Role.REVIEWER, agency_code=agency.code, username=f"inspector_{agency.pk}")
    values = {
        "checked_on": timezone.localdate(),
        "inspectors": [by.username, colleague.username],
        "findings": "现场核实用地范围与申请一致，林地类型与申请材料相符。",
        "measured_area_ha": "1.8",
        **overrides,
    }
    return site_check_record(task_id=task.pk, by=by, **values)


def open_task_of_all(application) -> list:
    from workflows.engine import open_tasks

    return list(open_tasks(application=application))


def submit_accepted(*, application, by, **kwargs):
    """``application_submit``, then the acceptance (受理) that most tests take for granted: they
    test the review after it. A resubmission that resumes a review step needs none. Refusals
    of the submission itself propagate unchanged."""
    from workflows.services import application_submit

    application = application_submit(application=application, by=by, **kwargs)
    return accept(application) if application.status == "submitted" else application


def submit(application, by, *, accepted=True):
    """Submit as the applicant ``by``; by default also accepted, so that the application is
    under district review as most tests need. Returns the fresh detail row."""
    from workflows.services import application_submit

    application = application_submit(application=application, by=by)
    return accept(application) if accepted and application.status == "submitted" else application


def decide(application, by, decision="approve", opinion="同意", agency_code=None, *, pay_fee=True):
    """Decide the application's open task (of ``agency_code``); returns the fresh detail row.
    An occupation's final approval waits for its restoration fee (product.md §16 L7): unless
    ``pay_fee`` is false, ``by`` records it paid, so the approval is issued."""
    from permits.models import Application
    from workflows.services import task_decide

    accept_first(application, by, decision)
    site_checked_first(application, by, decision)
    task = open_task_of(application, agency_code)
    items = return_items(opinion) if decision == "return" else None
    task_decide(task_id=task.pk, by=by, decision=decision, opinion=opinion, items=items)
    if pay_fee:
        fee_paid(application, by)
    return Application.objects.get(pk=application.pk).detail


# A permanent occupation of 12 ha of shelter forest: at or above its land's threshold, forwarded
# to the national authority (product.md §16 L6).
PERMANENT_LARGE = {
    "occupation_kind": "permanent",
    "duration_months": None,
    "forest_category": "shelter",
    "area_ha": Decimal("12"),
    "title": "供水厂永久占用防护林地",
}


def occupation_at_municipal(applicant, reviewer, planner, **fields):
    """A Beijing occupation through the district step and the planning countersign
    (``planner``: muni_plan), at the municipal step."""
    from workflows.services import application_submit

    application = application_submit(
        application=occupation_draft(by=applicant, **fields), by=applicant
    )
    application = accept(application, reviewer)
    application = decide(application, reviewer, "approve", "同意上报")
    return decide(application, planner, "agree", "符合规划", "bj-planning")


def municipal_decide(application, by, decision, opinion="同意"):
    """Decide the open municipal task as ``by``, the fee left unpaid; the fresh detail row."""
    from workflows.services import task_decide

    return task_decide(
        task_id=open_task_of(application).pk, by=by, decision=decision, opinion=opinion
    )[1]


def fee_paid(application, by, **overrides):
    """Record the restoration fee of an occupation awaiting it (if it is), as ``by``: the amount
    the notice demanded (or 1000.00 yuan with a reason when it computed none)."""
    from django.utils import timezone

    from permits.choices import Status
    from permits.models import Application
    from workflows.models import RestorationFee
    from workflows.services import fee_record

    if Application.objects.get(pk=application.pk).status != Status.AWAITING_FEE:
        return None
    fee = RestorationFee.objects.get(application_id=application.pk)
    values = {
        "amount": str(fee.amount_due) if fee.amount_due is not None else "1000.00",
        "paid_on": timezone.localdate(),
        "receipt_number": f"FS-{application.pk:06d}",
        "reason": "" if fee.amount_due is not None else "按本市公布标准核定。",
        **overrides,
    }
    return fee_record(application_id=application.pk, by=by, **values)


def committed(service, *args, **kwargs):
    """Call a service as a request does. A test runs in one transaction that never commits, so
    the work queued for after a service's commit (documents rendered and audited, approvals
    signed, mail) would never run: here it runs when the call returns, as it does in
    production right after the commit."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return service(*args, **kwargs)


def document_pdf(certificate) -> bytes:
    """A document's file as a download gives it: rendered then if the work after the
    decision's commit has not rendered it (in a test's transaction that work never runs)."""
    from documents.pdf_files import document_rendered

    with document_rendered(certificate).pdf.open("rb") as pdf:
        return pdf.read()


def decision_document(application):
    """The application's decision document: its approval or refusal (beside the notices of
    acceptance, correction, extension and revocation it may also have), rendered as a
    download renders it when the work after the decision's commit has not (in a test's
    transaction it never runs)."""
    from documents.models import Certificate
    from documents.pdf_files import document_rendered

    return document_rendered(
        Certificate.objects.get(
            application_id=application.pk, document_kind__in=("approval", "refusal")
        )
    )


# ---- interested parties (product.md §16 L14) ---------------------------------------------------

PARTIES_LON, PARTIES_LAT = 116.50, 40.50  # away from the factories' default sites


def credit_code(first17: str) -> str:
    from core.credit_codes import credit_code_check_character

    return first17 + credit_code_check_character(first17)


FARM_CODE = credit_code("12110118MB1Y10001")  # the 密云 applicant's farm, when coded
VILLAGE_CODE = credit_code("N2110118MF1Y10005")  # a village collective (村级集体经济组织)
COMPANY_CODE = credit_code("91110118MA1Y10003")
VILLAGE_NAME = "东庄村股份经济合作社"
COMPANY_NAME = "密云区某林业公司"


def parties_registry(*, company: bool = False) -> None:
    """The 密云 小班 registry: 12-3 the village's, 12-4 the farm's, side by side; ``company``:
    12-5, north of 12-3, a company's."""
    from roles.models import District
    from zones.imports import ImportFile
    from zones.services import layer_import

    def square(lon: float, lat: float) -> dict:
        ring = [[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01]]
        return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}

    rows = [
        (square(PARTIES_LON, PARTIES_LAT), "12-3", VILLAGE_NAME, VILLAGE_CODE),
        (square(PARTIES_LON + 0.01, PARTIES_LAT), "12-4", "密云区测试林场", FARM_CODE),
    ]
    if company:
        rows.append((square(PARTIES_LON, PARTIES_LAT + 0.01), "12-5", COMPANY_NAME, COMPANY_CODE))
    district = District.objects.get(pk="110118")
    features = [
        {
            "type": "Feature",
            "geometry": geometry,
            "properties": {
                "compartment": compartment,
                "forest_origin": "planted",
                "welfare_grade": "commercial",
                "agreement_holder": name,
                "agreement_holder_code": code,
            },
        }
        for geometry, compartment, name, code in rows
    ]
    layer_import(
        kind="parcels",
        file=ImportFile(
            jurisdiction=district.jurisdiction,
            district=district,
            source="测试小班数据库",
            data=json.dumps({"type": "FeatureCollection", "features": features}).encode(),
            file_name="parcels.geojson",
        ),
    )


def village_occupation_draft(*, by, company: bool = False, **overrides):
    """A 密云 occupation by the (coded) farm over the village's 小班 12-3 (and with
    ``company`` the company's 12-5 too); the registry imported first."""
    organisation = by.memberships.filter(organisation__isnull=False).first().organisation
    organisation.unified_credit_code = FARM_CODE
    organisation.save(update_fields=["unified_credit_code"])
    parties_registry(company=company)
    # 1.8 ha (the declared area): inside 12-3, or astride 12-3 and 12-5 half and half.
    lat = PARTIES_LAT + (0.0094 if company else 0.002)
    site = square_site(Decimal("1.8"), lon=PARTIES_LON + 0.002, lat=lat)
    return occupation_draft(by=by, site_geometry=site, **overrides)


def hear_holder(
    application, by, *, act="revoke", ground="unqualified_applicant", answer="本单位申辩如下。"
):
    """The deciding agency ``by`` tells the holder an intended revocation (or withdrawal) on
    ``ground`` and the holder answers (``answer=""``: it lets the period run instead), so that
    the act may follow (product.md §18 B7, B8). Returns the statement notice."""
    from datetime import timedelta

    from django.utils import timezone

    from licensing import services as licensing
    from permits import access

    notice = licensing.statement_notice_issue(
        application=application, by=by, act=act, ground=ground, facts="经查，存在该情形。"
    )
    if answer:
        holder = access.applicants_of(application.organisation_id).first()
        licensing.statement_answer(application=application, by=holder, answer=answer)
    else:  # as if the period had run: its last day was yesterday
        notice.answer_due = timezone.localdate() - timedelta(days=1)
        notice.save(update_fields=["answer_due"])
    return notice


def revoke_heard(
    application,
    by,
    reason="经复核，申辩理由不能成立。",
    *,
    ground="unqualified_applicant",
    **kwargs,
):
    """Revoke as the law lets the agency: after the holder was heard on ``ground``."""
    from licensing.revocation import permit_revoke

    hear_holder(application, by, ground=ground)
    return permit_revoke(application=application, by=by, ground=ground, reason=reason, **kwargs)
