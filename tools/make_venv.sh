#!/usr/bin/env bash
# Builds the project's virtual environment: `make venv` runs this (after its Python version check).
#
#   tools/make_venv.sh PYTHON VENV
#
# Fast path: uv (https://docs.astral.sh/uv/), the installer the book's own CI uses. It is taken from
# PATH, or fetched once from PyPI into .tools/uv (git-ignored, pinned below). With a warm package
# cache it builds the whole environment in seconds, where pip needs about a minute.
# Plain path: python -m venv + pip, exactly as before. It is used when INSTALLER=pip is set, when uv
# cannot be fetched, or when no CPU wheel of torch is on local disk for uv to take (uv does not read
# pip's configuration, and from PyPI alone a Linux `torch` is a CUDA build of several GB).
# Every step prints "==> step: ..." and a failure "make: FAILED at step: ...", as the Makefile does.
set -uo pipefail

PYTHON=$1
VENV=$2
TORCH="torch==2.13.0"
UV_PIN="uv==0.13.9"
UV_HOME=.tools/uv

step() { echo "==> step: $1"; }
fail() { echo "make: FAILED at step: $1" >&2; exit 1; }

# A folder of wheels holding torch 2.13.0: pip's find-links (PIP_FIND_LINKS or pip's config file).
torch_wheels() {
    local links
    links=${PIP_FIND_LINKS:-$("$PYTHON" -m pip config get global.find-links 2>/dev/null)}
    for dir in $links; do
        dir=${dir#file://}
        if compgen -G "$dir/torch-2.13.0*-cp311-*.whl" >/dev/null; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

find_uv() {
    [ "${INSTALLER:-auto}" = pip ] && return 1
    if command -v uv >/dev/null 2>&1; then command -v uv; return 0; fi
    if [ ! -x "$UV_HOME/bin/uv" ]; then
        step "fetch $UV_PIN into $UV_HOME (a faster installer; INSTALLER=pip skips it)" >&2
        local log
        log=$("$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
            --target "$UV_HOME" "$UV_PIN" 2>&1) \
            || { echo "$log" >&2; echo "uv could not be fetched (above): installing with pip instead" >&2; return 1; }
    fi
    echo "$UV_HOME/bin/uv"
}

with_uv() {
    local uv=$1 wheels=$2
    step "create $VENV (uv)"
    "$uv" venv --quiet --allow-existing --python "$PYTHON" "$VENV" || fail "create $VENV (uv)"
    step "install $TORCH (CPU, from $wheels) first"
    "$uv" pip install --quiet --python "$VENV/bin/python" --find-links "$wheels" "$TORCH" \
        || fail "install $TORCH (uv)"
    step "install the project (helpers, editable) with its test extra (uv)"
    "$uv" pip install --quiet --python "$VENV/bin/python" -e '.[test]' || fail "install the project (uv)"
}

with_pip() {
    step "create $VENV"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV" || fail "create $VENV"
    step "install $TORCH (CPU) first"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip || fail "upgrade pip"
    "$VENV/bin/python" -m pip install --quiet "$TORCH" || fail "install $TORCH"
    step "install the project (helpers, editable) with its test extra"
    "$VENV/bin/python" -m pip install --quiet -e '.[test]' || fail "install the project"
}

if uv=$(find_uv) && wheels=$(torch_wheels); then
    with_uv "$uv" "$wheels"
else
    [ -n "${uv:-}" ] && echo "no local CPU wheel of $TORCH for uv: installing with pip" >&2
    with_pip
fi
