#!/usr/bin/env python3
"""Generates Tests/MintSimChainTests/Fixtures/signed_sequence.json: a sequence of transactions signed by
eth-account for chain 31337 from the default development accounts (legacy, EIP-2930 and EIP-1559, with
data and access lists), each with its raw bytes, hash and sender, plus the balances and nonces every
account must have after all are mined with a base fee of 1 gwei (fees computed here from the
Ethereum intrinsic gas rules, independently of MintSim).

Dependencies: pip install eth-account
Usage: python3 scripts/gen_chain_vectors.py
"""
import json
import os
import random

from eth_account import Account

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "MintSimChainTests", "Fixtures", "signed_sequence.json")
MNEMONIC = "test test test test test test test test test test test junk"
CHAIN_ID = 31337
BASE_FEE = 10**9
GENESIS_BALANCE = 10_000 * 10**18

Account.enable_unaudited_hdwallet_features()
accounts = [Account.from_mnemonic(MNEMONIC, account_path=f"m/44'/60'/0'/0/{i}") for i in range(6)]
rng = random.Random(31337)

balances = {a.address: GENESIS_BALANCE for a in accounts}
nonces = {a.address: 0 for a in accounts}
coinbase = "0x0000000000000000000000000000000000000000"
balances.setdefault(coinbase, 0)


def intrinsic(data, access_list):
    gas = 21000 + sum(4 if b == 0 else 16 for b in data)
    for entry in access_list:
        gas += 2400 + 1900 * len(entry["storageKeys"])
    return gas


vectors = []
for i in range(60):
    sender = accounts[rng.randrange(4)]
    recipient = accounts[rng.randrange(6)].address
    kind = i % 3
    data = bytes(rng.choice([0, 0, rng.randrange(256)]) for _ in range(rng.choice([0, 0, 5, 40])))
    access_list = []
    if kind != 0 and rng.random() < 0.5:
        access_list = [{"address": accounts[rng.randrange(6)].address,
                        "storageKeys": ["0x" + bytes(rng.randrange(256) for _ in range(32)).hex() for _ in range(rng.randrange(3))]}]
    value = rng.choice([0, 1, 10**15, rng.randrange(10**18)])
    gas_used = intrinsic(data, access_list)
    tx = {"chainId": CHAIN_ID, "nonce": nonces[sender.address], "to": recipient, "value": value,
          "data": data, "gas": gas_used + rng.choice([0, 5000])}
    if kind == 2:
        tip = rng.choice([0, 10**9, 2 * 10**9])
        tx.update({"type": 2, "maxFeePerGas": BASE_FEE + tip + rng.choice([0, 10**9]), "maxPriorityFeePerGas": tip,
                   "accessList": access_list})
        price = min(tx["maxFeePerGas"], BASE_FEE + tip)
    else:
        tx["gasPrice"] = BASE_FEE + rng.choice([0, 10**9])
        if kind == 1:
            tx.update({"type": 1, "accessList": access_list})
        price = tx["gasPrice"]
    signed = Account.sign_transaction(tx, sender.key)
    raw = signed.raw_transaction if hasattr(signed, "raw_transaction") else signed.rawTransaction
    fee = gas_used * price
    balances[sender.address] -= fee + value
    balances[recipient] += value
    balances[coinbase] += gas_used * (price - BASE_FEE)
    nonces[sender.address] += 1
    vectors.append({"raw": "0x" + bytes(raw).hex(), "hash": "0x" + bytes(signed.hash).hex(), "sender": sender.address,
                    "type": kind, "gasUsed": str(gas_used), "effectiveGasPrice": str(price)})

result = {
    "description": "Transactions signed by eth-account for chain 31337 (base fee 1 gwei), mined in order; "
                   "final balances and nonces computed independently from the intrinsic gas rules.",
    "baseFee": str(BASE_FEE),
    "vectors": vectors,
    "finalBalances": {k: str(v) for k, v in sorted(balances.items())},
    "finalNonces": {k: v for k, v in sorted(nonces.items())},
}
with open(OUT, "w") as f:
    json.dump(result, f, indent=1)
    f.write("\n")
print(f"wrote {len(vectors)} transactions to {OUT}")
