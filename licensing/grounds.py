"""The grounds on which a permit may be revoked (撤销, Administrative Licensing Law art. 69) or
withdrawn (撤回, art. 8), each with the words of the article it rests on (docs/legal-basis.md,
"The permit's own life"). The list is the statute's; art. 69(1)(5) "依法可以撤销行政许可的其他
情形" is not offered: it names no ground of its own (product.md §18 B7)."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Act(models.TextChoices):
    """What the deciding agency intends and the holder is heard on."""

    REVOKE = "revoke", _("Revocation")
    WITHDRAW = "withdraw", _("Withdrawal")


class RevocationGround(models.TextChoices):
    ABUSE_OF_POWER = "abuse_of_power", _("Granted through abuse of power or neglect of duty")
    BEYOND_AUTHORITY = "beyond_authority", _("Granted beyond the agency's statutory authority")
    UNLAWFUL_PROCEDURE = "unlawful_procedure", _("Granted in breach of the statutory procedure")
    UNQUALIFIED_APPLICANT = (
        "unqualified_applicant",
        _("Granted to an applicant not qualified or not meeting the statutory conditions"),
    )
    FRAUD = "fraud", _("Obtained by deception, bribery or other improper means")


class WithdrawalGround(models.TextChoices):
    LAW_CHANGED = "law_changed", _("The law the permit rests on was amended or repealed")
    CIRCUMSTANCES_CHANGED = (
        "circumstances_changed",
        _("The circumstances the grant rested on changed materially"),
    )


@dataclass(frozen=True)
class Basis:
    """Where a ground stands in the law, as the documents cite it, and its words."""

    reference: str
    words: str


LAW = "《中华人民共和国行政许可法》"
ARTICLE_7 = (
    "公民、法人或者其他组织对行政机关实施行政许可，享有陈述权、申辩权；有权依法申请行政复议或者"
    "提起行政诉讼；其合法权益因行政机关违法实施行政许可受到损害的，有权依法要求赔偿。"
)
ARTICLE_8_2 = (
    "行政许可所依据的法律、法规、规章修改或者废止，或者准予行政许可所依据的客观情况发生重大变化"
    "的，为了公共利益的需要，行政机关可以依法变更或者撤回已经生效的行政许可。由此给公民、法人或者"
    "其他组织造成财产损失的，行政机关应当依法给予补偿。"
)
ARTICLE_69_3 = "依照前两款的规定撤销行政许可，可能对公共利益造成重大损害的，不予撤销。"
ARTICLE_69_4 = (
    "依照本条第一款的规定撤销行政许可，被许可人的合法权益受到损害的，行政机关应当依法给予赔偿。"
    "依照本条第二款的规定撤销行政许可的，被许可人基于行政许可取得的利益不受保护。"
)

BASIS: dict[str, Basis] = {
    RevocationGround.ABUSE_OF_POWER: Basis(
        f"{LAW}第六十九条第一款第（一）项",
        "行政机关工作人员滥用职权、玩忽职守作出准予行政许可决定的",
    ),
    RevocationGround.BEYOND_AUTHORITY: Basis(
        f"{LAW}第六十九条第一款第（二）项", "超越法定职权作出准予行政许可决定的"
    ),
    RevocationGround.UNLAWFUL_PROCEDURE: Basis(
        f"{LAW}第六十九条第一款第（三）项", "违反法定程序作出准予行政许可决定的"
    ),
    RevocationGround.UNQUALIFIED_APPLICANT: Basis(
        f"{LAW}第六十九条第一款第（四）项",
        "对不具备申请资格或者不符合法定条件的申请人准予行政许可的",
    ),
    RevocationGround.FRAUD: Basis(
        # The article's case, without its consequence ("，应当予以撤销"), as the documents set
        # it in "属于……的情形".
        f"{LAW}第六十九条第二款",
        "被许可人以欺骗、贿赂等不正当手段取得行政许可的",
    ),
    WithdrawalGround.LAW_CHANGED: Basis(
        f"{LAW}第八条第二款", "行政许可所依据的法律、法规、规章修改或者废止"
    ),
    WithdrawalGround.CIRCUMSTANCES_CHANGED: Basis(
        f"{LAW}第八条第二款", "准予行政许可所依据的客观情况发生重大变化"
    ),
}

GROUNDS: dict[str, type[models.TextChoices]] = {
    Act.REVOKE: RevocationGround,
    Act.WITHDRAW: WithdrawalGround,
}


def cited(ground: str, *, licence: bool = True) -> str:
    """The ground's article as a page, a notification or the record cites it: a 批复 follows
    it by analogy (参照), as its documents say (issue 46 item 3)."""
    basis = BASIS.get(ground)
    if basis is None:
        return ""
    return basis.reference if licence else f"参照{basis.reference}"


def consequence(act: str, ground: str, *, licence: bool = True) -> str:
    """What the act means for the holder's interests, in the article's words (art. 69(4) for a
    revocation, art. 8(2) for a withdrawal). A 批复 (``documents.forms``) follows them by
    analogy (参照): the Licensing Law does not govern it (issue 46 item 3)."""
    by = "依照" if licence else "参照"
    noun = "行政许可" if licence else "批复"
    if act == Act.WITHDRAW:
        return (
            f"{by}{LAW}第八条第二款的规定，撤回该{noun}给你单位造成财产损失的，本机关将依法"
            "给予补偿。"
        )
    if ground == RevocationGround.FRAUD:
        return f"{by}{LAW}第六十九条第四款的规定，你单位基于该{noun}取得的利益不受保护。"
    return (
        f"{by}{LAW}第六十九条第四款的规定，撤销该{noun}致使你单位合法权益受到损害的，本机关"
        "将依法给予赔偿。"
    )
