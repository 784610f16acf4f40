"""The reader of the demo's scenario tables and of ``plans.toml`` and ``reports.toml`` (each says
its rows at its top), TOML files beside this module (``people.toml`` and ``places.toml`` are read
by ``demo.data.people`` and ``demo.data.places``). A scenario table is a list of applications and
the acts that happen to each, with comments saying what each shows: ``tending.toml``,
``occupations.toml``, ``introductions.toml``, ``map_rules.toml``.

A scenario file holds, at its top level:

* ``kind`` (optional): the kind of its applications unless a row says otherwise (default
  ``tending``);
* ``[texts]``: the opinions, reasons, facts, findings, answers and notes its acts say, by name;
* ``[items]``: lists of the items a return asks to fix (``field``, ``attachment_kind``,
  ``message``; an omitted key is none), by name;
* ``[scripts]``: act sequences several applications share, by name;
* groups of applications, each an array of tables (``[[miyun]]``), created in the order
  ``demo.data.applications`` lists the groups and in file order within each.

An application row says ``applicant`` (a demo username), ``form`` (what the applicant writes on
every application of its kind: a function of ``FORMS``), optionally ``kind``, ``design_document``,
``entrustment``, ``compensation_agreement`` (``DemoApplication``'s fields) and ``acts``, then its
``data`` table: the fields of the application beside what its form writes. In ``data``, the
decimal fields (``DECIMALS``) are strings (``area_ha = "18.6"``), and ``site_geometry`` is a site
of ``demo.data.places.SITES`` by name, or a point as ``[longitude, latitude]``.

``acts`` lists the acts in order (``demo.data.acts``), each

* a bare name when the act takes nothing: ``"submit"``, ``"window_runs_out"``;
* an inline table whose first key is the act's name (its class in snake case) holding its first
  field, the other keys its other fields: ``{ accept = "district_my" }``, ``{ backdate = 22 }``,
  ``{ decide = "muni_plan", decision = "agree", opinion = "planning_agree", agency = "bj-planning"
  }`` (on one line in the file);
* or ``{ script = "name" }``: the acts of that script, in place.

Of an act's fields, ``opinion``, ``reason``, ``facts``, ``findings``, ``answer`` and ``note`` name a
text of ``[texts]``; ``items`` names a list of ``[items]``; ``decision`` is a ``Decision`` value;
a table (``data``, ``changes``) keeps its keys in order; a list is a tuple; ``area_factor`` is a
decimal string.
"""

import re
from collections.abc import Callable
from dataclasses import fields
from decimal import Decimal
from typing import Any, get_args

from demo.data.acts import DemoStep
from demo.data.applicants import FORMS
from demo.data.places import SITES, point
from demo.data.records import DEMO_NOTICE, DemoApplication, DemoPlan, DemoReport, demo_table
from permits.choices import Decision, Kind

# The application fields written as decimal strings.
DECIMALS = frozenset(
    {"area_ha", "canopy_density", "thinning_intensity_pct", "removal_volume_m3", "quantity"}
)
# The act fields that name a text of the file's ``[texts]``.
TEXTS = frozenset({"opinion", "reason", "facts", "findings", "answer", "note", "record"})


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


_CLASSES = {_snake(cls.__name__): cls for cls in get_args(DemoStep)}
# Every act by its name in the tables (``DecideRequest`` is ``decide_request``), and the field
# its name's key holds: the act's first.
ACTS: dict[str, Callable[..., DemoStep]] = _CLASSES
FIRST_FIELDS: dict[str, str] = {
    name: fields(cls)[0].name for name, cls in _CLASSES.items() if fields(cls)
}


def _argument(name: str, raw: Any, table: dict[str, Any]) -> Any:
    if name in TEXTS:
        return table["texts"][raw]
    if name == "items":
        keys = ("field", "attachment_kind", "message")
        return tuple({key: item.get(key) for key in keys} for item in table["items"][raw])
    if name == "decision":
        return Decision(raw)
    if name == "area_factor":
        return Decimal(raw)
    if isinstance(raw, dict):
        return tuple(raw.items())
    if isinstance(raw, list):
        return tuple(raw)
    return raw


def _acts(script: list[Any], table: dict[str, Any]) -> tuple[DemoStep, ...]:
    acts: list[DemoStep] = []
    for entry in script:
        if isinstance(entry, str):
            acts.append(ACTS[entry]())
            continue
        (name, first), *others = entry.items()
        if name == "script":
            acts.extend(_acts(table["scripts"][first], table))
            continue
        given = {FIRST_FIELDS[name]: first, **dict(others)}
        acts.append(ACTS[name](**{key: _argument(key, raw, table) for key, raw in given.items()}))
    return tuple(acts)


def _data(row: dict[str, Any]) -> dict[str, Any]:
    data = {key: Decimal(raw) if key in DECIMALS else raw for key, raw in row["data"].items()}
    site = data.get("site_geometry")
    if isinstance(site, str):
        data["site_geometry"] = SITES[site]
    elif isinstance(site, list):
        data["site_geometry"] = point(*site)
    return FORMS[row["form"]](**data)


def applications(file_name: str, group: str) -> tuple[DemoApplication, ...]:
    """The applications of ``group`` in the table ``file_name`` of this folder, in order."""
    table = demo_table(file_name)
    options = ("design_document", "entrustment", "compensation_agreement")
    return tuple(
        DemoApplication(
            row["applicant"],
            _data(row),
            _acts(row.get("acts", []), table),
            kind=Kind(row.get("kind", table.get("kind", Kind.TENDING))),
            **{option: row[option] for option in options if option in row},
        )
        for row in table[group]
    )


def plans() -> tuple[DemoPlan, ...]:
    """The districts' annual plans of ``plans.toml``."""
    return tuple(
        DemoPlan(
            row["district"],
            row["season"],
            f"{DEMO_NOTICE}：{row['name']}天然林保护修复年度任务分解表（示意），任务与面积系虚构",
            row["rows"],
        )
        for row in demo_table("plans.toml")["plans"]
    )


def _report(row: dict[str, Any]) -> DemoReport:
    checked, closed = row.get("checked"), row.get("closed")
    return DemoReport(
        row["tracking_code"],
        row["kind"],
        row["description"],
        point(*row["site"]),
        contact=row.get("contact", ""),
        checked=(tuple(checked["inspectors"]), checked["findings"]) if checked else None,
        closed=(closed["outcome"], closed["findings"]) if closed else None,
    )


def reports() -> tuple[DemoReport, ...]:
    """The reports from the public of ``reports.toml``."""
    return tuple(_report(row) for row in demo_table("reports.toml")["reports"])
