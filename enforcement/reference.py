"""The articles a forestry penalty decision applies, national rows quoted from the published
law (LawRefBook/Laws, docs/legal-basis.md "Enforcement cases"); the legal office changes them,
or adds a jurisdiction's row (its 裁量基准), in the admin. ``load`` is idempotent: it creates
the rows missing and changes none."""

from decimal import Decimal
from typing import Any

from .models import FineBasis, PenaltyArticle

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
            "生物安全法（2020）第八十一条第一款：违反本法规定，未经批准，擅自引进外来物种的，"
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
            "生物安全法（2020）第八十一条第二款：违反本法规定，未经批准，擅自释放或者丢弃外来物种的，"
            "由县级以上人民政府有关部门根据职责分工，责令限期捕回、找回释放或者丢弃的外来物种，"
            "处一万元以上五万元以下的罚款。"
        ),
    },
)


def load() -> None:
    for entry in SEED_ARTICLES:
        values = dict(entry)
        PenaltyArticle.objects.get_or_create(
            code=values.pop("code"), jurisdiction=None, defaults=values
        )
