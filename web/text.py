"""The pages' text filters (``{% load permits_text %}``, config/settings TEMPLATES libraries)."""

from django import template

from permits.rules.base import citation_for_people

register = template.Library()


@register.filter
def citation(source: str) -> str:
    """A rule's source as people read it: the document's title and clause, no internal code."""
    return citation_for_people(source)
