"""The login page after a failed attempt, at a desktop and a phone width: the form's error,
the field's floating label and the focus drawn around the field do not overlap (issue 26)."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

# The boxes of the error, the username field's label and field, and what focus draws: an outline
# or box shadow around the input itself, which sat across the floating label.
GEOMETRY = """() => {
  const box = (e) => {
    const r = e.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom};
  };
  const input = document.querySelector("#id_username_control");
  const s = getComputedStyle(input);
  return {
    error: box(document.querySelector(".vf-form__error")),
    label: box(document.querySelector("#id_username_label")),
    focused: document.activeElement === input,
    ring: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0,
    border: getComputedStyle(
      input.closest(".mdc-text-field").querySelector(".mdc-notched-outline__leading")
    ).borderTopWidth,
  };
}"""


@pytest.mark.parametrize("width", [1366, 390])
def test_error_label_and_focus_do_not_overlap(browser, live_server, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "nobody")
    page.fill("input[name=password]", "wrong password")
    page.keyboard.press("Enter")
    page.wait_for_selector(".vf-form__error")
    page.focus("#id_username_control")  # a text input shows focus however it got it
    page.wait_for_timeout(300)
    found = page.evaluate(GEOMETRY)
    page.close()
    assert found["focused"]
    assert found["error"]["bottom"] <= found["label"]["top"], found
    # The focused field shows by its own thicker outline, not a ring across its label.
    assert not found["ring"], found
    assert found["border"] == "3px", found
