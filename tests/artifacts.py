"""Where the tests leave what a person looks at afterwards (screenshots, rendered PDFs, the
security probes' figures): ``test-artifacts/`` in the project, or ``JUZHU_TEST_ARTIFACTS``
(CI gives the SQLite and the PostgreSQL run a folder each, since they run side by side)."""

import os
from pathlib import Path

ARTIFACTS = Path(os.environ.get("JUZHU_TEST_ARTIFACTS") or Path(__file__).resolve().parents[1] / "test-artifacts")
