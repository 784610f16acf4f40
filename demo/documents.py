"""The documents the demo applicants attach: one-page PDFs written from what the application
declares (a 作业设计书, a 立项批准文件, a 用地范围图, ...), rendered in memory with real,
extractable text."""

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import Any, TypeVar

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from demo.data.records import DEMO_NOTICE
from permits.choices import AttachmentKind
from permits.models import Application, IntroductionApplication, OccupationRequest, TendingDesign
from workflows.selectors import interested_parties_of
from zones.models import Parcel

PDF_FONT = "STSong-Light"  # a CID font: real, extractable text in a file of a few kilobytes


def _pdf_font() -> str:
    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    return PDF_FONT


def design_document_pdf(*, title: str, lines: list[str]) -> bytes:
    """A one-page 作业设计书, rendered in memory."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setFont(_pdf_font(), 16)
    canvas.drawCentredString(A4[0] / 2, 265 * mm, title)
    canvas.setFont(_pdf_font(), 11)
    y = 245 * mm
    for line in lines:
        canvas.drawString(25 * mm, y, line)
        y -= 8 * mm
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _pdf_upload(name: str, title: str, lines: list[str]) -> SimpleUploadedFile:
    pdf = design_document_pdf(title=title, lines=lines)
    return SimpleUploadedFile(f"{name}.pdf", pdf, content_type="application/pdf")


_Detail = TypeVar("_Detail", bound=Application)


def _detail(application: Application, kind: type[_Detail]) -> _Detail:
    """The application's own record, of the one kind that attaches the document."""
    detail = application.detail if type(application) is Application else application
    assert isinstance(detail, kind), (application.reference, kind.__name__)
    return detail


@dataclass(frozen=True)
class Template:
    """A document written from the application's own record (of ``model``) alone: its file name
    and its lines are format strings over that record, ``d``."""

    model: type[Application]
    name: str
    heading: str
    lines: tuple[str, ...]

    def __call__(self, application: Application) -> SimpleUploadedFile:
        d = _detail(application, self.model)
        lines = [line.format(d=d) for line in self.lines]
        return _pdf_upload(self.name.format(d=d), self.heading, lines)


LOCATION = "{d.jurisdiction.name}{d.district.name}{d.township}{d.village}"
SPECIES = "物种：{d.chinese_name}（{d.scientific_name}）"

# 立项批准文件 of an occupation.
project_approval_upload = Template(
    OccupationRequest,
    "{d.project_name}（立项批准）",
    "项目立项批准文件",
    (
        "文号：{d.project_approval_ref}",
        "项目名称：{d.project_name}",
        "建设单位：{d.organisation.name}",
        f"建设地点：{LOCATION}",
        "经研究，同意该项目立项。请据此办理用地、规划、环评等相关手续。",
    ),
)
# 风险评估报告 of an introduction.
risk_assessment_upload = Template(
    IntroductionApplication,
    "{d.chinese_name}引入风险评估报告",
    "外来物种引入风险评估报告",
    (
        SPECIES,
        "原产地：{d.origin_country}",
        "引入地点：{d.introduction_site}",
        "引入数量：{d.quantity} {d.quantity_unit}",
        "评估结论：在落实隔离防控措施的前提下，逃逸和扩散风险低，可以引入。",
    ),
)
# 检疫证明 of an introduction.
quarantine_certificate_upload = Template(
    IntroductionApplication,
    "{d.chinese_name}检疫证明",
    "检疫证明",
    (
        SPECIES,
        "数量：{d.quantity} {d.quantity_unit}",
        "输出国家：{d.origin_country}",
        "检疫结果：未发现检疫性有害生物，准予调运。",
    ),
)


def _boundary_points(geometry: dict[str, Any] | None) -> list[list[float]]:
    """The corners of a site's outer rings, in order (every part of a MultiPolygon)."""
    if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return []
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return [corner for polygon in polygons for corner in polygon[0][:-1]]


def site_map_upload(application: Application) -> SimpleUploadedFile:
    """用地范围图 of an occupation: the site's boundary points as text."""
    detail = _detail(application, OccupationRequest)
    corners = _boundary_points(detail.site_geometry)[:16]
    lines = [
        f"项目名称：{detail.project_name}",
        f"用地位置：{LOCATION.format(d=detail)}",
        f"用地面积：{detail.area_ha} 公顷",
        *[f"界址点{n}：东经{x:.6f}° 北纬{y:.6f}°" for n, (x, y) in enumerate(corners, 1)],
        "坐标系：WGS84",
    ]
    return _pdf_upload(f"{detail.project_name}（用地范围图）", "使用林地用地范围图", lines)


def design_document_upload(application: Application) -> SimpleUploadedFile:
    detail = _detail(application, TendingDesign)
    lines = [
        f"申请编号：{detail.reference}",
        f"作业地点：{detail.district.name}{detail.township}{detail.village}",
        f"林班-小班：{'、'.join(detail.compartments)}",
        f"优势树种：{detail.dominant_species}    郁闭度：{detail.canopy_density}",
        f"作业面积：{detail.area_ha} 公顷",
        f"作业期限：{detail.start_date} 至 {detail.end_date}",
        f"设计单位：{detail.design_unit}",
    ]
    return _pdf_upload(detail.title, f"{detail.title}（作业设计书）", lines)


def entrustment_upload(application: Application) -> SimpleUploadedFile:
    """委托书 of the holders of the design's 小班 whose management agreement is not the
    applicant's (as the registry names them), entrusting the applicant with the work."""
    detail = _detail(application, TendingDesign)
    organisation = detail.organisation
    held = (
        Parcel.objects.filter(
            layer__superseded_at__isnull=True,
            district_id=detail.district_id,
            compartment__in=detail.compartments,
        )
        .exclude(agreement_holder_code=organisation.unified_credit_code)
        .order_by("compartment")
    )
    holders = sorted({(p.agreement_holder, p.agreement_holder_code) for p in held})
    lines = [
        *[f"委托单位：{name}（统一社会信用代码：{code}）" for name, code in holders],
        f"受托单位：{organisation.name}（统一社会信用代码：{organisation.unified_credit_code}）",
        f"林班-小班：{'、'.join(p.compartment for p in held)}",
        f"委托事项：按管护责任协议，委托受托单位实施“{detail.title}”所列抚育作业。",
        f"委托期限：{detail.start_date} 至 {detail.end_date}",
        f"{DEMO_NOTICE}：委托单位与信用代码系虚构",
    ]
    return _pdf_upload(f"{detail.title}（委托书）", "委托书", lines)


def compensation_agreement_upload(application: Application) -> SimpleUploadedFile:
    """补偿协议 of an occupation with the holders of its land (product.md §16 L14), naming them
    in its text, which the reviewer reads before confirming it (issue 46)."""
    detail = _detail(application, OccupationRequest)
    holders = [(p.name, p.credit_code) for p in interested_parties_of(detail)]
    lines = [
        *[f"甲方（林地管护单位）：{name}（统一社会信用代码：{code}）" for name, code in holders],
        f"乙方（建设单位）：{detail.organisation.name}",
        f"项目名称：{detail.project_name}",
        "补偿内容：林地、林木补偿费按规定标准一次性支付。",
        f"{DEMO_NOTICE}：协议双方与信用代码系虚构",
    ]
    names = "、".join(name for name, _code in holders)
    return _pdf_upload(f"补偿协议（{names}）", "使用林地补偿协议", lines)


def hearing_record_upload(application: Application, record: str) -> SimpleUploadedFile:
    """听证笔录 as the participants signed it (product.md §16 L16): its text and their marks."""
    lines = [
        f"申请编号：{application.reference}",
        *[line for line in record.splitlines() if line.strip()],
        "听证参加人确认无误后签字（演示）",
        f"{DEMO_NOTICE}：签字系虚构",
    ]
    return _pdf_upload("听证笔录（签字）", "听证笔录", lines)


# How each kind of demo attachment is made from the application it belongs to.
ATTACHMENT_UPLOADS: dict[str, Callable[[Application], SimpleUploadedFile]] = {
    AttachmentKind.DESIGN_DOCUMENT: design_document_upload,
    AttachmentKind.PROJECT_APPROVAL: project_approval_upload,
    AttachmentKind.SITE_MAP: site_map_upload,
    AttachmentKind.RISK_ASSESSMENT: risk_assessment_upload,
    AttachmentKind.QUARANTINE_CERTIFICATE: quarantine_certificate_upload,
    AttachmentKind.ENTRUSTMENT: entrustment_upload,
    AttachmentKind.COMPENSATION_AGREEMENT: compensation_agreement_upload,
}
