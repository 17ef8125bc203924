"""The real server (scripts/serve, as ./run serves) behind a TLS-ending reverse proxy.

The proxy is played by this test: it talks to the server on 127.0.0.1 with the headers
nginx adds (Host, X-Forwarded-Proto: https, X-Forwarded-For). Before the fix waitress
dropped X-Forwarded-Proto, Django saw plain http, refused the login form (CSRF origin
check, 403) and sent no HSTS. A peer that is not the configured proxy must not be
believed. The server listens on 127.0.0.1 only and is stopped when the test ends.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection

from tests.factories import ensure_organisation

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "juzhu.example.test"
PASSWORD = "Proxy-test-password-2026"
PROXY_HEADERS = {"Host": PUBLIC, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    """The test database this process made, for the server process to use."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgresql://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def real_server(tmp_path: Path, **env):
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("JUZHU_", "DJANGO_", "DATABASE_"))}
    environment.update(
        JUZHU_DATA_DIR=str(tmp_path / "data"),
        JUZHU_SECRET_KEY="x" * 60,
        JUZHU_PUBLIC_URL=f"https://{PUBLIC}",
        JUZHU_HOST="127.0.0.1",
        JUZHU_PORT=str(port),
        DATABASE_URL=database_url(),
        **env,
    )
    log = tmp_path / f"server-{port}.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(ROOT / "scripts" / "serve")],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start: " + log.read_text()
                time.sleep(0.2)
        yield port, log
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def request(port, method, path, headers, body=None):
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    client.request(method, path, body=body, headers=headers)
    response = client.getresponse()
    text = response.read().decode()
    client.close()
    cookies = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        parsed = SimpleCookie(header)
        for name, morsel in parsed.items():
            cookies[name] = (morsel.value, header)
    return response, text, cookies


def login(port, extra_headers):
    headers = {**PROXY_HEADERS, **extra_headers}
    page, html, cookies = request(port, "GET", "/login/", headers)
    assert page.status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    posted = request(
        port,
        "POST",
        "/login/",
        {
            **headers,
            "Cookie": f"csrftoken={cookies['csrftoken'][0]}",
            "Origin": f"https://{PUBLIC}",
            "Referer": f"https://{PUBLIC}/login/",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        urlencode({"username": "clerk_laocheng", "password": PASSWORD, "csrfmiddlewaretoken": token}),
    )
    return page, cookies, posted


@pytest.fixture
def clerk(transactional_db, flushable_audit):
    staff = ensure_organisation()
    staff.clerk.set_password(PASSWORD)
    staff.clerk.save()
    return staff.clerk


def test_behind_the_proxy_the_login_works_over_https_with_hsts_and_secure_cookies(clerk, tmp_path):
    from axes.models import AccessLog

    with real_server(tmp_path) as (port, log):
        page, cookies, (response, body, posted_cookies) = login(port, {})
        assert response.status == 302, (response.status, body[:300], log.read_text()[-2000:])
        assert response.headers["Location"] == "/"
        assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
        assert "Secure" in cookies["csrftoken"][1]
        assert "sessionid" in posted_cookies and "Secure" in posted_cookies["sessionid"][1]
        assert "HttpOnly" in posted_cookies["sessionid"][1]
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        refused, _, _ = request(port, "POST", "/login/", PROXY_HEADERS, urlencode({"username": "x"}))
        assert refused.status == 403  # no CSRF token
        time.sleep(0.5)
        logged = log.read_text()
    # The address django-axes keeps is the client's, as the trusted proxy said (X-Forwarded-For).
    assert AccessLog.objects.get(username="clerk_laocheng").ip_address == "203.0.113.7"
    # The refusal is one line in the server log, not a traceback (DEBUG off, as served).
    [line] = [line for line in logged.splitlines() if "403" in line]
    assert "POST /login/" in line and "user=-" in line and "CSRF" in line
    assert "Traceback" not in logged


def test_forwarded_headers_from_a_peer_that_is_not_the_proxy_are_not_believed(clerk, tmp_path):
    """A client reaching the port directly claims https: it is plain http, sent to https."""
    with real_server(tmp_path, JUZHU_TRUSTED_PROXY="192.0.2.10") as (port, _log):
        page, _, _ = request(port, "GET", "/login/", PROXY_HEADERS)
        assert page.status == 301 and page.headers["Location"] == f"https://{PUBLIC}/login/"
        assert "Strict-Transport-Security" not in page.headers


def test_the_servers_processes_and_threads_come_from_the_environment_and_a_bad_value_is_refused_in_chinese():
    from juzhu.serve import server_options, threads, workers

    assert threads({}) == 2 and server_options({})["blocking_threads"] == 2
    chosen = server_options({"JUZHU_THREADS": "1", "JUZHU_WORKERS": "3"})
    assert (chosen["blocking_threads"], chosen["workers"]) == (1, 3)
    assert 1 <= workers({}) == min(len(os.sched_getaffinity(0)), 8)
    for bad in ("0", "many", "-1", "65"):
        with pytest.raises(SystemExit, match="JUZHU_THREADS（每个进程的工作线程数）"):
            threads({"JUZHU_THREADS": bad})
        with pytest.raises(SystemExit, match="JUZHU_WORKERS（工作进程数）"):
            workers({"JUZHU_WORKERS": bad})
    with pytest.raises(SystemExit, match="JUZHU_PORT（端口）"):
        server_options({"JUZHU_PORT": "80a"})


def test_a_proxy_header_name_that_waitress_does_not_know_is_refused_in_chinese():
    from juzhu.serve import proxy_settings

    assert proxy_settings(False, {}) == {"trusted_proxy": None, "clear_untrusted": True}
    trusted = proxy_settings(True, {"JUZHU_TRUSTED_PROXY_HEADERS": "X-Forwarded-Proto"})
    assert trusted["trusted_proxy"] == "127.0.0.1" and trusted["trusted_proxy_headers"] == {"x-forwarded-proto"}
    with pytest.raises(SystemExit, match="JUZHU_TRUSTED_PROXY_HEADERS（受信任代理的转发头）含未知的头 x-real-ip"):
        proxy_settings(True, {"JUZHU_TRUSTED_PROXY_HEADERS": "x-forwarded-proto x-real-ip"})
