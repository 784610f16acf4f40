"""Money as people read it: the digits grouped by thousands ("12,345.60"), in one place for the
pages, the documents and the messages (issue 45, Low)."""

from decimal import Decimal, InvalidOperation


def money(value: object) -> str:
    """``value`` (a Decimal, a number or its text) with its thousands grouped and its decimals
    kept as stored; a value that is no number is returned as it is ("—")."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    try:
        amount = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return str(value)
    if not amount.is_finite():
        return str(value)
    return format(amount, ",f")
