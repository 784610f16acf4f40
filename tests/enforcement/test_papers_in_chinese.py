"""Case documents, notifications and audit steps are written in Chinese whoever acts: a choice's
label is read through ``core.chinese.display_zh``, never in the acting official's language
(``get_FOO_display()`` or ``.label`` print "Statement and defence" for a head working in
English)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "enforcement"
# A label read in the request's language.
LABEL_IN_USERS_LANGUAGE = re.compile(r"\.get_\w+_display\(\)|\b\w+\.label\b")
# The admin and the models' ``__str__`` (what the admin lists) speak the official's language on
# purpose.
NOT_PAPERS = {"admin.py", "models.py"}


def test_no_enforcement_module_reads_a_label_in_the_officials_language():
    found = {
        f"{path.name}:{number}: {line.strip()}"
        for path in ROOT.glob("*.py")
        if path.name not in NOT_PAPERS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LABEL_IN_USERS_LANGUAGE.search(line)
        and not line.lstrip().startswith("#")
        and "MSG_" not in line  # an error answered to the official, in its language
    }
    assert not found, sorted(found)
