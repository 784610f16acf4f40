"""Rendering one decision document (决定书) as PDF (issue 10; target: median ≤ 12 ms).

    python bench/bench_certificate.py                 # 200 renders of each kind
    python bench/bench_certificate.py --count 500
    python bench/bench_certificate.py --profile       # and where the time goes (cProfile)

No database: the documents are built here, as ``documents.content`` builds them for
an approval of a tending design, with every document its own number, reference, verification
address (so its own QR code) and audit hash. It prints, in milliseconds:

  - the one-time font load: ``cjk_font_name()`` (parsing wqy-zenhei, once per process), and the
    first render after it (the per-process caches being filled);
  - (a) the approval letter with two review steps, conditions, QR code and check code;
  - (b) the same with its site map page (附：作业区位置图): the site among a key protection zone
    of 2,000 vertices, 25 小班 and an overlapping application, drawn by
    ``documents.site_map_appendix.MapPicture`` as on a real decision;
  - (c) an acceptance notice (受理通知书, ``render_notice``: the same fonts and QR code);
  - (d) the approval with the non-embedded STSong-Light CID font, for comparison;

each the median and p95 wall time (and the median CPU time of the process) of ``--count``
renders after ``--warmups`` warm-up renders, and the size of one PDF of each kind. It says
whether ReportLab's C accelerator (the ``rl-accel`` package) is installed: without it, number
formatting, string widths and stream encoding run in pure Python. See bench/README.md
("Certificate rendering") for the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import math
import os
import pstats
import statistics
import sys
import time
import types
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()  # the map's legend is translated (gettext), nothing reads the database

from reportlab.lib import rl_accel  # noqa: E402

from documents.pdf_layout import (  # noqa: E402
    CertificateDocument,
    NoticeDocument,
    ReviewLine,
    SiteMap,
    cid_font_name,
    cjk_font_name,
    render_certificate,
    render_notice,
)
from documents.site_map_appendix import MapPicture  # noqa: E402
from zones.maps import MapFeature, MapPlan  # noqa: E402

TARGET_MS = 12.0
LON, LAT = 117.10, 40.45  # 密云


def _square(lon: float, lat: float, side: float) -> dict:
    ring = [[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def _circle(lon: float, lat: float, radius: float, vertices: int) -> dict:
    ring = [
        [lon + radius * math.cos(a), lat + radius * math.sin(a)]
        for a in (2 * math.pi * i / vertices for i in range(vertices))
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def map_plan() -> MapPlan:
    """A 4 ha site half in a key zone, among 25 小班 and with one overlapping application."""
    features = [MapFeature(_circle(LON, LAT, 0.01, 2000), "key_zone", "雾灵山天然林保护重点区域")]
    features += [
        MapFeature(
            _square(LON - 0.004 + 0.002 * (i % 5), LAT - 0.004 + 0.002 * (i // 5), 0.002),
            "parcel",
            f"12-{i + 1}",
        )
        for i in range(25)
    ]
    features.append(MapFeature(_square(LON + 0.001, LAT + 0.001, 0.001), "overlap", "TD-2026-099"))
    site = MapFeature(_square(LON, LAT, 0.002), "site", "TD-2026-000123")
    return MapPlan(site=site, features=tuple(features))


SITE_MAP = SiteMap(
    heading="附：作业区位置图",
    caption=[
        "作业区面积：4.00公顷（按图形计算）。",
        "有效保护等级：天然林保护重点区域。",
        "涉及保护区域：雾灵山天然林保护重点区域（天然林保护重点区域，依据：测试依据，重叠1.02公顷）。",
    ],
    note="注：底图为本系统图层（版本：天然林保护重点区域第1版），非测绘成果。",
    draw=MapPicture(map_plan()),
)


def sample_document(serial: int, *, with_map: bool = False) -> CertificateDocument:
    reference = f"TD-2026-{serial:06d}"
    return CertificateDocument(
        title="天然林抚育作业设计审批决定书",
        number=f"京园林抚审〔2026〕{serial:04d}号",
        issuing_agency="北京市园林绿化局",
        holder="北京市密云区不老屯镇人民政府",
        reference=reference,
        location="北京市密云区 不老屯镇 某村",
        facts=[
            ("林班/小班", "12-3, 12-4"),
            ("作业面积", "35.6 公顷"),
            ("抚育方式", "透光伐、生长伐"),
            ("蓄积量", "采伐蓄积 312.4 立方米，出材量 180.2 立方米"),
        ],
        conditions=[
            "严格按照批准的作业设计施工，不得擅自扩大作业范围。",
            "作业期间做好森林防火工作，设置安全警示标志。",
            "作业结束后三十日内报区园林绿化局检查验收。",
        ],
        validity="2026年3月1日至2026年11月30日",
        steps=[
            ReviewLine(
                "区级审核", "密云区园林绿化局", "张伟", date(2026, 2, 10), "同意", "符合规程。"
            ),
            ReviewLine("市级审批", "北京市园林绿化局", "李娜", date(2026, 2, 20), "同意"),
        ],
        verify_url=f"https://permits.example.gov.cn/verify/{reference}?t={serial:012x}",
        chain_head_hash=f"{serial:064x}",
        issued_on=date(2026, 2, 21),
        check_code=f"K7Q2M9XW{serial:08X}",
        addressee="北京市密云区不老屯镇人民政府",
        opening=[
            f"你单位于2026年2月1日提交的天然林抚育作业设计审批申请（申请编号：{reference}）"
            "收悉。本机关依法受理并进行了审查。",
            "经审查，该申请符合法定条件、标准，根据《中华人民共和国行政许可法》第三十八条第一款的"
            "规定，本机关决定准予行政许可。",
        ],
        closing=["特此决定。"],
        legal_basis="《中华人民共和国行政许可法》第三十八条第一款",
        remedy_notice="你单位如对本决定不服，可以自收到本决定书之日起六十日内向北京市人民政府"
        "申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。",
        site_map=SITE_MAP if with_map else None,
    )


def sample_notice(serial: int) -> NoticeDocument:
    reference = f"TD-2026-{serial:06d}"
    return NoticeDocument(
        title="受理通知书",
        number=f"密园林受〔2026〕{serial:04d}号",
        issuing_agency="北京市密云区园林绿化局",
        addressee="北京市密云区不老屯镇人民政府",
        paragraphs=[
            f"你单位提交的天然林抚育作业设计审批申请（申请编号：{reference}），经审查，申请事项"
            "属于本机关职权范围，申请材料齐全、符合法定形式。本机关决定予以受理。",
            "本机关将自受理之日起20个工作日内作出行政许可决定，承诺办结日期为2026年3月2日。",
        ],
        legal_basis="《中华人民共和国行政许可法》第三十二条、第四十二条",
        signed_by="张伟",
        reference=reference,
        verify_url=f"https://permits.example.gov.cn/verify/{reference}?t={serial:012x}",
        check_code=f"K7Q2M9XW{serial:08X}",
        chain_head_hash=f"{serial:064x}",
        issued_on=date(2026, 2, 3),
    )


def timed(count: int, work: Callable[[int], object]) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each run (on a machine shared with others, the CPU time of
    this process is the steadier of the two)."""
    wall, cpu = [], []
    for i in range(count):
        start, start_cpu = time.perf_counter(), time.process_time()
        work(i)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def report(label: str, samples: tuple[list[float], list[float]]) -> float:
    wall, cpu = samples
    median = statistics.median(wall)
    p95 = statistics.quantiles(wall, n=20)[-1]
    print(
        f"{label:<40} median {median:6.2f} ms   p95 {p95:6.2f} ms   "
        f"(CPU median {statistics.median(cpu):6.2f} ms)"
    )
    return median


def profile(work: Callable[[int], object], count: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(count):
        work(i)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)
    print(out.getvalue())


def main(count: int, warmups: int, with_profile: bool) -> int:
    start = time.perf_counter()
    ttf = cjk_font_name()
    print(f"font load, once per process ({ttf}): {(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    render_certificate(sample_document(0, with_map=True))
    first = (time.perf_counter() - start) * 1000
    print(f"first render after it (caches filled): {first:.0f} ms")
    accelerated = isinstance(rl_accel.fp_str, types.BuiltinFunctionType)
    print(f"ReportLab accelerator: {'C (rl-accel)' if accelerated else 'none (pure Python)'}")
    cid = cid_font_name()

    kinds: list[tuple[str, Callable[[int], bytes]]] = [
        ("(a) approval, QR code", lambda i: render_certificate(sample_document(i))),
        (
            "(b) approval, QR code, site map page",
            lambda i: render_certificate(sample_document(i, with_map=True)),
        ),
        ("(c) acceptance notice", lambda i: render_notice(sample_notice(i))),
        (
            f"(d) approval, {cid} (not embedded)",
            lambda i: render_certificate(sample_document(i), font_name=cid),
        ),
    ]
    print(f"{count} renders each after {warmups} warm-ups, every document its own QR code")
    medians = []
    for label, work in kinds:
        for i in range(warmups):
            work(count + i)
        medians.append(report(label, timed(count, work)))
    for label, work in kinds:
        print(f"PDF size {label[:3]}: {len(work(1)):,} bytes")

    if with_profile:
        for label, work in kinds[:2]:
            print(f"\n--- cProfile of {label}, {min(count, 50)} renders")
            profile(work, min(count, 50))
    met = max(medians[:2]) <= TARGET_MS
    print(f"target median ≤ {TARGET_MS:g} ms for (a) and (b): {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="renders of each kind")
    parser.add_argument("--warmups", type=int, default=10)
    parser.add_argument("--profile", action="store_true", help="cProfile of (a) and (b)")
    arguments = parser.parse_args()
    sys.exit(main(arguments.count, arguments.warmups, arguments.profile))
