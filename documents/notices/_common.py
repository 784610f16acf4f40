"""What the notices' wording shares: the laws they cite, the ``_Wording`` each kind's
function returns, dates and days as printed, an item to correct as printed, and the permit an
act on it names (``_held``) with the facts found (``_found``)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import translation

from documents.models import DocumentKind
from permits.choices import AttachmentKind
from permits.models import Application

from .. import content
from ..content import by_analogy as by_analogy  # the notices import it from here

LAW = "《中华人民共和国行政许可法》"
REMEDY_LAWS = "《中华人民共和国行政复议法》第二十条、《中华人民共和国行政诉讼法》第四十六条"


@dataclass(frozen=True)
class _Wording:
    paragraphs: list[str]
    legal_basis: str
    items_heading: str = ""
    items: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    grounds_heading: str = ""
    grounds: list[str] = field(default_factory=list)
    # The document's title where it is not its kind's (a refusal of a change, an extension).
    title: str = ""
    # Who signs the record besides the agency (an inspection's inspectors, 行政许可法 art. 61).
    signatures: list[str] = field(default_factory=list)
    signatures_heading: str = ""
    # False where ``legal_basis`` is the provision a 批复 follows (printed 依据, not 法律依据).
    statutory: bool = True


def approval_basis(detail: Application) -> str:
    """What a 批复's notices rest on (issue 46 item 3): the provision the approval follows (the
    legal office's ``DecisionForm`` row), as its decisions print it; never the Licensing Law."""
    return "；".join(content.conditions_basis(detail))


def _chinese_date(value: date | None) -> str:
    return content.chinese_date(value) if value else ""


def _value(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def field_label(detail: Application, name: str) -> str:
    """The Chinese label of one of the application's fields (its name when unknown)."""
    try:
        verbose = detail._meta.get_field(name).verbose_name  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return name
    with translation.override("zh-hans"):
        return str(verbose)


def attachment_label(kind: str) -> str:
    with translation.override("zh-hans"):
        return str(AttachmentKind(kind).label) if kind in AttachmentKind.values else kind


def item_line(detail: Application, item: Any) -> str:
    """One item to correct as printed: 面积（公顷）：…, 附件“位置图”：…, or the message alone."""
    message = str(_value(item, "message") or "").strip()
    if name := _value(item, "field"):
        return f"{field_label(detail, name)}：{message}"
    if kind := _value(item, "attachment_kind"):
        return f"附件“{attachment_label(kind)}”：{message}"
    return message


def _days(value: object) -> str:
    return f"{value}个工作日"


def _held(detail: Application, extra: Mapping[str, Any]) -> str:
    """ "你单位持有的…（编号：…）（申请编号：…）": the permit an act on it names, by its approval's
    number (``extra["permit_number"]``, else the approval's own)."""
    permit = detail.certificates.filter(document_kind=DocumentKind.APPROVAL).first()
    number = extra.get("permit_number") or (permit.number if permit else "")
    which = f"（编号：{number}）" if number else ""
    return f"你单位持有的{content.approval_title(detail)}{which}（申请编号：{detail.reference}）"


def _lead_dropped(text: str, leads: tuple[str, ...]) -> str:
    """``text`` without the first of ``leads`` it was typed with (the notice prints its own),
    unless the lead is all it says."""
    for lead in leads:
        if text.startswith(lead) and len(text) > len(lead):
            return text[len(lead) :]
    return text


def _found(facts: str) -> str:
    """ "经查：" and the facts as a sentence, once: facts typed as "经查，……" keep one lead."""
    return f"经查：{content.sentence(_lead_dropped(facts, ('经查：', '经查，', '经查')))}"
