"""``manage.py plans_import FILE --year 2026 --district 110118 --source "…"``: import an annual
plan per 小班 (product.md §19 P4) from a CSV or XLSX table, as a new version."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from permits.plans import plan_import
from zones.management.files import file_arguments, file_handed, refusals_reported


class Command(BaseCommand):
    help = (
        "Import the annual plan per 小班 of a district (or of a whole jurisdiction) from a CSV "
        "(UTF-8 or GB18030) or XLSX table: 乡镇, 村, 林班, 小班, 任务类型, 面积（公顷）, 资金来源, "
        "责任单位 (and 区 for a jurisdiction's plan). The new version replaces the current plan of "
        "the same year and scope, which is kept."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        file_arguments(parser, formats="a .csv or .xlsx table", what="plan")
        parser.add_argument("--year", required=True, type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        file = file_handed(options)
        with refusals_reported():
            plan = plan_import(file=file, year=options["year"])
        self.stdout.write(
            f"{plan}: {plan.task_count} tasks imported (plan {plan.pk}, sha256 {plan.file_sha256})"
        )
