"""A passkey in a real browser (issue 47 item 2; web/passkeys.py): Chromium driven by Selenium
with Chrome's virtual authenticator (a CTAP2 platform authenticator inside the browser, which
makes real keys and signs real assertions). An official who passed TOTP adds a passkey on the
account's second-factor page, sees it listed (also at a phone's width, nothing wider than the
screen), signs out, signs in with the password and passes the second factor with the passkey
alone. The pages raise no Content-Security-Policy violation on the way (the library's scripts
are static files of ours, no inline script).

Selenium, not the other browser tests' Playwright: its ``add_virtual_authenticator`` is
WebDriver's standard virtual authenticator (WebAuthn Level 2 §11)."""

import os
import shutil
import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from audit.choices import AuditAction
from audit.models import AuditEvent
from roles import second_factor
from tests.factories import PASSWORD

from .conftest import BROWSER_ARGS, installed_chromium
from .helpers import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

DEMO_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
WAIT = 20
OVERFLOW = "return document.scrollingElement.scrollWidth - window.innerWidth"


@pytest.fixture
def driver():
    """Chromium under Selenium (the system's chromedriver), its console kept for the CSP."""
    chromium = installed_chromium()
    chromedriver = shutil.which("chromedriver")
    if chromium is None or chromedriver is None:
        if os.environ.get("PERMITS_REQUIRE_BROWSER"):
            pytest.fail(
                "Chromium and chromedriver are required here (apt-get install chromium-driver)"
            )
        pytest.skip("Chromium or chromedriver is not installed")
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in BROWSER_ARGS:
        options.add_argument(argument)
    options.add_argument("--window-size=1280,1000")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(executable_path=chromedriver)
    browser = webdriver.Chrome(options=options, service=service)
    try:
        yield browser
    finally:
        browser.quit()


def code_now(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def wait_until(driver, condition, message: str):
    """``condition`` until it holds; an element gone stale because the page was replaced under
    it (a form's POST and redirect) is read again on the next poll, not a failure."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,)).until(
        condition, message
    )


def visible(driver, selector: str):
    """The first element ``selector`` finds that is shown (viewflow's form components render
    their fields after the page loads), or None."""
    from selenium.webdriver.common.by import By

    shown = [e for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]
    return shown[0] if shown else None


def sign_in_with_password(driver, base: str) -> None:

    driver.get(f"{base}/accounts/login/")
    username = wait_until(driver, lambda d: visible(d, "input[name=username]"), "no login form")
    username.send_keys("district_my")
    visible(driver, "input[name=password]").send_keys(PASSWORD)
    visible(driver, "button[type=submit]").click()
    wait_until(
        driver,
        lambda d: "/accounts/second-factor/" in d.current_url,
        "the password step did not lead to the second factor",
    )


def policy_violations(driver) -> list[str]:
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]
    ]


def test_an_official_adds_a_passkey_and_signs_in_with_it(
    driver, live_server, settings, reviewer_my
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.virtual_authenticator import (
        Protocol,
        Transport,
        VirtualAuthenticatorOptions,
    )

    base = live_server.url
    settings.PERMITS_REQUIRE_2FA = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [base]
    # The live server answers at http://localhost:<port>: a secure context for WebAuthn.
    assert base.startswith("http://localhost:")
    reviewer = reviewer_my
    device = TOTPDevice.objects.create(
        user=reviewer, name="phone", key=second_factor.hex_key(DEMO_SECRET), confirmed=True
    )
    driver.add_virtual_authenticator(
        VirtualAuthenticatorOptions(
            protocol=Protocol.CTAP2,
            transport=Transport.INTERNAL,
            has_resident_key=True,
            has_user_verification=True,
            is_user_consenting=True,
            is_user_verified=True,
        )
    )

    # The password, then the app's code (no passkey yet: the page offers none).
    sign_in_with_password(driver, base)
    assert not driver.find_elements(By.ID, "passkey-verification-placeholder")
    code = wait_until(driver, lambda d: visible(d, "input[name=code]"), "no code field")
    code.send_keys(code_now(device))
    visible(driver, "form.permits-second-factor button[type=submit]").click()
    wait_until(driver, lambda d: "/accounts/second-factor/" not in d.current_url, "TOTP refused")

    # The account's second-factor page: add a passkey; the page lists it.
    driver.get(f"{base}/accounts/second-factor/devices/")
    button = wait_until(
        driver,
        lambda d: d.find_elements(By.ID, "passkey-register-button"),
        "the library's script did not offer to add a passkey",
    )[0]
    assert button.text == "添加通行密钥"
    button.click()
    wait_until(
        driver,
        lambda d: d.find_elements(By.CSS_SELECTOR, "input.permits-passkeys__name"),
        "the new passkey was not listed",
    )
    passkey = WebAuthnCredential.objects.get(user=reviewer)
    name_field = driver.find_element(By.CSS_SELECTOR, "input.permits-passkeys__name")
    assert name_field.get_attribute("value") == passkey.name == "通行密钥 1"
    event = AuditEvent.objects.get(action=AuditAction.OTP_ENROLLED)
    assert event.details["method"] == "webauthn"
    # The virtual authenticator holds the key the server now knows.
    assert len(driver.get_credentials()) == 1

    # Named by its owner.
    name_field.clear()
    name_field.send_keys("我的电脑")
    driver.find_element(By.CSS_SELECTOR, "button[value=rename]").click()
    wait_until(
        driver,
        lambda d: "通行密钥名称已保存" in d.find_element(By.TAG_NAME, "body").text,
        "the name was not saved",
    )
    passkey.refresh_from_db()
    assert passkey.name == "我的电脑"

    # At a phone's width the page fits the screen.
    driver.set_window_size(390, 844)
    driver.get(f"{base}/accounts/second-factor/devices/")
    wait_until(driver, lambda d: d.find_elements(By.ID, "passkey-register-button"), "no button")
    assert driver.execute_script(OVERFLOW) <= 1
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "passkeys-phone.png"))
    driver.set_window_size(1280, 1000)

    # Signed out; the password again, then the passkey alone passes the second factor.
    driver.delete_all_cookies()
    sign_in_with_password(driver, base)
    assert "next=" in driver.current_url
    verify = wait_until(
        driver,
        lambda d: d.find_elements(By.ID, "passkey-verification-button"),
        "the second-factor page did not offer the passkey",
    )[0]
    driver.save_screenshot(str(ARTIFACTS / "passkeys-sign-in.png"))
    assert verify.text == "使用通行密钥验证"
    verify.click()
    wait_until(
        driver,
        lambda d: "/accounts/second-factor/" not in d.current_url,
        "the passkey did not pass the second factor",
    )
    # Past the second factor: the start page is not held any more.
    driver.get(f"{base}/")
    time.sleep(0.2)
    assert "/accounts/second-factor/" not in driver.current_url
    assert "/accounts/login/" not in driver.current_url
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None
    assert policy_violations(driver) == []
