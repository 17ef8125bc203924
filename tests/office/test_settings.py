"""Settings that depend on how the office is served."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cookie_flags(tmp_path, **env) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("JUZHU_", "DJANGO_"))}
    environment.update(JUZHU_DATA_DIR=str(tmp_path), **env)
    code = (
        "import json, juzhu.settings as s; print(json.dumps([getattr(s, n, False) for n in "
        "('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS')]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, check=True, capture_output=True, text=True
    ).stdout
    session, csrf, hsts = json.loads(out)
    assert bool(hsts) == session, "HSTS goes with HTTPS"
    return {"session": session, "csrf": csrf}


def test_served_over_https_the_session_and_csrf_cookies_are_secure(tmp_path):
    """Over HTTPS a session cookie without the Secure flag is also sent over plain HTTP (a link,
    a typed address, a network that downgrades), where anyone on the way can take the session."""
    assert cookie_flags(tmp_path, JUZHU_PUBLIC_URL="https://juzhu.ankang.example") == {"session": True, "csrf": True}
    assert cookie_flags(tmp_path, JUZHU_HTTPS="1") == {"session": True, "csrf": True}
    # Plain http (./run on 127.0.0.1, the tests) keeps working: the browser would drop a Secure cookie.
    assert cookie_flags(tmp_path) == {"session": False, "csrf": False}
    assert cookie_flags(tmp_path, JUZHU_PUBLIC_URL="https://juzhu.ankang.example", JUZHU_HTTPS="0") == {
        "session": False,
        "csrf": False,
    }
