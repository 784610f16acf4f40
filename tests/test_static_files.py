"""Static files in production (docs/deployment.md "Static files"): collectstatic without DEBUG
writes hashed, compressed files; pages link the hashed names; WhiteNoise serves them compressed
and cacheable for a year, to logged-in users too. And pages load only what they use: no flow
chart library, no Roboto, no Simple Icons (issue 11, bench/page_weight_bench.py).

The rest of the suite serves static files from the apps' folders (config/settings/test.py) and
needs no collectstatic; here it runs once, in a process of its own with production settings.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

# collectstatic takes half a minute: slow. Once per run under pytest-xdist too: make test sends
# each module's tests to one worker (--dist loadfile).
pytestmark = pytest.mark.slow

YEAR = "max-age=315360000"
STATIC_URLS = re.compile(r'(?:src|href)="(/static/[^"]+)"')
NOT_LOADED = ("vis-network", "roboto", "simple-icons")


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("static")
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "0",
        "DJANGO_STATIC_ROOT": str(root),
    }
    result = subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def production_static(static_root):
    """This process serving what collectstatic wrote, as a production process does."""
    with override_settings(
        STATIC_ROOT=static_root,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        yield Client()  # a new client: its middleware is built with these settings


def test_collectstatic_without_debug_writes_hashed_and_compressed_files(static_root):
    scripts = static_root / "viewflow" / "js"
    hashed = [p.name for p in scripts.glob("viewflow.min.*.js") if p.name != "viewflow.min.js"]
    assert len(hashed) == 1 and re.fullmatch(r"viewflow\.min\.[0-9a-f]{12}\.js", hashed[0])
    assert (scripts / f"{hashed[0]}.gz").exists() and (scripts / f"{hashed[0]}.br").exists()
    assert (static_root / "staticfiles.json").exists()
    assert (static_root / "web" / "site_map.js").exists()  # the project's own folder
    assert (static_root / "leaflet" / "leaflet.js").exists()  # django-leaflet's, no CDN
    # Left out (config/staticfiles.py): npm sources with broken references, Plotly Dash.
    assert not list(static_root.rglob("node_modules"))
    assert not (scripts / "contrib").exists()


def test_pages_link_hashed_files_served_compressed_for_a_year(production_static, applicant_my):
    page = production_static.get("/accounts/login/")
    assert page.status_code == 200
    urls = STATIC_URLS.findall(page.content.decode())
    assert any(re.search(r"/viewflow\.min\.[0-9a-f]{12}\.js$", url) for url in urls), urls
    assert not [url for url in urls if any(name in url.lower() for name in NOT_LOADED)]

    for url in urls:
        answer = production_static.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
        assert answer.status_code == 200, url
        assert YEAR in answer["Cache-Control"] and "immutable" in answer["Cache-Control"], url
    script = next(url for url in urls if url.endswith(".js") and "viewflow.min" in url)
    compressed = production_static.get(script, HTTP_ACCEPT_ENCODING="gzip, br")
    assert compressed["Content-Encoding"] == "br"
    assert production_static.get(script, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"

    # A logged-in user's page is never stored; the files it links still are, for a year.
    production_static.force_login(applicant_my)
    form = production_static.get("/applications/new/tending/")
    assert form.status_code == 200
    assert "no-store" in form["Cache-Control"]
    urls = STATIC_URLS.findall(form.content.decode())
    assert any(re.search(r"/web/site_map\.[0-9a-f]{12}\.js$", url) for url in urls), urls
    assert any(re.search(r"/leaflet/leaflet\.[0-9a-f]{12}\.js$", url) for url in urls), urls
    assert not [url for url in urls if any(name in url.lower() for name in NOT_LOADED)]
    answer = production_static.get(urls[0])
    assert YEAR in answer["Cache-Control"] and "no-store" not in answer["Cache-Control"]


def test_a_file_under_its_plain_name_is_cached_briefly(production_static):
    """Only a hashed name is immutable: a plain name's content changes with a release."""
    answer = production_static.get("/static/viewflow/js/viewflow.min.js")
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "max-age=60, public"
