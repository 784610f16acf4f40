"""The legal office's data (the articles and the procedure's periods and thresholds), each edit
on the audit chain (``ConfigurationAdmin``), and the cases, read-only: a case changes only
through its acts (``enforcement.services``)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from roles.admin import ConfigurationAdmin, yes_no_column

from .models import Case, EnforcementStandard, PenaltyArticle, ReferralThreshold


@admin.register(PenaltyArticle)
class PenaltyArticleAdmin(ConfigurationAdmin):
    list_display = [
        "code",
        "jurisdiction",
        "article",
        "offence",
        "fine_basis",
        "fine_min",
        "fine_max",
    ]
    list_filter = ["jurisdiction", "law"]


@admin.register(ReferralThreshold)
class ReferralThresholdAdmin(ConfigurationAdmin):
    list_display = ["code", "jurisdiction", "offence", "quantity", "unit", "combine_group"]
    list_filter = ["jurisdiction", "unit"]


@admin.register(EnforcementStandard)
class EnforcementStandardAdmin(ConfigurationAdmin):
    list_display = [
        "jurisdiction",
        "register_working_days",
        "statement_working_days",
        "hearing_fine_person",
        "hearing_fine_organisation",
        "publication_working_days",
    ]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "agency", "status", "source", "opened_at"]
    list_filter = ["status", "source"]
    # The evidence and the penalty proposed are read on the case's own page (/cases/{id}/),
    # worded; here they would be raw JSON. The yes-or-no facts with a translated icon.
    _FLAGS = ("hearing_right", "legal_review_required", "legal_review_passed", "to_refer")
    exclude = ["evidence", "proposed", "overdue_told", "referral_quantities", *_FLAGS]
    hearing_right_icon = staticmethod(yes_no_column(Case, "hearing_right"))
    legal_review_required_icon = staticmethod(yes_no_column(Case, "legal_review_required"))
    legal_review_passed_icon = staticmethod(yes_no_column(Case, "legal_review_passed"))
    to_refer_icon = staticmethod(yes_no_column(Case, "to_refer"))
    readonly_fields = [f"{flag}_icon" for flag in _FLAGS]
