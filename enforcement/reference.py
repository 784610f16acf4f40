"""The articles a forestry penalty decision applies, national rows quoted from the published
law (LawRefBook/Laws, docs/legal-basis.md "Enforcement cases"); the legal office changes them,
or adds a jurisdiction's row (its 裁量基准), in the admin. ``load`` is idempotent: it creates
the rows missing and changes none."""

from decimal import Decimal
from typing import Any

from .models import FineBasis, PenaltyArticle, ReferralThreshold, ThresholdUnit

FOREST_LAW = "中华人民共和国森林法"
BIOSAFETY_LAW = "中华人民共和国生物安全法"

SEED_ARTICLES: tuple[dict[str, Any], ...] = (
    {
        "code": "forest-73-1",
        "fine_optional": True,
        "law": FOREST_LAW,
        "article": "第七十三条第一款",
        "offence": "擅自改变林地用途",
        "fine_basis": FineBasis.MULTIPLE,
        "fine_min": Decimal(0),
        "fine_max": Decimal(3),
        "base_label": "恢复植被和林业生产条件所需费用",
        "source": (
            "森林法（2019）第七十三条第一款：违反本法规定，未经县级以上人民政府林业主管部门审核同意，"
            "擅自改变林地用途的，由县级以上人民政府林业主管部门责令限期恢复植被和林业生产条件，"
            "可以处恢复植被和林业生产条件所需费用三倍以下的罚款。"
        ),
    },
    {
        "code": "forest-74-1-trees",
        "fine_optional": True,
        "law": FOREST_LAW,
        "article": "第七十四条第一款",
        "offence": "开垦、采石、采砂、采土等造成林木毁坏",
        "fine_basis": FineBasis.MULTIPLE,
        "fine_min": Decimal(0),
        "fine_max": Decimal(5),
        "base_label": "毁坏林木价值",
        "replant_min": Decimal(1),
        "replant_max": Decimal(3),
        "source": (
            "森林法（2019）第七十四条第一款：违反本法规定，进行开垦、采石、采砂、采土或者其他活动，"
            "造成林木毁坏的，由县级以上人民政府林业主管部门责令停止违法行为，限期在原地或者异地"
            "补种毁坏株数一倍以上三倍以下的树木，可以处毁坏林木价值五倍以下的罚款；……"
        ),
    },
    {
        "code": "forest-74-1-land",
        "fine_optional": True,
        "law": FOREST_LAW,
        "article": "第七十四条第一款",
        "offence": "开垦、采石、采砂、采土等造成林地毁坏",
        "fine_basis": FineBasis.MULTIPLE,
        "fine_min": Decimal(0),
        "fine_max": Decimal(3),
        "base_label": "恢复植被和林业生产条件所需费用",
        "source": (
            "森林法（2019）第七十四条第一款：……造成林地毁坏的，由县级以上人民政府林业主管部门"
            "责令停止违法行为，限期恢复植被和林业生产条件，可以处恢复植被和林业生产条件所需费用"
            "三倍以下的罚款。"
        ),
    },
    {
        "code": "forest-76-1",
        "law": FOREST_LAW,
        "article": "第七十六条第一款",
        "offence": "盗伐林木",
        "fine_basis": FineBasis.MULTIPLE,
        "fine_min": Decimal(5),
        "fine_max": Decimal(10),
        "base_label": "盗伐林木价值",
        "replant_min": Decimal(1),
        "replant_max": Decimal(5),
        "source": (
            "森林法（2019）第七十六条第一款：盗伐林木的，由县级以上人民政府林业主管部门责令限期在"
            "原地或者异地补种盗伐株数一倍以上五倍以下的树木，并处盗伐林木价值五倍以上十倍以下的罚款。"
        ),
    },
    {
        "code": "forest-76-2",
        "fine_optional": True,
        "law": FOREST_LAW,
        "article": "第七十六条第二款",
        "offence": "滥伐林木",
        "fine_basis": FineBasis.MULTIPLE,
        "fine_min": Decimal(3),
        "fine_max": Decimal(5),
        "base_label": "滥伐林木价值",
        "replant_min": Decimal(1),
        "replant_max": Decimal(3),
        "source": (
            "森林法（2019）第七十六条第二款：滥伐林木的，由县级以上人民政府林业主管部门责令限期在"
            "原地或者异地补种滥伐株数一倍以上三倍以下的树木，可以处滥伐林木价值三倍以上五倍以下的罚款。"
        ),
    },
    {
        "code": "biosafety-81-1",
        "law": BIOSAFETY_LAW,
        "article": "第八十一条第一款",
        "offence": "未经批准擅自引进外来物种",
        "fine_basis": FineBasis.AMOUNT,
        "fine_min": Decimal(50_000),
        "fine_max": Decimal(250_000),
        "source": (
            "生物安全法（2020年公布，2024年修正，本条未修改）第八十一条第一款：违反本法规定，未经批准，擅自引进外来物种的，"
            "由县级以上人民政府有关部门根据职责分工，没收引进的外来物种，并处五万元以上二十五万元"
            "以下的罚款。"
        ),
    },
    {
        "code": "biosafety-81-2",
        "law": BIOSAFETY_LAW,
        "article": "第八十一条第二款",
        "offence": "未经批准擅自释放或者丢弃外来物种",
        "fine_basis": FineBasis.AMOUNT,
        "fine_min": Decimal(10_000),
        "fine_max": Decimal(50_000),
        "source": (
            "生物安全法（2020年公布，2024年修正，本条未修改）第八十一条第二款：违反本法规定，未经批准，擅自释放或者丢弃外来物种的，"
            "由县级以上人民政府有关部门根据职责分工，责令限期捕回、找回释放或者丢弃的外来物种，"
            "处一万元以上五万元以下的罚款。"
        ),
    },
)


INTERPRETATION = "最高人民法院关于审理破坏森林资源刑事案件适用法律若干问题的解释（法释〔2023〕8号）"
THEFT = (
    "第四条第一款：盗伐森林或者其他林木，涉案林木具有下列情形之一的，"
    "应当认定为刑法第三百四十五条第一款规定的“数量较大”："
)
ILLEGAL_FELLING = (
    "第六条第一款：滥伐森林或者其他林木，涉案林木具有下列情形之一的，"
    "应当认定为刑法第三百四十五条第二款规定的“数量较大”："
)
OCCUPATION = (
    "第一条第二款：实施前款规定的行为，具有下列情形之一的，应当认定为刑法第三百四十二条规定的"
    "“数量较大，造成耕地、林地等农用地大量毁坏”："
)


# 按相应比例折算合计: the stock and the saplings of one offence, the two kinds of forest land
# (法释〔2023〕8号 第一条第二款、第四条第一款、第六条第一款 第（三）项), never the value.
ITEM_3 = "（三）数量虽未分别达到第一项、第二项规定标准，但按相应比例折算合计达到有关标准的；"
COMBINED = {
    "theft-count": f"{INTERPRETATION}{THEFT}{ITEM_3}",
    "felling-count": f"{INTERPRETATION}{ILLEGAL_FELLING}{ITEM_3}",
    "occupation-land": f"{INTERPRETATION}{OCCUPATION}（三）非法占用并毁坏的公益林地、商品林地"
    "数量虽未分别达到第一项、第二项规定标准，但按相应比例折算合计达到有关标准的；",
}
COMBINED_CODES = {
    "theft-stock": "theft-count",
    "theft-saplings": "theft-count",
    "felling-stock": "felling-count",
    "felling-saplings": "felling-count",
    "occupation-public": "occupation-land",
    "occupation-commercial": "occupation-land",
}


# 法释〔2023〕8号 第九条 adds the acts 未经处理，且依法应当追诉的: an earlier act counts within the
# period of prosecution of the offence at this quantity (刑法 第八十七条, 第九十九条 以下 includes
# the number itself): 盗伐、滥伐 数量较大 at most three years, five years; 非法占用农用地 at
# most five years, ten years.
CUMULATION = (
    f"{INTERPRETATION}第九条：多次实施本解释规定的行为，未经处理，且依法应当追诉的，"
    "数量、数额累计计算。"
)
PROSECUTION = {
    "theft": (
        5,
        f"{CUMULATION}刑法第八十七条：犯罪经过下列期限不再追诉：（一）法定最高刑为不满五年有期徒刑的，"
        "经过五年；……第三百四十五条第一款：盗伐森林或者其他林木，数量较大的，处三年以下有期徒刑、"
        "拘役或者管制，并处或者单处罚金；……",
    ),
    "felling": (
        5,
        f"{CUMULATION}刑法第八十七条：犯罪经过下列期限不再追诉：（一）法定最高刑为不满五年有期徒刑的，"
        "经过五年；……第三百四十五条第二款：违反森林法的规定，滥伐森林或者其他林木，数量较大的，"
        "处三年以下有期徒刑、拘役或者管制，并处或者单处罚金；……",
    ),
    "occupation": (
        10,
        f"{CUMULATION}刑法第八十七条：犯罪经过下列期限不再追诉：……（二）法定最高刑为五年以上不满十年"
        "有期徒刑的，经过十年；……第三百四十二条：违反土地管理法规，非法占用耕地、林地等农用地，"
        "改变被占用土地用途，数量较大，造成耕地、林地等农用地大量毁坏的，处五年以下有期徒刑或者拘役，"
        "并处或者单处罚金。第九十九条：本法所称以上、以下、以内，包括本数。",
    ),
}
# 第一条第二款第（四）项: two penalties for 非法占用农用地 within two years halve the occupation
# thresholds (items (一) to (三)); the 森林法 articles whose penalties count are our reading.
REPEAT_OCCUPATION = {
    "repeat_penalties": 2,
    "repeat_years": 2,
    "repeat_share": Decimal("0.5"),
    "repeat_articles": "forest-73-1,forest-74-1-land",
    "repeat_source": f"{INTERPRETATION}{OCCUPATION}（四）二年内曾因非法占用农用地受过二次以上"
    "行政处罚，又非法占用林地，数量达到第一项至第三项规定标准一半以上的。",
}


def _threshold(code: str, offence: str, unit: str, quantity: int, clause: str) -> dict[str, Any]:
    group = COMBINED_CODES.get(code, "")
    years, prosecution = PROSECUTION[code.split("-")[0]]
    return {
        "code": code,
        "offence": offence,
        "unit": unit,
        "quantity": Decimal(quantity),
        "source": f"{INTERPRETATION}{clause}",
        "combine_group": group,
        "combine_source": COMBINED.get(group, ""),
        "prosecution_years": years,
        "prosecution_source": prosecution,
        **(REPEAT_OCCUPATION if code.startswith("occupation-") else {}),
    }


# The quantities at which a forestry offence is suspected to be a crime (移送规定 art. 3): the
# national rows, each quoting its clause; our defaults until the legal office enters others.
SEED_THRESHOLDS: tuple[dict[str, Any], ...] = (
    _threshold(
        "theft-stock",
        "盗伐林木",
        ThresholdUnit.CUBIC_METRES,
        5,
        f"{THEFT}（一）立木蓄积五立方米以上的；",
    ),
    _threshold(
        "theft-saplings",
        "盗伐林木",
        ThresholdUnit.SAPLINGS,
        200,
        f"{THEFT}（二）幼树二百株以上的；",
    ),
    _threshold(
        "theft-value", "盗伐林木", ThresholdUnit.YUAN, 20_000, f"{THEFT}（四）价值二万元以上的。"
    ),
    _threshold(
        "felling-stock",
        "滥伐林木",
        ThresholdUnit.CUBIC_METRES,
        20,
        f"{ILLEGAL_FELLING}（一）立木蓄积二十立方米以上的；",
    ),
    _threshold(
        "felling-saplings",
        "滥伐林木",
        ThresholdUnit.SAPLINGS,
        1000,
        f"{ILLEGAL_FELLING}（二）幼树一千株以上的；",
    ),
    _threshold(
        "felling-value",
        "滥伐林木",
        ThresholdUnit.YUAN,
        50_000,
        f"{ILLEGAL_FELLING}（四）价值五万元以上的。",
    ),
    _threshold(
        "occupation-public",
        "非法占用并毁坏公益林地",
        ThresholdUnit.MU,
        5,
        f"{OCCUPATION}（一）非法占用并毁坏公益林地五亩以上的；",
    ),
    _threshold(
        "occupation-commercial",
        "非法占用并毁坏商品林地",
        ThresholdUnit.MU,
        10,
        f"{OCCUPATION}（二）非法占用并毁坏商品林地十亩以上的；",
    ),
)


def load() -> None:
    for entry in SEED_ARTICLES:
        values = dict(entry)
        PenaltyArticle.objects.get_or_create(
            code=values.pop("code"), jurisdiction=None, defaults=values
        )
    for entry in SEED_THRESHOLDS:
        values = dict(entry)
        row, _created = ReferralThreshold.objects.get_or_create(
            code=values.pop("code"), jurisdiction=None, defaults=values
        )
        if not row.combine_group and values["combine_group"]:
            # A row loaded before the combination was held as data gains it.
            row.combine_group, row.combine_source = (
                values["combine_group"],
                values["combine_source"],
            )
            row.save(update_fields=["combine_group", "combine_source"])
        if not row.prosecution_source:
            # A row loaded before the cumulation and the repeat rule were held as data.
            _cumulation_fill(row, values)


def _cumulation_fill(row: ReferralThreshold, values: dict[str, Any]) -> None:
    fields = ["prosecution_years", "prosecution_source"]
    fields += [f for f in REPEAT_OCCUPATION if f in values]
    for field in fields:
        setattr(row, field, values[field])
    row.save(update_fields=fields)
