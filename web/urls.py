"""The web UI inside viewflow's frontend shell (its Material look, menu and login page).

Our own views do everything: viewflow's FlowViewset would expose its task views, bulk actions and
an unfiltered process list. The site menu lists the two applications a user may use; pages about
one application or task live at the site level under stable, un-namespaced names (the flow nodes
redirect to ``task-detail``).
"""

from django.contrib.auth.models import AnonymousUser, User
from django.urls import path
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
        path("applications/<int:pk>/", applications.application_detail, name="application-detail"),
        path("applications/<int:pk>/edit/", applications.application_edit, name="application-edit"),
        path(
            "applications/<int:pk>/attachments/",
            applications.attachment_add,
            name="application-attachment-add",
        ),
        path(
            "applications/<int:pk>/attachments/<int:attachment_id>/",
            applications.attachment_download,
            name="application-attachment",
        ),
        path(
            "applications/<int:pk>/attachments/<int:attachment_id>/preview/",
            applications.attachment_preview,
            name="application-attachment-preview",
        ),
        path(
            "applications/<int:pk>/submit/",
            applications.application_submit,
            name="application-submit",
        ),
        path(
            "applications/<int:pk>/withdraw/",
            applications.application_withdraw,
            name="application-withdraw",
        ),
        path(
            "applications/<int:pk>/withdraw-permit/",
            applications.application_withdraw_permit,
            name="application-withdraw-permit",
        ),
        path(
            "applications/<int:pk>/revoke/",
            applications.application_revoke,
            name="application-revoke",
        ),
        path(
            "applications/<int:pk>/statement-notice/",
            licensing.statement_notice,
            name="application-statement-notice",
        ),
        path(
            "applications/<int:pk>/statement-answer/",
            licensing.statement_answer,
            name="application-statement-answer",
        ),
        path(
            "applications/<int:pk>/land-approval/",
            licensing.land_approval,
            name="application-land-approval",
        ),
        path(
            "applications/<int:pk>/change-request/",
            licensing.change_request,
            name="application-change-request",
        ),
        path(
            "applications/<int:pk>/renewal-request/",
            licensing.renewal_request,
            name="application-renewal-request",
        ),
        path(
            "applications/<int:pk>/surrender/",
            licensing.surrender,
            name="application-surrender",
        ),
        path(
            "applications/<int:pk>/statement-drop/",
            licensing.statement_drop,
            name="application-statement-drop",
        ),
        path("applications/<int:pk>/fee/", fees.application_fee, name="application-fee"),
        path(
            "applications/<int:pk>/national-decision/",
            fees.application_national_decision,
            name="application-national-decision",
        ),
        path(
            "applications/<int:pk>/incidents/new/",
            obligations.incident_report,
            name="application-incident",
        ),
        path("obligations/<int:pk>/file/", obligations.obligation_file, name="obligation-file"),
        path(
            "obligations/<int:pk>/rectification/",
            inspections.rectification_order,
            name="obligation-rectification",
        ),
        path("control-reports/", inspections.control_reports, name="control-reports"),
        path(
            "rectifications/<int:pk>/",
            inspections.rectification_detail,
            name="rectification-detail",
        ),
        path(
            "applications/<int:pk>/case-file.zip",
            applications.application_case_file,
            name="application-case-file",
        ),
        path(
            "applications/<int:pk>/certificate.pdf",
            applications.application_certificate,
            name="application-certificate",
        ),
        path(
            "applications/<int:pk>/documents/<int:document_id>.pdf",
            applications.application_document_download,
            name="application-document",
        ),
        path("parcels/<int:pk>/", parcels.parcel_detail, name="parcel-detail"),
        path("tasks/<int:task_id>/", tasks.task_detail, name="task-detail"),
        path("tasks/<int:task_id>/claim/", tasks.task_claim, name="task-claim"),
        path("tasks/<int:task_id>/unclaim/", tasks.task_unclaim, name="task-unclaim"),
        path("notifications/", notifications.notification_list, name="notifications"),
        path(
            "notifications/<int:pk>/read/",
            notifications.notification_read,
            name="notification-read",
        ),
        path(
            "notifications/read-all/",
            notifications.notification_read_all,
            name="notification-read-all",
        ),
        path("tasks/<int:task_id>/reassign/", people.task_reassign, name="task-reassign"),
        path("tasks/<int:task_id>/extend/", people.task_extend, name="task-extend"),
        path(
            "tasks/<int:task_id>/procedures/",
            tasks.task_procedure_start,
            name="task-procedure-start",
        ),
        path(
            "tasks/<int:task_id>/site-checks/",
            tasks.task_site_check_record,
            name="task-site-check-record",
        ),
        path(
            "tasks/<int:task_id>/interested-parties/",
            tasks.task_interested_party_notify,
            name="task-interested-party-notify",
        ),
        path(
            "tasks/<int:task_id>/interested-parties/<int:notice_id>/answer/",
            tasks.task_interested_party_answer,
            name="task-interested-party-answer",
        ),
        path(
            "tasks/<int:task_id>/procedures/<int:procedure_id>/end/",
            tasks.task_procedure_end,
            name="task-procedure-end",
        ),
        path("absences/", people.absences, name="absences"),
        path("audit/events.csv", audit.audit_events_csv, name="audit-events-csv"),
        path("audit/verify/", audit.audit_verify_page, name="audit-verify"),
        path(
            "audit/officials/<str:username>/",
            audit.official_report_page,
            name="audit-official-report",
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
