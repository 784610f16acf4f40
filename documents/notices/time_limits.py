"""The notices about the time limit while the review runs: 延期告知书 (art. 42) and
特别程序期间告知书 (art. 45). For a decision that is no licence (a 批复, ``documents.forms``)
the period is the agency's working commitment (承诺时限), as its 受理通知书 promised it: the
same notices without the Licensing Law, resting on the provision the 批复 follows."""

from collections.abc import Mapping
from typing import Any

from permits.models import Application
from roles.models import Agency

from .. import content
from ._common import LAW, _chinese_date, _days, _Wording, approval_basis

DEFAULT_EXTENSION_WORKING_DAYS = 10  # art. 42: 可以延长十日

# The procedures of art. 45 as the notices name them (workflows.models.SpecialProcedureKind).
SPECIAL_PROCEDURE_NAMES = {
    "hearing": "听证",
    "inspection_test": "检验、检测、检疫",
    "appraisal": "鉴定",
    "expert_review": "专家评审",
    "tender": "招标、拍卖",
}


def _extension(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    days = extra.get("extension_working_days") or DEFAULT_EXTENSION_WORKING_DAYS
    due = extra.get("due_date")
    licence = content.is_licence(detail)
    # A 批复's notices promise the day it is made by (“…前作出批复”, as its 受理通知书 does).
    made = "作出决定" if licence else "作出批复"
    new_due = f"，本机关将于{_chinese_date(due)}前{made}" if due else ""
    if not licence:
        return _Wording(
            [
                f"{content.subject(detail)}，本机关正在审查。因{content.clause(reason)}，"
                "本机关需要延长办理时限。",
                f"经本机关负责人批准，承诺时限延长{_days(days)}{new_due}。"
                "特将延长的理由告知你单位。",
            ],
            approval_basis(detail),
            statutory=False,
        )
    if extra.get("procedure") == "joint":
        approved, article = "经本级人民政府负责人批准", f"{LAW}第四十二条第二款"
    else:
        approved, article = "经本机关负责人批准", f"{LAW}第四十二条第一款"
    # Art. 42: the agency tells the applicant why the time is extended and until when; it does
    # not say it "cannot decide within the statutory time" (issue 45, Low).
    return _Wording(
        [
            f"{content.subject(detail)}，本机关正在依法审查。因{content.clause(reason)}，"
            "本机关需要延长办理期限。",
            f"根据{article}的规定，{approved}，办理期限延长{_days(days)}{new_due}。"
            "特将延长期限的理由告知你单位。",
        ],
        article,
    )


def _special_procedure(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    name = SPECIAL_PROCEDURE_NAMES.get(str(extra.get("procedure_kind")), "特别程序")
    started = _chinese_date(extra.get("started_on"))
    expected = _days(extra.get("expected_working_days"))
    if not content.is_licence(detail):
        return _Wording(
            [
                f"{content.subject(detail)}，本机关正在审查。因{content.clause(reason)}，"
                f"需要进行{name}。",
                f"{name}所需时间不计算在本机关承诺的办理时限内。{name}自{started}开始，"
                f"预计需要{expected}；{name}结束后，办理时限继续计算，本机关将告知你单位。",
            ],
            approval_basis(detail),
            statutory=False,
        )
    return _Wording(
        [
            f"{content.subject(detail)}，本机关正在依法审查。因{content.clause(reason)}，"
            f"需要进行{name}。",
            f"根据{LAW}第四十五条的规定，{name}所需时间不计算在行政许可办理期限内。"
            f"{name}自{started}开始，预计需要{expected}；"
            f"{name}结束后，办理期限继续计算，本机关将告知你单位。",
        ],
        f"{LAW}第四十五条",
    )
