"""The shapes of the demo's tables: who, where, which plans, which applications and what happens
to them, which reports from the public, and the reader of their TOML files (``demo_table``).
Records only: ``demo.seed`` makes them real."""

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from demo.data.acts import DemoStep
from demo.data.seasons import this_season, work_period
from permits.choices import AttachmentKind, Kind

# What every invented record says of itself, in its name or its source.
DEMO_NOTICE = "演示数据，非官方数据"

# The demo's tables (TOML) and layer files (GeoJSON) sit beside this module.
DEMO_DATA = Path(__file__).resolve().parent


def demo_table(file_name: str) -> dict[str, Any]:
    """The TOML table ``file_name`` of ``DEMO_DATA``."""
    return tomllib.loads((DEMO_DATA / file_name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    jurisdiction: str
    district: str
    credit_code: str


@dataclass(frozen=True)
class DemoUser:
    """``name`` goes whole into first_name: get_full_name() then reads 王林, not "林 王"."""

    username: str
    name: str
    role: str
    agency: str | None = None
    organisation: DemoOrganisation | None = None


@dataclass(frozen=True)
class DemoLayer:
    """A layer file of ``demo/data``: invented shapes around the demo villages, never official
    boundaries; every feature's ``source`` says so as well."""

    file_name: str
    kind: str
    jurisdiction: str
    source: str
    district: str | None = None


@dataclass(frozen=True)
class DemoApplication:
    applicant: str
    data: dict[str, Any]
    steps: tuple[DemoStep, ...] = ()
    design_document: bool = True
    kind: str = Kind.TENDING
    # The letter of the holder of the 小班's management agreement (rule T6).
    entrustment: bool = False
    # An occupation's compensation agreement with the holders of its land (product.md §16 L14).
    compensation_agreement: bool = False

    @property
    def title(self) -> str:
        title: str = self.data["title"]
        return title

    @property
    def attachment_kinds(self) -> tuple[str, ...]:
        """What the applicant attaches before the steps (all a submission needs)."""
        if self.kind == Kind.OCCUPATION:
            both = (AttachmentKind.PROJECT_APPROVAL, AttachmentKind.SITE_MAP)
            agreement = (AttachmentKind.COMPENSATION_AGREEMENT,)
            return (*both, *agreement) if self.compensation_agreement else both
        if self.kind == Kind.INTRODUCTION:
            return (AttachmentKind.RISK_ASSESSMENT, AttachmentKind.QUARANTINE_CERTIFICATE)
        design = (AttachmentKind.DESIGN_DOCUMENT,) if self.design_document else ()
        return (*design, AttachmentKind.ENTRUSTMENT) if self.entrustment else design


@dataclass(frozen=True)
class DemoPlan:
    """A district's annual plan per 小班 (product.md §19 P4), written as the CSV table a district
    forestry bureau keeps (任务分解表) and imported through ``plan_import``. ``season`` says
    which year: the supervised designs' (this season's) or the designs under review (next
    year's)."""

    district: str
    season: bool
    source: str
    # 乡镇,村,林班,小班,任务类型,面积（公顷）,资金来源,责任单位: a line a task.
    rows: str

    def year(self) -> int:
        return this_season()[0].year if self.season else work_period()[0].year

    def table(self) -> bytes:
        header = "乡镇,村,林班,小班,任务类型,面积（公顷）,资金来源,责任单位"
        lines = [header, *(line.strip() for line in self.rows.strip().splitlines())]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")


@dataclass(frozen=True)
class DemoReport:
    """A report from the public (product.md §19 P2), with a tracking code the README names (a
    real report's is drawn at random) and how far its handling has gone."""

    tracking_code: str
    kind: str
    description: str
    site: dict[str, Any]
    contact: str = ""
    # (inspectors, findings) of the site check, then (outcome, findings) of the closing.
    checked: tuple[tuple[str, ...], str] | None = None
    closed: tuple[str, str] | None = None
