"""SQL queries per request of one Beijing tending lifecycle over the HTTP API (issue 10).

Each request's count has a ceiling, so that a change adding queries to a lifecycle fails here.
``LIFECYCLE_SQL=1`` prints every request's count, ``LIFECYCLE_SQL=2`` also each statement with
the project's frames that issued it (``bench/lifecycle_queries.py`` runs this test so):

    LIFECYCLE_SQL=2 .venv/bin/pytest tests/api/test_lifecycle_queries.py -s
"""

import os
import traceback
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .helpers import API, beijing_body, pdf_file
from .test_flow_http import token_client

ROOT = Path(__file__).resolve().parents[2]
# Ceilings per request, as measured on 2026-11-25 (issue 27: the devices of workflows.engine
# decided; bench/README.md "Full lifecycles over HTTP"), then on 2026-11-26 (product.md §16: a
# decision reads whether a special procedure runs and moves the legal period, two statements;
# every record lists its special procedures, one; PostgreSQL's taken as SQLite's less two, as
# before, until CI measures them). PostgreSQL
# appends a service's audit events in one statement (SQLite in three). The test client runs no
# after-commit work, so the approval document is rendered at its first download here.
STEPS = (
    "create",
    "attach",
    "submit",
    "queue acceptance",
    "decide accept (acceptance)",
    "queue district_review",
    "decide approve (district_review)",
    "queue municipal_review",
    "decide approve (municipal_review)",
    "certificate.pdf",
)
# Each ceiling is the count measured plus 2: an audit append reads a Merkle sibling for one
# leaf in four, so a request's count moves by one or two with the trail's length.
CEILINGS = {
    # The approval reads the jurisdiction's supervision standard and creates what the design
    # owes (product.md §17): two statements more than before issue 29. Its record then asks
    # whether a statement notice is pending (the approver's actions, product.md §18): one more.
    # Rule T7 reads the district's annual plan of the work's year (product.md §19 P4), once a
    # request: one more at the submission and at the approval. The approval queues its document
    # for the tick to publish (product.md §19 P1): one more.
    # The creation's record takes the new application's attachments and open clocks as none
    # (issue 44 item 7): two fewer, its ceiling now the measured count plus 2.
    # A decision reads its special procedures, the countersigns and the decider's permissions
    # on the application once for itself and its record (issue 44 item 7): the acceptance
    # 41 -> 40, the district approval 41 -> 39, the municipal approval 60 -> 56 (SQLite; a
    # ceiling is lowered to the count plus 2, never raised).
    # A draft's first submission reads no clocks (it never ran one: two fewer), and the record
    # of an application never accepted takes its special procedures as none (the creation's,
    # the submission's, the acceptance's: one fewer each; issue 44 item 7, the drift paid back).
    # The submission and a decision that shares the application keep the actor's permissions
    # on it (the grant forgets only what it may have changed), and the notifications of a
    # submission or a decision are written in one INSERT (issue 44 item 7): the submission 45
    # -> 43, the acceptance 39 -> 38, the district approval 39 -> 38 (SQLite). The clocks take
    # the open tasks viewflow created where no other was open (engine.open_tasks_noted): one
    # fewer at the submission and at each decision.
    # Issue 46 (the hearing, arts. 46–48): the record of a submitted application lists its
    # hearings (one more at the submission and at each decision), a review decision asks
    # whether a hearing may still be asked for (art. 47: one more), a final decision reads the
    # hearings it rests on (art. 48(2)): the municipal approval measured 60 (SQLite).
    # Issue 46 High 1: a draft whose rules find against it (here T4, no design document yet) may
    # still be filed, so the creation's record resolves its route to offer `submit`: one more
    # (raised, not drift: the record now says what the applicant may do).
    "sqlite": dict(zip(STEPS, (26, 15, 45, 6, 41, 6, 41, 6, 62, 16), strict=True)),
    "postgresql": dict(zip(STEPS, (24, 13, 43, 6, 39, 6, 39, 6, 60, 14), strict=True)),
}


class Counter:
    """Records each request's statements (and, asked, where they came from)."""

    def __init__(self, stacks: bool):
        self.stacks = stacks
        self.counts: dict[str, int] = {}
        self.statements: dict[str, list[tuple[str, list[str]]]] = {}

    def __call__(self, label, send):
        frames: list[list[str]] = []

        def wrapper(execute, sql, params, many, context):
            if self.stacks:
                frames.append(project_frames())
            return execute(sql, params, many, context)

        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(wrapper):
            response = send()
        self.counts[label] = len(captured.captured_queries)
        sql = [q["sql"] for q in captured.captured_queries]
        self.statements[label] = list(zip(sql, frames or [[]] * len(sql), strict=False))
        return response


def project_frames() -> list[str]:
    """The project's own frames of the current stack (the test and this module left out)."""
    shown = []
    for frame in traceback.extract_stack()[:-2]:
        path = Path(frame.filename)
        if (
            ROOT not in path.parents
            or ".venv" in path.parts
            or path.parent.name == "api"
            and (path.parent.parent.name == "tests")
        ):
            continue
        shown.append(f"{path.relative_to(ROOT)}:{frame.lineno} {frame.name}")
    return shown


def lifecycle(count: Counter) -> dict:
    """create, attach, submit, accept, district approve, municipal approve, the certificate."""
    applicant = token_client("applicant_my")
    district = token_client("district_my")
    municipal = token_client("muni_forest")
    draft = count(
        "create", lambda: applicant.post(f"{API}/applications/", beijing_body(), format="json")
    )
    assert draft.status_code == 201, draft.json()
    base = f"{API}/applications/{draft.json()['id']}"
    attached = count("attach", lambda: applicant.post(
        f"{base}/attachments/", {"file": pdf_file(), "kind": "design_document"}, format="multipart"
    ))  # fmt: skip
    assert attached.status_code == 201, attached.json()
    submitted = count("submit", lambda: applicant.post(f"{base}/submit/"))
    assert submitted.status_code == 200, submitted.json()
    result = None
    for step, decision, client in (
        ("acceptance", "accept", district),
        ("district_review", "approve", district),
        ("municipal_review", "approve", municipal),
    ):
        page = count(f"queue {step}", lambda c=client: c.get(f"{API}/tasks/", {"queue": "queue"}))
        [task] = [t for t in page.json()["results"] if t["step"] == step]
        result = count(f"decide {decision} ({step})", lambda c=client, t=task, d=decision: c.post(
            f"{API}/tasks/{t['id']}/decide/", {"decision": d, "opinion": "同意"},
            format="json",
        ))  # fmt: skip
        assert result.status_code == 200, result.json()
    pdf = count("certificate.pdf", lambda: applicant.get(f"{base}/certificate.pdf"))
    assert pdf.status_code == 200
    return result.json()


def report(count: Counter, level: int, ceilings: dict[str, int]) -> None:
    print()
    for label, n in count.counts.items():
        print(f"{label:36} {n:4d}  (ceiling {ceilings[label]})")
        if level > 1:
            for i, (sql, frames) in enumerate(count.statements[label], 1):
                print(f"  {i:3d}. {sql[:300]}")
                for frame in frames[-6:]:
                    print(f"         {frame}")
    print(f"{'per lifecycle':36} {sum(count.counts.values()):4d}")


def test_a_lifecycle_stays_under_its_query_ceilings(applicant_my, reviewer_my, approver):
    level = int(os.environ.get("LIFECYCLE_SQL", "0") or 0)
    # A first lifecycle fills the process's caches (content types, permissions), which the
    # tests run before this one may or may not have filled: the second one's counts are the
    # same whatever ran before.
    lifecycle(Counter(stacks=False))
    count = Counter(stacks=level > 1)
    result = lifecycle(count)
    assert result["application"]["status"] == "approved"
    ceilings = CEILINGS[connection.vendor]
    if level:
        report(count, level, ceilings)
    over = {k: (n, ceilings[k]) for k, n in count.counts.items() if n > ceilings[k]}
    assert not over, over
