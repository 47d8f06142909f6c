#!/usr/bin/env bash
# Installs the Debian packages nnlab needs when they are missing:
#   jupyter-nbconvert python3-nbclient python3-ipykernel  real Jupyter, to execute the notebooks
#                                                        as a student's Jupyter does (npm test)
#   jupyter-notebook                                     `npm run lab`
#   chromium                                             headless browser for the lecture-notes checks
#   python3-jupyter-kernel-test                          the Jupyter kernel conformance suite (test/e2e/kernel-conformance.test.ts)
# Idempotent and fast when everything is present (one dpkg-query). Needs root or
# password-less sudo when something is missing. Used by .ci/run and `npm test` (pretest).
set -euo pipefail

packages=(jupyter-nbconvert python3-nbclient jupyter-notebook python3-ipykernel chromium python3-jupyter-kernel-test)

# One dpkg-query for all of them (it names only the packages it knows).
installed=" $(dpkg-query -W -f='${Package}:${Status} ' "${packages[@]}" 2>/dev/null || true)"
missing=()
for p in "${packages[@]}"; do
  [[ "$installed" == *" $p:install ok installed "* ]] || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system: this is not a Debian/Ubuntu system (no apt-get); install these yourself: ${missing[*]}" >&2
  exit 1
fi

if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "ensure-system: missing Debian packages: ${missing[*]}" >&2
  echo "ensure-system: run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "ensure-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt/dpkg run to finish instead of failing on its lock.
lock=(-o DPkg::Lock::Timeout=900 -o Acquire::Lock::Timeout=900)
"${sudo[@]}" apt-get "${lock[@]}" update -q
"${sudo[@]}" apt-get "${lock[@]}" install -y -q "${missing[@]}"
