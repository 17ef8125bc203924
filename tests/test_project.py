"""Project-wide checks that belong in the one test command: lint, layer contracts, types and migrations."""

import ast
import os
import re
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
    """``[tool.mypy]`` in pyproject.toml: ``mypy --strict`` on the pure rules (juzhu/rules) and, with
    django-stubs' plugin, on the registry's actions (juzhu/registry/actions), the residents' layer
    (juzhu/residents) and what they import."""
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


# --- addresses come from the URL map: reverse() / {% url %} / {% static %}, never literals -------

# Where addresses are defined rather than used: the URL maps (every urls.py) and the settings (STATIC_URL).
ADDRESS_DEFINITIONS = {"juzhu/settings.py"}
# The API's route table is its operations' decorators (``@router.get("/persons/{id}")``), its urls.py.
ROUTE_TABLES = {"router", "api"}
# A bare "/" is an address (the workbench) except where it is a separator handed to a str method.
STR_METHODS = {"strip", "rstrip", "lstrip", "split", "rsplit", "join", "replace", "endswith", "startswith"}
URL_ATTRIBUTE = re.compile(r"""\b(?:href|action|src|formaction)\s*=\s*["']/(?!/)""")
QUOTED_PATH = re.compile(r"""["'`](/[^"'`\s]*)""")


def site_paths() -> re.Pattern[str]:
    """What a site path starts with: every first segment of the URL map (and the static files)."""
    from django.conf import settings
    from django.urls import URLResolver, get_resolver

    segments = {settings.STATIC_URL.strip("/").split("/")[0]}
    pending = list(get_resolver().url_patterns)
    while pending:
        pattern = pending.pop()
        first = re.split(r"[/<.]", str(pattern.pattern))[0]
        if first:
            segments.add(first)
        elif isinstance(pattern, URLResolver):  # mounted at the root: its own first segments
            pending.extend(pattern.url_patterns)
    return re.compile(r"/(?:{})(?:[/?#.]|$)".format("|".join(map(re.escape, sorted(segments)))))


def python_url_literals(source: str, site: re.Pattern[str]) -> list[str]:
    """String constants (f-string parts too) that are site paths, a bare "/" or an HTML link to one."""
    tree = ast.parse(source)
    allowed, inner = set(), set()  # inner: an f-string's later parts (f"/persons/{pk}/" ends in "/")
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inner.update(id(part) for part in node.values[1:])
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id in ROUTE_TABLES and node.args:
                allowed.add(id(node.args[0]))
            if node.func.attr in STR_METHODS:
                allowed.update(id(argument) for argument in node.args)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in allowed:
            continue
        text = node.value
        if site.match(text) or (text == "/" and id(node) not in inner) or URL_ATTRIBUTE.search(text):
            found.append(f"line {node.lineno}: {text!r}")
    return found


def markup_url_literals(text: str, site: re.Pattern[str]) -> list[str]:
    """``href="/…"``, ``action="/…"``, ``src="/…"`` and quoted site paths (a script's fetch("/api/…"))."""
    found = {match.start(1): match.group(1) for match in QUOTED_PATH.finditer(text) if site.match(match.group(1))}
    for match in URL_ATTRIBUTE.finditer(text):  # by where the path starts: each literal once
        found.setdefault(match.end() - 1, match.group(0))
    return [f"line {text.count(chr(10), 0, start) + 1}: {found[start]}" for start in sorted(found)]


def test_addresses_are_reversed_never_written_as_literals():
    """docs/design.md "reverse, never literals": a page moved in urls.py moves every link to it."""
    site = site_paths()
    found = []
    for path in sorted((ROOT / "juzhu").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name not in ADDRESS_DEFINITIONS and path.name != "urls.py":
            found += [f"{name} {hit}" for hit in python_url_literals(path.read_text(), site)]
    for suffix in ("*.html", "*.js", "*.css"):
        for path in sorted((ROOT / "juzhu").rglob(suffix)):
            name = path.relative_to(ROOT).as_posix()
            found += [f"{name} {hit}" for hit in markup_url_literals(path.read_text(), site)]
    assert not found, "use reverse() / {% url %} / {% static %} instead of:\n" + "\n".join(found)


def test_the_literal_check_finds_what_it_is_meant_to_find():
    """The check above can fail: each planted literal is found, each legitimate string passes."""
    site = site_paths()
    planted = {
        'redirect(f"/persons/{pk}/")': 1,
        'done(request, "已办理。", "/applications/7/")': 1,
        'target = request.GET.get("next") or "/"': 1,
        'OPEN = ("/login/", "/static/", "/api/")': 3,
        "html = f\"<a href='/'>返回首页</a>{x}\"": 1,
        'url = "/search/?q=" + name': 1,
        'base = value.rstrip("/")': 0,
        '@router.get("/persons/{id}")\ndef read(request, id): ...': 0,
        'text = "见 /api/v1/docs 与 https://example.org/persons/"': 0,
        "path = f\"{public_base_url()}{reverse('verify', args=[n])}?t={token}\"": 0,
    }
    for source, expected in planted.items():
        assert len(python_url_literals(source, site)) == expected, source
    markup = {
        '<a href="/search/">查询</a>': 1,
        '<form method="post" action="/persons/{{ p.pk }}/photo/">': 1,
        '<script src="/static/office/once.js"></script>': 1,
        'fetch("/api/v1/rules/evaluate", {method: "POST"})': 1,
        "<a href=\"{% url 'home' %}\">首页</a> <img src=\"{% static 'office/favicon.svg' %}\">": 0,
        '<a href="https://example.org/">外部</a> <a href="#main">跳到正文</a>': 0,
    }
    for text, expected in markup.items():
        assert len(markup_url_literals(text, site)) == expected, text
