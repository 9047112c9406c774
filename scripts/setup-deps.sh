#!/usr/bin/env bash
# Installs the Debian 12 packages targetwatch needs to build, test and run; idempotent.
set -euo pipefail

# Build and test dependencies, all from Debian 12 (bookworm).
packages=(
  build-essential cmake pkg-config ninja-build
  libboost1.81-dev libboost-json1.81-dev
  prometheus-cpp-dev libtomlplusplus-dev libsqlite3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  prometheus prometheus-alertmanager systemd curl python3 python3-yaml sqlite3
  clang clang-format libclang-rt-14-dev
  libxlsxwriter-dev libzip-dev libexpat1-dev zlib1g-dev libssl-dev libpq-dev
  chromium chromium-driver python3-selenium fonts-noto-cjk
  postgresql prometheus-pushgateway openssl
)
if [[ "${TARGETWATCH_SETUP_EXTRA:-}" != "" ]]; then
  # shellcheck disable=SC2206
  packages+=(${TARGETWATCH_SETUP_EXTRA})
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "targetwatch setup: installing missing Debian packages: ${missing[*]}" >&2
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "targetwatch setup: these packages are missing and I am not root (and there is no sudo):" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "targetwatch setup: done" >&2
