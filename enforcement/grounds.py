"""The grounds on which no penalty is given (不予行政处罚, 行政处罚法 art. 57(1)(2), (3)), each
with the words of the article it rests on (docs/legal-basis.md, "Enforcement cases"). The
不予行政处罚决定书 cites the one ground the head found, not the whole list: a party told "art. 33"
cannot know whether it was found blameless or forgiven a first offence, and the reconsideration
body reviews the ground given.

Arts. 30 and 31 concern a natural person only (a minor, a person who could not recognise or
control its conduct); an organisation is refused them. Art. 57(1)(2) is the procedure's door for
the grounds of "违法行为轻微，依法可以不予行政处罚", (3) for facts not established."""

from dataclasses import dataclass

from .models import NoPenaltyGround

LAW = "《中华人民共和国行政处罚法》"


@dataclass(frozen=True)
class Basis:
    """Where a ground stands in the law, as the decision cites it, and its words."""

    reference: str
    words: str
    natural_person_only: bool = False


ARTICLE_33_1 = (
    "违法行为轻微并及时改正，没有造成危害后果的，不予行政处罚。初次违法且危害后果轻微并及时改正"
    "的，可以不予行政处罚。"
)

MINOR = "第三十三条第一款、第五十七条第一款第（二）项"
BASES: dict[str, Basis] = {
    NoPenaltyGround.NOT_ESTABLISHED: Basis(
        "第五十七条第一款第（三）项", "违法事实不能成立的，不予行政处罚；"
    ),
    NoPenaltyGround.MINOR_CORRECTED: Basis(MINOR, ARTICLE_33_1),
    NoPenaltyGround.FIRST_MINOR: Basis(MINOR, ARTICLE_33_1),
    NoPenaltyGround.NO_FAULT: Basis(
        "第三十三条第二款",
        "当事人有证据足以证明没有主观过错的，不予行政处罚。法律、行政法规另有规定的，从其规定。",
    ),
    NoPenaltyGround.TIME_BARRED: Basis(
        "第三十六条第一款",
        "违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果"
        "的，上述期限延长至五年。法律另有规定的除外。",
    ),
    NoPenaltyGround.UNDER_FOURTEEN: Basis(
        "第三十条",
        "不满十四周岁的未成年人有违法行为的，不予行政处罚，责令监护人加以管教；",
        natural_person_only=True,
    ),
    NoPenaltyGround.INCAPABLE: Basis(
        "第三十一条",
        "精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为的，不予行政处罚，但应当"
        "责令其监护人严加看管和治疗。",
        natural_person_only=True,
    ),
}


def basis_of(ground: str) -> Basis:
    """The article of ``ground`` (one of ``NoPenaltyGround``)."""
    return BASES[ground]


def cited(ground: str) -> str:
    """``《中华人民共和国行政处罚法》第三十三条第二款``: the ground as the decision cites it."""
    return f"{LAW}{BASES[ground].reference}"
