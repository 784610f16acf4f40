"""The pages' text filters (``{% load permits_text %}``, config/settings TEMPLATES libraries)."""

import json

from django import template

from core.masking import holder_as_kept
from core.money import money as money_text
from permits.access import is_official
from permits.rules.base import citation_for_people

register = template.Library()


@register.filter
def citation(source: str) -> str:
    """A rule's source as people read it: the document's title and clause, no internal code."""
    return citation_for_people(source)


@register.filter
def as_json(value: object) -> str:
    """A value as JSON text, for a data- attribute (the template escapes it): a map's geometry
    for static/web/site_map.js."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@register.filter
def money(value: object) -> str:
    """An amount with its thousands grouped: "12,345.60"."""
    return money_text(value)


@register.filter
def holder_for(parcel: object, user: object) -> str:
    """A 小班's management-agreement holder as ``user`` may read it (issue 49 item 3): in full
    to an official; to anyone else an organisation's name (public under its credit code) and
    a holder named without a code, who may be a natural person, masked."""
    name = str(getattr(parcel, "agreement_holder", "") or "")
    code = str(getattr(parcel, "agreement_holder_code", "") or "")
    return name if is_official(user) else holder_as_kept(name, code)  # type: ignore[arg-type]
