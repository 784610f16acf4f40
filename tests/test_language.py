import re
from pathlib import Path

import viewflow
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from config.middleware import ChosenLanguageMiddleware
from permits.rules import introduction, occupation, species, tending, zones
from permits.rules.base import citation_for_people
from tests.packages import PACKAGES
from web.forms.applications import SECTIONS


def _language_seen(request) -> str:
    seen = {}

    def view(req):
        seen["language"] = translation.get_language()
        return HttpResponse("ok")

    ChosenLanguageMiddleware(view)(request)
    return seen["language"]


def test_chinese_by_default_even_when_the_browser_asks_for_english():
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert _language_seen(request) == "zh-hans"


def test_english_when_the_user_chose_it():
    request = RequestFactory().get("/")
    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _language_seen(request) == "en"


def test_unknown_cookie_value_falls_back_to_chinese():
    request = RequestFactory().get("/")
    request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert _language_seen(request) == "zh-hans"


# ---- The Chinese interface shows no unit, code or borrowed label in English (issue 26 item 9).
# Whole English words are test_no_leftover_language's; these are the classes it lets through.

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
TRANSLATED = re.compile(
    r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}"
    r"|\{%\s*trans(?:late)?\s.*?%\}|\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}",
    re.S,
)
# A value followed by a Latin unit in the template's own text (``{{ area }} ha``): the unit
# is then never translated (公顷, 千米, 立方米).
UNIT_AFTER_VALUE = re.compile(r"\}\}\s*(?:ha|km|m3|m²|m³|kg|t)\b")
TAG = re.compile(r"""\{%\s*trans(?:late)?\s+(['"])(.+?)\1""")
PY_MSGID = re.compile(r"""\b_\(\s*(['"])(.+?)\1\s*\)|gettext(?:_lazy)?\(\s*(['"])(.+?)\3""")
# A rule's source printed as stored opens with its seed file's code ("000 二（五）…").
SOURCE_PRINTED = re.compile(r"\{\{\s*([\w.]+\.source)\s*(\|[^}]*)?\}\}")
# Sources that are data, not rules' citations: a zone layer's or a parcel's provenance.
DATA_SOURCES = {"zone.source", "parcel.layer.source"}


def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


def test_no_template_writes_a_latin_unit_after_a_value():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)!r}"
        for path in _templates()
        for match in UNIT_AFTER_VALUE.finditer(TRANSLATED.sub("", path.read_text()))
    ]
    assert found == []


def test_the_units_read_in_chinese():
    with translation.override("zh-hans"):
        assert translation.gettext("%(area)s ha") % {"area": "1.5"} == "1.5 公顷"


def test_a_rules_source_is_shown_by_its_documents_title_not_its_code():
    """Every rule's source: its code stays for machines (the API's ``source``), the pages show
    the document's title and clause through the ``citation`` filter."""
    sources = [
        value
        for module in (tending, occupation, zones, introduction, species)
        for name, value in vars(module).items()
        if name.startswith("SOURCE_") and isinstance(value, str)
    ]
    assert any(re.match(r"\d{3} ", source) for source in sources)  # the codes are there
    for source in sources:
        shown = citation_for_people(source)
        assert not re.search(r"(?:^|；)\d{3} ", shown), shown
        assert shown.startswith("《"), shown
    raw = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _templates()
        for match in SOURCE_PRINTED.finditer(path.read_text())
        if match.group(1) not in DATA_SOURCES and "citation" not in (match.group(2) or "")
    ]
    assert raw == []


def test_the_seed_documents_are_cited_by_their_titles():
    assert citation_for_people(tending.SOURCE_000_2_5_DESIGN).startswith(
        "《北京市天然林保护修复制度实施方案》二（五）："
    )
    assert citation_for_people(occupation.SOURCE_004_3_7_RED_LINE).startswith(
        "《北京市生态保护2023年行动计划》三7："
    )


# What our pages and viewflow's frame both say, each meaning the same in both places. A word
# of viewflow's frame given another meaning here (its menu's heading "Applications" became the
# dashboard's count 申请数 on every page) fails below: give ours a msgid of its own.
SHARED_WITH_VIEWFLOW = frozenset(
    {
        *("Cancel", "Created", "Edit", "Filter", "Finished", "Import", "Log in", "New"),
        *("Show all", "Start", "Status", "Task"),
        # templates/viewflow/base_page.html carries viewflow's own user menu (its inline styles
        # as classes, issue 45): the same words in the same places.
        *("Login", "Log out", "Profile"),
        # The password form (issue 47): viewflow's profile links to the same act by these words.
        "Change password",
    }
)


def _our_msgids() -> set[str]:
    ids = {m.group(2) for path in _templates() for m in TAG.finditer(path.read_text())}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            ids |= {m.group(2) or m.group(4) for m in PY_MSGID.finditer(path.read_text())}
    return ids


def test_no_word_of_viewflows_frame_is_reused_for_another_meaning():
    frame = Path(viewflow.__file__).parent / "templates"
    theirs = {m.group(2) for path in frame.rglob("*.html") for m in TAG.finditer(path.read_text())}
    assert (theirs & _our_msgids()) - SHARED_WITH_VIEWFLOW == set()
    with translation.override("zh-hans"):
        assert translation.gettext("Applications") != translation.gettext("Number of applications")


def test_a_forms_sections_speak_of_its_own_kind():
    """The words of one kind of application stay off the others' forms: 作业 (an operation)
    is a tending design's, not a land occupation's or an introduction's."""
    with translation.override("zh-hans"):
        for kind in ("occupation", "introduction"):
            titles = [str(title) for title, _rows in SECTIONS[kind]]
            assert not [t for t in titles if "作业" in t], (kind, titles)
        assert "作业" in str(SECTIONS["tending"][1][0])


def test_a_bracketed_seed_reference_is_cited_by_its_title():
    """An obligation's basis quotes a seed and refers to it in brackets: "（004 二4）" reads
    "（《北京市生态保护2023年行动计划》二4）" on every page (issue 45 item 12), rows stored before
    included (the ``citation`` filter)."""
    assert citation_for_people(
        "“强化引入后使用管控。”（004 二4）；《中华人民共和国生物安全法》"
    ) == (
        "“强化引入后使用管控。”（《北京市生态保护2023年行动计划》二4）；《中华人民共和国生物安全法》"
    )
    assert citation_for_people("“实行绩效管理。”（000 二（八））") == (
        "“实行绩效管理。”（《北京市天然林保护修复制度实施方案》二（八））"
    )
    basis = [
        path.relative_to(ROOT)
        for path in _templates()
        if re.search(r"\{\{\s*[\w.]*obligation\.basis\s*\}\}", path.read_text())
    ]
    assert basis == []


# ---- Internal codes in official documents and public pages (issue 45 item 12) ----------------
# What the system names things by, never what a document or a public page says: an identifier
# in snake_case (a layer kind, a choice's code), a rule's code (T4, N1, Z2), a seed file's code
# before its clause ("004 二4"), a geometry's type, a bare coordinate pair, "n=8".
INTERNAL_CODE = re.compile(
    r"(?<![A-Za-z0-9/_.?=&-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9/_])"
    r"|(?<![A-Za-z0-9])[TOSZN][0-9](?![0-9A-Za-z])"
    r"|(?<![\d.])\d{3} [一二三四五六七八九十]"
    r"|\b(?:Point|MultiPoint|Polygon|MultiPolygon|LineString)\b"
    r"|\d{2,3}\.\d{2,}\s*,\s*\d{1,2}\.\d{2,}"
    r"|\bn=\d+"
)


def internal_codes(text: str) -> list[str]:
    """Every internal code ``text`` shows (URLs' paths and queries are not text)."""
    return INTERNAL_CODE.findall(re.sub(r"https?://\S+", "", text))


CITED_ARTICLE = re.compile(r"第[一二三四五六七八九十百]+条")
NAMED_LAW = re.compile(r"《[^》]+》|本法|同法")


def test_every_article_the_chinese_interface_cites_names_its_law():
    """ "第三十四条第三款" alone names no law (issue 45, Low): every Chinese text that cites an
    article names the law before it (《…》, or 本法/同法 after it was named)."""
    catalogue = (ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text()
    unnamed = []
    for entry in catalogue.split("\n\n"):
        strings = re.search(r'^msgstr ((?:".*"\n?)+)', entry, re.M)
        if not strings:
            continue
        text = "".join(re.findall(r'"(.*)"', strings.group(1)))
        first = CITED_ARTICLE.search(text)
        if first and not NAMED_LAW.search(text[: first.start()]):
            unnamed.append(text[:60])
    assert unnamed == []
