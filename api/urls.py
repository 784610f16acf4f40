"""/api/v1/ (api.md). Explicit paths: ``certificate.pdf`` has no trailing slash."""

from django.urls import path

from . import notifications, views, zones

app_name = "api"

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("applications/", views.ApplicationListView.as_view(), name="application-list"),
    path(
        "applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application-detail"
    ),
    path(
        "applications/<int:pk>/attachments/",
        views.AttachmentListView.as_view(),
        name="application-attachments",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_id>/download/",
        views.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
    path(
        "applications/<int:pk>/site/",
        views.ApplicationSiteView.as_view(),
        name="application-site",
    ),
    path(
        "applications/<int:pk>/submit/",
        views.ApplicationSubmitView.as_view(),
        name="application-submit",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        views.ApplicationWithdrawView.as_view(),
        name="application-withdraw",
    ),
    path(
        "applications/<int:pk>/revoke/",
        views.ApplicationRevokeView.as_view(),
        name="application-revoke",
    ),
    path(
        "applications/<int:pk>/history/",
        views.ApplicationHistoryView.as_view(),
        name="application-history",
    ),
    path(
        "applications/<int:pk>/case-file.zip",
        views.CaseFileView.as_view(),
        name="application-case-file",
    ),
    path(
        "applications/<int:pk>/certificate.pdf",
        views.CertificatePdfView.as_view(),
        name="application-certificate-pdf",
    ),
    path(
        "applications/<int:pk>/documents/",
        views.DocumentListView.as_view(),
        name="application-documents",
    ),
    path(
        "applications/<int:pk>/documents/<int:document_id>.pdf",
        views.DocumentPdfView.as_view(),
        name="application-document-pdf",
    ),
    path(
        "applications/<int:pk>/reports/",
        views.ApplicationReportListView.as_view(),
        name="application-reports",
    ),
    path("reports/overdue/", views.OverdueReportListView.as_view(), name="reports-overdue"),
    path("zones/", zones.ZoneListView.as_view(), name="zone-list"),
    path("parcels/", zones.ParcelListView.as_view(), name="parcel-list"),
    path("tasks/", views.TaskListView.as_view(), name="task-list"),
    path("tasks/<int:pk>/claim/", views.TaskClaimView.as_view(), name="task-claim"),
    path("tasks/<int:pk>/unclaim/", views.TaskUnclaimView.as_view(), name="task-unclaim"),
    path("tasks/<int:pk>/decide/", views.TaskDecideView.as_view(), name="task-decide"),
    path("tasks/<int:pk>/reassign/", views.TaskReassignView.as_view(), name="task-reassign"),
    path("tasks/<int:pk>/extend/", views.TaskExtendView.as_view(), name="task-extend"),
    path("absences/", views.AbsenceListView.as_view(), name="absence-list"),
    path(
        "certificates/<str:number>/verify/",
        views.CertificateVerifyView.as_view(),
        name="certificate-verify",
    ),
    path("stats/", views.StatsView.as_view(), name="stats"),
    path("audit/events/", views.AuditEventListView.as_view(), name="audit-events"),
    path("audit/verify/", views.AuditVerifyView.as_view(), name="audit-verify"),
    path("audit/public-keys/", views.AuditPublicKeyListView.as_view(), name="audit-public-keys"),
    path("audit/checkpoints/", views.AuditCheckpointListView.as_view(), name="audit-checkpoints"),
    path("audit/proof/", views.AuditProofView.as_view(), name="audit-proof"),
    path("audit/consistency/", views.AuditConsistencyView.as_view(), name="audit-consistency"),
    path(
        "audit/officials/<str:username>/report/",
        views.OfficialReportView.as_view(),
        name="audit-official-report",
    ),
    path("notifications/", notifications.NotificationListView.as_view(), name="notification-list"),
    path(
        "notifications/<int:pk>/read/",
        notifications.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path(
        "notifications/read-all/",
        notifications.NotificationReadAllView.as_view(),
        name="notification-read-all",
    ),
]
