#!/usr/bin/env bash
# Installs what is missing, builds MintSim and runs its main job on the embedded defaults: the
# development accounts of the default mnemonic (as anvil prints them at start), then the example
# scenarios, step by step, on one chain kept in demo.sqlite, then a few queries against that file.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --product mintsim
mintsim=.build/debug/mintsim
state=demo.sqlite
$mintsim accounts "$@"
echo
# A fresh chain each time: the examples assert on the state they start from.
rm -f "$state" "$state-wal" "$state-shm"
$mintsim run --state "$state" scenarios/
for query in "tokens" "holders ACME" "balance ACME carol" "logs --token ACME --event Transfer --limit 5"; do
    echo
    echo "\$ mintsim $query --state $state"
    # shellcheck disable=SC2086
    $mintsim $query --state "$state"
done
