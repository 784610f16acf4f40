"""The web UI inside viewflow's frontend shell (its Material look, menu and login page).

Our own views do everything: viewflow's FlowViewset would expose its task views, bulk actions and
an unfiltered process list. The site menu lists the two applications a user may use; pages about
one application or task live at the site level under stable, un-namespaced names (the flow nodes
redirect to ``task-detail``).
"""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpResponseBase
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, Site, route

from . import (
    applications,
    appraisal,
    audit,
    dashboard,
    desk,
    fees,
    home,
    inspections,
    licensing,
    notifications,
    obligations,
    parcels,
    people,
    plans,
    reports,
    tasks,
)


def _routes(
    prefix: str, *routes: tuple[str, Callable[..., HttpResponseBase], str]
) -> list[URLPattern]:
    """One ``path()`` per (suffix, view, name) below ``prefix``."""
    return [path(prefix + suffix, view, name=name) for suffix, view, name in routes]


class DeskApp(Application):
    """The applicant's home page: what needs them, and where each application stands."""

    app_name = "desk"
    title = _("My applications")
    icon = "home"
    menu_template_name = None

    index_path = path("", desk.applicant_home, name="index")

    def has_view_permission(self, user: User | AnonymousUser, obj: object = None) -> bool:
        return home.may_use_desk(user)


class ApplicationsApp(Application):
    app_name = "applications"
    # Not "Applications": viewflow's catalogue translates that as 应用 (software applications).
    title = _("Permit applications")
    icon = "folder_open"
    menu_template_name = None

    index_path = path("", applications.application_list, name="index")
    new_path = path("new/", applications.application_choose_kind, name="new")
    create_path = path("new/<slug:kind>/", applications.application_create, name="create")

    def has_view_permission(self, user: User | AnonymousUser, obj: object = None) -> bool:
        return home.may_use_applications(user)


class TasksApp(Application):
    app_name = "tasks"
    title = _("Work queue")
    icon = "assignment"
    menu_template_name = None

    index_path = path("", tasks.task_queue, name="index")

    def has_view_permission(self, user: User | AnonymousUser, obj: object = None) -> bool:
        return home.may_use_tasks(user)


class ObligationsApp(Application):
    """Supervision after approval (product.md §17): what a holder owes, what an agency's
    supervised permits owe, the overdue ones."""

    app_name = "obligations"
    title = _("Obligations")
    icon = "event_busy"
    menu_template_name = None

    index_path = path("", obligations.obligations_list, name="index")

    def has_view_permission(self, user: User | AnonymousUser, obj: object = None) -> bool:
        return home.may_use_tasks(user) or home.may_use_desk(user)


class InspectionsApp(Application):
    """Inspections (检查验收, product.md §17 A2): the officials' list, the head's assignment,
    the inspectors' result."""

    app_name = "inspections"
    title = _("Inspections")
    icon = "fact_check"
    menu_template_name = None

    index_path = path("", inspections.inspections_list, name="index")
    detail_path = path("<int:pk>/", inspections.inspection_detail, name="detail")

    def has_view_permission(self, user: User | AnonymousUser, obj: object = None) -> bool:
        return home.may_use_tasks(user)


class ReportsApp(Application):
    """Reports from the public (product.md §19 P2): the handling agencies' list and reports."""

    app_name = "reports"
    title = _("Reports from the public")
    icon = "campaign"
    menu_template_name = None

    index_path = path("", reports.reports_list, name="index")
    detail_path = path("<int:pk>/", reports.report_detail, name="detail")
    photo_path = path("<int:pk>/photos/<int:photo>/", reports.report_photo, name="photo")

    def has_view_permission(self, user: User | AnonymousUser, obj: object = None) -> bool:
        return home.may_use_tasks(user)


class AppraisalApp(Application):
    """The appraisal (考核, product.md §19 P3): each agency of the reader's jurisdiction per
    quarter."""

    app_name = "appraisal"
    title = _("Performance appraisal")
    icon = "leaderboard"
    menu_template_name = None

    index_path = path("", appraisal.appraisal_page, name="index")

    def has_view_permission(self, user: User | AnonymousUser, obj: object = None) -> bool:
        return not user.is_authenticated or appraisal.may_read_appraisal(user)


class PlansApp(Application):
    """The annual plan per 小班 (product.md §19 P4): planned vs approved vs accepted per district
    and township."""

    app_name = "plans"
    title = _("Annual plans")
    icon = "event_note"
    menu_template_name = None

    index_path = path("", plans.plans_page, name="index")

    def has_view_permission(self, user: User | AnonymousUser, obj: object = None) -> bool:
        return not user.is_authenticated or plans.may_read_plans(user)


class DashboardApp(Application):
    """The agency dashboard: figures of the user's agencies and their overdue steps."""

    app_name = "dashboard"
    title = _("Agency dashboard")
    icon = "insights"
    menu_template_name = None

    index_path = path("", dashboard.dashboard, name="index")

    def has_view_permission(self, user: User | AnonymousUser, obj: object = None) -> bool:
        return home.may_use_dashboard(user)


class AuditApp(Application):
    """The auditor's workspace: event search, CSV, chain verification, per-official reports."""

    app_name = "audit"
    title = _("Audit workspace")
    icon = "policy"
    menu_template_name = None

    index_path = path("", audit.audit_workspace, name="index")

    def has_view_permission(self, user: User | AnonymousUser, obj: object = None) -> bool:
        return home.may_use_audit(user)


class ParcelsApp(Application):
    """The 小班 registry: any signed-in user reads it; a parcel's history shows only the
    applications the reader may see."""

    app_name = "parcels"
    title = _("Sub-compartment registry (小班)")
    icon = "grid_on"
    menu_template_name = None

    index_path = path("", parcels.parcel_list, name="index")


class PermitsSite(Site):
    title = _("Forestry permits")
    icon = "forest"

    urlpatterns = [
        *_routes(
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
        ),
        *_routes(
            "obligations/<int:pk>/",
            ("file/", obligations.obligation_file, "obligation-file"),
            ("rectification/", inspections.rectification_order, "obligation-rectification"),
        ),
        *_routes(
            "",
            ("control-reports/", inspections.control_reports, "control-reports"),
            ("rectifications/<int:pk>/", inspections.rectification_detail, "rectification-detail"),
            ("parcels/<int:pk>/", parcels.parcel_detail, "parcel-detail"),
            ("absences/", people.absences, "absences"),
        ),
        *_routes(
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
            ("procedures/<int:procedure_id>/end/", tasks.task_procedure_end, "task-procedure-end"),
        ),
        *_routes(
            "notifications/",
            ("", notifications.notification_list, "notifications"),
            ("<int:pk>/read/", notifications.notification_read, "notification-read"),
            ("read-all/", notifications.notification_read_all, "notification-read-all"),
        ),
        *_routes(
            "audit/",
            ("events.csv", audit.audit_events_csv, "audit-events-csv"),
            ("verify/", audit.audit_verify_page, "audit-verify"),
            ("officials/<str:username>/", audit.official_report_page, "audit-official-report"),
        ),
    ]
    index_path = path("", home.home, name="home")
    desk_path = route("desk/", DeskApp())
    applications_path = route("applications/", ApplicationsApp())
    tasks_path = route("tasks/", TasksApp())
    obligations_path = route("obligations/", ObligationsApp())
    inspections_path = route("inspections/", InspectionsApp())
    reports_path = route("reports/", ReportsApp())
    appraisal_path = route("appraisal/", AppraisalApp())
    plans_path = route("plans/", PlansApp())
    dashboard_path = route("dashboard/", DashboardApp())
    audit_path = route("audit/", AuditApp())
    parcels_path = route("parcels/", ParcelsApp())


site = PermitsSite()

urlpatterns = [path("", site.urls)]
