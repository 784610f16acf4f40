"""The vocabulary of the 森林督查 (issue 48): what a patch's change is, how its records
classify it, where its verification stands and how it ended."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeType(models.TextChoices):
    """The change the imagery shows (the national verification table's 变化类型, simplified)."""

    FELLING = "felling", _("Felling")
    OCCUPATION = "occupation", _("Occupation of forest land")
    RECLAMATION = "reclamation", _("Reclamation")
    AFFORESTATION = "afforestation", _("Afforestation")
    FIRE = "fire", _("Forest fire")
    PEST = "pest", _("Pest or disease")
    NATURAL = "natural", _("Natural disturbance")
    OTHER = "other", _("Other")


# A change no permit makes lawful or unlawful: left to the inspector to confirm (issue 48 item 2).
PERMIT_FREE_CHANGES = (ChangeType.FIRE, ChangeType.PEST, ChangeType.NATURAL)


class Classification(models.TextChoices):
    """The patch pre-classified from the records before anyone goes there."""

    PERMITTED = "permitted", _("Covered by a permit in force")
    EXCEEDS_PERMIT = "exceeds_permit", _("Beyond the permit in force")
    NO_PERMIT = "no_permit", _("No permit")
    UNCLASSIFIED = "unclassified", _("Not classified (no permit needed, or not yet matched)")


class PatchStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting matching")
    ASSIGNED = "assigned", _("Assigned for verification")
    VERIFIED = "verified", _("Verified in the field")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    """How the district head closes a verified patch (issue 48 item 4)."""

    LAWFUL = "lawful", _("Lawful")
    EXCEEDS_PERMIT = "exceeds_permit", _("Permit exceeded")
    UNLAWFUL = "unlawful", _("Unlawful")
    REFERRED = "referred", _("Referred to the police")
    NATURAL = "natural", _("Natural change")


class MatchStatus(models.TextChoices):
    """Where the background matching of a layer stands (its progress is on the layer)."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
