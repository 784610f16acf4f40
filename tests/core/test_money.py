"""Money reads with its thousands grouped, its decimals as stored (issue 45, Low)."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from core.money import money


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("180000.00"), "180,000.00"),
        (Decimal("1234567.5"), "1,234,567.5"),
        (Decimal("999.99"), "999.99"),
        (12, "12"),
        ("-4500", "-4,500"),
        ("—", "—"),
        (None, ""),
    ],
)
def test_money_groups_the_thousands(value, shown):
    assert money(value) == shown


def test_the_pages_filter_is_the_same():
    page = Template("{% load permits_text %}{{ amount|money }}")
    assert page.render(Context({"amount": Decimal("180000.00")})) == "180,000.00"
