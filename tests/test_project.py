"""Project-wide checks that belong in the one test command: lint, layer contracts, types and migrations."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "juzhu", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted():
    """``ruff format``: one layout, so a diff shows what changed and not who last touched the file."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "juzhu", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_layer_contracts_hold():
    """``[tool.importlinter]`` in pyproject.toml: the rules import nothing of Django or the clock, the
    registry nothing of the surfaces (office, API, documents, demo), staff and the audit log nothing above."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: " in result.stdout  # it did check them


def test_the_rules_type_check_strictly():
    """``[tool.mypy]`` in pyproject.toml: ``mypy --strict`` on the pure rules (juzhu/rules)."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", os.devnull],
        cwd=ROOT,  # no cache left behind
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_production_settings_pass_check_deploy(tmp_path):
    """``check --deploy`` as production runs: DEBUG off, HTTPS behind the proxy, a real secret key.
    Silenced checks are listed in settings.SILENCED_SYSTEM_CHECKS, each with its reason."""
    import os
    import secrets

    environment = {k: v for k, v in os.environ.items() if not k.startswith(("JUZHU_", "DJANGO_", "DATABASE_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="juzhu.settings",
        JUZHU_DATA_DIR=str(tmp_path),
        JUZHU_PUBLIC_URL="https://juzhu.ankang.example",
        JUZHU_SECRET_KEY=secrets.token_urlsafe(50),
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
