"""Enforcement cases (林业行政处罚, issue 48 item 5; 行政处罚法 2021): the case and its status,
the party, the evidence, the prior notice, the party's statement, the legal review, the decision
and its execution; the articles a decision applies and the periods, held as data per
jurisdiction (docs/legal-basis.md, "Enforcement cases")."""

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

from core.fields import optional_moment, protected_fk, user_fk
from core.pii import BlindIndex, EncryptedTextField
from roles.fields import agency_fk, jurisdiction_fk


class CaseSource(models.TextChoices):
    PATCH = "patch", _("Remote-sensing patch")
    REPORT = "report", _("Public report")
    INSPECTION = "inspection", _("Inspection")
    MANUAL = "manual", _("Opened by hand")


class CaseStatus(models.TextChoices):
    OPENED = "opened", _("Opened")
    REGISTERED = "registered", _("Registered (立案)")
    INVESTIGATED = "investigated", _("Investigated")
    NOTIFIED = "notified", _("Prior notice served")
    REVIEWED = "reviewed", _("Legally reviewed")
    DECIDED = "decided", _("Decided")
    EXECUTED = "executed", _("Executed")
    CLOSED = "closed", _("Closed")
    REFERRED = "referred", _("Referred to the police")


# The steps from which the head may refer a case (before the decision: 行政处罚法 art. 57(4);
# 移送规定 art. 11, no penalty in place of the referral).
REFERABLE = (
    CaseStatus.OPENED,
    CaseStatus.REGISTERED,
    CaseStatus.INVESTIGATED,
    CaseStatus.NOTIFIED,
    CaseStatus.REVIEWED,
)


class PoliceAnswer(models.TextChoices):
    """The police's written answer to a referral (移送规定 art. 8)."""

    ACCEPTED = "accepted", _("Accepted (立案)")
    NOT_ACCEPTED = "not_accepted", _("Not accepted (不予立案)")


class ThresholdUnit(models.TextChoices):
    CUBIC_METRES = "m3", _("cubic metres of standing stock")
    SAPLINGS = "saplings", _("saplings")
    YUAN = "yuan", _("yuan")
    MU = "mu", _("mu")


class CaseOutcome(models.TextChoices):
    PENALTY = "penalty", _("Penalty")
    NO_PENALTY = "no_penalty", _("No penalty")
    # Closed by the referral: the police opened a criminal case (移送规定 arts. 8, 12).
    TRANSFERRED = "transferred", _("Transferred to the police (移送公安机关立案)")


class NoPenaltyGround(models.TextChoices):
    """Why no penalty is given (行政处罚法 art. 57(1)(2), (3)): the one ground the head finds,
    printed with its article (``enforcement.grounds``)."""

    NOT_ESTABLISHED = "not_established", _("The facts of an offence are not established")
    MINOR_CORRECTED = (
        "minor_corrected",
        _("Minor, corrected in time, without harmful consequences"),
    )
    FIRST_MINOR = (
        "first_minor",
        _("A first offence with minor consequences, corrected in time"),
    )
    NO_FAULT = "no_fault", _("The party proves it was not at fault")
    TIME_BARRED = "time_barred", _("Not discovered within the period of art. 36")
    UNDER_FOURTEEN = "under_fourteen", _("The party was under fourteen")
    INCAPABLE = (
        "incapable",
        _("The party could not recognise or control its conduct (mental illness or disability)"),
    )


class ReturnGround(models.TextChoices):
    """Why a judicial authority sent a case back for a penalty (行政处罚法 art. 27(1), second
    sentence; 移送规定 art. 13)."""

    NO_CRIMINAL_LIABILITY = "no_criminal_liability", _("No criminal liability (不需要追究刑事责任)")
    EXEMPTED = "exempted", _("Exempted from criminal punishment (免予刑事处罚)")


class StatementKind(models.TextChoices):
    WAIVED = "waived", _("Rights waived")
    STATEMENT = "statement", _("Statement and defence")
    HEARING_REQUESTED = "hearing_requested", _("Hearing requested")


class FineBasis(models.TextChoices):
    """How an article sets its fine: an amount in yuan (生物安全法 art. 81), or a multiple of a
    value the case establishes (森林法 art. 76: 盗伐林木价值五倍以上十倍以下)."""

    AMOUNT = "amount", _("An amount in yuan")
    MULTIPLE = "multiple", _("A multiple of a value established")


class PenaltyArticle(models.Model):
    """An article a penalty decision applies, with the fine it allows (the law as data): a row
    of no jurisdiction is the national law; a jurisdiction's row (its 裁量基准, 行政处罚法 art.
    34) takes its place there. ``source`` quotes the article."""

    code = models.SlugField(_("code"), max_length=40)
    jurisdiction = jurisdiction_fk(optional=True, related_name="+")
    law = models.CharField(_("law"), max_length=40)
    article = models.CharField(_("article"), max_length=40)
    offence = models.CharField(_("offence"), max_length=80)
    fine_basis = models.CharField(_("fine basis"), max_length=10, choices=FineBasis.choices)
    fine_min = models.DecimalField(_("lowest fine"), max_digits=14, decimal_places=2)
    fine_max = models.DecimalField(_("highest fine"), max_digits=14, decimal_places=2)
    # "可以处…罚款": the article allows no fine at all besides its range (森林法 arts. 73, 74,
    # 76(2)); "并处" / "处" (arts. 76(1); 生物安全法 art. 81) does not.
    fine_optional = models.BooleanField(_("a fine may be omitted"), default=False)
    # What the multiple applies to (林木价值, 恢复植被和林业生产条件所需费用); "" for an amount.
    base_label = models.CharField(_("value the multiple applies to"), max_length=40, blank=True)
    # 补种 ordered: a multiple of the trees destroyed or felled (0: the article orders none).
    replant_min = models.DecimalField(
        _("lowest replanting multiple"), max_digits=4, decimal_places=1, default=Decimal(0)
    )
    replant_max = models.DecimalField(
        _("highest replanting multiple"), max_digits=4, decimal_places=1, default=Decimal(0)
    )
    source = models.TextField(_("source (the article quoted)"))

    class Meta:
        verbose_name = _("penalty article")
        verbose_name_plural = _("penalty articles")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "jurisdiction"], name="penalty_article_unique"),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(jurisdiction__isnull=True),
                name="penalty_article_national_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.law} {self.article}"

    @property
    def citation(self) -> str:
        return f"《{self.law}》{self.article}"


class ReferralThreshold(models.Model):
    """A quantity at which an offence is suspected to be a crime and the case is referred to
    the police (移送规定 art. 3; the figures of 法释〔2023〕8号), the law as data: a row of no
    jurisdiction is the national default; a jurisdiction's row takes its place there.
    ``source`` quotes the clause."""

    code = models.SlugField(_("code"), max_length=40)
    jurisdiction = jurisdiction_fk(optional=True, related_name="+")
    offence = models.CharField(_("offence"), max_length=80)
    unit = models.CharField(_("unit"), max_length=10, choices=ThresholdUnit.choices)
    quantity = models.DecimalField(_("threshold"), max_digits=14, decimal_places=2)
    source = models.TextField(_("source (the clause quoted)"))
    # Rows of one group are reckoned together in proportion (法释〔2023〕8号 arts. 1(2)(3), 4(1)(3),
    # 6(1)(3): 按相应比例折算合计): the group is reached when the sum of each quantity over its
    # threshold is one or more. ``combine_source`` quotes the clause that allows it.
    combine_group = models.SlugField(_("combined with (group)"), max_length=40, blank=True)
    combine_source = models.TextField(_("source of the combination"), blank=True)
    # 法释〔2023〕8号 第九条: the same party's acts 未经处理，且依法应当追诉的 are added up; an
    # earlier case counts while it is within these years (刑法 第八十七条, by the offence's
    # highest sentence at this quantity). ``prosecution_source`` quotes the clauses.
    prosecution_years = models.PositiveSmallIntegerField(
        _("years an earlier act is added within"), default=5, db_default=5
    )
    prosecution_source = models.TextField(
        _("source of the years"), blank=True, default="", db_default=""
    )
    # A lower threshold for a party penalised before (法释〔2023〕8号 第一条第二款第（四）项:
    # 二年内曾因非法占用农用地受过二次以上行政处罚…达到…标准一半以上): ``repeat_penalties``
    # penalties (0: the row has no such rule) under one of ``repeat_articles`` (penalty article
    # codes, comma-separated) decided within ``repeat_years``, and the threshold is multiplied
    # by ``repeat_share``. ``repeat_source`` quotes the item.
    repeat_penalties = models.PositiveSmallIntegerField(
        _("earlier penalties that lower the threshold"), default=0, db_default=0
    )
    repeat_years = models.PositiveSmallIntegerField(
        _("years the earlier penalties count within"), default=0, db_default=0
    )
    repeat_share = models.DecimalField(
        _("share of the threshold after the earlier penalties"),
        max_digits=4,
        decimal_places=3,
        default=Decimal(1),
        db_default=Decimal(1),
    )
    repeat_articles = models.CharField(
        _("penalty articles of the earlier penalties"),
        max_length=200,
        blank=True,
        default="",
        db_default="",
    )
    repeat_source = models.TextField(
        _("source of the lower threshold"), blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = _("referral threshold")
        verbose_name_plural = _("referral thresholds")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "jurisdiction"], name="referral_threshold_unique"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(jurisdiction__isnull=True),
                name="referral_threshold_national_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offence} {self.quantity} {self.get_unit_display()}"


class EnforcementStandard(models.Model):
    """A jurisdiction's periods and thresholds of the penalty procedure (the legal office's
    data; ``enforcement.law.standard_of`` gives the defaults without a row)."""

    jurisdiction = models.OneToOneField(
        "roles.Jurisdiction",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("jurisdiction"),
    )
    register_working_days = models.PositiveSmallIntegerField(_("working days to register"))
    statement_working_days = models.PositiveSmallIntegerField(_("working days for the statement"))
    decision_days = models.PositiveSmallIntegerField(_("days from registration to decision"))
    hearing_fine_person = models.DecimalField(
        _("large fine for a natural person (yuan)"), max_digits=14, decimal_places=2
    )
    hearing_fine_organisation = models.DecimalField(
        _("large fine for an organisation (yuan)"), max_digits=14, decimal_places=2
    )
    # Whether a fine of exactly the figure is 较大数额 (art. 63(1)): the standard's own words
    # decide, "超过5000元" excluding the figure, "5000元以上" including it. Beijing's say 超过:
    # excluded by default. ``hearing_fine_source`` quotes the standard.
    hearing_fine_inclusive = models.BooleanField(
        _("the figure itself is a large fine (the standard says “or more”, not “more than”)"),
        default=False,
        db_default=False,
    )
    hearing_fine_source = models.TextField(
        _("source of the large-fine figures"), blank=True, default="", db_default=""
    )
    publication_working_days = models.PositiveSmallIntegerField(
        _("working days to publish a decision")
    )
    fine_payment_days = models.PositiveSmallIntegerField(_("days to pay a fine"))
    decision_service_working_days = models.PositiveSmallIntegerField(
        _("working days to serve a decision"), default=7, db_default=7
    )
    # 民事诉讼法 art. 95: 自发出公告之日起，经过三十日，即视为送达.
    public_notice_days = models.PositiveSmallIntegerField(
        _("days after which a public notice counts as served"), default=30, db_default=30
    )
    replanting_days = models.PositiveSmallIntegerField(_("days to replant"))
    # 行政处罚法 art. 64(2): the party told of the hearing at least seven days before it
    # (art. 85: working days).
    hearing_notice_working_days = models.PositiveSmallIntegerField(
        _("working days between the hearing notice and the hearing"), default=7
    )
    # A failed replanting inspection sets a new day this many days after the check (森林法 art.
    # 81 leaves the period to the agency; our default, not law).
    replant_recheck_days = models.PositiveSmallIntegerField(
        _("days to replant again after a failed inspection"), default=90
    )
    # 移送规定 art. 5(2): 应当自接到报告之日起３日内作出批准移送或者不批准移送的决定.
    referral_approval_days = models.PositiveSmallIntegerField(
        _("days for the head to decide on a referral report"), default=3, db_default=3
    )
    # 移送规定 art. 5(2): carried to the police within 24 hours of the head's approval.
    referral_hours = models.PositiveSmallIntegerField(
        _("hours to carry a referral to the police"), default=24
    )
    # 行政处罚法 art. 72(1): 每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额.
    surcharge_daily_rate = models.DecimalField(
        _("surcharge: share of the fine a day"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.03"),
        db_default=Decimal("0.03"),
    )
    surcharge_cap_share = models.DecimalField(
        _("surcharge: at most this share of the fine"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("1"),
        db_default=Decimal("1"),
    )
    # 行政强制法 art. 51(2): 代履行三日前，催告当事人履行 (art. 69: working days).
    substitute_notice_working_days = models.PositiveSmallIntegerField(
        _("working days between the substitute performance's notice and the work"),
        default=3,
        db_default=3,
    )
    # 行政诉讼法 art. 46(1): the party sues within six months (行政强制法 art. 53 waits for it).
    litigation_months = models.PositiveSmallIntegerField(
        _("months the party has to sue"), default=6, db_default=6
    )
    # 行政强制法 art. 53: the court applied to within three months after that period.
    court_apply_months = models.PositiveSmallIntegerField(
        _("months to apply to the court after the period"), default=3, db_default=3
    )
    # 行政强制法 art. 54: the application once ten days have passed since the demand's service.
    court_demand_days = models.PositiveSmallIntegerField(
        _("days between the demand and the court application"), default=10, db_default=10
    )

    class Meta:
        verbose_name = _("penalty procedure standard")
        verbose_name_plural = _("penalty procedure standards")

    def __str__(self) -> str:
        return str(self.jurisdiction_id)


# What keeps the keyed hash of a party's id number apart from any other column's (core.pii_index).
PARTY_ID_INDEX_PURPOSE = "enforcement.Case.party_id_number"


class Case(models.Model):
    """One enforcement case: opened from its source, carried by the acts of
    ``enforcement.services`` to its close. Opening twice on one source opens one case (the
    constraint below)."""

    number = models.CharField(_("case number"), max_length=40, unique=True)
    agency = agency_fk(related_name="enforcement_cases")
    status = FSMField(
        _("status"),
        max_length=15,
        choices=CaseStatus.choices,
        default=CaseStatus.OPENED,
        protected=True,
    )
    source = models.CharField(_("source"), max_length=12, choices=CaseSource.choices)
    # The patch's, report's or inspection's id as given ("" by hand): a generic reference,
    # resolved by ``enforcement.sources`` (a patch only where the forest_watch app is installed).
    source_id = models.CharField(_("source id"), max_length=40, blank=True)
    facts = models.TextField(_("facts"))
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)
    opened_by = user_fk(_("opened by"))
    register_due = models.DateField(_("to be registered by"))
    # The party (当事人): a natural person's id number is masked wherever it is shown, its name
    # where the case is published. Name and id number are stored encrypted (core.pii, issue
    # 49): one column holds a natural person's name as well as a legal person's, so both are.
    # The id number is found by its keyed hash (``party_id_index``): the same party's earlier
    # cases are added up (法释〔2023〕8号 第九条). The credit code names an organisation: clear.
    party_name = EncryptedTextField(_("party"), max_length=120, blank=True)
    party_credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    party_id_number = EncryptedTextField(_("id number"), max_length=18, blank=True)
    party_id_index = models.CharField(
        _("id number (keyed hash)"), max_length=64, blank=True, editable=False, db_default=""
    )
    # The blind indexes the index-key rotation recomputes and the start-up probe checks.
    pii_indexes: ClassVar[tuple[BlindIndex, ...]] = (
        BlindIndex("party_id_index", "party_id_number", PARTY_ID_INDEX_PURPOSE),
    )
    # 行政处罚法 art. 59(1): the decision names the party's 地址. A natural person's address
    # identifies them as their name does: encrypted alike. Blank until given; no decision
    # is issued without it (``services.case_decide``).
    # db_default: a row written by an older migration's model (public 0005's backfill) is blank.
    party_address = EncryptedTextField(
        _("party's address"), max_length=200, blank=True, db_default=""
    )
    registered_at = optional_moment(_("registered"))
    registered_by = user_fk(_("registered by"), optional=True)
    decide_due = models.DateField(_("to be decided by"), null=True, blank=True)
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    officers = models.ManyToManyField(
        "auth.User", blank=True, related_name="+", verbose_name=_("investigating officers")
    )
    # The prior notice (事先告知): the penalty proposed and the rights told.
    proposed = models.JSONField(_("penalty proposed"), default=dict, blank=True)
    hearing_right = models.BooleanField(_("right to a hearing told"), default=False)
    notified_at = optional_moment(_("notified"))
    # Counted from the notice's service (``CaseService``), not its issue: art. 64(1)'s five
    # days run from when the party was told. Null until the notice is served.
    statement_due = models.DateField(_("statement period ends"), null=True, blank=True)
    statement_kind = models.CharField(
        _("party's answer"), max_length=20, choices=StatementKind.choices, blank=True
    )
    statement = models.TextField(_("statement"), blank=True)
    statement_at = optional_moment(_("statement recorded"))
    legal_review_required = models.BooleanField(_("legal review required"), default=False)
    legal_review_opinion = models.TextField(_("legal review opinion"), blank=True)
    legal_review_passed = models.BooleanField(_("legal review passed"), null=True, blank=True)
    legal_reviewed_by = user_fk(_("legal reviewer"), optional=True)
    legal_reviewed_at = optional_moment(_("legally reviewed"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=CaseOutcome.choices, blank=True)
    article = protected_fk(PenaltyArticle, _("article applied"), optional=True)
    fine = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2, null=True)
    base_value = models.DecimalField(
        _("value established (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    replant_trees = models.PositiveIntegerField(_("trees to replant"), default=0)
    measures = models.TextField(_("measures ordered"), blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    no_penalty_ground = models.CharField(
        _("ground of no penalty"),
        max_length=20,
        choices=NoPenaltyGround.choices,
        blank=True,
        default="",
        db_default="",
    )
    decided_at = optional_moment(_("decided"))
    decided_by = user_fk(_("decided by"), optional=True)
    # Art. 67(3): 自收到行政处罚决定书之日起十五日内: set when the decision's service is
    # recorded (``CaseService``); null until then (待送达), so no 加处罚款 runs before it.
    fine_due = models.DateField(_("fine to be paid by"), null=True, blank=True)
    replant_due = models.DateField(_("replanting due"), null=True, blank=True)
    publish_by = models.DateField(_("to be published by"), null=True, blank=True)
    # 行政处罚法 art. 61: a decision not handed over when announced is served within seven
    # (working, art. 85) days; set at the decision, met by its service.
    decision_serve_by = models.DateField(_("decision to be served by"), null=True, blank=True)
    decision_served_on = models.DateField(_("decision served on"), null=True, blank=True)
    published_at = optional_moment(_("published"))
    fine_paid_on = models.DateField(_("fine paid on"), null=True, blank=True)
    replanted_on = models.DateField(_("replanted on"), null=True, blank=True)
    replanted_trees = models.PositiveIntegerField(_("trees replanted"), default=0)
    execution_note = models.TextField(_("execution"), blank=True)
    # The day a replanting inspection passed (``case_replanting_inspect``): the obligation met.
    replant_accepted_on = models.DateField(_("replanting accepted on"), null=True, blank=True)
    # The periods passed whose agency's heads were told (``case_overdue_tell``): period → the
    # due day told, so a new day (a failed inspection's) is told again and nothing else is.
    overdue_told = models.JSONField(_("overdue periods told"), default=dict, blank=True)
    # 加处罚款 (行政处罚法 art. 72(1)) settled with the fine: paid, and what an execution
    # agreement relieved (行政强制法 art. 42: 当事人采取补救措施的，可以减免加处的罚款) and why.
    surcharge_paid = models.DecimalField(
        _("surcharge paid (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    surcharge_relieved = models.DecimalField(
        _("surcharge relieved (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # A database default too: rows written by a migration's frozen model (public 0005) omit it.
    surcharge_relief_reason = models.TextField(
        _("why the surcharge was relieved"), blank=True, default="", db_default=""
    )
    closed_at = optional_moment(_("closed"))
    closed_by = user_fk(_("closed by"), optional=True)
    # The referral of a suspected crime (移送规定 arts. 5-9): marked where the source was closed
    # as ``referred`` (a patch, a public report); approved by the head, answered by the police.
    to_refer = models.BooleanField(_("to be referred to the police"), default=False)
    referred_from = models.CharField(_("status before the referral"), max_length=15, blank=True)
    police_agency = models.CharField(_("public security authority"), max_length=120, blank=True)
    referral_reasons = models.TextField(_("reasons of the referral"), blank=True)
    referral_quantities = models.JSONField(_("quantities established"), default=dict, blank=True)
    # The 专案组's written report to the head (移送规定 art. 5(1)), who approves or declines by
    # ``referral_approval_due`` (art. 5(2): 自接到报告之日起３日内).
    referral_reported_at = optional_moment(_("referral reported to the head"))
    referral_reported_by = user_fk(_("referral reported by"), optional=True)
    referral_report_summary = models.TextField(_("referral report"), blank=True, db_default="")
    referral_approval_due = models.DateField(
        _("referral to be approved or declined by"), null=True, blank=True
    )
    # What the last referral or 不予移送 reckoned besides this case's own quantities (法释〔2023〕
    # 8号 第九条, 第一条第二款第（四）项): ``{"earlier": [{"number", "opened_on", "quantities"}],
    # "lowered": {code: threshold}, "penalties": [number]}``; null where inserted without it.
    referral_cumulation = models.JSONField(
        _("earlier cases added to the quantities"), default=dict, blank=True, null=True
    )
    # The police received the referral (移送规定 art. 8: 自接受…之日起), due by ``transfer_by``.
    police_received_on = models.DateField(
        _("police received the referral on"), null=True, blank=True
    )
    referred_at = optional_moment(_("referral approved"))
    referred_by = user_fk(_("referral approved by"), optional=True)
    transfer_by = models.DateTimeField(_("to be carried to the police by"), null=True, blank=True)
    police_answer = models.CharField(
        _("police's answer"), max_length=15, choices=PoliceAnswer.choices, blank=True
    )
    police_answered_on = models.DateField(_("police answered on"), null=True, blank=True)
    police_note = models.TextField(_("police's answer (note)"), blank=True)
    # The text columns added with the referral's ends have database defaults too: rows that code
    # not knowing them inserts (a rolling deploy, a data migration's historical model) stay valid.
    # The head's finding that the referral thresholds are not met (移送规定 art. 5(2): 不批准移送,
    # its reasons recorded): it clears ``to_refer``, which otherwise holds the decision back
    # (art. 11(1)).
    referral_declined_at = optional_moment(_("referral declined"))
    referral_declined_by = user_fk(_("referral declined by"), optional=True)
    referral_declined_reasons = models.TextField(
        _("reasons for not referring"), blank=True, db_default=""
    )
    # Null where inserted without it (a JSON default cannot be written in SQLite's DDL).
    referral_declined_quantities = models.JSONField(
        _("quantities found when declining"), default=dict, blank=True, null=True
    )
    # The materials handed to the police after their 立案 (移送规定 art. 12), on the close.
    handed_over_on = models.DateField(_("materials handed over on"), null=True, blank=True)
    # A judicial authority sent the case back for a penalty (行政处罚法 art. 27(1); 移送规定
    # art. 13), recorded by an official: the case goes back to the step it was referred from.
    returned_on = models.DateField(_("sent back on"), null=True, blank=True)
    returned_by_authority = models.CharField(
        _("sent back by"), max_length=120, blank=True, db_default=""
    )
    return_ground = models.CharField(
        _("ground of the return"),
        max_length=25,
        choices=ReturnGround.choices,
        blank=True,
        db_default="",
    )
    return_note = models.TextField(_("return (note)"), blank=True, db_default="")

    class Meta:
        verbose_name = _("enforcement case")
        verbose_name_plural = _("enforcement cases")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source="manual"),
                name="enforcement_case_one_per_source",
            )
        ]
        indexes = [
            models.Index(fields=["agency", "status"], name="case_agency_status"),
            models.Index(
                fields=["party_id_index"],
                name="case_party_id_index",
                condition=~Q(party_id_index=""),
            ),
            models.Index(
                fields=["party_credit_code"],
                name="case_party_credit_code",
                condition=~Q(party_credit_code=""),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    # Transitions only set the status (STYLE: the service checks and saves).
    @transition(field=status, source=CaseStatus.OPENED, target=CaseStatus.REGISTERED)
    def register(self) -> None: ...

    @transition(
        field=status,
        source=[CaseStatus.REGISTERED, CaseStatus.INVESTIGATED],
        target=CaseStatus.INVESTIGATED,
    )
    def investigate(self) -> None: ...

    @transition(field=status, source=CaseStatus.INVESTIGATED, target=CaseStatus.NOTIFIED)
    def serve_notice(self) -> None: ...

    @transition(field=status, source=CaseStatus.NOTIFIED, target=CaseStatus.REVIEWED)
    def review(self) -> None: ...

    @transition(
        field=status, source=[CaseStatus.NOTIFIED, CaseStatus.REVIEWED], target=CaseStatus.DECIDED
    )
    def decide(self) -> None: ...

    @transition(field=status, source=CaseStatus.DECIDED, target=CaseStatus.EXECUTED)
    def execute(self) -> None: ...

    @transition(
        field=status, source=[CaseStatus.DECIDED, CaseStatus.EXECUTED], target=CaseStatus.CLOSED
    )
    def close(self) -> None: ...

    @transition(field=status, source=list(REFERABLE), target=CaseStatus.REFERRED)
    def refer(self) -> None: ...

    # Not accepted by the police (移送规定 art. 10), or sent back by a judicial authority for a
    # penalty (行政处罚法 art. 27(1); 移送规定 art. 13): back to the step it was referred from.
    @transition(field=status, source=CaseStatus.REFERRED, target=RETURN_VALUE(*REFERABLE))
    def take_back(self) -> str:
        return self.referred_from

    # Accepted by the police and its materials handed over (移送规定 arts. 8, 12): closed.
    @transition(field=status, source=CaseStatus.REFERRED, target=CaseStatus.CLOSED)
    def close_transferred(self) -> None: ...


class CaseFile(models.Model):
    """A photo or file of the evidence (行政处罚法 arts. 46, 55), kept under a random name with its
    SHA-256, which the evidence item and its audit event cite."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="files", verbose_name=_("case")
    )
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("file"), upload_to="cases/%Y/", max_length=255)
    uploaded_by = user_fk(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class CaseDocumentKind(models.TextChoices):
    CASE_REGISTRATION = "case_registration", _("Case registration form")
    PENALTY_PRIOR_NOTICE = "penalty_prior_notice", _("Penalty prior notice")
    PENALTY_DECISION = "penalty_decision", _("Penalty decision")
    NO_PENALTY_DECISION = "no_penalty_decision", _("No-penalty decision")
    HEARING_NOTICE = "case_hearing_notice", _("Penalty hearing notice")
    HEARING_RECORD = "case_hearing_record", _("Penalty hearing record")
    REPLANTING_INSPECTION = "replanting_inspection", _("Replanting inspection record")
    CRIME_REFERRAL = "crime_referral", _("Referral of a suspected crime")
    REFERRAL_REPORT = "referral_report", _("Investigation report of the suspected crime")
    REFERRAL_DECLINED = "referral_declined", _("Record of the decision not to refer")
    TRANSFER_CLOSE = "transfer_close", _("Closing report of a case transferred to the police")
    HEARING_POSTPONEMENT = "case_hearing_postponement", _("Hearing postponement notice")
    HEARING_RECUSAL = "case_hearing_recusal", _("Decision on a request for recusal")
    PERFORMANCE_DEMAND = "performance_demand", _("Demand to perform")
    SUBSTITUTE_DECISION = "substitute_decision", _("Substitute performance decision")
    SUBSTITUTE_RECORD = "substitute_record", _("Substitute performance record")
    PAYMENT_DEFERRAL = "payment_deferral", _("Approval to defer or pay a fine in instalments")
    COURT_DEMAND = "court_demand", _("Demand to perform before a court application")
    COURT_APPLICATION = "court_application", _("Application for enforcement by the court")
    SERVICE_RECEIPT = "service_receipt", _("Service receipt")


# The kinds a case may hold more than once (the others once each: ``case_document_once``).
REPEATED_KINDS = (
    "replanting_inspection",
    "case_hearing_postponement",
    "case_hearing_recusal",
    "performance_demand",
    "payment_deferral",
    "service_receipt",
)


class CaseDocument(models.Model):
    """A numbered document of a case, what it prints stored by the act that issued it in the
    documents' notice layout (``documents.pdf_files.notice_content``); its PDF is drawn from
    that content alone."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="documents", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=25, choices=CaseDocumentKind.choices)
    number = models.CharField(_("number"), max_length=40, unique=True)
    issuing_agency = agency_fk(related_name="+")
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    chain_head_hash = models.CharField(_("audit chain head hash"), max_length=64)
    content = models.JSONField(_("printed content"), default=dict, editable=False)

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["issued_at", "pk"]
        constraints = [
            # Each once, but an inspection's record, a postponement, a recusal decision and a
            # demand once per act.
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=~Q(kind__in=REPEATED_KINDS),
                name="case_document_once",
            )
        ]

    def __str__(self) -> str:
        return self.number


class CaseHearingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Hearing scheduled")
    HELD = "held", _("Hearing held")
    WAIVED = "waived", _("Hearing waived")


class CaseHearing(models.Model):
    """The hearing a party asked for (行政处罚法 arts. 63-65; ``enforcement.hearings``): when and
    where, who presides (not an investigator of the case, art. 64(4)), whether public (64(3)),
    then held with its record (64(8)) or waived (64(6): withdrawn, or the party did not come).
    The decision waits for it (art. 65)."""

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="hearing", verbose_name=_("case")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CaseHearingStatus.choices,
        default=CaseHearingStatus.SCHEDULED,
    )
    held_on = models.DateField(_("hearing day"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    presiding = user_fk(_("presiding officer"), optional=True)
    public = models.BooleanField(_("held in public"), default=True)
    private_reason = models.CharField(_("why not in public"), max_length=200, blank=True)
    scheduled_by = user_fk(_("scheduled by"), optional=True)
    scheduled_at = optional_moment(_("scheduled"))
    record = models.TextField(_("hearing record"), blank=True)
    recorded_by = user_fk(_("recorded by"), optional=True)
    recorded_at = optional_moment(_("recorded"))

    class Meta:
        verbose_name = _("case hearing")
        verbose_name_plural = _("case hearings")

    def __str__(self) -> str:
        return f"{self.case_id}"


class Recorded(models.Model):
    """A row an official records: who recorded it and when (an inspection, a review filed, a
    document's service)."""

    recorded_by = user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        abstract = True


class Decided(models.Model):
    """A row the head decides: who decided it and when (a hearing moved, a substitute
    performance)."""

    decided_by = user_fk(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        abstract = True


class ReplantingInspection(Recorded):
    """A check on the ground of the trees a decision ordered replanted (补种, 森林法 arts. 74, 76,
    81), by two or more officers of the case's agency: the trees found alive, where, the photos
    (the case's evidence files), passed or failed; a failed check sets a new day."""

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="replanting_inspections",
        verbose_name=_("case"),
    )
    checked_on = models.DateField(_("checked on"))
    officers = models.ManyToManyField(
        "auth.User", related_name="+", verbose_name=_("inspecting officers")
    )
    trees_alive = models.PositiveIntegerField(_("trees found alive"))
    passed = models.BooleanField(_("passed"))
    notes = models.TextField(_("notes"), blank=True)
    position = models.JSONField(_("position (GeoJSON point)"), null=True, blank=True)
    photos = models.ManyToManyField(
        CaseFile, blank=True, related_name="+", verbose_name=_("photos")
    )
    # The day the replanting was due when checked; the new day a failed check set.
    due_before = models.DateField(_("replanting was due"), null=True, blank=True)
    next_due = models.DateField(_("replanting due again"), null=True, blank=True)
    document = models.OneToOneField(
        CaseDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("record")
    )

    class Meta:
        verbose_name = _("replanting inspection")
        verbose_name_plural = _("replanting inspections")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.checked_on}"


class HearingChangeKind(models.TextChoices):
    POSTPONED = "postponed", _("Postponed (延期举行)")
    RECUSAL_GRANTED = "recusal_granted", _("Recusal granted (回避)")
    RECUSAL_REFUSED = "recusal_refused", _("Recusal refused")


class CaseHearingChange(Decided):
    """A change of a scheduled hearing by the head (``enforcement.hearings``): postponed with
    its reason and a new day told again at least art. 64(2)'s days before; or the party's
    request that the presiding officer withdraw (回避, art. 64(4)) decided, granted with a new
    presiding officer who did not investigate. What was before and after, and its document."""

    hearing = models.ForeignKey(
        CaseHearing, on_delete=models.PROTECT, related_name="changes", verbose_name=_("hearing")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=HearingChangeKind.choices)
    reason = models.TextField(_("reason"))
    held_on_before = models.DateField(_("hearing day before"))
    held_on = models.DateField(_("hearing day"))
    place = models.CharField(_("place"), max_length=200)
    presiding_before = user_fk(_("presiding officer before"))
    presiding = user_fk(_("presiding officer"))
    document = models.OneToOneField(
        CaseDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )

    class Meta:
        verbose_name = _("hearing change")
        verbose_name_plural = _("hearing changes")
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.hearing_id} {self.kind}"


class PerformanceDemand(models.Model):
    """A written demand that the party replant by a day (催告, 行政强制法 arts. 35, 50): the step
    before a substitute performance may be decided."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="performance_demands", verbose_name=_("case")
    )
    perform_by = models.DateField(_("to perform by"))
    document = models.OneToOneField(
        CaseDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )
    issued_by = user_fk(_("issued by"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        verbose_name = _("demand to perform")
        verbose_name_plural = _("demands to perform")
        ordering = ["issued_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.perform_by}"


class SubstitutePerformance(Decided):
    """代为履行 of the replanting (森林法 art. 81; 行政强制法 arts. 50, 51): decided by the head
    with its 代履行决定书 (who performs, how, when, the trees, the cost budget), then recorded
    done with the cost the party bears (art. 51 last paragraph: 按照成本合理确定)."""

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="substitute", verbose_name=_("case")
    )
    reason = models.TextField(_("reason"))
    performer = models.CharField(_("who performs"), max_length=120)
    method = models.CharField(_("how"), max_length=200)
    party_address = models.CharField(_("party's address"), max_length=200)
    performed_on = models.DateField(_("to be performed on"))
    trees = models.PositiveIntegerField(_("trees"))
    cost_budget = models.DecimalField(_("cost budget (yuan)"), max_digits=14, decimal_places=2)
    decision = models.OneToOneField(
        CaseDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("decision")
    )
    done_on = models.DateField(_("performed on"), null=True, blank=True)
    cost = models.DecimalField(
        _("cost borne by the party (yuan)"), max_digits=14, decimal_places=2, null=True
    )
    supervisor = user_fk(_("supervising official"), optional=True)
    record = models.OneToOneField(
        CaseDocument,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("record"),
    )

    class Meta:
        verbose_name = _("substitute performance")
        verbose_name_plural = _("substitute performances")

    def __str__(self) -> str:
        return f"{self.case_id}"


class DeferralKind(models.TextChoices):
    DEFERRED = "deferred", _("Deferred (暂缓缴纳)")
    INSTALMENTS = "instalments", _("In instalments (分期缴纳)")


class PaymentDeferral(models.Model):
    """The head's approval, on the party's application, to pay the fine later or in instalments
    (行政处罚法 art. 66(2)): the day, or each instalment's day and amount. The 加处罚款 does not
    run from the approval to the last day while it is honoured; a missed instalment ends that
    from its day (``enforcement.law.surcharge_pauses``)."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="payment_deferrals", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DeferralKind.choices)
    applied_on = models.DateField(_("the party applied on"))
    reason = models.TextField(_("the party's difficulty"))
    approved_on = models.DateField(_("approved on"))
    # Deferred: the day to pay; in instalments: the last instalment's day.
    pay_by = models.DateField(_("to be paid by"))
    # [{"due": "YYYY-MM-DD", "amount": "1000.00"}, ...], in order; [] when deferred.
    instalments = models.JSONField(_("instalments"), default=list, blank=True)
    missed_on = models.DateField(_("instalment missed (its day)"), null=True, blank=True)
    missed_recorded_by = user_fk(_("missed instalment recorded by"), optional=True)
    document = models.OneToOneField(
        CaseDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )
    approved_by = user_fk(_("approved by"))
    approved_at = models.DateTimeField(_("approved"), default=timezone.now)

    class Meta:
        verbose_name = _("deferred or instalment payment")
        verbose_name_plural = _("deferred or instalment payments")
        ordering = ["approved_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.pay_by}"


class ReviewKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", _("Administrative reconsideration (行政复议)")
    LITIGATION = "litigation", _("Administrative litigation (行政诉讼)")


class ReviewOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld (维持)")
    REVOKED = "revoked", _("Revoked (撤销)")
    CHANGED = "changed", _("Changed (变更)")


class CaseReview(Recorded):
    """The party's reconsideration or suit against the decision, recorded by an official when
    filed and when it ends (行政处罚法 art. 73(3): the 加处罚款 does not run meanwhile); a
    revoked decision ends the execution and closes the case."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ReviewKind.choices)
    body = models.CharField(_("reconsideration body or court"), max_length=120)
    filed_on = models.DateField(_("filed on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=ReviewOutcome.choices, blank=True
    )
    outcome_note = models.TextField(_("outcome (note)"), blank=True)
    ended_by = user_fk(_("end recorded by"), optional=True)
    # A change of the fine (变更): the fine decided before and the one to execute after.
    fine_before = models.DecimalField(
        _("fine before the change"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_after = models.DecimalField(
        _("fine after the change"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("reconsideration or suit")
        verbose_name_plural = _("reconsiderations and suits")
        ordering = ["filed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.filed_on}"


class CourtRuling(models.TextChoices):
    GRANTED = "granted", _("Enforcement granted (准予执行)")
    REFUSED = "refused", _("Enforcement refused (不准予执行)")


class CourtEnforcement(models.Model):
    """申请人民法院强制执行 (行政处罚法 art. 72(1)(4); 行政强制法 arts. 53-58): the 催告书 first
    (art. 54) with the days the application may be made (``apply_from`` to ``apply_by``, art.
    53; counted from the demand's service once it is recorded, 催告书送达十日后, as if served the
    day it is issued until then), then the 强制执行申请书 (art. 55) with the amounts claimed,
    then the court's ruling."""

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="court_enforcement", verbose_name=_("case")
    )
    demand = models.OneToOneField(
        CaseDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("demand")
    )
    # The day it was issued; the day it was served is its CaseService's (``demand.service``).
    demanded_on = models.DateField(_("demand issued on"))
    demanded_by = user_fk(_("demand issued by"))
    apply_from = models.DateField(_("the court may be applied to from"))
    apply_by = models.DateField(_("the court must be applied to by"))
    court = models.CharField(_("court"), max_length=120, blank=True)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    applied_by = user_fk(_("applied by"), optional=True)
    fine_claimed = models.DecimalField(
        _("fine claimed (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    surcharge_claimed = models.DecimalField(
        _("surcharge claimed (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    substitute_cost_claimed = models.DecimalField(
        _("代履行 cost claimed (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    application = models.OneToOneField(
        CaseDocument,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("application"),
    )
    ruling = models.CharField(_("ruling"), max_length=10, choices=CourtRuling.choices, blank=True)
    ruled_on = models.DateField(_("ruled on"), null=True, blank=True)
    ruling_note = models.TextField(_("ruling (note)"), blank=True)
    ruling_recorded_by = user_fk(_("ruling recorded by"), optional=True)

    class Meta:
        verbose_name = _("court enforcement")
        verbose_name_plural = _("court enforcements")

    def __str__(self) -> str:
        return f"{self.case_id}"


class ServiceMethod(models.TextChoices):
    """How a document reached the party (行政处罚法 art. 61: 依照《民事诉讼法》的有关规定;
    民事诉讼法 arts. 87-95; 电子送达 only with the party's written consent, art. 61(2))."""

    DIRECT = "direct", _("Handed over (直接送达)")
    LEFT = "left", _("Left at the address on refusal (留置送达)")
    POST = "post", _("By post (邮寄送达)")
    ELECTRONIC = "electronic", _("Electronically, with consent (电子送达)")
    ENTRUSTED = "entrusted", _("Through another agency (委托送达)")
    PUBLIC_NOTICE = "public_notice", _("By public notice (公告送达)")


class PublicNoticeGround(models.TextChoices):
    """Why a document was served by public notice, the only two grounds the law allows (民事诉讼法
    art. 95(1): 受送达人下落不明，或者用本节规定的其他方式无法送达的，公告送达); the file records
    it with the course taken (art. 95(2): 应当在案卷中记明原因和经过)."""

    WHEREABOUTS_UNKNOWN = "whereabouts_unknown", _("The party's whereabouts are unknown")
    OTHER_WAYS_FAILED = "other_ways_failed", _("The other ways of service failed")


class CaseService(Recorded):
    """The service (送达) of one of a case's documents, as its 送达回证 records it: the day the
    party received it (民事诉讼法 art. 87: 受送达人在送达回证上的签收日期为送达日期), how, to
    whom, where, the witness of a refusal, the post's or system's reference. The periods the
    document opens run from this day (``services.case_serve``)."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="services", verbose_name=_("case")
    )
    document = models.OneToOneField(
        CaseDocument, on_delete=models.PROTECT, related_name="service", verbose_name=_("document")
    )
    method = models.CharField(_("method"), max_length=15, choices=ServiceMethod.choices)
    served_on = models.DateField(_("received on"))
    # Who signed for it (the party, an adult of the household, the company's receiving clerk);
    # the place and the witness may name a natural person: encrypted.
    recipient = EncryptedTextField(_("received by"), max_length=120, blank=True)
    place = EncryptedTextField(_("place or address"), max_length=200, blank=True)
    witness = EncryptedTextField(_("witness"), max_length=120, blank=True)
    reference = models.CharField(_("post or system reference"), max_length=120, blank=True)
    # 行政处罚法 art. 61(2): electronic service only where the party agreed and signed.
    consent_signed = models.BooleanField(_("consent to electronic service signed"), default=False)
    note = models.TextField(_("note"), blank=True)
    # A public notice's ground (its course is the note, 民事诉讼法 art. 95(2)); blank otherwise.
    ground = models.CharField(
        _("ground of the public notice"),
        max_length=20,
        choices=PublicNoticeGround.choices,
        blank=True,
        default="",
        db_default="",
    )
    receipt = models.OneToOneField(
        CaseDocument,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service receipt"),
    )
    recorded_by = user_fk(_("served by"))  # the base's field, named for a service

    class Meta:
        verbose_name = _("service of a case document")
        verbose_name_plural = _("services of case documents")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.served_on}"
