"""The data folder holds the residents' data (SQLite database, uploads, the secret key):
only the account that runs juzhu may read it (R-22).

The folder is made 0700 and its files 0600, at creation and again at every start-up
(a copy restored with ``cp -r`` or a umask of 022 leaves them readable). SQLite gives
its ``-wal`` and ``-shm`` files the mode of the database file, so the database is
created 0600 before SQLite first opens it. When the modes cannot be set (another
owner), juzhu refuses to start with a message saying what to do.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def _close(path: Path, mode: int) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if current & 0o077:
        try:
            path.chmod(current & ~0o077 | (mode & 0o700))
        except OSError as exc:
            raise ImproperlyConfigured(
                f"数据目录中的 {path} 权限为 {current:o}，其他用户可以读取居民数据，且无法改正（{exc.strerror}）。"
                f"请以其所有者身份执行：chmod {mode:o} {path}"
            ) from None


def secure(folder: Path) -> None:
    """Create ``folder`` 0700 if missing; close the folder and the files directly in it."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    _close(folder, FOLDER_MODE)
    for entry in folder.iterdir():
        if entry.is_file() and not entry.is_symlink():
            _close(entry, FILE_MODE)


def create_private(path: Path) -> None:
    """Create an empty file readable by its owner alone (before SQLite or anyone writes it)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except FileExistsError:
        pass
