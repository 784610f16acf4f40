"""Enumerations shared by models, rules, the API and the documents.

Values are the API contract (api.md); labels are shown to people and translated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.choices import AuditAction

# The 小班 registry's vocabulary: the site rules compare an application's origin with its parcels'.
from zones.choices import ForestOrigin as ForestOrigin


class Kind(models.TextChoices):
    TENDING = "tending", _("Tending-operation design")
    OCCUPATION = "occupation", _("Forest-land occupation")
    INTRODUCTION = "introduction", _("Alien species introduction")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting acceptance")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    DISTRICT_REVIEW = "district_review", _("District review")
    CONSULTATION = "consultation", _("Consultation")
    MUNICIPAL_REVIEW = "municipal_review", _("Municipal review")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REVOKED = "revoked", _("Revoked")
    # Withdrawn by the deciding agency because the law or the circumstances changed (撤回,
    # Administrative Licensing Law art. 8(2); product.md §18 B8), not the applicant's withdrawal.
    WITHDRAWN_BY_AGENCY = "withdrawn_by_agency", _("Permit withdrawn by the agency")
    # The permit's own life (product.md §18 B4, B10): its validity ran out without what keeps it
    # (lapsed), then 注销 (art. 70).
    LAPSED = "lapsed", _("Lapsed")
    CANCELLED = "cancelled", _("Cancelled")
    # Given up by its holder and cancelled (注销) on that request (product.md §18 B10).
    SURRENDERED = "surrendered", _("Surrendered")
    EXPIRED = "expired", _("Expired")
    # Above the municipal agency's authority by area (product.md §16 L6): its first-instance
    # opinion went to the national forestry authority, whose decision is recorded later.
    FORWARDED = "forwarded", _("Forwarded to the national authority")
    # An occupation approved, its approval issued once the restoration fee is paid (§16 L7).
    AWAITING_FEE = "awaiting_fee", _("Approved, awaiting the restoration fee")
    # Supervision after approval (product.md §17): how the permit's execution ended.
    ACCEPTED = "accepted", _("Accepted on inspection")
    NON_COMPLIANT = "non_compliant", _("Non-compliant")
    USE_ENDED = "use_ended", _("Use ended, restoration due")
    RESTORED = "restored", _("Restored")
    RESTORATION_OVERDUE = "restoration_overdue", _("Restoration overdue")


# ---- The statuses' groupings, named once (docs/product.md §4) ---------------------------------
# The applicant may edit, attach and (re)submit.
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
# A review step has the file (acceptance aside).
UNDER_REVIEW_STATUSES = (Status.DISTRICT_REVIEW, Status.CONSULTATION, Status.MUNICIPAL_REVIEW)
# Submitted and not concluded: acceptance or a review step has the file.
IN_REVIEW_STATUSES = (Status.SUBMITTED, *UNDER_REVIEW_STATUSES)
# Where supervision after approval leads (product.md §17): the inspection's verdict on a
# tending design, a temporary occupation's use ended and its restoration.
SUPERVISION_STATUSES = (
    Status.ACCEPTED,
    Status.NON_COMPLIANT,
    Status.USE_ENDED,
    Status.RESTORED,
    Status.RESTORATION_OVERDUE,
)
# Where a closed rectification returns a non-compliant permit (product.md §17 A6).
PERMIT_BACK = (Status.APPROVED, Status.EXPIRED, Status.ACCEPTED)
# A permit: approved, and what may end it since (nothing leads back into review).
PERMIT_STATUSES = (
    Status.APPROVED,
    Status.SURRENDERED,
    Status.REVOKED,
    Status.WITHDRAWN_BY_AGENCY,
    Status.LAPSED,
    Status.CANCELLED,
    Status.EXPIRED,
    *SUPERVISION_STATUSES,
)
# Ended by an act before its term (given up, revoked, withdrawn): what the work already done
# left owed stays owed (``permits.obligations.obligations_at_end``; docs/legal-basis.md F38).
ENDED_BY_ACT_STATUSES = (
    Status.SURRENDERED,
    Status.REVOKED,
    Status.WITHDRAWN_BY_AGENCY,
)
# A permit that owes filings (product.md §17): in force, run out (the closing monitoring report),
# its use ended (the restoration), found non-compliant or late (the rectification's answer), or
# ended by an act with filings left owed.
REPORTABLE_STATUSES = (
    Status.APPROVED,
    Status.EXPIRED,
    Status.ACCEPTED,
    Status.NON_COMPLIANT,
    Status.USE_ENDED,
    Status.RESTORATION_OVERDUE,
    *ENDED_BY_ACT_STATUSES,
)
# An escape is reported at any time after approval, even once the permit has ended (§17 A5).
INCIDENT_STATUSES = REPORTABLE_STATUSES
# Decided (§4: approved or rejected; a revoked or expired permit was approved first; an
# occupation awaiting its fee was approved).
DECIDED_STATUSES = (
    Status.APPROVED,
    Status.AWAITING_FEE,
    Status.REJECTED,
    Status.REVOKED,
    Status.SURRENDERED,
    Status.WITHDRAWN_BY_AGENCY,
    Status.LAPSED,
    Status.CANCELLED,
    Status.EXPIRED,
    *SUPERVISION_STATUSES,
)
# The review is over, the permit not yet in force: the national authority decides (forwarded)
# or the fee is unpaid (product.md §16 L6, L7).
AFTER_REVIEW_STATUSES = (Status.FORWARDED, Status.AWAITING_FEE)
# An occupation's grant is decided: another occupation may not be granted on its land (Z3).
# A temporary occupation holds its land until it is restored (森林法 art. 38).
GRANTED_STATUSES = (
    Status.APPROVED,
    Status.AWAITING_FEE,
    Status.USE_ENDED,
    Status.RESTORATION_OVERDUE,
)
# The decisions an applicant reads under "recent decisions".
DECISION_STATUSES = (
    Status.NOT_ACCEPTED,
    Status.FORWARDED,
    Status.AWAITING_FEE,
    Status.APPROVED,
    Status.REJECTED,
    Status.REVOKED,
    Status.WITHDRAWN_BY_AGENCY,
    Status.CANCELLED,
    Status.SURRENDERED,
)
# The procedure has ended.
CONCLUDED_STATUSES = (
    Status.NOT_ACCEPTED,
    Status.APPROVED,
    Status.REJECTED,
    Status.WITHDRAWN,
    Status.REVOKED,
    Status.SURRENDERED,
    Status.WITHDRAWN_BY_AGENCY,
    Status.LAPSED,
    Status.CANCELLED,
    Status.EXPIRED,
    *SUPERVISION_STATUSES,
)
# Filed and not yet in force, the file at an agency or back with the applicant: acceptance,
# a review step, returned, forwarded to the national authority or awaiting the fee (product.md
# §16 L6, L7). Such an application is already on its land (screening, reports).
PENDING_STATUSES = (
    Status.SUBMITTED,
    *UNDER_REVIEW_STATUSES,
    Status.RETURNED,
    *AFTER_REVIEW_STATUSES,
)
# A temporary occupation's use has ended, its land not yet restored (森林法 art. 38): it still
# holds the land (product.md §17 A4).
UNRESTORED_STATUSES = (Status.USE_ENDED, Status.RESTORATION_OVERDUE)
# On the land without a permit in force: pending, or a temporary use not yet restored.
ON_THE_LAND_UNPERMITTED_STATUSES = (*PENDING_STATUSES, *UNRESTORED_STATUSES)
# The legal period is at the deciding agency (consultation and the municipal step).
AT_DECIDING_AGENCY_STATUSES = (Status.CONSULTATION, Status.MUNICIPAL_REVIEW)
# A design counts as approved in its year's plan while its permit stands: approved, and what
# its execution came to (public.plans, §19 P4).
PERMIT_STOOD_STATUSES = (Status.APPROVED, Status.EXPIRED, Status.ACCEPTED, Status.NON_COMPLIANT)
# A permit may have been inspected (product.md §17): it owed filings, or was restored, revoked
# or withdrawn since.
MAY_HAVE_BEEN_INSPECTED_STATUSES = (
    *REPORTABLE_STATUSES,
    Status.RESTORED,
    Status.REVOKED,
    Status.WITHDRAWN_BY_AGENCY,
)
# An introduction's window is still news when it closes: in force, or found not compliant and
# being put right (§18 B6).
WINDOW_NEWS_STATUSES = (Status.APPROVED, Status.NON_COMPLIANT)

# The state machine's sources and targets (permits.models.Application's transitions).
# A district or municipal step may refuse.
REVIEWABLE_STATUSES = (Status.DISTRICT_REVIEW, Status.MUNICIPAL_REVIEW)
# A return is possible at acceptance (补正告知, once) and at the review steps.
RETURNABLE_STATUSES = (Status.SUBMITTED, *REVIEWABLE_STATUSES)
WITHDRAWABLE_STATUSES = (Status.SUBMITTED, *UNDER_REVIEW_STATUSES, Status.RETURNED)
# Where a submission leads: acceptance for a draft or an acceptance-stage return, else back to
# the review step that returned it (docs/product.md §11: the clock resumes there).
AFTER_SUBMISSION_STATUSES = IN_REVIEW_STATUSES
# Where a district approval leads; the route (data) picks one of these per application.
AFTER_DISTRICT_APPROVAL_STATUSES = (
    Status.CONSULTATION,
    Status.MUNICIPAL_REVIEW,
    Status.APPROVED,
    Status.AWAITING_FEE,
)
# Where a final approval leads: an occupation waits for its fee (product.md §16 L7).
AFTER_FINAL_APPROVAL_STATUSES = (Status.APPROVED, Status.AWAITING_FEE)
# The final step's decision may be to forward (the district's where it is final).
FORWARDABLE_STATUSES = (Status.DISTRICT_REVIEW, Status.MUNICIPAL_REVIEW)


class Jurisdiction(models.TextChoices):
    BEIJING = "110000", _("Beijing")
    TIANJIN = "120000", _("Tianjin")


class ForestType(models.TextChoices):
    ARBOR = "arbor", _("Arbor forest")
    SPARSE = "sparse", _("Sparse forest land")
    SHRUB = "shrub", _("Shrub forest")


class AgeGroup(models.TextChoices):
    YOUNG = "young", _("Young")
    MIDDLE = "middle", _("Middle-aged")
    NEAR_MATURE = "near_mature", _("Near-mature")
    MATURE = "mature", _("Mature")
    OVER_MATURE = "over_mature", _("Over-mature")


class ProtectionClass(models.TextChoices):
    GENERAL = "general", _("General area")
    KEY_ZONE = "key_zone", _("Natural forest key protection zone")
    RESERVE_CORE = "reserve_core", _("Nature-reserve core zone")
    RED_LINE = "red_line", _("Ecological protection red line")


class OperationType(models.TextChoices):
    YOUNG_FOREST_TENDING = "young_forest_tending", _("Young and middle-aged forest tending")
    THINNING = "thinning", _("Tending thinning")
    ASSISTED_REGENERATION = "assisted_regeneration", _("Assisted natural regeneration")
    REPLANTING = "replanting", _("Replanting")
    PRUNING = "pruning", _("Pruning")
    SHRUB_CLEARING = "shrub_clearing", _("Shrub and weed clearing")
    ENCLOSURE = "enclosure", _("Enclosure for natural restoration")
    FIRE_PREVENTION = "fire_prevention", _("Forest fire prevention")
    PEST_CONTROL = "pest_control", _("Pest and disease control")
    COMMERCIAL_HARVEST = "commercial_harvest", _("Commercial harvest")


class FundingSource(models.TextChoices):
    PUBLIC_WELFARE_FOREST = "public_welfare_forest", _("National public-welfare forest management")
    TENDING_SUBSIDY = "tending_subsidy", _("Forest tending subsidy")
    HEALTH_MANAGEMENT = "health_management", _("Forest health management tending")
    SELF = "self", _("Self-funded")
    OTHER = "other", _("Other")


class AttachmentKind(models.TextChoices):
    DESIGN_DOCUMENT = "design_document", _("Operation design document")
    SITE_MAP = "site_map", _("Site map")
    PROJECT_APPROVAL = "project_approval", _("Project approval")
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")
    QUARANTINE_CERTIFICATE = "quarantine_certificate", _("Quarantine certificate")
    RESTORATION_PLAN = "restoration_plan", _("Restoration plan")
    # The management-agreement holder's letter (rule T6, product.md §16 L13).
    ENTRUSTMENT = "entrustment", _("Letter of entrustment (委托书)")
    # The agreement with those whose forest land an occupation takes (product.md §16 L14).
    COMPENSATION_AGREEMENT = "compensation_agreement", _("Compensation agreement")
    PAYMENT_RECEIPT = "payment_receipt", _("Payment receipt")
    PHOTO = "photo", _("Photo")
    # Added by the agency: a special procedure's result (product.md §16 L3).
    PROCEDURE_RESULT = "procedure_result", _("Special procedure result")
    # Added by the agency: a site check's record and photos (product.md §16 L12).
    SITE_CHECK = "site_check", _("Site check record")
    # Added by the agency: a hearing's record signed by the participants (§16 L16).
    HEARING_RECORD = "hearing_record", _("Hearing record (signed)")
    # Added by the agency: the national authority's decision on a forwarded occupation (§16 L6).
    NATIONAL_DECISION = "national_decision", _("National authority's decision")
    # Added by the agency: the receipt of the restoration fee it recorded (§16 L7).
    FEE_RECEIPT = "fee_receipt", _("Restoration fee receipt")
    OTHER = "other", _("Other")


# Attachment kinds only an agency adds (product.md §16 L3): never the applicant's.
AGENCY_ATTACHMENT_KINDS = frozenset(
    {
        AttachmentKind.PROCEDURE_RESULT,
        AttachmentKind.SITE_CHECK,
        AttachmentKind.HEARING_RECORD,
        AttachmentKind.NATIONAL_DECISION,
        AttachmentKind.FEE_RECEIPT,
    }
)


# The attachment kinds each application type takes (what its rules and its required documents
# name, plus "other"): pickers of a document for one application list these only.
ATTACHMENT_KINDS_OF = {
    Kind.TENDING.value: (
        AttachmentKind.DESIGN_DOCUMENT,
        AttachmentKind.SITE_MAP,
        AttachmentKind.ENTRUSTMENT,
        AttachmentKind.OTHER,
    ),
    Kind.OCCUPATION.value: (
        AttachmentKind.PROJECT_APPROVAL,
        AttachmentKind.SITE_MAP,
        AttachmentKind.RESTORATION_PLAN,
        AttachmentKind.COMPENSATION_AGREEMENT,
        AttachmentKind.OTHER,
    ),
    Kind.INTRODUCTION.value: (
        AttachmentKind.QUARANTINE_CERTIFICATE,
        AttachmentKind.RISK_ASSESSMENT,
        AttachmentKind.OTHER,
    ),
}


def attachment_kinds_of(kind: str) -> tuple[AttachmentKind, ...]:
    """The attachment kinds an application of ``kind`` takes (every kind for an unknown one)."""
    return ATTACHMENT_KINDS_OF.get(str(kind), tuple(AttachmentKind))


class ObligationKind(models.TextChoices):
    """What a permit holder owes after approval (product.md §17)."""

    WORK_START = "work_start", _("Work start report")
    FELLING_PERMIT = "felling_permit", _("Felling permit number")
    TENDING_COMPLETION = "tending_completion", _("Tending completion report")
    RESTORATION_COMPLETION = "restoration_completion", _("Restoration completion report")
    MONITORING = "monitoring", _("Monitoring report")
    ESCAPE_INCIDENT = "escape_incident", _("Escape incident report")
    ANNUAL_CONTROL = "annual_control", _("Annual control report")


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILED = "filed", _("Filed, under review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for correction")
    OVERDUE = "overdue", _("Overdue")
    NON_COMPLIANT = "non_compliant", _("Non-compliant")
    # The permit ended (given up, revoked, withdrawn) before the work it concerned began: no
    # longer owed, and never counted late (docs/legal-basis.md F38).
    ENDED = "ended", _("No longer owed: the permit ended")


# Still owed by the holder: the tick reminds and reports them, the holder may file.
OWED_OBLIGATION_STATUSES = (
    ObligationStatus.OPEN,
    ObligationStatus.RETURNED,
    ObligationStatus.OVERDUE,
)
# A filing is reviewed, an inspection or a rectification decides: the obligation is closed.
CLOSED_OBLIGATION_STATUSES = (ObligationStatus.ACCEPTED, ObligationStatus.NON_COMPLIANT)


class Step(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Acceptance")
    DISTRICT_REVIEW = "district_review", _("District review")
    CONSULTATION = "consultation", _("Consultation")
    MUNICIPAL_REVIEW = "municipal_review", _("Municipal review")
    # After the approval (product.md §17): the issuing district agency reviews each filing.
    OBLIGATION_REVIEW = "obligation_review", _("Filing review")
    # The holder's request after the grant (change, renewal, surrender; product.md §18 B1-B4,
    # B10): the deciding agency accepts it, then decides it (licensing.flows).
    REQUEST_ACCEPTANCE = "request_acceptance", _("Acceptance of a permit request")
    REQUEST_REVIEW = "request_review", _("Review of a permit request")


# The steps after the grant, each on its own clock beside the application's review (a filing's
# review, a permit request's acceptance and review): the review's deadline leaves them out.
AFTER_GRANT_STEPS = (Step.OBLIGATION_REVIEW, Step.REQUEST_ACCEPTANCE, Step.REQUEST_REVIEW)


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    RETURN = "return", _("Return for revision")
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    ACCEPT = "accept", _("Accept")
    NOT_ACCEPT = "not_accept", _("Do not accept")
    # Above the agency's authority by area (product.md §16 L6): the first-instance opinion and
    # the forwarding letter go to the national forestry authority.
    FORWARD = "forward", _("Forward to the national authority")
    # A filing after the approval shows the permit is not kept (product.md §17 A5).
    NON_COMPLIANT = "non_compliant", _("Not compliant")


# The audit action that records each review decision (same values).
DECISION_ACTION = {d: AuditAction(d.value) for d in Decision}
COUNTERSIGN_ACTIONS = (AuditAction.AGREE, AuditAction.DISAGREE)

REVIEW_DECISIONS = (Decision.APPROVE, Decision.REJECT, Decision.RETURN, Decision.FORWARD)
ACCEPTANCE_DECISIONS = (Decision.ACCEPT, Decision.NOT_ACCEPT, Decision.RETURN)
CONSULTATION_DECISIONS = (Decision.AGREE, Decision.DISAGREE)
# A filing's review (product.md §17, api.md "The law's letter, supervision, …").
OBLIGATION_REVIEW_DECISIONS = (Decision.ACCEPT, Decision.RETURN, Decision.NON_COMPLIANT)


# The steps whose decisions are not the review's (approve, reject, return).
_STEP_DECISIONS: dict[str, tuple[Decision, ...]] = {
    Step.ACCEPTANCE: ACCEPTANCE_DECISIONS,
    Step.CONSULTATION: CONSULTATION_DECISIONS,
    Step.OBLIGATION_REVIEW: OBLIGATION_REVIEW_DECISIONS,
    Step.REQUEST_ACCEPTANCE: (Decision.ACCEPT, Decision.NOT_ACCEPT),
    Step.REQUEST_REVIEW: (Decision.APPROVE, Decision.REJECT),
}


def step_decisions(step: str) -> tuple[Decision, ...]:
    """The decisions a reviewer may take at ``step``."""
    return _STEP_DECISIONS.get(step, REVIEW_DECISIONS)


# The decisions that rest on grounds the reviewer names (issue 26 item 7): a refusal on rules of
# the application's type, a non-acceptance on the grounds of art. 32 (permits.rules).
DECISIONS_WITH_GROUNDS = (Decision.REJECT, Decision.NOT_ACCEPT)


def grounded_decision(step: str) -> Decision | None:
    """The decision of ``step`` that rests on grounds the reviewer names (none at consultation,
    nor on a permit request: its refusal states its reason and the rule it cites)."""
    if step in (Step.REQUEST_ACCEPTANCE, Step.REQUEST_REVIEW):
        return None
    return next((d for d in step_decisions(step) if d in DECISIONS_WITH_GROUNDS), None)


DECISIONS_NEEDING_OPINION = (
    Decision.REJECT,
    Decision.FORWARD,
    Decision.RETURN,
    Decision.DISAGREE,
    Decision.NOT_ACCEPT,
    Decision.NON_COMPLIANT,
)


class ProjectType(models.TextChoices):
    NATIONAL_DEFENSE = "national_defense", _("National defense")
    MAJOR_NATIONAL_PROJECT = "major_national_project", _("Major national project")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    ECO_TOURISM = "eco_tourism", _("Eco-tourism")
    FOREST_WELLNESS = "forest_wellness", _("Forest wellness")
    PUBLIC_FACILITY = "public_facility", _("Public facility")
    COMMERCIAL = "commercial", _("Commercial construction")
    MINING = "mining", _("Mining")
    OTHER = "other", _("Other")


class OccupationKind(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    TEMPORARY = "temporary", _("Temporary")


class LandCategory(models.TextChoices):
    NATURAL_FOREST = "natural_forest", _("Natural forest land")
    PLANTED_FOREST = "planted_forest", _("Planted forest land")
    SHRUB_LAND = "shrub_land", _("Shrub land")
    UNSTOCKED = "unstocked", _("Land suitable for forest")
    OTHER = "other", _("Other")


class FeeExemption(models.TextChoices):
    """The projects exempt from the restoration fee (财税〔2015〕122号 三)."""

    RURAL_HOUSING = "rural_housing", _("Rural residents' housing built to the set standard")
    VILLAGE_PUBLIC = (
        "village_public",
        _(
            "A village collective's public-benefit project (village roads, schools, kindergartens, "
            "homes for the elderly, welfare homes, health centres)"
        ),
    )
    AFFORDABLE_HOUSING = "affordable_housing", _("Affordable housing project")


class ForestCategory(models.TextChoices):
    """林种 of the land an occupation takes (森林法 arts. 47–48; 森林法实施条例 art. 16(2) sets
    the national authority's thresholds by it, product.md §16 L6)."""

    SHELTER = "shelter", _("Shelter forest (防护林)")
    SPECIAL_USE = "special_use", _("Special-use forest (特种用途林)")
    TIMBER = "timber", _("Timber forest (用材林)")
    ECONOMIC = "economic", _("Economic forest (经济林)")
    FUELWOOD = "fuelwood", _("Fuelwood forest (薪炭林)")
    OTHER = "other", _("Other forest land")


class TaxonGroup(models.TextChoices):
    PLANT = "plant", _("Plant")
    ANIMAL = "animal", _("Animal")
    AQUATIC = "aquatic", _("Aquatic organism")
    INSECT = "insect", _("Insect")
    MICROORGANISM = "microorganism", _("Micro-organism")


class IntroductionPurpose(models.TextChoices):
    RESEARCH = "research", _("Research")
    BREEDING = "breeding", _("Breeding")
    LANDSCAPING = "landscaping", _("Landscaping")
    AQUACULTURE = "aquaculture", _("Aquaculture")
    EXHIBITION = "exhibition", _("Exhibition")
    BIOCONTROL = "biocontrol", _("Biological control")
    OTHER = "other", _("Other")


class HabitatDomain(models.TextChoices):
    FOREST_GRASSLAND_WETLAND = "forest_grassland_wetland", _("Forest, grassland and wetland")
    WATERS = "waters", _("Rivers, lakes and waters")
    FARMLAND = "farmland", _("Farmland")


class NotificationKind(models.TextChoices):
    """What a notification is about (api.md, Notifications)."""

    SUBMITTED = "submitted", _("Application submitted")
    ACCEPTED = "accepted", _("Application accepted")
    NOT_ACCEPTED = "not_accepted", _("Application not accepted")
    RETURNED = "returned", _("Returned for correction")
    TASK_NEW = "task_new", _("New task")
    DECIDED = "decided", _("Decision made")
    REVOKED = "revoked", _("Permit revoked")
    PERMIT_WITHDRAWN = "permit_withdrawn", _("Permit withdrawn by the agency")
    PERMIT_CANCELLED = "permit_cancelled", _("Permit cancelled")
    LAND_APPROVAL = "land_approval", _("Construction-land approval recorded")
    # The holder's requests after the grant and their decisions (product.md §18).
    PERMIT_REQUEST = "permit_request", _("Permit request")
    INTRODUCTION_CLOSED = "introduction_closed", _("Introduction window closed")
    REMINDER = "reminder", _("Time limit approaching")
    OVERDUE = "overdue", _("Time limit passed")
    EXTENDED = "extended", _("Time limit extended")
    SPECIAL_PROCEDURE = "special_procedure", _("Special procedure")
    INTERESTED_PARTY = "interested_party", _("Interested party")
    HEARING = "hearing", _("Hearing")
    REASSIGNED = "reassigned", _("Task reassigned")
    REPORT_DUE = "report_due", _("Report due soon")
    REPORT_OVERDUE = "report_overdue", _("Report overdue")
    FORWARDED = "forwarded", _("Forwarded to the national authority")
    FEE_DUE = "fee_due", _("Restoration fee to pay")
    FEE_UNPAID = "fee_unpaid", _("Restoration fee unpaid")
    FILING = "filing", _("Filing received")
    # What supervision decided: each act names itself, never "filing received" (issue 45 item 16).
    FILING_REVIEWED = "filing_reviewed", _("Filing review result")
    INSPECTION_RESULT = "inspection_result", _("Inspection result")
    RECTIFICATION = "rectification", _("Rectification")
    USE_ENDED = "use_ended", _("Use ended, restoration due")
    STATEMENT = "statement", _("Statement and defence")
    # Reports from the public (product.md §19 P2).
    PUBLIC_REPORT = "public_report", _("Report from the public")
    PUBLIC_REPORT_LATE = "public_report_late", _("Report from the public past its time")
