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

from ._common import ON_THE_LAND, OPEN_STATUSES
from .agencies import (
    acting_agency,
    agencies_for,
    may_handle,
    report_cases,
    report_districts,
    report_get_visible,
    report_photo_get,
    report_staff,
    reports_by_contact,
    reports_visible_to,
)
from .closing import report_close
from .filing import CONTACT_MAX, DESCRIPTION_MAX, jsonsafe_geometry, report_file
from .jobs import report_contacts_erase, reports_late
from .photos import PHOTO_MAX_BYTES, PHOTO_MAX_PIXELS, PHOTO_TYPES, PHOTOS_MAX
from .place import AREA_MAX_HA, CORNERS_MAX
from .screening import SCREENED_MAX, report_screening
from .site_check import report_site_check
from .tracking import (
    report_public_status,
    report_receipt,
    tracking_code_new,
    tracking_code_normal,
)
from .transfer import report_transfer

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
    "report_cases",
    "report_districts",
    "report_get_visible",
    "reports_by_contact",
    "report_photo_get",
    "report_public_status",
    "report_receipt",
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
]
