"""What a worst-case anonymous report costs, and what the public pages answer meanwhile (issue 45,
item 4 and its Checks).

    python bench/public_report_bench.py            # about 3 minutes on 2 CPUs
    python bench/public_report_bench.py --keep     # leave the directory (logs)
    python bench/public_report_bench.py --postgres # on DATABASE_URL's server

Production settings on SQLite in a temporary directory, as ``page_weight_bench.py`` prepares them
(migrate, ``seed_demo``, collectstatic), with a Redis of its own (``redis-server`` on a free port)
as the Celery broker, gunicorn (``config/gunicorn.conf.py``, 2 workers) and one Celery worker
(one process), as docs/deployment.md runs them. The report rate is raised for the run (one
address sends them all).

The worst case within the bounds (public/reports/photos.py): three photos of 5 MB or less, 40
megapixels in all: a 25 MP PNG and two 7.5 MP progressive JPEGs (4:4:4, noise), the costliest to
decode per pixel of the two formats. Printed:

1. what decoding and writing again costs per photo, by format, in this process (the work the
   Celery worker does for each photo after the commit);
2. the CPU one such report costs the web process (its gunicorn workers' CPU time, read from
   /proc before and after, the server otherwise idle) and the Celery worker after it; promise:
   **under 0.5 s on the request**;
3. ``GET /public/decisions/`` answered back to back, alone, then while 5 such reports are posted
   at once and their photos cleaned: status codes, median, p95 and slowest answer.
"""

import argparse
import io
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.client import HTTPConnection
from pathlib import Path

import lifecycle_bench
import page_weight_bench
from lifecycle_bench import free_port

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")
PUBLIC_PAGE = "/public/decisions/"
REPORTS = "/api/v1/public/reports/"
PARALLEL = 5
BENCH_DATABASE = "permits_public_report_bench"
SLOW = 1.0  # seconds: an answer slower than this is counted
CPU_PROMISE = 0.5


# ------------------------------------------------------------------------------- photos


def worst_photos() -> list[tuple[str, bytes]]:
    """Three photos at the bounds: 25 MP PNG, two 7.5 MP progressive JPEGs, each under 5 MB."""
    from PIL import Image, ImageFile

    ImageFile.MAXBLOCK = 64 * 1024 * 1024  # a progressive JPEG is written in one block
    noise = Image.effect_noise((3000, 2500), 64)
    gradient = Image.linear_gradient("L").resize((3000, 2500))
    picture = Image.merge("RGB", (noise, Image.blend(noise, gradient, 0.5), gradient))
    for quality in range(95, 40, -5):  # the finest that fits in 5 MB: the costliest to decode
        jpeg = io.BytesIO()
        picture.save(jpeg, "JPEG", quality=quality, subsampling=0, progressive=True)
        if len(jpeg.getvalue()) <= 5 * 1024 * 1024:
            break
    big = Image.linear_gradient("L").resize((5000, 5000))
    png = io.BytesIO()
    Image.merge("RGB", (big, big.rotate(90), big.rotate(180))).save(png, "PNG")
    photos = [("big.png", png.getvalue()), ("a.jpg", jpeg.getvalue()), ("b.jpg", jpeg.getvalue())]
    assert all(len(data) <= 5 * 1024 * 1024 for _name, data in photos), "a photo past 5 MB"
    return photos


def decode_costs() -> list[tuple[str, float]]:
    """CPU ms of decoding and writing again one photo, by format, as the worker does it."""
    from PIL import Image, ImageFile

    from public.reports.photos import picture_only

    ImageFile.MAXBLOCK = 64 * 1024 * 1024
    gradient = Image.linear_gradient("L")
    noise = Image.effect_noise((4032, 3024), 64)
    phone = Image.merge("RGB", (noise, gradient.resize((4032, 3024)), noise))
    cases = []
    for name, image, fmt, options in (
        ("PNG 25 MP (5000 x 5000)", gradient.resize((5000, 5000)).convert("RGB"), "PNG", {}),
        ("PNG 12 MP (4032 x 3024)", phone, "PNG", {}),
        ("JPEG 12 MP baseline q90", phone, "JPEG", {"quality": 90}),
        (
            "JPEG 12 MP progressive 4:4:4",
            phone,
            "JPEG",
            {"quality": 85, "subsampling": 0, "progressive": True},
        ),
        (
            "JPEG 25 MP baseline q75",
            gradient.resize((6000, 4166)).convert("RGB"),
            "JPEG",
            {"quality": 75},
        ),
    ):
        out = io.BytesIO()
        image.save(out, fmt, **options)
        content_type = "image/png" if fmt == "PNG" else "image/jpeg"
        started = time.process_time()
        picture_only(io.BytesIO(out.getvalue()), content_type)
        cases.append((f"{name}, {len(out.getvalue()) / 1e6:.1f} MB", time.process_time() - started))
    return cases


# ------------------------------------------------------------------------------- servers


def process_cpu(pids: list[int]) -> float:
    """Seconds of CPU (user and system) the processes used so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (gunicorn's workers, Celery's pool)."""
    listed = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in listed.split()]


def redis_start(port: int, log: Path) -> subprocess.Popen:
    command = ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"]
    server = lifecycle_bench.start(command, os.environ.copy(), log)
    for _attempt in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    sys.exit(f"redis-server did not start: see {log}")


def celery_start(environment: dict[str, str], log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-c", "1", "-l", "warning"]
    return lifecycle_bench.start(command, environment, log)


# ------------------------------------------------------------------------------- requests


def multipart(photos: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    fields = {
        "kind": "illegal_felling",
        "description": "石城镇后山有人砍伐油松，约二十棵。",
        "site_geometry": '{"type": "Point", "coordinates": [116.85, 40.40]}',
        "district": "110118",
    }
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    for name, data in photos:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_report(port: int, body: bytes, content_type: str) -> tuple[int, float]:
    connection = HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.monotonic()
    connection.request("POST", REPORTS, body, {"Content-Type": content_type})
    status = connection.getresponse().status
    connection.close()
    return status, time.monotonic() - started


def get_page(port: int) -> tuple[int, float]:
    connection = HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.monotonic()
    connection.request("GET", PUBLIC_PAGE)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, time.monotonic() - started


def page_while(port: int, running: threading.Event) -> list[tuple[int, float]]:
    answers = []
    while running.is_set():
        answers.append(get_page(port))
    return answers


def summary(answers: list[tuple[int, float]]) -> str:
    times = sorted(t * 1000 for _status, t in answers)
    statuses: dict[int, int] = {}
    for status, _t in answers:
        statuses[status] = statuses.get(status, 0) + 1
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    codes = ", ".join(f"{n} x {s}" for s, n in sorted(statuses.items()))
    slow = sum(1 for t in times if t > SLOW * 1000)
    return (
        f"{len(answers)} answers ({codes}); median {statistics.median(times):.0f} ms, "
        f"p95 {p95:.0f} ms, slowest {times[-1]:.0f} ms, {slow} over {SLOW:.0f} s"
    )


def queue_drained(environment: dict[str, str], reports: int, seconds: float = 300) -> float:
    """Seconds until the worker has cleaned every photo of ``reports`` reports."""
    from public.models import ReportPhoto

    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if not ReportPhoto.objects.filter(quarantined=True).exists():
            return time.monotonic() - started
        time.sleep(0.2)
    return float("nan")


# ------------------------------------------------------------------------------- main


def measure(port: int, web: int, worker: int, environment: dict[str, str]) -> None:
    photos = worst_photos()
    body, content_type = multipart(photos)
    sizes = ", ".join(f"{name} {len(data) / 1e6:.2f} MB" for name, data in photos)
    print(f"worst-case report: {len(body) / 1e6:.1f} MB body; photos {sizes}\n")

    print("1. decoding and writing one photo again (the worker's part), CPU ms:")
    for name, seconds in decode_costs():
        print(f"   {name:<45} {seconds * 1000:7.0f}")

    post_report(port, body, content_type)  # warm-up: both workers' imports, the first query
    post_report(port, body, content_type)
    queue_drained(environment, 2)
    time.sleep(1)
    web_pids, worker_pids = children(web), [worker, *children(worker)]
    web_before, worker_before = process_cpu(web_pids), process_cpu(worker_pids)
    status, wall = post_report(port, body, content_type)
    web_cpu = process_cpu(web_pids) - web_before
    drained = queue_drained(environment, 1)
    time.sleep(0.5)
    worker_cpu = process_cpu(worker_pids) - worker_before
    verdict = "kept" if web_cpu < CPU_PROMISE else "BROKEN"
    print(
        f"\n2. one worst-case report: {status} in {wall * 1000:.0f} ms; CPU on the request "
        f"{web_cpu * 1000:.0f} ms (promise < {CPU_PROMISE * 1000:.0f} ms: {verdict}); "
        f"the worker's clean-up after it {worker_cpu * 1000:.0f} ms, done {drained:.1f} s later"
    )

    alone = [get_page(port) for _ in range(20)]
    running = threading.Event()
    running.set()
    pages: list[tuple[int, float]] = []
    reader = threading.Thread(target=lambda: pages.extend(page_while(port, running)))
    posts: list[tuple[int, float]] = []
    senders = [
        threading.Thread(target=lambda: posts.append(post_report(port, body, content_type)))
        for _ in range(PARALLEL)
    ]
    reader.start()
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    cleaned = queue_drained(environment, PARALLEL)
    running.clear()
    reader.join()
    print(f"\n3. {PUBLIC_PAGE}")
    print(f"   alone:                          {summary(alone)}")
    print(f"   while {PARALLEL} reports post and clean: {summary(pages)}")
    post_codes = sorted(s for s, _t in posts)
    post_times = ", ".join(f"{t:.1f}" for t in sorted(t for _s, t in posts))
    print(
        f"   the {PARALLEL} reports: {post_codes} in {post_times} s; "
        f"their photos all clean {cleaned:.1f} s after the last answer"
    )
    if web_cpu >= CPU_PROMISE or any(s >= 500 for s, _t in pages + posts):
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help=f"PostgreSQL ({BENCH_DATABASE}, dropped and created) instead of SQLite",
    )
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        sys.exit("public_report_bench: redis-server is required (the Celery broker)")
    with lifecycle_bench.bench_directory("permits-public-report-", keep=args.keep) as (
        directory,
        stopped_on_exit,
    ):
        broker_port, port = free_port(), free_port()
        prepared = page_weight_bench.server_environment(directory)  # seeded without a broker
        if args.postgres:
            lifecycle_bench.BENCH_DATABASE = BENCH_DATABASE
            prepared["DATABASE_URL"] = lifecycle_bench.database_url()
        environment = {
            **prepared,
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{broker_port}/0",
            "CACHE_URL": f"redis://127.0.0.1:{broker_port}/1",  # the throttles count across workers
            "PERMITS_REPORT_RATE": "10000/h",
            "PERMITS_REPORT_DAILY_RATE": "100000/d",
        }
        page_weight_bench.prepare(prepared)
        stopped_on_exit(redis_start(broker_port, directory / "redis.log"))
        worker = stopped_on_exit(celery_start(environment, directory / "celery.log"))
        server = stopped_on_exit(
            page_weight_bench.gunicorn_start(environment, port, directory / "gunicorn.log")
        )
        os.environ.update(environment)
        import django

        django.setup()
        print(f"gunicorn (2 workers) and 1 Celery worker, DEBUG off, SQLite in {directory}\n")
        measure(port, server.pid, worker.pid, environment)


if __name__ == "__main__":
    main()
