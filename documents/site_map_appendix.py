"""The site map appended to a decision (product.md §15: certificates show the site on a map drawn
without any external tile server): the site as screened among the zones, 小班 and other
applications near it, with what the screening found in words beneath.

The map is evidence beside the decision, not part of it: a map that cannot be planned or drawn
is logged and the decision is issued with the words alone.
"""

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.utils import translation
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable

from permits.models import Application
from permits.screening import screening_of
from permits.site_map_plan import site_map_plan
from roles.models import District
from zones.maps import MapPlan, map_drawing
from zones.models import Layer

from . import content
from .pdf_layout import SiteMap

logger = logging.getLogger(__name__)


def site_map_section(application: Application) -> SiteMap | None:
    """附：位置图 of ``application``; None (no section) when its site was never screened."""
    screening = screening_of(application)
    if screening is None:
        return None
    versions = screening.layer_versions
    return SiteMap(
        heading=content.site_map_heading(application.kind),
        caption=content.site_map_caption(application.kind, screening),
        note=content.basemap_note(versions, _district_names(versions), _superseded(versions)),
        draw=_drawer(application),
    )


def _district_names(versions: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    codes = {v["district"] for v in versions if v["district"]}
    if not codes:
        return {}
    return dict(District.objects.filter(pk__in=codes).values_list("code", "name"))


def _superseded(versions: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a layer the screening read has been replaced since (the map draws the current)."""
    ids = [v["id"] for v in versions]
    return bool(ids) and Layer.objects.filter(pk__in=ids, superseded_at__isnull=False).exists()


def _drawer(application: Application) -> Callable[[float, float, str], Flowable] | None:
    try:
        # A savepoint: a failed read must not abort the transaction that records the decision.
        with transaction.atomic():
            plan = site_map_plan(application)  # as the holder may see it (shown_to=None)
    except Exception:
        logger.exception("The site map of %s could not be planned", application.reference)
        return None
    return MapPicture(plan)


@dataclass(frozen=True)
class MapPicture:
    """Draws the plan at the size the layout gives; equal when the plans are (documents are
    compared by content: the backfill test rebuilds them)."""

    plan: MapPlan

    def __call__(self, width: float, height: float, font_name: str) -> Drawing:
        # Legend and scale bar in the document's language, whatever the reader's.
        with translation.override("zh-hans"):
            plan = replace(self.plan, font_name=font_name)
            return map_drawing(plan, width=width, height=height)
