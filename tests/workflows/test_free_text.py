"""Free text of every act (opinions, findings, reasons, a report's words): stripped, without
control characters other than line breaks and tabs, bounded, and named by field when missing
or too long (workflows.services.required_text, shared by the public side)."""

from workflows.services import TEXT_MAX, required_text


def test_control_characters_go_and_line_breaks_stay():
    text, problems = required_text(
        "  现场\x07核查\x1b[31m\r\n发现伐桩\t二十个\x7f  ", "findings", "必填"
    )
    assert problems == []
    assert text == "现场核查[31m\n发现伐桩\t二十个"


def test_missing_text_is_named_by_its_field_unless_it_may_be_empty():
    text, problems = required_text(" \x00\x08 ", "reason", "请填写理由。")
    assert text == "" and [(p.field, p.code, p.message) for p in problems] == [
        ("reason", "required", "请填写理由。")
    ]
    assert required_text("", "contact", None) == ("", [])
    assert required_text(None, "contact", None) == ("", [])


def test_text_over_its_bound_is_refused_with_its_own_message():
    (problem,) = required_text("林" * (TEXT_MAX + 1), "findings", "必填")[1]
    assert (problem.field, problem.code) == ("findings", "max_length")
    (problem,) = required_text("x" * 101, "contact", None, limit=100, too_long="太长")[1]
    assert (problem.field, problem.code, problem.message) == ("contact", "max_length", "太长")


def test_a_lone_carriage_return_breaks_the_line_and_overrides_go():
    text, _ = required_text(" \x07 甲\r乙\u202e丙\u2066丁 ", "opinion", "必填")
    assert text == "甲\n乙丙丁"
