"""What each decision is in law, per jurisdiction and application type (issue 46 item 3;
docs/legal-basis.md "What each decision is"): the legal office's ``DecisionForm`` row, else the
classification below. An administrative licence only where a law or regulation sets it
(行政许可法 art. 17: "除本法第十四条、第十五条规定的外，其他规范性文件一律不得设定行政许可");
the approval of a tending design rests on two programme documents only, so it is a 批复."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction

from audit.choices import AuditAction
from audit.trail import audit_appended_last, configuration_record
from permits.choices import Kind
from permits.readmemo import DECISION_FORMS, remembered
from roles.reference import BEIJING, TIANJIN

from .models import ActForm, DecisionForm

LICENSING_17 = (
    "《中华人民共和国行政许可法》第十七条：“除本法第十四条、第十五条规定的外，其他规范性文件"
    "一律不得设定行政许可。”"
)
TENDING_READING = (
    "未找到要求审批天然林抚育作业设计的法律、法规或者规章。《中华人民共和国森林法》（2019）第五十六条"
    "要求的是林木采伐许可证，不是作业设计的审批；《北京市森林资源保护管理条例》（1999年，2010年修正）"
    "的目录和第一章、《天津市实施〈中华人民共和国森林法〉办法》第二十八条至第三十三条中未见作业设计"
    "审批（两部法规的全文未核对）。要求审批的只有实施方案（规范性文件），依照"
    f"{LICENSING_17}该审批不是行政许可，而是天然林保护修复工程作业设计的批复。找到设定该审批的"
    "法规后，将本行改为“行政许可”并引用该条文。"
)


@dataclass(frozen=True)
class Form:
    """The classification the documents follow: ``form`` (``ActForm``) and the provision that
    requires the approval, quoted with its source."""

    form: str
    requiring_provision: str

    @property
    def licence(self) -> bool:
        return self.form == ActForm.LICENCE


# (jurisdiction, kind) -> (form, requiring provision, reading): the seeds of ``DecisionForm``
# and what the documents follow where the legal office has no row.
DEFAULTS: dict[tuple[str, str], tuple[str, str, str]] = {
    (BEIJING, Kind.TENDING): (
        ActForm.APPROVAL,
        "《北京市天然林保护修复制度实施方案》二（五）“开展天然林抚育作业的，必须编制作业设计，"
        "经市园林绿化主管部门审查批准后实施”",
        TENDING_READING,
    ),
    (TIANJIN, Kind.TENDING): (
        ActForm.APPROVAL,
        "《蓟州区落实天然林保护修复制度实施方案》三（二）1“开展天然林抚育作业的，必须编制作业设计，"
        "经林业主管部门审查批准后实施”",
        TENDING_READING,
    ),
    **{
        (jurisdiction, Kind.OCCUPATION): (
            ActForm.LICENCE,
            "《中华人民共和国森林法》第三十七条第一款“确需占用林地的，应当经县级以上人民政府林业"
            "主管部门审核同意”、第三十八条第一款“需要临时使用林地的，应当经县级以上人民政府林业"
            "主管部门批准”",
            "法律设定的行政许可（行政许可法第十四条）。",
        )
        for jurisdiction in (BEIJING, TIANJIN)
    },
    **{
        (jurisdiction, Kind.INTRODUCTION): (
            ActForm.LICENCE,
            "《中华人民共和国生物安全法》第六十条第三款“任何单位和个人未经批准，不得擅自引进、"
            "释放或者丢弃外来物种”",
            "法律要求批准（生物安全法第六十条第三款）。",
        )
        for jurisdiction in (BEIJING, TIANJIN)
    },
}


# The legal office's rows are a handful, read by every decision's documents: kept whole in the
# cache (shared by the processes: production refuses a per-process cache, documents.E002) and
# dropped when one is saved or deleted, again once that commits (documents.apps).
FORMS_KEY = "documents:decision-forms"
FORMS_TTL = 300


def _forms() -> dict[tuple[str, str], tuple[str, str]]:
    found: dict[tuple[str, str], tuple[str, str]] | None = cache.get(FORMS_KEY)
    if found is None:
        found = {
            (jurisdiction, kind): (form, provision)
            for jurisdiction, kind, form, provision in DecisionForm.objects.order_by(
                "-id"
            ).values_list("jurisdiction_id", "kind", "form", "requiring_provision")
        }
        cache.set(FORMS_KEY, found, FORMS_TTL)
    return found


def forms_changed(**kwargs: object) -> None:
    cache.delete(FORMS_KEY)
    transaction.on_commit(lambda: cache.delete(FORMS_KEY))


def decision_form(jurisdiction: str, kind: str) -> Form:
    """The legal office's classification of the decision on ``kind`` in ``jurisdiction`` (read
    once inside a ``read_once`` block keeping ``DECISION_FORMS``: a decision prints it in each
    of its documents)."""
    row = remembered((DECISION_FORMS,), _forms).get((jurisdiction, kind))
    if row is not None:
        return Form(*row)
    form, provision, _reading = DEFAULTS.get((jurisdiction, kind), (ActForm.LICENCE, "", ""))
    return Form(form, provision)


def load() -> None:
    """The rows the legal office edits (admin, "Decision forms"); a row it changed stays."""
    for (jurisdiction, kind), (form, provision, reading) in DEFAULTS.items():
        DecisionForm.objects.get_or_create(
            jurisdiction_id=jurisdiction,
            kind=kind,
            defaults={"form": form, "requiring_provision": provision, "reading": reading},
        )


def decision_form_describe(row: DecisionForm | None) -> dict[str, str] | None:
    if row is None:
        return None
    return {
        "jurisdiction": row.jurisdiction_id,
        "kind": row.kind,
        "form": row.form,
        "requiring_provision": row.requiring_provision,
        "reading": row.reading,
    }


@transaction.atomic
@audit_appended_last
def decision_form_save(
    *, row: DecisionForm, by: User, client_ip: str | None = None, delete: bool = False
) -> None:
    """The legal office's edit of a classification (the admin), audited with the row as it was
    and as it is; documents already issued keep what they printed."""
    stored = DecisionForm.objects.select_for_update().filter(pk=row.pk).first() if row.pk else None
    before = decision_form_describe(stored)
    row_id = row.pk
    if delete:
        row.delete()
    else:
        row.save()
    configuration_record(
        AuditAction.ROUTE_CHANGED,
        {"decision_form_id": row_id or row.pk},
        by=by,
        client_ip=client_ip,
        before=before,
        after=None if delete else decision_form_describe(row),
    )
