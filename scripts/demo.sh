#!/usr/bin/env bash
# Installs what is missing, builds MintSim and runs its main job on the embedded defaults: the
# development accounts of the default mnemonic (as anvil prints them at start), then the example
# scenarios, step by step.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --product mintsim
.build/debug/mintsim accounts "$@"
echo
exec .build/debug/mintsim run scenarios/
