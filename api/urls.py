"""/api/v1/ (API.md). Explicit paths: ``certificate.pdf`` has no trailing slash."""

from django.urls import path

from . import views

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
        "applications/<int:pk>/certificate.pdf",
        views.CertificatePdfView.as_view(),
        name="application-certificate-pdf",
    ),
    path(
        "applications/<int:pk>/reports/",
        views.ApplicationReportListView.as_view(),
        name="application-reports",
    ),
    path("reports/overdue/", views.OverdueReportListView.as_view(), name="reports-overdue"),
    path("tasks/", views.TaskListView.as_view(), name="task-list"),
    path("tasks/<int:pk>/claim/", views.TaskClaimView.as_view(), name="task-claim"),
    path("tasks/<int:pk>/unclaim/", views.TaskUnclaimView.as_view(), name="task-unclaim"),
    path("tasks/<int:pk>/decide/", views.TaskDecideView.as_view(), name="task-decide"),
    path(
        "certificates/<str:number>/verify/",
        views.CertificateVerifyView.as_view(),
        name="certificate-verify",
    ),
    path("audit/events/", views.AuditEventListView.as_view(), name="audit-events"),
    path("audit/verify/", views.AuditVerifyView.as_view(), name="audit-verify"),
]
