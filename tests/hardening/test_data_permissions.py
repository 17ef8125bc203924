"""The data folder is the residents' data: 0700, and the SQLite files in it 0600 (R-22).

The first release left the database 0644 in a 0755 folder: any local account could
copy it. Checked by starting Django in a fresh process under the usual umask (022).
"""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Open the database as the server does, write, and report the modes while it is open
# (SQLite removes -wal and -shm when the last connection closes).
OPEN_AND_WRITE = """
import json, os, stat, django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as c:
    c.execute("CREATE TABLE IF NOT EXISTS probe (x integer)")
    c.execute("INSERT INTO probe VALUES (1)")
    data = settings.DATA_DIR
    print(json.dumps({p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in [data, *data.iterdir()]
                      if p.name != "static"}))
"""


def modes(data_dir: Path) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("JUZHU_", "DJANGO_", "DATABASE_"))}
    environment.update(JUZHU_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="juzhu.settings")
    out = subprocess.run(
        [sys.executable, "-c", f"import os; os.umask(0o022)\n{OPEN_AND_WRITE}"],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def test_a_new_data_folder_is_0700_and_the_database_files_0600(tmp_path):
    data = tmp_path / "data"
    found = modes(data)
    assert found.pop("data") == "0o700"
    assert {"juzhu.sqlite3", "juzhu.sqlite3-wal", "juzhu.sqlite3-shm", "secret_key"} <= set(found)
    assert set(found.values()) == {"0o600"}, found


def test_an_existing_folder_left_readable_is_closed_at_start_up(tmp_path):
    data = tmp_path / "data"
    modes(data)
    data.chmod(0o755)
    for name in ("juzhu.sqlite3", "secret_key"):
        (data / name).chmod(0o644)
    found = modes(data)
    assert found.pop("data") == "0o700"
    assert set(found.values()) == {"0o600"}, found
    assert not stat.S_IMODE((data / "juzhu.sqlite3").stat().st_mode) & 0o077
