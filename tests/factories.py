"""factory_boy factories; reference data comes from the loaders seed_demo uses."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from permits import services
from roles.models import Agency, Organisation, Role
from roles.services import role_grant

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    password = factory.django.Password("pw")


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
    return data


def pdf_upload(name="design.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


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
