"""The web UI inside viewflow's frontend shell (its Material look, menu and login page).

Our own views do everything: viewflow's FlowViewset would expose its task views, bulk actions and
an unfiltered process list. The site menu lists the two applications a user may use; pages about
one application or task live at the site level under stable, un-namespaced names (the flow nodes
redirect to ``task-detail``).
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpResponseBase
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, Site

from core.routes import routes

from . import (
    applications,
    appraisal,
    audit,
    cases,
    dashboard,
    desk,
    fees,
    home,
    inspections,
    licensing,
    notifications,
    obligations,
    parcels,
    patches,
    people,
    plans,
    reports,
    tasks,
    tokens,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class MenuApp(Application):
    """One entry of the site menu: a page (its index) behind ``permission``, a callable of the
    user (viewflow's ``Application.permission``); the rest of the app's pages are in
    ``urlpatterns``."""

    menu_template_name = None
    index_path = None


def _may_read_appraisal(user: User | AnonymousUser) -> bool:
    return not user.is_authenticated or appraisal.may_read_appraisal(user)


def _may_read_plans(user: User | AnonymousUser) -> bool:
    return not user.is_authenticated or plans.may_read_plans(user)


def _may_use_obligations(user: User | AnonymousUser) -> bool:
    return home.may_use_tasks(user) or home.may_use_desk(user)


def _menu_app(
    app_name: str,
    title: "StrOrPromise",
    icon: str,
    index: Callable[..., HttpResponseBase],
    permission: Callable[[User | AnonymousUser], bool] | None,
    *more: URLPattern,
) -> MenuApp:
    return MenuApp(
        app_name=app_name,
        title=title,
        icon=icon,
        permission=permission,
        urlpatterns=[path("", index, name="index"), *more],
    )


# The site menu, in its order: (URL prefix and namespace, title, icon, index page, who sees it,
# the app's other pages).
MENU = [
    # The applicant's home page: what needs them, and where each application stands.
    _menu_app("desk", _("My applications"), "home", desk.applicant_home, home.may_use_desk),
    _menu_app(
        "applications",
        # Not "Applications": viewflow's catalogue translates that as 应用 (software applications).
        _("Permit applications"),
        "folder_open",
        applications.application_list,
        home.may_use_applications,
        path("new/", applications.application_choose_kind, name="new"),
        path("new/<slug:kind>/", applications.application_create, name="create"),
    ),
    # The official's work desk: every act waiting for them, by due date (issue 45 item 18).
    _menu_app("work", _("Work desk"), "dashboard", desk.work_desk, home.may_use_tasks),
    _menu_app("tasks", _("Work queue"), "assignment", tasks.task_queue, home.may_use_tasks),
    # Supervision after approval (product.md §17): what a holder owes, what an agency's
    # supervised permits owe, the overdue ones.
    _menu_app(
        "obligations",
        _("Obligations"),
        "event_busy",
        obligations.obligations_list,
        _may_use_obligations,
    ),
    # Inspections (检查验收, product.md §17 A2): the officials' list, the head's assignment, the
    # inspectors' result.
    _menu_app(
        "inspections",
        _("Inspections"),
        "fact_check",
        inspections.inspections_list,
        home.may_use_tasks,
        path("<int:pk>/", inspections.inspection_detail, name="detail"),
    ),
    # Reports from the public (product.md §19 P2): the handling agencies' list and reports.
    _menu_app(
        "reports",
        _("Reports from the public"),
        "campaign",
        reports.reports_list,
        home.may_use_tasks,
        path("<int:pk>/", reports.report_detail, name="detail"),
        path("<int:pk>/photos/<int:photo>/", reports.report_photo, name="photo"),
    ),
    # The forest supervision's change patches (issue 48): the list, a layer's, a patch's page.
    _menu_app(
        "patches",
        _("Change patches"),
        "satellite_alt",
        patches.patches_list,
        patches.may_read_patches,
        path("layer/<int:pk>/", patches.patches_list, name="layer"),
        path("<int:pk>/", patches.patch_detail, name="detail"),
    ),
    # The appraisal (考核, product.md §19 P3): each agency of the reader's jurisdiction per
    # quarter.
    _menu_app(
        "appraisal",
        _("Performance appraisal"),
        "leaderboard",
        appraisal.appraisal_page,
        _may_read_appraisal,
    ),
    # The annual plan per 小班 (product.md §19 P4): planned vs approved vs accepted per district
    # and township.
    _menu_app("plans", _("Annual plans"), "event_note", plans.plans_page, _may_read_plans),
    # The agency dashboard: figures of the user's agencies and their overdue steps.
    _menu_app(
        "dashboard",
        _("Agency dashboard"),
        "insights",
        dashboard.dashboard,
        home.may_use_dashboard,
    ),
    # The auditor's workspace: event search, CSV, chain verification, per-official reports.
    _menu_app("audit", _("Audit workspace"), "policy", audit.audit_workspace, home.may_use_audit),
    # The 小班 registry: any signed-in user reads it; a parcel's history shows only the
    # applications the reader may see.
    _menu_app(
        "parcels", _("Sub-compartment registry (小班)"), "grid_on", parcels.parcel_list, None
    ),
]


class PermitsSite(Site):
    title = _("Forestry permits")
    icon = "forest"

    urlpatterns = [
        *routes(
            "applications/<int:pk>/",
            ("", applications.application_detail, "application-detail"),
            ("edit/", applications.application_edit, "application-edit"),
            ("attachments/", applications.attachment_add, "application-attachment-add"),
            (
                "attachments/<int:attachment_id>/",
                applications.attachment_download,
                "application-attachment",
            ),
            (
                "attachments/<int:attachment_id>/preview/",
                applications.attachment_preview,
                "application-attachment-preview",
            ),
            ("submit/", applications.application_submit, "application-submit"),
            ("withdraw/", applications.application_withdraw, "application-withdraw"),
            (
                "hearing-request/",
                applications.application_hearing_request,
                "application-hearing-request",
            ),
            (
                "withdraw-permit/",
                applications.application_withdraw_permit,
                "application-withdraw-permit",
            ),
            ("revoke/", applications.application_revoke, "application-revoke"),
            ("statement-notice/", licensing.statement_notice, "application-statement-notice"),
            ("statement-answer/", licensing.statement_answer, "application-statement-answer"),
            ("land-approval/", licensing.land_approval, "application-land-approval"),
            ("change-request/", licensing.change_request, "application-change-request"),
            ("renewal-request/", licensing.renewal_request, "application-renewal-request"),
            ("surrender/", licensing.surrender, "application-surrender"),
            ("statement-drop/", licensing.statement_drop, "application-statement-drop"),
            ("fee/", fees.application_fee, "application-fee"),
            (
                "fee/determination/",
                fees.application_fee_determination,
                "application-fee-determination",
            ),
            (
                "national-decision/",
                fees.application_national_decision,
                "application-national-decision",
            ),
            ("incidents/new/", obligations.incident_report, "application-incident"),
            ("case-file.zip", applications.application_case_file, "application-case-file"),
            ("certificate.pdf", applications.application_certificate, "application-certificate"),
            (
                "documents/<int:document_id>.pdf",
                applications.application_document_download,
                "application-document",
            ),
            (
                "documents/<int:document_id>/seal/",
                applications.application_document_seal,
                "application-document-seal",
            ),
        ),
        *routes(
            "obligations/<int:pk>/",
            ("file/", obligations.obligation_file, "obligation-file"),
            ("rectification/", inspections.rectification_order, "obligation-rectification"),
        ),
        *routes(
            "",
            ("control-reports/", inspections.control_reports, "control-reports"),
            ("rectifications/<int:pk>/", inspections.rectification_detail, "rectification-detail"),
            ("parcels/<int:pk>/", parcels.parcel_detail, "parcel-detail"),
            ("absences/", people.absences, "absences"),
            ("account/api-tokens/", tokens.token_list, "api-tokens"),
            ("account/api-tokens/<str:handle>/revoke/", tokens.token_revoke, "api-token-revoke"),
        ),
        *routes(
            "tasks/<int:task_id>/",
            ("", tasks.task_detail, "task-detail"),
            ("claim/", tasks.task_claim, "task-claim"),
            ("unclaim/", tasks.task_unclaim, "task-unclaim"),
            ("reassign/", people.task_reassign, "task-reassign"),
            ("extend/", people.task_extend, "task-extend"),
            ("procedures/", tasks.task_procedure_start, "task-procedure-start"),
            ("site-checks/", tasks.task_site_check_record, "task-site-check-record"),
            (
                "interested-parties/",
                tasks.task_interested_party_notify,
                "task-interested-party-notify",
            ),
            (
                "interested-parties/<int:notice_id>/answer/",
                tasks.task_interested_party_answer,
                "task-interested-party-answer",
            ),
            (
                "interested-parties/<int:notice_id>/served/",
                tasks.task_interested_party_served,
                "task-interested-party-served",
            ),
            (
                "compensation-agreement/",
                tasks.task_compensation_confirm,
                "task-compensation-confirm",
            ),
            ("procedures/<int:procedure_id>/end/", tasks.task_procedure_end, "task-procedure-end"),
            ("hearing-notice/", tasks.task_hearing_offer, "task-hearing-notice"),
            ("hearing/", tasks.task_hearing_hold, "task-hearing"),
        ),
        *routes(
            "cases/",
            ("", cases.case_list, "case-list"),
            ("<int:pk>/", cases.case_detail, "case-detail"),
            ("<int:pk>/documents/<int:document>/", cases.case_document, "case-document"),
        ),
        *routes(
            "notifications/",
            ("", notifications.notification_list, "notifications"),
            ("<int:pk>/read/", notifications.notification_read, "notification-read"),
            ("read-all/", notifications.notification_read_all, "notification-read-all"),
        ),
        *routes(
            "audit/",
            ("events.csv", audit.audit_events_csv, "audit-events-csv"),
            ("verify/", audit.audit_verify_page, "audit-verify"),
            ("officials/<str:username>/", audit.official_report_page, "audit-official-report"),
            ("people/<str:username>/", audit.person_events_page, "audit-person"),
        ),
    ]
    index_path = path("", home.home, name="home")
    viewsets = MENU


site = PermitsSite()

urlpatterns = [path("", site.urls)]
