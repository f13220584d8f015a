#!/usr/bin/env bash
# Installs what is missing, builds MintSim and runs its main job on the embedded defaults:
# the development accounts of the default mnemonic, printed as anvil prints them at start.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --product mintsim
exec .build/debug/mintsim accounts "$@"
