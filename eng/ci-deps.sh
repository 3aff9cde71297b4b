#!/usr/bin/env bash
# Installs the Debian packages that the test suite's real counterparts need (CI runs this before the
# README's test command; on a developer machine the tests that need a package say that they skip
# when it is absent). One package per line in the list below, with what needs it.
set -euo pipefail

packages=(
  openssh-server        # remote-shell runners: a real sshd on a loopback port
  openssh-client        # ssh-keygen for throw-away test keys
  chromium              # web console browser tests (headless)
  python3-venv          # python-script runner: per-pack virtual environments
  python3-pip           # python-script runner: pack requirements not already satisfied
  python3-bs4           # st2 examples pack requirements (python-script tests)
  python3-flask         # st2 examples pack requirements (python-script tests)
  python3-eventlet      # st2 examples python-mock-create-vm
  python3-openpyxl      # StackStorm Exchange excel pack (python-script tests)
  python3-yaml          # st2 client, python wrapper
  python3-jinja2        # golden generators (reference Jinja2)
  python3-yaql          # golden generators (reference yaql)
  python3-requests      # st2 client
  python3-prettytable   # st2 client
  python3-dateutil      # st2 client
  python3-jsonschema    # st2 client
  python3-jsonpath-rw   # st2 client
  python3-six           # st2 client; Exchange packs (csv, excel) and st2 examples
  python3-argcomplete   # st2 client
  python3-prompt-toolkit # st2 client
  python3-pygments      # st2 client
  python3-cryptography  # st2 client
  python3-openssl       # st2 client
  python3-socks         # st2 client
  python3-tz            # st2 client
  python3-chardet       # st2 client
  python3-editor        # st2 client
  git                   # pack install from git repositories
  sudo                  # remote-shell runners: core.remote_sudo against the test sshd
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "eng/ci-deps.sh: not root, cannot install: ${missing[*]} (the tests that need them will skip)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
