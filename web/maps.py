"""The web maps' data (issue 45 item 3): the zone and 小班 layers within a view and the places
found by a search, as JSON for ``static/web/site_map.js``. Public (the report form uses them):
they give only what the drawing map has always shown to anyone (``permits.map_layers``)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from core.messages import MSG_MAP_BOUNDS, MSG_MAP_SEARCH_EMPTY, MSG_MAP_ZOOM_IN
from permits.map_layers import ViewTooLarge, bounds_parse, layer_features_in, places_search

# The layers change with an import, a few times a year: a browser may keep a view a minute.
CACHE_SECONDS = 60


def _json(data: dict[str, Any], *, status: int = 200) -> JsonResponse:
    answer = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    answer["Cache-Control"] = f"max-age={CACHE_SECONDS}, public" if status == 200 else "no-store"
    return answer


@require_safe
def map_features(request: HttpRequest) -> JsonResponse:
    """``?bbox=west,south,east,north``: the zones in force and the current 小班 there."""
    bounds = bounds_parse(request.GET.get("bbox", ""))
    if bounds is None:
        return _json({"errors": {"bbox": [str(MSG_MAP_BOUNDS)]}}, status=400)
    try:
        collection = layer_features_in(bounds)
    except ViewTooLarge:
        return _json({"type": "FeatureCollection", "features": [], "zoom_in": str(MSG_MAP_ZOOM_IN)})
    return _json(collection)


@require_safe
def map_search(request: HttpRequest) -> JsonResponse:
    """``?q=…&district=…``: the places matching ``q`` (a 林班 or 小班 number, a township, a
    village, a zone's name), each with the extent to show."""
    query = request.GET.get("q", "").strip()
    if not query:
        return _json({"errors": {"q": [str(MSG_MAP_SEARCH_EMPTY)]}}, status=400)
    district = request.GET.get("district", "")
    district = district if district.isdigit() and len(district) == 6 else ""
    places = places_search(query, district=district)
    return _json({"results": [place.as_dict() for place in places]})


def map_settings() -> dict[str, Any]:
    """The basemap the maps load (README "Map basemap"); an empty URL: none."""
    return {
        "tiles_url": settings.MAP_TILES_URL,
        "tiles_key": settings.MAP_TILES_KEY,
        "tiles_subdomains": settings.MAP_TILES_SUBDOMAINS,
        "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
        "tiles_max_zoom": settings.MAP_TILES_MAX_ZOOM,
    }
