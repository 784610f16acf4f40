"""``manage.py audit_labels``: write ``audit/audit_labels.json``, the Chinese labels the
offline verifier prints for the codes of the trail (it imports no Django, so it cannot read
``audit.labels`` itself). ``tests/audit/test_labels.py`` fails when the file is stale."""

import json
from typing import Any

from django.core.management.base import BaseCommand

from audit.labels import label_table
from audit.offline import LABELS_FILE


def labels_json() -> str:
    return json.dumps(label_table("zh-hans"), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Write audit/audit_labels.json from audit.labels (run after adding an action)."

    def handle(self, *args: Any, **options: Any) -> None:
        LABELS_FILE.write_text(labels_json(), encoding="utf-8")
        self.stdout.write(f"wrote {LABELS_FILE}")
