"""The auditor's CSV export of the audit trail streams in constant memory (issue 8 §4).

    python bench/audit_csv_bench.py                 # SQLite, temporary file: 100,000 and 1,000,000
    python bench/audit_csv_bench.py --sizes 10000 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/audit_csv_bench.py

Builds a fresh database as audit_bench.py does (PostgreSQL: ``permits_audit_bench``, dropped and
created), makes one application through the services (so
that the Beijing audit bureau sees it), then bulk-inserts audit events of that application up to
each size (rows only: the bench measures the export, not the chain) and downloads
``GET /api/v1/audit/events/?format=csv`` as an auditor through Django's test Client, reading the
stream chunk by chunk. It prints rows, megabytes, seconds, and how much
the process's resident memory grew while streaming (sampled every 5,000 rows): that growth
must not follow the number of events (the script exits 1 when the largest size's growth exceeds
the smallest's by more than 64 MB).
"""

import argparse
import gc
import os
import sys
from datetime import timedelta
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent))

from audit_bench import analyze, django_setup  # noqa: E402  (its own database: permits_audit_bench)
from queue_bench import tending_data  # noqa: E402

CSV_URL = "/api/v1/audit/events/?format=csv"
BATCH = 20_000


def seed():
    """Reference data, an auditor of 北京市审计局 and one submitted application they see."""
    from django.contrib.auth import get_user_model

    from demo.documents import design_document_upload
    from permits import services
    from roles import reference as roles_reference
    from roles.models import Agency, District, Organisation, Role
    from roles.services import role_grant
    from workflows import reference as routes_reference
    from workflows import services as task_services

    roles_reference.load()
    routes_reference.load()
    User = get_user_model()
    auditor = User.objects.create_user("auditor_bj")
    role_grant(user=auditor, role=Role.AUDITOR, agency=Agency.objects.get(code="bj-audit"))
    district = District.objects.get(code="110118")
    organisation = Organisation.objects.create(
        name="密云区国有林场", jurisdiction_id=district.jurisdiction_id, district=district
    )
    applicant = User.objects.create_user("applicant_my")
    role_grant(user=applicant, role=Role.APPLICANT, organisation=organisation)

    draft = services.application_create(
        by=applicant, kind="tending", data=tending_data(district, 0)
    )
    services.attachment_add(
        application=draft,
        by=applicant,
        kind="design_document",
        upload=design_document_upload(draft),
    )
    application = task_services.application_submit(application=draft, by=applicant)
    return auditor, application


def grow(application, size: int) -> None:
    """Bulk-insert opinion-bearing events of ``application`` until the trail holds ``size``."""
    from django.db import transaction
    from django.utils import timezone

    from audit.models import AuditChainHead, AuditEvent

    head = AuditChainHead.objects.get(id=1)
    start = timezone.now()
    with transaction.atomic():
        seq = head.seq
        while seq < size:
            rows = []
            for _ in range(min(BATCH, size - seq)):
                seq += 1
                rows.append(
                    AuditEvent(
                        seq=seq,
                        at=start + timedelta(seconds=seq),
                        actor_username="district_my",
                        actor_display_name="张明",
                        agency_code="110118-forestry",
                        agency_name="密云区园林绿化局",
                        role="reviewer",
                        application_id=application.pk,
                        application_reference=application.reference,
                        action="claim",
                        from_status="district_review",
                        to_status="district_review",
                        opinion="经现场核查，林班小班界线清楚，作业设计符合技术规程。",
                        details={"task_id": seq},
                        prev_hash="0" * 64,
                        hash=f"{seq:064x}",
                    )
                )
            AuditEvent.objects.bulk_create(rows, batch_size=BATCH)
        AuditChainHead.objects.filter(id=1).update(seq=seq)


def resident() -> int:
    """The process's resident memory now, in bytes (Linux /proc)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def stream(auditor) -> tuple[int, int, float, int]:
    """(rows, bytes, seconds, peak growth of resident memory while streaming, sampled)."""
    from django.test import Client

    client = Client()
    client.force_login(auditor)
    gc.collect()
    before = peak = resident()
    started = perf_counter()
    response = client.get(CSV_URL)
    assert response.status_code == 200, response.status_code
    rows = size = 0
    for number, chunk in enumerate(response.streaming_content):
        size += len(chunk)
        rows += chunk.count(b"\n")
        if number % 5000 == 0:
            peak = max(peak, resident())
    seconds = perf_counter() - started
    return rows - 1, size, seconds, max(peak, resident()) - before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    sizes = sorted(parser.parse_args().sizes)
    print(f"audit_csv_bench: {django_setup()}")
    auditor, application = seed()
    results = []
    for size in sizes:
        started = perf_counter()
        grow(application, size)
        analyze()
        load = perf_counter() - started
        rows, size_bytes, seconds, peak = stream(auditor)
        if rows < size:
            sys.exit(f"audit_csv_bench: the CSV holds {rows} rows, expected {size}")
        results.append((size, rows, size_bytes, seconds, peak))
        print(f"  {size:,} events loaded in {load:.1f} s")
    print()
    print(f"{'events':>10}  {'CSV rows':>10}  {'MB':>7}  {'seconds':>8}  {'RSS growth MB':>13}")
    for size, rows, size_bytes, seconds, peak in results:
        print(
            f"{size:>10,}  {rows:>10,}  {size_bytes / 1e6:>7.1f}  {seconds:>8.1f}  "
            f"{peak / 1e6:>13.1f}"
        )
    constant = results[-1][4] <= results[0][4] + 64e6
    print(f"memory constant in the number of events: {'yes' if constant else 'NO'}")
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
