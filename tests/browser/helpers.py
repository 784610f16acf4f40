"""Signing in as a demo user, for the browser tests."""

from demo.seed import DEMO_PASSWORD


def log_in(page, base: str, username: str) -> None:
    """Sign in through the login form as the demo user ``username``."""
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, f"{username} could not log in"
