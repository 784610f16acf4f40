"""注销行政许可通知书 of a permanent occupation whose approval ran out (行政许可法 art.
70(1); product.md §18 B4); a surrender's is the holder's request (``holder_requests``)."""

from collections.abc import Mapping
from typing import Any

from permits.models import Application
from roles.models import Agency

from .. import content
from ._common import LAW, REMEDY_LAWS, _chinese_date, _held, _Wording
from .holder_requests import _surrender_cancellation


def _cancellation(
    detail: Application, agency: Agency, reason: str, items: list[Any], extra: Mapping[str, Any]
) -> _Wording:
    """注销行政许可通知书 (Administrative Licensing Law art. 70(1); 建设项目使用林地审核审批管理
    办法 art. 25; product.md §18 B4): a permanent occupation's approval ran its validity without
    the construction-land approval recorded, and is cancelled. ``extra``: ``valid_from``,
    ``valid_until``, ``permit_number``. On the holder's own request (``request_kind``
    "surrender"), ``_surrender_cancellation``."""
    if extra.get("request_kind") == "surrender":
        return _surrender_cancellation(detail, agency, reason, extra)
    held = _held(detail, extra)
    until = _chinese_date(extra.get("valid_until"))
    return _Wording(
        [
            f"{held}，有效期自{_chinese_date(extra.get('valid_from'))}至{until}。",
            "根据《建设项目使用林地审核审批管理办法》第二十五条的规定，经审核同意使用林地的建设项目，"
            "准予行政许可决定书的有效期为两年；建设项目在有效期内未取得建设用地批准文件的，"
            "用地单位应当在有效期届满前3个月向原审核机关提出延期申请。",
            f"截至{until}，该建设项目的建设用地批准文件未在本机关登记，上述{content.approval_title(detail)}"
            "也未经本机关决定延期，已因有效期届满而失效。",
        ],
        f"{LAW}第七十条第（一）项；《建设项目使用林地审核审批管理办法》第二十五条；{REMEDY_LAWS}",
        closing=[
            f"根据{LAW}第七十条第（一）项的规定，本机关依法注销该行政许可。建设项目仍需使用"
            "该林地的，应当依法重新申请。",
            "你单位如对本注销行为不服，可以自收到本通知书之日起六十日内向"
            f"{content.reconsideration_body(agency)}申请行政复议，也可以自收到本通知书之日起六个月内"
            f"向{content.litigation_court(agency)}提起行政诉讼。",
        ],
    )
