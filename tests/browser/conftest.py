"""The demo data for the browser tests that crawl its pages."""

import pytest

from demo.seed import demo_seed


@pytest.fixture
def demo(transactional_db):
    """The demo data, seeded before the browser starts (its documents are signed with
    ``asyncio.run``, which Playwright's running event loop would refuse)."""
    demo_seed()
