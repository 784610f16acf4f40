"""The code cites the product's behaviour as ``product.md §N`` and the REST contract as
``api.md`` (issue 27): both are docs/ of this repository, and every section cited exists. The
policy documents cited by number are docs/sources/, and nothing points outside (issue 44)."""

import importlib
import re
from pathlib import Path

from tests.packages import PACKAGES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CITED = re.compile(r"product\.md §(\d+(?:\.\d+)?)(?:[–-]§?(\d+))?")
SUFFIXES = {".py", ".html", ".md", ".txt", ".js", ".toml"}


SKIPPED = {".git", ".venv", "var", "node_modules", ".ruff_cache", ".mypy_cache", ".pytest_cache"}


def tracked_texts():
    """The project's own text files (what a checkout holds, not the environment or data)."""
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in SKIPPED or parts[0].endswith(".egg-info") or path.suffix not in SUFFIXES:
            continue
        if path.is_file():
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8", errors="replace")


def product_sections() -> set[str]:
    headings = re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", (DOCS / "product.md").read_text(), re.M)
    return set(headings)


def test_both_documents_are_in_the_repository():
    assert (DOCS / "product.md").is_file() and (DOCS / "api.md").is_file()
    assert {str(n) for n in range(1, 20)} <= product_sections()


def test_every_product_section_cited_exists():
    sections = product_sections()
    missing = []
    for name, text in tracked_texts():
        for first, last in CITED.findall(text):
            cited = [first] if not last else [str(n) for n in range(int(first), int(last) + 1)]
            missing += [(name, section) for section in cited if section not in sections]
    assert not missing


def test_nothing_cites_the_specification_outside_the_repository():
    outside = re.compile(
        "|".join(["PRODUCT" + " §", "PRODUCT" + r"\.md", "API" + r"\.md", "shared/" + "spec"])
    )
    assert [name for name, text in tracked_texts() if outside.search(text)] == []


# Issue 44: nothing in the repository points outside it (the seeds are docs/sources/). A path
# that starts by climbing out of its file's directory (not one that climbs inside a path) must
# land on something the checkout holds; the machine's own directories are never named.
CLIMBING = re.compile(r"(?<![\w./-])((?:\.\./)+[^\s`'\")\]>]*)")
MACHINE = re.compile(r"(?<![\w.-])/" + "work/")
OTHER_TEXTS = {".yaml", ".yml", ".css", ".po", ".json", ".cfg", ".ini", ".sh"}
OTHER_NAMES = {"Makefile", "run", ".gitignore", ".gitlint"}


def other_texts():
    """The configuration and build files tracked_texts() leaves out."""
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in SKIPPED or parts[0].endswith(".egg-info") or not path.is_file():
            continue
        if path.suffix in OTHER_TEXTS or path.name in OTHER_NAMES:
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8", errors="replace")


def references_outside(name: str, text: str) -> list[str]:
    found = [f"{name}: {m.group(0)}" for m in MACHINE.finditer(text)]
    for match in CLIMBING.finditer(text):
        target = ((ROOT / name).parent / match.group(1)).resolve()
        if not target.is_relative_to(ROOT) or not target.exists():
            found.append(f"{name}: {match.group(1)}")
    return found


def test_nothing_points_outside_the_repository():
    texts = [*tracked_texts(), *other_texts()]
    assert [ref for name, text in texts for ref in references_outside(name, text)] == []


def test_a_path_that_leaves_the_repository_is_caught():
    up = ".." + "/"
    assert references_outside("docs/legal-basis.md", f"Seeds ({up}shared/seeds/)") != []
    assert references_outside("docs/legal-basis.md", f"Seeds ({up}{up}shared/seeds/)") != []
    assert references_outside("docs/x.md", "Quoted from `/" + "work/shared/seeds/`") != []
    assert references_outside("docs/x.md", f"[the seeds]({up}docs/sources/README.md)") == []
    assert references_outside("tests/x.py", f'("attachments/{up}x", b"hello")') == []


LINK = re.compile(r"\]\(((?:docs/)[^)#\s]+)(?:#([^)\s]+))?\)")


def heading_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as
    hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_the_readme_links_land_on_a_section():
    """The README points into docs/ rather than restating the product (issue 44): every link
    names a file that exists and, with an anchor, one of its headings."""
    broken = []
    for target, anchor in LINK.findall((ROOT / "README.md").read_text()):
        path = ROOT / target
        if not path.exists():
            broken.append(target)
        elif anchor:
            headings = re.findall(r"^#{1,6} (.+)$", path.read_text(), re.M)
            if anchor not in {heading_anchor(h) for h in headings}:
                broken.append(f"{target}#{anchor}")
    assert broken == []
    assert len(LINK.findall((ROOT / "README.md").read_text())) > 20


def test_the_cited_sources_are_in_the_repository():
    sources = DOCS / "sources"
    listed = (sources / "README.md").read_text()
    for number in ("000", "001", "002", "003", "004"):
        (text,) = sources.glob(f"{number}-*.txt")
        assert text.name in listed and text.read_text(encoding="utf-8").strip()


# Dotted names the guides write in backticks that are not code: a document's name, Celery
# task names, Django permission codenames and app-label model names, a host name, the ids of
# the deploy checks (documents.checks).
NOT_CODE = {
    "api.md",
    "documents.E001",
    "documents.E002",
    "documents.E003",
    "documents.E004",
    "documents.E005",
    "documents.E006",
    "documents.E007",
    "documents.W001",
    "documents.W002",
    "documents.certificate_eseal",
    "permits.notifications_email",
    "documents.document_render",
    "documents.certificate_sign",
    "audit.checkpoint_sign_pending",
    "audit.pii_rotate",
    "permits.Application.contact_phone",
    "roles.head_of_agency",
    "roles.review_for_agency",
    "roles.manage_second_factors",
    "roles.manage_api_tokens",
    "roles.read_administrators_trail",
    "audit.view_identity_events",
    "workflows.Route",
    "permits.example.gov.cn",
}
PACKAGE = "|".join(PACKAGES)
CODE_NAME = re.compile(rf"`((?:{PACKAGE})(?:\.[A-Za-z_][A-Za-z0-9_]*)+)`")


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for name in parts[cut:]:
                found = getattr(found, name)
        except AttributeError:
            return False
        return True
    return False


def test_every_code_name_the_guides_cite_exists():
    """A module, class or function the architecture, the README and the guides name by its
    dotted path is there under that name: a move or a rename updates the map too."""
    guides = [ROOT / "README.md", ROOT / "bench" / "README.md", *sorted(DOCS.glob("*.md"))]
    cited = {name for guide in guides for name in CODE_NAME.findall(guide.read_text())}
    assert len(cited) > 100
    assert sorted(name for name in cited - NOT_CODE if not _resolves(name)) == []
