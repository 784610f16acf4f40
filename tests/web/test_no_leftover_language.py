"""No English left in the Chinese interface, no Chinese in the English one, except data.

Each demo role's pages are found the way the role finds them: from its start page, following the
same-origin links it is shown (a new page is checked as soon as something links to it), plus the
error pages. Every page is read in both languages; its visible text and the attributes a person
reads or hears (``title``, ``aria-label``, ``placeholder``, ``alt``, button values) are checked.

Data is what the demo seed stored (names, titles, opinions, numbers, usernames): a word that
occurs in a stored value is data in both languages. ``ALLOWED_IN_CHINESE`` and
``ALLOWED_IN_ENGLISH`` name the few words the interface shows on purpose.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import Resolver404, resolve

from demo.seed import demo_seed

pytestmark = pytest.mark.django_db

# One demo user of every role, the superuser (the admin) and, in the test, someone without one.
PERSONAS = (
    None,  # anonymous: the login page
    "applicant_my",
    "district_my",
    "muni_forest",  # approver, and consultant of its own agency
    "muni_plan",  # consultant
    "auditor_bj",
    "head_my",
    "admin",
    "no_role",
)
ERROR_PAGES = ("/no-such-page/", "/applications/999999/")

# Shown on purpose in the Chinese interface, as Chinese official and technical writing uses them:
# abbreviations and names of formats, standards and algorithms, units, key caps, and the date
# notation of the project's own 日期（YYYY-MM-DD）.
ALLOWED_IN_CHINESE = frozenset(
    {
        *("PDF", "QR", "API", "CSV", "XLSX", "JSON", "GeoJSON", "KML", "Shapefile", "prj", "ZIP"),
        *(
            "WGS",
            "CGCS2000",
            "GB",
            "GB18030",
            "UTF",
            "SHA",
            "Merkle",
            "Ed25519",
            "IP",
            "ID",
            "HTTP",
            "LDAP",
        ),
        *("KB", "MB"),
        *("Enter", "Shift", "Backspace", "Esc", "Tab", "Control", "Command", "Mac"),
        *("YYYY", "MM", "DD"),
        # The second factor's enrolment (issue 47) names the authenticator apps people know.
        *("TOTP", "Google", "Microsoft", "Authenticator", "FreeOTP"),
        # The unified sign-in's protocols, named as the province platforms name them.
        *("CAS", "OpenID", "Connect"),
        # Passkeys (WebAuthn) are confirmed with a device's PIN (PIN 码), as phones say it.
        "PIN",
        # The change patches' layers are GeoPackage files too (issue 48); the field check's
        # photos are JPEG or PNG (the patch's verification form, shown once the demo's patches
        # are assigned).
        *("GeoPackage", "JPEG", "PNG"),
    }
)
# Shown on purpose in the English interface: Chinese terms of art given in brackets after their
# translation ("Sub-compartment registry (小班)", "Per-official reports (离任审计)"), and the
# Chinese examples of the admin's help for values written in Chinese (an agency's abbreviation
# 密园林, the court named where none is set, 有管辖权的人民法院), rule T4's "operation
# design document (作业设计书)", which the pages show where the rule finds against a design, and
# a route's minimum "real-name level (实名等级)" of the unified sign-in (issue 47), and an
# enforcement case "Registered (立案)" (issue 48).
ALLOWED_IN_ENGLISH = frozenset(
    {
        *("小班", "离任审计", "管护协议", "密园林", "有管辖权的人民法院", "作业设计书"),
        *("实名等级", "立案"),
    }
)
# A whole run of letters and digits with a letter in it (a digest's "53238687dc" is one word,
# not "dc"), at least two characters long.
ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{2,}")
# Words that are identifiers, not language: hexadecimal digests (shown shortened, whatever
# letters they hold), the rules' codes (T1, O3, S2, Z1), the grounds of a non-acceptance (N1)
# and layer versions (v1); a second factor's base32 key, shown at enrolment (RFC 4648).
IDENTIFIER = re.compile(r"[0-9a-f]{8,}|[0-9a-f]*[0-9][0-9a-f]*|[TOSZN][0-9]|v[0-9]+|[A-Z2-7]{16,}")
CHINESE_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# The admin shows a password's hash and salt masked: their first characters, then asterisks.
MASKED_SECRET = re.compile(r"\S*\*{8,}")
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "label")
# Pages that are not the web interface, or that are files, or that change something on GET.
SKIPPED = re.compile(
    r"^/(?:static|media|api|jsi18n|i18n)/|/logout/|\.(?:pdf|zip|csv)$"
    r"|/attachments/\d+/(?:preview/)?$"
    r"|^/admin/jsi18n/|/read(?:-all)?/$"
)
PAGES_PER_ROUTE = 2


class _PageText(HTMLParser):
    """The text a reader of the page sees or hears: text nodes outside scripts, styles and
    icon ligatures (``<i class="material-icons">menu</i>`` draws an icon), and read attributes."""

    SILENT = {"script", "style"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language.split("-")[0]
        self.texts: list[str] = []
        self.links: list[str] = []
        self._stack: list[bool] = []  # per open element: is its text silent?

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        silent = (
            tag in self.SILENT
            or "material-icons" in (attributes.get("class") or "").split()
            or self._other_language(tag, attributes.get("lang"))
            or (bool(self._stack) and self._stack[-1])
        )
        if tag not in self.VOID:
            self._stack.append(silent)
        if silent:
            return
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])
        kind = (attributes.get("type") or "").lower()
        if tag == "input" and kind in ("submit", "button", "reset") and attributes.get("value"):
            self.texts.append(attributes["value"])

    def _other_language(self, tag: str, lang: str | None) -> bool:
        """An element marked as another language (``lang="zh-Hans"``: a quoted clause, the
        language switch) speaks that language on purpose."""
        return tag != "html" and bool(lang) and lang.split("-")[0].lower() != self.language

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self._stack.pop()

    def handle_endtag(self, tag):
        if tag not in self.VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not (self._stack and self._stack[-1]) and data.strip():
            self.texts.append(data)


def _stored_words() -> tuple[set[str], set[str]]:
    """Every English word and Chinese run of the text the database holds (data), choice codes
    excepted: a page must show a choice's label, never its code."""
    english: set[str] = set()
    chinese: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
            and not f.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields).iterator():
            for value in _strings(row):
                english.update(ENGLISH_WORD.findall(value))
                chinese.update(CHINESE_RUN.findall(value))
    return english, chinese


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _is_json(text: str) -> bool:
    if not text.lstrip().startswith(("{", "[")):
        return False
    try:
        return isinstance(json.loads(text), (dict, list))
    except ValueError:
        return False


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


class _Crawl:
    def __init__(self, client: Client, language: str, stored: tuple[set[str], set[str]]):
        self.client = client
        self.language = language
        self.stored_english, self.stored_chinese = stored
        self.seen: set[str] = set()
        self.per_route: Counter[str] = Counter()
        self.leftovers: dict[str, dict[str, str]] = {}  # url → word → the text it is in
        self.pages = 0

    def walk(self, start: list[str]) -> None:
        queue = list(start)
        while queue:
            url = queue.pop(0)
            if url in self.seen:
                continue
            self.seen.add(url)
            queue.extend(self.visit(url))

    def visit(self, url: str) -> list[str]:
        response = self.client.get(url)
        if response.status_code in (301, 302, 303, 307, 308):
            return [response["Location"]]
        if not response.get("Content-Type", "").startswith("text/html"):
            return []
        self.pages += 1
        page = _PageText(self.language)
        page.feed(response.content.decode())
        self.check(url, page.texts)
        return [link for link in (self._followed(url, href) for href in page.links) if link]

    def check(self, url: str, texts: list[str]) -> None:
        if self.language == "zh-hans":
            foreign, known = ENGLISH_WORD, self.stored_english | ALLOWED_IN_CHINESE
        else:
            foreign, known = CHINESE_RUN, self.stored_chinese | ALLOWED_IN_ENGLISH
        for text in texts:
            if _is_json(text):  # a JSON field's value: data, in JSON's notation (true, null)
                continue
            for word in foreign.findall(MASKED_SECRET.sub("", text)):
                if word not in known and not IDENTIFIER.fullmatch(word):
                    self.leftovers.setdefault(url, {}).setdefault(word, " ".join(text.split())[:80])

    def _followed(self, base: str, href: str) -> str | None:
        parts = urlsplit(urljoin(base, href))
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            return None
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if SKIPPED.search(parts.path) or url in self.seen:
            return None
        route = _route(parts.path)
        if route is None:
            return None
        if self.per_route[route] >= PAGES_PER_ROUTE:
            return None
        self.per_route[route] += 1
        return url


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo data once for the module (seeding is the slow part), removed afterwards."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            demo_seed()
            get_user_model().objects.create_user("no_role", first_name="无角色")
            # Each persona's login stores an access log (the admin lists them): data too.
            for username in PERSONAS:
                if username:
                    _client(username, "en")
            stored = _stored_words()
            yield stored
            transaction.set_rollback(True)


def _client(username: str | None, language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("username", PERSONAS)
def test_pages_speak_one_language(demo_site, username, language):
    crawl = _Crawl(_client(username, language), language, demo_site)
    crawl.walk(["/", *ERROR_PAGES])
    assert crawl.pages >= 3
    found = "\n".join(
        f"{url}: {word!r} in {text!r}"
        for url, words in sorted(crawl.leftovers.items())
        for word, text in sorted(words.items())
    )
    assert not crawl.leftovers, f"{username or 'anonymous'} in {language}:\n{found}"


def test_the_public_pages_show_no_internal_code(demo_site):
    """What anyone reaches without an account (the public decisions, verification, appraisal,
    the report form) shows no rule, layer or seed code, geometry type or bare coordinates
    (issue 45 item 12; the class: ``tests.test_language.internal_codes``)."""
    from tests.test_language import internal_codes

    client = _client(None, "zh-hans")
    found: dict[str, list[str]] = {}
    queue, seen = ["/", "/public/decisions/", "/public/appraisal/", "/public/reports/new/"], set()
    while queue:
        url = queue.pop(0)
        if url in seen or len(seen) >= 40:
            continue
        seen.add(url)
        response = client.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = _PageText("zh-hans")
        page.feed(response.content.decode())
        if codes := internal_codes("\n".join(page.texts)):
            found[url] = codes
        queue += [
            link
            for href in page.links
            if (link := urlsplit(urljoin(url, href)).path).startswith(("/public/", "/verify/"))
            and not SKIPPED.search(link)
        ]
    assert len(seen) >= 4
    assert found == {}
