"""Demo data for ``manage.py seed_demo`` (product.md §9): the agencies, one user per role of api.md
and applications of all three types in every state (tending designs; forest-land occupations and
alien species introductions, some waiting for countersigns), so a newcomer can log in and click
through each role.

What the demo holds is declared in ``demo.data`` as tables; this module walks them. The map comes
first (product.md §15): demo zone layers and 小班 registries around the demo villages, imported
like an administrator's files, flagged ``demo`` and labelled 演示数据，非官方数据. Every submitted
demo application lies where its declaration says (its 小班 in the registry, or a site drawn inside
its village), and a few drafts titled 【演示】 show what each map rule does.

Applications are created and moved only through the services, exactly as people would
(``demo.acts``); nothing here writes a status, a task or a permission itself. Idempotent: users,
organisations and memberships are get-or-create, a layer is imported only where none exists yet,
and a demo application is recognised by its title and skipped when it exists (whatever state
people have since moved it to).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.acts import act_perform, acts_dated, clock_at
from demo.case_ends import demo_case_ends, report_checked_on
from demo.cases import demo_cases, report_dated
from demo.data.applications import APPLICATIONS
from demo.data.people import (
    ADMIN_NAME,
    ADMIN_USERNAME,
    ADMINISTRATORS,
    DEMO_HOLDERS,
    DEMO_PASSWORD,
    EXTRA_ROLES,
    USERS,
    VILLAGE_COLLECTIVES,
)
from demo.data.places import DEMO_LAYERS
from demo.data.records import (
    DEMO_DATA,
    DemoApplication,
    DemoLayer,
    DemoOrganisation,
    DemoPlan,
    DemoReport,
    DemoUser,
)
from demo.data.tables import plans, reports
from demo.documents import ATTACHMENT_UPLOADS
from documents import forms as decision_forms
from documents.licences import licences_assign_pending
from permits import reference as permits_reference
from permits import services
from permits.models import Application
from permits.plans import plan_import
from plans.models import Plan
from public.models import Report
from public.publication import decisions_publish
from public.reports import report_close, report_file, report_site_check
from roles import reference as roles_reference
from roles import second_factor
from roles.administrators import administrator_assign, administrator_role, administrators_provision
from roles.models import Agency, District, Jurisdiction, Organisation
from roles.second_factor import SECOND_FACTOR_ROLES
from roles.services import role_grant
from workflows import reference as routes_reference
from zones.imports import ImportFile
from zones.models import Layer
from zones.services import layer_import

from .licences import demo_licence_codes
from .patches import demo_patch_layers

# What the doors and the tests read of the demo through this module (the holders and the
# collectives are what the demo registries declare: tests/test_seed_demo.py checks them).
__all__ = [
    "ADMINISTRATORS",
    "ADMIN_USERNAME",
    "DEMO_HOLDERS",
    "DEMO_LAYERS",
    "DEMO_PASSWORD",
    "USERS",
    "VILLAGE_COLLECTIVES",
    "DemoSummary",
    "demo_seed",
]


@dataclass
class DemoSummary:
    users_created: list[str] = field(default_factory=list)
    layers_imported: list[str] = field(default_factory=list)
    plans_imported: list[str] = field(default_factory=list)
    users_total: int = 0
    applications_created: list[str] = field(default_factory=list)
    applications_skipped: list[str] = field(default_factory=list)
    by_status: Counter[str] = field(default_factory=Counter)
    # (kind, status) of every demo application
    by_kind_status: Counter[tuple[str, str]] = field(default_factory=Counter)
    reports_filed: list[str] = field(default_factory=list)
    cases_carried: int = 0
    patch_layers_imported: list[str] = field(default_factory=list)


def _organisation(spec: DemoOrganisation) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        name=spec.name,
        defaults={
            "jurisdiction_id": spec.jurisdiction,
            "district_id": spec.district,
            "unified_credit_code": spec.credit_code,
        },
    )
    return organisation


def _user(spec: DemoUser, password_hash: str, summary: DemoSummary) -> User:
    # The password is set on creation only: a second run must not rewrite anything.
    user, created = get_user_model().objects.get_or_create(
        username=spec.username, defaults={"first_name": spec.name, "password": password_hash}
    )
    if created:
        summary.users_created.append(spec.username)
    agency = Agency.objects.get(code=spec.agency) if spec.agency else None
    organisation = _organisation(spec.organisation) if spec.organisation else None
    role_grant(user=user, role=spec.role, agency=agency, organisation=organisation)
    return user


def _admin(summary: DemoSummary) -> None:
    User = get_user_model()
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        User.objects.create_superuser(
            username=ADMIN_USERNAME, password=DEMO_PASSWORD, first_name=ADMIN_NAME, email=""
        )
        summary.users_created.append(ADMIN_USERNAME)


def _administrators(password_hash: str, summary: DemoSummary) -> None:
    """One system, one security and one audit administrator (三员分立), made as
    ``admins_provision`` makes them."""
    administrators_provision()
    for username, name, group in ADMINISTRATORS:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": name, "password": password_hash}
        )
        if created:
            summary.users_created.append(username)
        if administrator_role(user) != group:
            administrator_assign(user=user, group_name=group)


def _second_factors() -> None:
    """Every demo official and administrator gets a TOTP device with the published demo secret
    (PERMITS_DEMO_TOTP_SECRET; README "Demo"), asked for under PERMITS_REQUIRE_2FA; one who has
    a device already (enrolled by hand) keeps it."""
    key = second_factor.hex_key(settings.PERMITS_DEMO_TOTP_SECRET)
    needing = get_user_model().objects.filter(
        Q(is_staff=True) | Q(is_superuser=True) | Q(memberships__role__in=SECOND_FACTOR_ROLES)
    )
    enrolled = TOTPDevice.objects.filter(confirmed=True).values("user")
    for user in needing.exclude(pk__in=enrolled).distinct():
        TOTPDevice.objects.create(user=user, name="demo", key=key, confirmed=True)


def _layer(spec: DemoLayer) -> Layer | None:
    """Import the demo layer unless the layer exists already, demo or not: a layer an
    administrator imported is never superseded by invented data."""
    scope = {"kind": spec.kind, "jurisdiction_id": spec.jurisdiction}
    if Layer.objects.filter(**scope, district_id=spec.district).exists():
        return None
    file = ImportFile(
        jurisdiction=Jurisdiction.objects.get(pk=spec.jurisdiction),
        district=District.objects.get(pk=spec.district) if spec.district else None,
        source=spec.source,
        data=(DEMO_DATA / spec.file_name).read_bytes(),
        file_name=spec.file_name,
        demo=True,
    )
    return layer_import(kind=spec.kind, file=file)


def _plan(spec: DemoPlan) -> Plan | None:
    """Import the demo plan unless a plan of that year and district exists already, demo or
    not (an administrator's plan is never superseded by invented data)."""
    district = District.objects.get(pk=spec.district)
    year = spec.year()
    if Plan.objects.filter(district=district, year=year).exists():
        return None
    file = ImportFile(
        jurisdiction=district.jurisdiction,
        district=district,
        source=spec.source,
        data=spec.table(),
        file_name=f"plan-{spec.district}-{year}.csv",
        demo=True,
    )
    return plan_import(file=file, year=year)


def _demo_applications() -> QuerySet[Application]:
    # django-stubs cannot type Application's manager (django-fsm's mixin reads as Any).
    demo: QuerySet[Application] = Application.objects.filter(
        title__in=[spec.title for spec in APPLICATIONS]
    )
    return demo


def _application(spec: DemoApplication, users: dict[str, User]) -> Application | None:
    applicant = users[spec.applicant]
    if _demo_applications().filter(title=spec.title, created_by=applicant).exists():
        return None
    created, dates = acts_dated(spec.steps)
    with clock_at(created):
        application = services.application_create(by=applicant, kind=spec.kind, data=spec.data)
        for kind in spec.attachment_kinds:
            services.attachment_add(
                application=application,
                by=applicant,
                kind=kind,
                upload=ATTACHMENT_UPLOADS[kind](application),
            )
    for step, when in zip(spec.steps, dates, strict=True):
        with clock_at(when):
            application = act_perform(step, application, users=users, applicant=applicant)
    return application


# ----------------------------------------------------------------------------- reports


def _report(spec: DemoReport, users: dict[str, User]) -> bool:
    if Report.objects.filter(tracking_code=spec.tracking_code).exists():
        return False
    report = report_file(
        kind=spec.kind,
        description=spec.description,
        site_geometry=spec.site,
        district="110118",
        contact=spec.contact,
    )
    Report.objects.filter(pk=report.pk).update(tracking_code=spec.tracking_code)
    if spec.checked is not None:
        inspectors, findings = spec.checked
        report_site_check(
            report_id=report.pk,
            by=users[inspectors[0]],
            checked_on=timezone.localdate(),
            inspectors=list(inspectors),
            findings=findings,
        )
    if spec.closed is not None:
        outcome, findings = spec.closed
        report_close(
            report_id=report.pk, by=users["district_my"], outcome=outcome, findings=findings
        )
    return True


@transaction.atomic
def demo_seed() -> DemoSummary:
    """Load reference data, demo users and demo applications; a second run changes nothing."""
    summary = DemoSummary()
    roles_reference.load()
    routes_reference.load()
    permits_reference.load()
    decision_forms.load()
    # Fictitious credit codes and licence type codes (演示) before any approval is issued, so that
    # each has its electronic licence identifier (issue 49 item 4); approvals of an earlier run
    # made without them get theirs now, as the tick would.
    demo_licence_codes()
    licences_assign_pending()
    # One hash for the one published demo password: PBKDF2 costs ~0.5 s a user.
    password_hash = make_password(DEMO_PASSWORD)
    users = {spec.username: _user(spec, password_hash, summary) for spec in USERS}
    for username, role, agency in EXTRA_ROLES:
        role_grant(user=users[username], role=role, agency=Agency.objects.get(code=agency))
    _admin(summary)
    _administrators(password_hash, summary)
    _second_factors()
    # The map before the applications: each is screened against it when saved and submitted.
    summary.layers_imported = [spec.file_name for spec in DEMO_LAYERS if _layer(spec)]
    # The annual plans before the designs: rule T7 reads them at submission (§19 P4).
    summary.plans_imported = [str(plan) for spec in plans() if (plan := _plan(spec))]
    for spec in APPLICATIONS:
        created = _application(spec, users)
        target = summary.applications_created if created else summary.applications_skipped
        target.append(spec.title)
    for report in reports():
        when = report_dated(report.tracking_code) or report_checked_on(report.tracking_code)
        with clock_at(when):
            if _report(report, users):
                summary.reports_filed.append(report.tracking_code)
    # The forest supervision's change patches (issue 48), after the permits they are matched to.
    summary.patch_layers_imported = demo_patch_layers()
    # A report closed as "no permit" and a patch closed as unlawful, each carried to a paid fine
    # and replanting (issue 48 item 7).
    summary.cases_carried = demo_cases(users)
    # The acts that end or turn a case: 不予移送, 移送案件结案, 退回, the hearing postponed and
    # its presiding officer withdrawn, 履行催告 to 代履行 (issue 48's leftovers).
    summary.cases_carried += demo_case_ends(users)
    # What the tick's first run would publish of the decisions just made (product.md §19 P1).
    decisions_publish(timezone.now())
    summary.users_total = len(USERS) + 1 + len(ADMINISTRATORS)
    summary.by_status = Counter(_demo_applications().values_list("status", flat=True))
    summary.by_kind_status = Counter(_demo_applications().values_list("kind", "status"))
    return summary
