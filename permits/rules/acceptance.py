"""The grounds of a non-acceptance (不予受理, product.md §11), with the clauses they come from.

Article 32 of the Administrative Licensing Law lists what an agency does with an application;
the rows below are the cases in which it does not accept one. A reviewer who does not accept
names one or more of them; the 不予受理决定书 quotes each. N3 is our reading of items (4) and (5)
together (docs/legal-basis.md): after the one-time notice of what to correct, an application
whose corrections are still incomplete is not one the agency must accept.

Facts: ``corrected_at_acceptance``, whether the acceptance step has already returned the
application once (the one-time notice, 一次性告知) and it came back.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.messages import MSG_N1, MSG_N2, MSG_N3

from .base import Facts, Ground

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LAW = "《中华人民共和国行政许可法》"
SOURCE_32_1_1 = (
    f"{LAW}第三十二条第一款第（一）项：“申请事项依法不需要取得行政许可的，应当即时告知申请人不受理”"
)
SOURCE_32_1_2 = (
    f"{LAW}第三十二条第一款第（二）项：“申请事项依法不属于本行政机关职权范围的，应当即时作出不予受理的决定，"
    "并告知申请人向有关行政机关申请”"
)
SOURCE_32_1_4_5 = (
    f"{LAW}第三十二条第一款第（四）项：“申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人"
    "需要补正的全部内容”；第（五）项：“申请事项属于本行政机关职权范围，申请材料齐全、符合法定形式，或者申请人按照"
    "本行政机关的要求提交全部补正申请材料的，应当受理行政许可申请”"
)
# Art. 32 para. 1 (2): the decision tells the applicant to apply to the agency that may decide.
APPLY_ELSEWHERE = "请你单位向依法有权受理该申请的有关行政机关提出申请。"
TELL_APPLY_ELSEWHERE = f"依照{LAW}第三十二条第一款第（二）项的规定，{APPLY_ELSEWHERE}"


def _always(facts: Facts) -> bool:
    return True


def _after_the_correction_notice(facts: Facts) -> bool:
    return bool(facts.get("corrected_at_acceptance"))


@dataclass(frozen=True)
class NonAcceptanceGround:
    code: str
    message: "StrOrPromise"
    source: str
    # Whether the ground can be named for these facts (N3 only after the one-time notice).
    offered: Callable[[Facts], bool] = _always
    # What the decision must tell the applicant besides (N2: where to apply), and the same
    # without the Licensing Law's clause for a decision that is no licence (a 批复).
    tells: str = ""
    tells_plain: str = ""


NON_ACCEPTANCE_GROUNDS: tuple[NonAcceptanceGround, ...] = (
    NonAcceptanceGround("N1", MSG_N1, SOURCE_32_1_1),
    NonAcceptanceGround(
        "N2", MSG_N2, SOURCE_32_1_2, tells=TELL_APPLY_ELSEWHERE, tells_plain=APPLY_ELSEWHERE
    ),
    NonAcceptanceGround("N3", MSG_N3, SOURCE_32_1_4_5, offered=_after_the_correction_notice),
)


def non_acceptance_grounds(facts: Facts) -> list[Ground]:
    """The grounds a non-acceptance may rest on for these facts, in table order."""
    return [
        Ground(g.code, str(g.message), g.source) for g in NON_ACCEPTANCE_GROUNDS if g.offered(facts)
    ]


def non_acceptance_notices(codes: list[str], *, licence: bool = True) -> list[str]:
    """What a non-acceptance on the grounds ``codes`` must tell the applicant besides, once each
    (without the Licensing Law's clause where the application is for no licence)."""
    chosen = set(codes)
    told = [
        (g.tells if licence else g.tells_plain) for g in NON_ACCEPTANCE_GROUNDS if g.code in chosen
    ]
    return [t for t in told if t]
