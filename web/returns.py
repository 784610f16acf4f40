"""Returns on the pages: the items beside the applicant's fields, and the reviewer's view of
what the resubmission changed (labels and values as people read them)."""

from collections.abc import Container, Iterable
from typing import Any, TypedDict, cast

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from permits.choices import AttachmentKind
from permits.models import DETAIL_MODEL, Application
from workflows import selectors
from workflows.models import ReturnItem

EMPTY = "—"


def _model_field(kind: str, name: str) -> "models.Field[Any, Any]":
    # Snapshots and items name concrete fields (never reverse relations).
    return cast("models.Field[Any, Any]", DETAIL_MODEL[kind]._meta.get_field(name))


def field_label(kind: str, name: str) -> str:
    try:
        return str(capfirst(_model_field(kind, name).verbose_name))
    except FieldDoesNotExist:  # an item naming a field that no longer exists: show its name
        return name


def item_target(kind: str, item: ReturnItem) -> str:
    """Where an item applies: its field's name, its attachment kind, or the whole application."""
    if item.field:
        return field_label(kind, item.field)
    if item.attachment_kind:
        return str(AttachmentKind(item.attachment_kind).label)
    return str(_("The application as a whole"))


def snapshot_value(kind: str, name: str, value: object) -> str:
    """A snapshot's plain value (``permits.facts.application_snapshot``) as the pages show it."""
    if value is None or value == "" or value == []:
        return EMPTY
    try:
        field = _model_field(kind, name)
    except FieldDoesNotExist:
        return str(value)
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(getattr(related, "name", related) or value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):  # the site's GeoJSON
        return str(_("Map geometry (%(type)s)") % {"type": value.get("type", "GeoJSON")})
    return str(value)


class ItemsByPlace(TypedDict):
    """``items_by_place``'s answer: the items beside the form's fields, beside the
    attachments, and at the top."""

    fields: dict[str, list[str]]
    attachments: list[dict[str, str]]
    general: list[dict[str, str]]


def items_by_place(
    kind: str, items: Iterable[ReturnItem], field_names: Container[str]
) -> ItemsByPlace:
    """The open return's items where the edit form shows them: beside a field of the form
    (``fields``: name → messages), beside the attachments, or at the top (``general``)."""
    fields: dict[str, list[str]] = {}
    attachments: list[dict[str, str]] = []
    general: list[dict[str, str]] = []
    for item in items:
        if item.field in field_names:
            fields.setdefault(item.field, []).append(item.message)
        elif item.attachment_kind and not item.field:
            attachments.append(
                {
                    "target": item_target(kind, item),
                    "message": item.message,
                    "kind": item.attachment_kind,
                }
            )
        else:
            general.append({"target": item_target(kind, item), "message": item.message})
    return {"fields": fields, "attachments": attachments, "general": general}


def untouched_items(application: Application) -> list[dict[str, str]]:
    """The open return's items still untouched (``workflows.selectors.return_items_untouched``),
    as the confirmation before resubmitting lists them."""
    return [
        {"target": item_target(application.kind, item), "message": item.message}
        for item in selectors.return_items_untouched(application)
    ]


def changes_for(task: Task, kind: str) -> dict[str, Any] | None:
    """What the task's reviewer reads of the resubmission before it: the note, the changed
    facts, the files added and removed, and each return item with whether its target changed."""
    resubmission = selectors.resubmission_read_by(task)
    if resubmission is None:
        return None
    diff = selectors.resubmission_changes(resubmission)
    files = diff["attachments"]
    return {
        "resubmission": resubmission,
        "returned": resubmission.decision,
        "fields": [
            {
                "field": change["field"],
                "label": field_label(kind, change["field"]),
                "before": snapshot_value(kind, change["field"], change["before"]),
                "after": snapshot_value(kind, change["field"], change["after"]),
            }
            for change in diff["fields"]
        ],
        "added": [_file(a) for a in files["added"]],
        "removed": [_file(a) for a in files["removed"]],
        "items": [
            {"target": item_target(kind, item), "message": item.message, "changed": changed}
            for item, changed in diff["items"]
        ],
    }


def _file(attachment: dict[str, Any]) -> dict[str, str]:
    kind = attachment.get("kind", "")
    label = AttachmentKind(kind).label if kind in AttachmentKind.values else kind
    return {"kind": kind, "kind_label": label, "name": attachment.get("name", "")}
