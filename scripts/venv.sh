# Sourced by ./run and ./test: make .venv and install juzhu into it when pyproject.toml changed.
# Needs only Python 3.11+ with venv (Debian: apt-get install python3 python3-venv).
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "juzhu 需要 Python 3.11 或更高版本（当前：$("$PYTHON" --version 2>&1)）" >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    if ! "$PYTHON" -m venv .venv; then
        echo "无法创建虚拟环境。Debian 上请先安装：apt-get install python3-venv" >&2
        rm -rf .venv
        exit 1
    fi
fi
_stamp=.venv/.juzhu-installed
_wanted=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$_stamp" 2>/dev/null)" != "$_wanted" ]; then
    echo "正在安装依赖到 .venv …" >&2
    .venv/bin/python -m pip install --quiet --upgrade pip
    # constraints.txt: the exact versions last tested (scripts/lock-dependencies).
    .venv/bin/python -m pip install --quiet -c constraints.txt -e '.[test]'
    echo "$_wanted" > "$_stamp"
fi
