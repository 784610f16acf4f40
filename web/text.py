"""The pages' text filters (``{% load permits_text %}``, config/settings TEMPLATES libraries)."""

import json

from django import template

from core.money import money as money_text
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
