"""gunicorn's settings: `make serve` and every web machine (docs/deployment.md "Production layout").

    gunicorn -c config/gunicorn.conf.py

Read from the environment through config.env, so a value it cannot read stops gunicorn naming
the variable. The web process is stateless (sessions, login failures, tokens and numbers live in
PostgreSQL; files in the shared storage), so machines are added behind the proxy as they are.

``preload_app`` is off by default: each worker imports ``config.wsgi`` itself, whose production
check (``documents.checks``: the public address and the audit signing key) then runs in every
worker; when it fails the worker cannot boot and gunicorn stops with the check's message instead
of serving. A reload (``kill -HUP``) re-imports the code and re-reads the key, which is what a
deployment or a key rotation wants. Preloading (``PERMITS_GUNICORN_PRELOAD=1``) imports once in
the master and forks: less memory and quicker worker restarts, the check runs once at start, but a
reload keeps the old code and key (restart instead). Nothing opens a database or broker connection
at import, so nothing is shared across the fork.

``/static/`` is answered by the application itself (WhiteNoise, docs/deployment.md "Static
files"), from what ``collectstatic`` wrote to ``DJANGO_STATIC_ROOT``.
"""

from config.env import env_bool, env_int, env_list

wsgi_app = "config.wsgi:application"
bind = env_list("PERMITS_GUNICORN_BIND", default=["127.0.0.1:8000"])
# Rendering a document is CPU-bound: about two workers per core; threads add connections, not CPU.
workers = env_int("PERMITS_GUNICORN_WORKERS", default=2, minimum=1)
threads = env_int("PERMITS_GUNICORN_THREADS", default=1, minimum=1)
# A case file (案卷) of a large application takes seconds to build; a hung worker is restarted.
timeout = env_int("PERMITS_GUNICORN_TIMEOUT", default=60, minimum=1)
preload_app = env_bool("PERMITS_GUNICORN_PRELOAD", default=False)
# The proxy logs every request; gunicorn's own access log is for a machine looked at alone.
accesslog = "-" if env_bool("PERMITS_GUNICORN_ACCESS_LOG", default=False) else None
errorlog = "-"
# Whether X-Forwarded-Proto means HTTPS is Django's decision alone (DJANGO_TRUST_X_FORWARDED_PROTO,
# docs/deployment.md "HTTPS behind a proxy"): gunicorn must not trust it from 127.0.0.1 by itself.
secure_scheme_headers: dict[str, str] = {}
