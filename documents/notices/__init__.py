"""Administrative notices as numbered documents (product.md §11, §16): 受理通知书, 补正告知书,
不予受理决定书, 延期告知书, 特别程序期间告知书, 撤销决定书, 利害关系人告知书.

Each is a ``Certificate`` row of its ``DocumentKind``, so the verification page, the check code
and the downloads treat it like a decision. ``notice_issue`` runs inside the calling service's
transaction, which holds the application's row lock, and stores what the notice prints; its PDF
is rendered after commit (``documents.pdf_files``); the wording cites the Administrative
Licensing Law (行政许可法) articles the notice rests on.

One module per act or group of acts, each holding its kinds' wording: ``acceptance`` (受理,
补正, 不予受理), ``time_limits`` (延期, 特别程序期间), ``interested_parties`` (利害关系人告知书),
``revocation`` (陈述申辩告知书, 撤销, 撤回), ``cancellation`` (注销 of an approval run out),
``holder_requests`` (a holder's change, renewal and surrender), ``supervision`` (检查验收意见书,
责令限期整改通知书), ``forwarding`` (转报函), ``fees`` (缴费通知书); ``still_owed`` what a permit's
end leaves owed; ``issuing`` the table of kinds and ``notice_issue``; ``_common`` what the
wording shares. Callers import from ``documents.notices``, which re-exports the public names
below.
"""

from core.messages import MSG_NO_ITEMS, MSG_NO_REASON

from .interested_parties import ARTICLE_36, REGULATION_35, REGULATION_35_ARTICLE_21
from .issuing import NUMBER_CODES, TITLES, WORDING, notice_issue

__all__ = [
    "notice_issue",
    # The kinds: their titles, number codes and wording.
    "NUMBER_CODES",
    "TITLES",
    "WORDING",
    # The texts the interested parties' notice quotes whole.
    "ARTICLE_36",
    "REGULATION_35",
    "REGULATION_35_ARTICLE_21",
    # What it says.
    "MSG_NO_ITEMS",
    "MSG_NO_REASON",
]
