"""Reports from the public (product.md §19 P2), each as far as its handling has gone."""

from demo.data.places import point
from demo.data.records import DemoReport

REPORTS = (
    DemoReport(
        "JB1A-2026-0001",
        "illegal_felling",
        "穆家峪镇荆稍坟村北山坡上有人用油锯砍伐侧柏，已砍倒十余棵，现场有三轮车运木材。",
        point(116.9525, 40.4262),
        contact="李女士 13900000000",
    ),
    DemoReport(
        "JB1A-2026-0002",
        "alien_species",
        "密云水库下游河道边有人成箱放生巴西龟和牛蛙，已连续两个周末。",
        point(116.8710, 40.3790),
        checked=(
            ("district_my", "district_my2"),
            "现场河道边发现散落的外来龟类十余只，已拍照并通知农业农村部门。",
        ),
    ),
    DemoReport(
        "JB1A-2026-0003",
        "land_occupation",
        "溪翁庄镇金叵罗村西侧林地被推平，正在打地基，未见任何公示牌。",
        point(116.8900, 40.4540),
        checked=(
            ("district_my", "district_my2"),
            "现场林地约0.2公顷被推平，正在建设简易房，无使用林地审核手续。",
        ),
        closed=("no_permit", "未经审核擅自改变林地用途建设简易房，已立案调查并责令停止施工。"),
    ),
)
