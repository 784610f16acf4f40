"""利害关系人告知书 (行政许可法 art. 36; product.md §16 L14): to the holder of 小班 the
occupation uses."""

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from permits.models import Application
from roles.models import Agency

from .. import content
from ._common import LAW, _chinese_date, _days, _Wording

# product.md §16 L14: the two texts a 利害关系人告知书 rests on, quoted whole (docs/legal-basis.md
# "Interested parties — L14").
ARTICLE_36 = (
    "行政机关对行政许可申请进行审查时，发现行政许可事项直接关系他人重大利益的，应当告知该利害关系人。"
    "申请人、利害关系人有权进行陈述和申辩。行政机关应当听取申请人、利害关系人的意见。"
)
REGULATION_35 = "《建设项目使用林地审核审批管理办法》（国家林业局令第35号）"
REGULATION_35_ARTICLE_21 = (
    "建设项目使用林地的，应当对涉及单位和个人的森林、林木、林地依法给予补偿。"
)


def _interested_party(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """To the holder of 小班 the occupation uses (not the applicant): what is applied for, on
    which of its 小班, its right to state its views, until when and to whom."""
    submitted = timezone.localdate(detail.submitted_at) if detail.submitted_at else None
    when = f"于{_chinese_date(submitted)}" if submitted else ""
    project = getattr(detail, "project_name", "") or detail.title
    compartments = "、".join(f"{c}小班" for c in extra.get("compartments") or [])
    # The period runs from service (issue 46): the notice names no date it cannot know.
    days = extra.get("working_days")
    return _Wording(
        [
            f"{detail.organisation.name}{when}向本机关提出“{detail.title}”"
            f"{content.application_subject(detail)}申请（申请编号：{detail.reference}），"
            f"建设项目为“{project}”。经审查，该项目拟使用的林地涉及你单位按管护责任协议管护的"
            f"{compartments or '林地'}，行政许可事项直接关系你单位的重大利益。",
            f"根据{LAW}第三十六条“{ARTICLE_36}”的规定，现将上述事项告知你单位。"
            f"{REGULATION_35}第二十一条规定：“{REGULATION_35_ARTICLE_21}”",
            f"你单位有权进行陈述和申辩。请自本告知书送达之日起{_days(days)}内，"
            f"将书面意见（加盖单位公章）送交或者寄送{agency.name}，也可以到{agency.name}当面陈述；"
            "已与申请人就补偿达成协议的，可以一并提交协议文本。",
            "逾期未提出意见的，视为你单位放弃陈述和申辩的权利，本机关将依法继续审查。",
            # Issue 46 High 2: the notice that finds the party's 重大利益 states its right to a
            # hearing (art. 47); the 听证权利告知书 gives the period to ask for it.
            f"该行政许可事项直接涉及申请人与你单位之间的重大利益关系。根据{LAW}第四十七条的规定，"
            "你单位享有要求听证的权利；本机关在作出行政许可决定前将向你单位送达听证权利告知书，"
            "你单位可以在该告知书载明的期限内提出听证申请，且不承担听证的费用。",
        ],
        f"{LAW}第三十六条、第四十七条；{REGULATION_35}第二十一条",
    )
