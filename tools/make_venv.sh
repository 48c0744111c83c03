#!/usr/bin/env bash
# Builds the project's virtual environment: `make venv` runs this (after its Python version check).
#
#   tools/make_venv.sh PYTHON VENV
#
# Fast path: uv (https://docs.astral.sh/uv/), the installer the book's own CI uses. It is taken from
# PATH, or fetched once from PyPI (pinned below) into the user's cache folder beside pip's and uv's
# own caches, ~/.cache/text-to-tensors/uv-<version> (XDG_CACHE_HOME is honoured), so the next clone
# on this machine does not fetch it again (pip takes about 6 s for it here); with no home folder, or
# one that cannot be written, into .tools/uv (git-ignored). uv first installs from its cache alone
# (--offline: no index requests, about 5 s saved with a warm cache) and asks the package registry
# only when something is missing there.
# With a warm package cache it builds the whole environment in seconds, where pip needs about a minute.
# Plain path: python -m venv + pip, exactly as before. It is used when INSTALLER=pip is set, when uv
# cannot be fetched, or when no CPU wheel of torch is on local disk for uv to take (uv does not read
# pip's configuration, and from PyPI alone a Linux `torch` is a CUDA build of several GB).
# Every step prints "==> step: ..." and a failure "make: FAILED at step: ...", as the Makefile does.
set -uo pipefail

PYTHON=$1
VENV=$2
TORCH="torch==2.13.0"
UV_PIN="uv==0.13.9"
# Where uv is kept, in order of preference: the user's cache folder (if there is a home), then .tools/uv.
CACHE_ROOT=${XDG_CACHE_HOME:-${HOME:+$HOME/.cache}}
UV_HOMES=(${CACHE_ROOT:+"$CACHE_ROOT/text-to-tensors/uv-${UV_PIN#uv==}"} .tools/uv)

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

# Fetches uv into $1 all or nothing: into a new folder beside it, then renamed into place, so an
# interrupted fetch never leaves a half-written uv behind (nor does a second clone fetching at once).
fetch_uv() {
    local home=$1 tmp log
    mkdir -p "$(dirname "$home")" 2>/dev/null && tmp=$(mktemp -d "$home.partial.XXXXXX" 2>/dev/null) || return 1
    log=$("$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
        --target "$tmp" "$UV_PIN" 2>&1) \
        || { rm -rf "$tmp"; echo "$log" >&2; return 2; }
    mv -T "$tmp" "$home" 2>/dev/null || rm -rf "$tmp"  # lost a race: the other copy is as good
    [ -x "$home/bin/uv" ] || return 2
}

find_uv() {
    [ "${INSTALLER:-auto}" = pip ] && return 1
    if command -v uv >/dev/null 2>&1; then command -v uv; return 0; fi
    local home
    for home in "${UV_HOMES[@]}"; do
        if [ -x "$home/bin/uv" ]; then echo "$home/bin/uv"; return 0; fi
    done
    for home in "${UV_HOMES[@]}"; do
        step "fetch $UV_PIN into $home (a faster installer, kept for the next clone; INSTALLER=pip skips it)" >&2
        fetch_uv "$home"
        case $? in
            0) echo "$home/bin/uv"; return 0 ;;
            1) echo "cannot write $home" >&2 ;;
            *) break ;;
        esac
    done
    echo "uv could not be fetched (above): installing with pip instead" >&2
    return 1
}

# uv_install UV ARGS...: `uv pip install ARGS` from uv's cache alone first (no index requests; the
# project's own pins are exact, and the packages they need come in the versions the cache holds from
# the last install), and only if something is missing there, from the registry.
uv_install() {
    local uv=$1; shift
    "$uv" pip install --quiet --offline --python "$VENV/bin/python" "$@" 2>/dev/null \
        || "$uv" pip install --quiet --python "$VENV/bin/python" "$@"
}

with_uv() {
    local uv=$1 wheels=$2
    step "create $VENV (uv)"
    "$uv" venv --quiet --allow-existing --python "$PYTHON" "$VENV" || fail "create $VENV (uv)"
    step "install $TORCH (CPU, from $wheels) first"
    uv_install "$uv" --find-links "$wheels" "$TORCH" || fail "install $TORCH (uv)"
    step "install the project (helpers, editable) with its test extra (uv)"
    uv_install "$uv" -e '.[test]' || fail "install the project (uv)"
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
