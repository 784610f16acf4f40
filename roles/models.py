"""Who is who: administrative divisions (GB/T 2260), agencies, applicant organisations, memberships.

Every row here is data an administrator edits in the Django admin; nothing about a bureau is code.
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.credit_codes import validate_credit_code
from core.fields import protected_fk, user_fk
from core.messages import MSG_PRINCIPAL_NOT_HEAD


class Division(models.Model):
    """An administrative division of GB/T 2260: keyed, ordered and named by its code."""

    code = models.CharField(_("GB/T 2260 code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Jurisdiction(Division):
    """A province-level division (Beijing 110000, Tianjin 120000)."""

    short_name = models.CharField(_("short name"), max_length=4, help_text=_("京, 津"))

    class Meta(Division.Meta):
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")


class District(Division):
    jurisdiction = protected_fk(Jurisdiction, _("jurisdiction"), related_name="districts")

    class Meta(Division.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class AgencyKind(models.TextChoices):
    FORESTRY = "forestry", _("Forestry")
    AGRICULTURE = "agriculture", _("Agriculture")
    PLANNING = "planning", _("Planning and natural resources")
    ECOLOGY = "ecology", _("Ecology and environment")
    WATER = "water", _("Water")
    AUDIT = "audit", _("Audit")
    GOVERNMENT_SERVICE = "government_service", _("Government services")


class AgencyLevel(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    DISTRICT = "district", _("District")


def _permission_group() -> "models.OneToOneField[Group, Group]":
    return models.OneToOneField(
        Group, on_delete=models.PROTECT, editable=False, verbose_name=_("permission group")
    )


class GroupHolder(models.Model):
    """A body whose members act through its own permission group (``_permission_group``,
    declared in its place among the body's fields), made when the body is first saved."""

    if TYPE_CHECKING:
        group: "models.OneToOneField[Group, Group]"
        group_id: int | None

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.group_id:
            self.group, _created = Group.objects.get_or_create(name=self.group_name())
        super().save(*args, **kwargs)

    def group_name(self) -> str:
        """The name of the body's group, unique among all groups."""
        raise NotImplementedError


class Agency(GroupHolder):
    """A government body that reviews, countersigns, approves or audits.

    Acting for an agency is an object permission on the agency row (few rows, so viewflow's
    queue query stays small); seeing an application is an object permission on the application,
    granted to the agency's group.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=AgencyLevel.choices)
    jurisdiction = protected_fk(Jurisdiction, _("jurisdiction"), related_name="agencies")
    district = protected_fk(District, _("district"), optional=True, related_name="agencies")
    group = _permission_group()
    document_abbreviation = models.CharField(
        _("document abbreviation"),
        max_length=12,
        blank=True,
        help_text=_(
            "Short name that opens the numbers of the agency's notices, e.g. 密园林 in "
            "密园林受〔2026〕0001号. Empty: derived from the place and the name."
        ),
    )

    # The agency's code in the electronic licences it issues (GB/T 36904: 证照颁发机构代码).
    unified_credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_(
            "Printed in the identifier of every electronic licence the agency issues "
            "(GB/T 36904). Empty: its approvals get their identifiers once it is entered."
        ),
    )

    litigation_court = models.CharField(
        _("court for administrative litigation"),
        max_length=60,
        blank=True,
        help_text=_(
            "The people's court that hears suits against the agency's decisions, named in the "
            "remedy notice of its documents, as the high court's jurisdiction order sets it "
            "(in Beijing a centralised jurisdiction: not necessarily the district's own court). "
            "Empty: the notices name 'the court having jurisdiction' (有管辖权的人民法院)."
        ),
    )
    # 移送规定 art. 5(2): the referral of a suspected crime is approved or declined by the
    # agency's 正职负责人 or the head presiding over its work, not by any head.
    principal_head = user_fk(
        _("principal head"),
        optional=True,
        related_name="+",
        help_text=_(
            "The agency's chief, or the head presiding over its work in the chief's absence: "
            "the only one who approves or declines the referral of a suspected crime to the "
            "police (Provisions on the Transfer of Suspected Criminal Cases, art. 5(2)). One of "
            "the agency's heads."
        ),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["jurisdiction", "level", "district", "kind"]
        permissions = [
            ("review_for_agency", _("Review applications for this agency (district step)")),
            ("approve_for_agency", _("Approve applications for this agency (final step)")),
            ("countersign_for_agency", _("Countersign for this agency (consultation)")),
            ("audit_for_agency", _("Audit for this agency")),
            ("head_of_agency", _("Lead this agency: reassign and extend its tasks")),
            ("legal_review_for_agency", _("Review penalty decisions for this agency")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="municipal", district__isnull=True)
                | models.Q(level="district", district__isnull=False),
                name="agency_district_matches_level",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The principal head is one of the agency's heads."""
        super().clean()
        if (
            self.principal_head_id is not None
            and not Membership.objects.filter(
                user_id=self.principal_head_id, agency_id=self.pk, role=Role.HEAD
            ).exists()
        ):
            raise ValidationError({"principal_head": MSG_PRINCIPAL_NOT_HEAD})

    def group_name(self) -> str:
        return f"agency:{self.code}"

    @property
    def document_prefix(self) -> str:
        """The abbreviation of the notices' numbers: the one an administrator set, else the
        place's first character (京 for a municipal agency, 密 for 密云区) and the first two
        characters of the name after the place (园林绿化局 → 园林)."""
        if self.document_abbreviation:
            return self.document_abbreviation
        place = self.district.name if self.district is not None else self.jurisdiction.name
        body = self.name.removeprefix(self.jurisdiction.name).removeprefix(place) or self.name
        short = place[0] if self.district_id else self.jurisdiction.short_name
        return short + body[:2]


class Organisation(GroupHolder):
    """An operating unit that applies: a forest farm, a company, a township, an institute."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    # The registry of 小班 names management-agreement holders by this code (rule T6).
    unified_credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    jurisdiction = protected_fk(Jurisdiction, _("jurisdiction"), related_name=None)
    district = protected_fk(District, _("district"), optional=True, related_name=None)
    group = _permission_group()

    class Meta:
        verbose_name = _("applicant organisation")
        verbose_name_plural = _("applicant organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def group_name(self) -> str:
        return f"organisation:{self.name}"


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    REVIEWER = "reviewer", _("Reviewer")
    APPROVER = "approver", _("Approver")
    CONSULTANT = "consultant", _("Consulted reviewer")
    AUDITOR = "auditor", _("Auditor")
    HEAD = "head", _("Head of agency")
    ADMIN = "admin", _("Administrator")
    # 从事行政处罚决定法制审核的人员 (行政处罚法 art. 58): reviews a penalty before it is decided.
    LEGAL_REVIEWER = "legal_reviewer", _("Legal reviewer")


# The agency permission each role carries; applicants act through their organisation instead.
ROLE_AGENCY_PERMISSION = {
    Role.REVIEWER: "roles.review_for_agency",
    Role.APPROVER: "roles.approve_for_agency",
    Role.CONSULTANT: "roles.countersign_for_agency",
    Role.AUDITOR: "roles.audit_for_agency",
    # A head reads what the agency's officials read and reassigns or extends its tasks; deciding
    # a step takes the step's own permission (a reviewer or approver membership besides).
    Role.HEAD: "roles.head_of_agency",
    Role.LEGAL_REVIEWER: "roles.legal_review_for_agency",
}
# The agency roles that decide, audit or lead; an agency's ``admin`` members configure and read
# nothing through their agency.
OFFICIAL_ROLES = tuple(ROLE_AGENCY_PERMISSION)


class Membership(models.Model):
    """A person's role in one agency or one applicant organisation.

    Created and ended only through roles.services (role_grant / role_revoke), which keep the
    guardian permissions and groups in step; the admin calls the same services.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("member"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = protected_fk(Agency, _("agency"), optional=True, related_name="memberships")
    organisation = protected_fk(
        Organisation, _("applicant organisation"), optional=True, related_name="memberships"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        # The three administrators' (roles.administrators) that no model's own add, change,
        # delete or view expresses.
        permissions = [
            ("manage_second_factors", _("Reset other people's second factors")),
            ("manage_api_tokens", _("List and revoke other people's API tokens")),
            ("read_administrators_trail", _("Read and export the administrators' audit trail")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    role="applicant", organisation__isnull=False, agency__isnull=True
                )
                | (
                    ~models.Q(role="applicant")
                    & models.Q(organisation__isnull=True, agency__isnull=False)
                ),
                name="membership_applicant_has_organisation_others_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency", "organisation"], name="membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency or self.organisation}"


ABSENCE_REASON_MAX_LENGTH = 200


class Absence(models.Model):
    """A member's declared absence (product.md §11): from ``starts`` to ``ends``, both included,
    ``substitute`` acts on the tasks the member has claimed, on the steps both may act on.

    Declared only through workflows.people.absence_declare, which checks the substitute and the
    dates and audits the declaration; the admin reads them.
    """

    user = user_fk(_("absent member"), related_name="absences")
    substitute = user_fk(_("substitute"), related_name="substitutions")
    # The agency both act for: its head sees the absence.
    agency = protected_fk(Agency, _("agency"), related_name="absences")
    starts = models.DateField(_("first day"))
    ends = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=ABSENCE_REASON_MAX_LENGTH, blank=True)
    created = models.DateTimeField(_("declared"), auto_now_add=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-starts", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")), name="absence_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~models.Q(substitute=models.F("user")), name="absence_substitute_other"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.starts}–{self.ends} → {self.substitute}"


class IdentityProvider(models.TextChoices):
    """Where a person proves who they are (settings.PERMITS_IDENTITY_PROVIDER, issue 47 item 1)."""

    LOCAL = "local", _("Local account")
    OIDC = "oidc", _("OpenID Connect provider")
    CAS = "cas", _("CAS server")


class ExternalIdentity(models.Model):
    """A provider's stable subject (OIDC ``sub``, the CAS user) bound to one account.

    Officials are provisioned: the security administrator links their subject here before they
    first sign in; an applicant's row is made at first sign-in (roles.sign_in). The 实名 level is
    the one the provider asserted at the last sign-in."""

    provider = models.CharField(
        _("identity provider"), max_length=10, choices=IdentityProvider.choices
    )
    subject = models.CharField(_("subject at the provider"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="external_identities",
        verbose_name=_("account"),
    )
    assurance_level = models.PositiveSmallIntegerField(
        _("real-name assurance level"), null=True, blank=True
    )
    last_seen = models.DateTimeField(_("last signed in"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="external_identity_unique_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_provider_display()} · {self.subject} → {self.user}"


class PasswordRecord(models.Model):
    """A password a person set, as its hash, and when (roles.passwords): the last few are not
    reused, and the newest one's date is the password's age. Also carries the permission of
    the security administrator over accounts' credentials (issue 47)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="password_records",
        verbose_name=_("user"),
    )
    password = models.CharField(_("password hash"), max_length=128)
    created = models.DateTimeField(_("set"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created:%Y-%m-%d}"
