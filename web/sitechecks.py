"""Site checks (现场查验, product.md §16 L12) as the pages show them: the checks of an occupation
on every page about it (evidence in the applicant's case, read by the later steps), and on the
district task the form to record one. The view is the task page's (``web.tasks``); the service
decides again on every post."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from core.messages import MSG_REQUIRED_WORKFLOWS
from permits.choices import Kind
from permits.models import Application
from workflows import selectors
from workflows.models import SiteCheck

from .forms.sitechecks import SITE_CHECK_HELP, SiteCheckForm


@dataclass(frozen=True)
class SiteCheckRow:
    """A check with its measured area set against the area the application declares."""

    check: SiteCheck
    declared_ha: Decimal | None

    @property
    def measured(self) -> str:
        return _hectares(self.check.measured_area_ha)

    @property
    def declared(self) -> str:
        return _hectares(self.declared_ha) if self.declared_ha is not None else ""

    @property
    def difference(self) -> str:
        """``+0.6 ha (+50.0%)``: measured minus declared, in hectares and in per cent of the
        declared; empty when there is nothing to compare with or no difference."""
        if not self.declared_ha:
            return ""
        delta = self.check.measured_area_ha - self.declared_ha
        if not delta:
            return ""
        percent = (delta / self.declared_ha * 100).quantize(Decimal("0.1"))
        sign = "+" if delta > 0 else ""
        area = _("%(area)s ha") % {"area": f"{sign}{_hectares(delta)}"}
        return f"{area} ({percent:+}%)"


def _hectares(value: Decimal) -> str:
    return f"{value.normalize():f}" if value else "0"


def site_checks_context(application: Application) -> dict[str, Any]:
    """The "site check" box of the pages about an occupation (nothing to read for the other
    kinds: no query)."""
    if application.kind != Kind.OCCUPATION:
        return {"site_checks": []}
    declared = getattr(application, "area_ha", None)
    return {
        "site_checks": [SiteCheckRow(c, declared) for c in selectors.site_checks_of(application)]
    }


def site_check_inspectors(task: Task) -> list[User]:
    """The people the form offers as inspectors: exactly whom ``site_check_record`` accepts."""
    return list(selectors.site_check_inspectors(task.owner_permission_obj_pk))


def _form(
    task: Task,
    application: Application,
    *args: Any,
    inspectors: list[User] | None = None,
    **kwargs: Any,
) -> SiteCheckForm:
    return SiteCheckForm(
        *args,
        inspectors=site_check_inspectors(task) if inspectors is None else inspectors,
        declared_area=getattr(application, "area_ha", None),
        today=timezone.localdate(),
        **kwargs,
    )


def site_check_form(user: User, task: Task, application: Application) -> SiteCheckForm:
    """An empty form: today, and the user ticked when they may be named."""
    inspectors = site_check_inspectors(task)
    ticked = [user.get_username()] if user in inspectors else []
    return _form(
        task,
        application,
        inspectors=inspectors,
        initial={"checked_on": timezone.localdate(), "inspectors": ticked},
    )


def site_check_posted(request: HttpRequest, task: Task, application: Application) -> SiteCheckForm:
    """The form as posted, with the same choices."""
    return _form(task, application, request.POST, request.FILES)


def task_site_check_context(
    user: User,
    task: Task,
    application: Application,
    rows: list[SiteCheckRow],
    *,
    offered: bool,
    form: SiteCheckForm | None = None,
) -> dict[str, Any]:
    """The task page's site check: the form for those who may record one on the open district
    task of an occupation (``form``: a refused post's, with what was typed), and, while the
    step's agency has recorded none, the reason approving waits."""
    agency = str(task.owner_permission_obj_pk)
    missing = (
        selectors.task_is_open(task)
        and selectors.is_district_occupation_step(task, application)
        and not any(str(row.check.agency_id) == agency for row in rows)
    )
    return {
        "site_check_form": (form or site_check_form(user, task, application)) if offered else None,
        "site_check_help": SITE_CHECK_HELP,
        "site_check_needed": MSG_REQUIRED_WORKFLOWS if missing else "",
    }
