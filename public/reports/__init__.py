"""Reports from the public (product.md §19 P2; 行政许可法 第六十五条; 001 三(五) 举报电话; 004 二6
擅自引进、释放、丢弃外来物种; 002 (二十一) 接诉即办; docs/legal-basis.md "Reports from the public").

Anyone may file a report, with or without a contact, a point or an area, and up to three photos
(PNG or JPEG by content). It gets a random tracking code (60 bits: not guessable, so a status
lookup tells nothing of any other report) and is screened at once against the permits on the
land and the zones. It is the district forestry agency's to handle (and the district
agriculture agency's too for an alien species) within the jurisdiction's working days
(``SupervisionStandard.report_working_days``): a site check by two or more of its staff, then an
outcome. A breach of a permit orders its correction (§17 A6, ``rectification_order``); an act
without a permit opens an enforcement case, referred to the public security authority where it
may be a crime. The reporter reads the status and the outcome with the code, nothing else.

The reporter's contact is read by the handling agencies only: the audit trail records that one
was given, never what it is, and no address (an anonymous report stays anonymous in every
export); the text and the site are recorded by their SHA-256.

One module per act or concept: ``filing`` (a report filed), with its ``place`` (the site and
its district), ``photos`` and ``screening`` (the permits and zones on the land, frozen with it);
``agencies`` (who handles a report and what they see), ``site_check``, ``closing`` (the
outcome), ``transfer`` (to another district's agencies), ``tracking`` (the code and what it
shows the public), ``jobs`` (the tick's: late reports, contacts erased); ``_common`` what the
acts share (the report's lock, the role audited, the agencies told). Callers import from
``public.reports``, which re-exports the public names below.
"""

from ._common import MSG_ALREADY_CHECKED, MSG_CLOSED, ON_THE_LAND, OPEN_STATUSES
from .agencies import (
    MSG_NOT_HANDLING,
    acting_agency,
    agencies_for,
    may_handle,
    report_districts,
    report_get_visible,
    report_photo_get,
    report_staff,
    reports_visible_to,
)
from .closing import (
    MSG_CHECK_FIRST,
    MSG_CLOSE_FINDINGS,
    MSG_ORDER,
    MSG_OUTCOME,
    MSG_PERMIT_NOT_HERE,
    MSG_PERMIT_ONLY_BREACH,
    MSG_PERMIT_REQUIRED,
    MSG_REFERRAL_BY_HEAD,
    MSG_TOLD_CLOSED,
    report_close,
)
from .filing import (
    CONTACT_MAX,
    DESCRIPTION_MAX,
    MSG_CONTACT_LONG,
    MSG_DESCRIPTION,
    MSG_DESCRIPTION_LONG,
    MSG_KIND,
    MSG_TOLD_RECEIVED,
    jsonsafe_geometry,
    report_file,
)
from .jobs import MSG_TOLD_LATE, report_contacts_erase, reports_late
from .photos import (
    MSG_PHOTO_LARGE,
    MSG_PHOTO_TYPE,
    MSG_PHOTOS_MANY,
    PHOTO_MAX_BYTES,
    PHOTO_MAX_PIXELS,
    PHOTO_TYPES,
    PHOTOS_MAX,
)
from .place import (
    AREA_MAX_HA,
    CORNERS_MAX,
    MSG_DISTRICT,
    MSG_DISTRICT_ELSEWHERE,
    MSG_DISTRICT_NOT_HERE,
    MSG_DISTRICT_UNKNOWN,
    MSG_SITE,
    MSG_SITE_OUTSIDE,
    MSG_SITE_TOO_LARGE,
    MSG_TOO_MANY_CORNERS,
)
from .screening import SCREENED_MAX, report_screening
from .site_check import MSG_CHECKED_BEFORE, MSG_CHECKED_ON, MSG_FINDINGS, report_site_check
from .tracking import report_public_status, tracking_code_new, tracking_code_normal
from .transfer import MSG_TOLD_TRANSFERRED, MSG_TRANSFER_REASON, MSG_TRANSFER_SAME, report_transfer

__all__ = [
    # The acts.
    "report_close",
    "report_file",
    "report_site_check",
    "report_transfer",
    # The tick's.
    "report_contacts_erase",
    "reports_late",
    # What they read.
    "acting_agency",
    "agencies_for",
    "jsonsafe_geometry",
    "may_handle",
    "report_districts",
    "report_get_visible",
    "report_photo_get",
    "report_public_status",
    "report_screening",
    "report_staff",
    "reports_visible_to",
    "tracking_code_new",
    "tracking_code_normal",
    # Their limits.
    "AREA_MAX_HA",
    "CONTACT_MAX",
    "CORNERS_MAX",
    "DESCRIPTION_MAX",
    "ON_THE_LAND",
    "OPEN_STATUSES",
    "PHOTO_MAX_BYTES",
    "PHOTO_MAX_PIXELS",
    "PHOTO_TYPES",
    "PHOTOS_MAX",
    "SCREENED_MAX",
    # What they say.
    "MSG_ALREADY_CHECKED",
    "MSG_CHECK_FIRST",
    "MSG_CHECKED_BEFORE",
    "MSG_CHECKED_ON",
    "MSG_CLOSE_FINDINGS",
    "MSG_CLOSED",
    "MSG_CONTACT_LONG",
    "MSG_DESCRIPTION",
    "MSG_DESCRIPTION_LONG",
    "MSG_DISTRICT",
    "MSG_DISTRICT_ELSEWHERE",
    "MSG_DISTRICT_NOT_HERE",
    "MSG_DISTRICT_UNKNOWN",
    "MSG_FINDINGS",
    "MSG_KIND",
    "MSG_NOT_HANDLING",
    "MSG_ORDER",
    "MSG_OUTCOME",
    "MSG_PERMIT_NOT_HERE",
    "MSG_PERMIT_ONLY_BREACH",
    "MSG_PERMIT_REQUIRED",
    "MSG_PHOTO_LARGE",
    "MSG_PHOTO_TYPE",
    "MSG_PHOTOS_MANY",
    "MSG_REFERRAL_BY_HEAD",
    "MSG_SITE",
    "MSG_SITE_OUTSIDE",
    "MSG_SITE_TOO_LARGE",
    "MSG_TOLD_CLOSED",
    "MSG_TOLD_LATE",
    "MSG_TOLD_RECEIVED",
    "MSG_TOLD_TRANSFERRED",
    "MSG_TOO_MANY_CORNERS",
    "MSG_TRANSFER_REASON",
    "MSG_TRANSFER_SAME",
]
