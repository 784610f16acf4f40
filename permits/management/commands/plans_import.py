"""``manage.py plans_import FILE --year 2026 --district 110118 --source "…"``: import an annual
plan per 小班 (product.md §19 P4) from a CSV or XLSX table, as a new version."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.errors import ServiceError
from permits.plans import plan_import
from roles.models import District, Jurisdiction


class Command(BaseCommand):
    help = (
        "Import the annual plan per 小班 of a district (or of a whole jurisdiction) from a CSV "
        "(UTF-8 or GB18030) or XLSX table: 乡镇, 村, 林班, 小班, 任务类型, 面积（公顷）, 资金来源, "
        "责任单位 (and 区 for a jurisdiction's plan). The new version replaces the current plan of "
        "the same year and scope, which is kept."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="a .csv or .xlsx table")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--source", required=True, help="the source document (title, number)")
        parser.add_argument(
            "--jurisdiction", default="", help="110000 or 120000 (from --district if omitted)"
        )
        parser.add_argument("--district", default="", help="GB/T 2260 code of a district plan")
        parser.add_argument("--demo", action="store_true", help="mark the plan as demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        district = None
        if options["district"]:
            district = District.objects.filter(pk=options["district"]).first()
            if district is None:
                raise CommandError(f"--district: unknown district {options['district']!r}")
        jurisdiction = (
            district.jurisdiction
            if district is not None and not options["jurisdiction"]
            else Jurisdiction.objects.filter(pk=options["jurisdiction"]).first()
        )
        if jurisdiction is None:
            raise CommandError("--jurisdiction: expected 110000 or 120000 (or give --district)")
        try:
            plan = plan_import(
                jurisdiction=jurisdiction,
                district=district,
                year=options["year"],
                source=options["source"],
                data=path.read_bytes(),
                file_name=path.name,
                demo=options["demo"],
            )
        except ServiceError as error:
            lines = [f"{p.field}: {p.message}" for p in error.problems] or [str(error.detail)]
            raise CommandError("\n".join(lines)) from None
        self.stdout.write(
            f"{plan}: {plan.task_count} tasks imported (plan {plan.pk}, sha256 {plan.file_sha256})"
        )
