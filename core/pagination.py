"""A paginator whose total stops counting at a bound: a list of hundreds of thousands of rows
(the decisions published, product.md §19 P1) is counted up to ``cap`` rows, not to the end,
so that a page costs the same at a million rows as at a thousand. Past the bound the total
says "at least" (``capped``), and the pages past it are not offered: a reader narrows the
filters instead."""

from typing import Any

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    cap = COUNT_CAP

    @cached_property
    def _counted(self) -> int:
        """The rows up to ``cap`` + 1: one bounded query (``SELECT COUNT(*) FROM (… LIMIT)``)."""
        rows: Any = self.object_list
        found: int = rows.order_by().values("pk")[: self.cap + 1].count()
        return found

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """Whether more rows match than were counted."""
        return self._counted > self.cap
