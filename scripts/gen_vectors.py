#!/usr/bin/env python3
# gen_vectors.py - generates the reference test vectors for MintSimPrimitives.
#
# Writes JSON fixtures to Tests/MintSimPrimitivesTests/Fixtures/:
#   keccak.json        Keccak-256 (original Keccak padding, not SHA3-256) hashes
#   eip55.json         EIP-55 mixed-case checksummed addresses
#   rlp.json           RLP encodings (valid) and malformed encodings (invalid)
#   abi.json           Solidity ABI encodings, function selectors, event topic0s
#   signatures.json    secp256k1 RFC 6979 low-s ECDSA signatures with recovery id
#   transactions.json  signed legacy (pre-/post-EIP-155), EIP-2930 and EIP-1559 txs
#   accounts.json      BIP-39 seeds, BIP-32/44 HD derived accounts, invalid mnemonics
# and the Swift source Sources/MintSimPrimitives/Accounts/BIP39EnglishWordlist.swift
# (the 2048-word BIP-39 English word list).
#
# Output is deterministic: all randomness comes from seeded random.Random
# instances, so re-running the script produces byte-identical files.
#
# Dependencies (Python 3.11):
#   pip install "eth-hash[pycryptodome]" eth-account eth-abi rlp eth-keys mnemonic
#
# Usage (from the repository root or anywhere):
#   python3 scripts/gen_vectors.py

import json
import os
import random
import unicodedata

import rlp
from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_account import Account
from eth_account._utils.legacy_transactions import (
    serializable_unsigned_transaction_from_dict,
)
from eth_account.typed_transactions import TypedTransaction
from eth_hash.auto import keccak
from eth_keys import keys
from eth_utils import to_checksum_address
from mnemonic import Mnemonic

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "MintSimPrimitivesTests", "Fixtures")
WORDLIST_SWIFT = os.path.join(
    ROOT, "Sources", "MintSimPrimitives", "Accounts", "BIP39EnglishWordlist.swift"
)

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


# ---------------------------------------------------------------- helpers


def hx(b: bytes) -> str:
    return "0x" + bytes(b).hex()


def hx32(i: int) -> str:
    return "0x" + i.to_bytes(32, "big").hex()


def rand_bytes(rng: random.Random, n: int) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(n))


def write_json(name: str, obj) -> None:
    os.makedirs(FIXTURES, exist_ok=True)
    path = os.path.join(FIXTURES, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(obj, f, indent=1, sort_keys=False, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


def note(msg: str) -> None:
    print("NOTE:", msg)


# ---------------------------------------------------------------- keccak


def gen_keccak():
    rng = random.Random(0x4B454343)
    inputs = []
    fixed_lengths = [0, 1, 2, 3, 31, 32, 33, 64, 134, 135, 136, 137,
                     271, 272, 273, 1000, 4096]
    for n in fixed_lengths:
        inputs.append(rand_bytes(rng, n))
    # A few structured inputs of awkward lengths.
    inputs.append(b"\x00" * 136)
    inputs.append(b"\xff" * 136)
    inputs.append(b"\x00" * 135)
    inputs.append(b"\x01")
    inputs.append(b"\x80")
    for s in ["", "abc", "hello", "hello world",
              "The quick brown fox jumps over the lazy dog",
              "transfer(address,uint256)",
              "approve(address,uint256)",
              "balanceOf(address)",
              "Transfer(address,address,uint256)",
              "Approval(address,address,uint256)",
              "testing",
              "κόσμε ☃ 日本語"]:
        inputs.append(s.encode("utf-8"))
    while len(inputs) < 170:
        inputs.append(rand_bytes(rng, rng.randint(0, 600)))
    vectors = [{"input": hx(b), "hash": hx(keccak(b))} for b in inputs]
    # Sanity: known answer for empty input (Keccak-256, not SHA3-256).
    assert vectors[0]["hash"] == (
        "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
    write_json("keccak.json", {
        "description": "Keccak-256 (Ethereum, original Keccak padding 0x01; "
                       "NOT FIPS-202 SHA3-256) of the input bytes. Generated "
                       "with eth_hash.",
        "vectors": vectors,
    })
    return len(vectors)


# ---------------------------------------------------------------- eip55


def gen_eip55():
    rng = random.Random(0xE1955)
    addrs = [
        b"\x00" * 20,
        b"\xff" * 20,
        bytes.fromhex("f39fd6e51aad88f6f4ce6ab8827279cfffb92266"),
        bytes.fromhex("70997970c51812dc3a010c7d01b50e0d17dc79c8"),
        bytes.fromhex("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
        bytes.fromhex("fb6916095ca1df60bb79ce92ce3ea74c37c5d359"),
        bytes.fromhex("dbf03b407c01e7cd3cbea99509d93f8dddc8c6fb"),
        bytes.fromhex("d1220a0cf47c7b9be7a2e6ba89f429762e7b9adb"),
        b"\x00" * 19 + b"\x01",
        b"\x01" + b"\x00" * 19,
        bytes.fromhex("1234567890" * 4),  # digits only
        bytes.fromhex("abcdefabcd" * 4),  # letters only
        bytes.fromhex("deadbeef" * 5),
    ]
    while len(addrs) < 170:
        addrs.append(rand_bytes(rng, 20))
    vectors = []
    for a in addrs:
        lower = hx(a)
        cs = to_checksum_address(lower)
        assert cs.lower() == lower
        vectors.append({"lower": lower, "checksummed": cs})
    write_json("eip55.json", {
        "description": "EIP-55 mixed-case checksum encoding of 20-byte "
                       "addresses. Generated with eth_utils.to_checksum_address.",
        "vectors": vectors,
    })
    return len(vectors)


# ---------------------------------------------------------------- rlp


def rlp_json(v):
    if isinstance(v, (bytes, bytearray)):
        return hx(v)
    return [rlp_json(x) for x in v]


def rlp_normalize(v):
    if isinstance(v, (bytes, bytearray)):
        return bytes(v)
    return [rlp_normalize(x) for x in v]


def gen_rlp():
    rng = random.Random(0x524C50)

    def rand_leaf():
        r = rng.random()
        if r < 0.15:
            return b""
        if r < 0.35:
            return bytes([rng.randint(0, 0xFF)])
        if r < 0.85:
            return rand_bytes(rng, rng.randint(2, 60))
        return rand_bytes(rng, rng.randint(55, 300))

    def rand_tree(depth):
        if depth == 0 or rng.random() < 0.35:
            return rand_leaf()
        return [rand_tree(depth - 1) for _ in range(rng.randint(0, 5))]

    values = []
    values.append(b"")
    for b in [0x00, 0x01, 0x7F, 0x80, 0x81, 0xFF]:
        values.append(bytes([b]))
    for n in [2, 54, 55, 56, 57, 255, 256, 1024]:
        values.append(rand_bytes(rng, n))
    values.append(rand_bytes(rng, 70000))
    values.append(b"dog")
    values.append(b"Lorem ipsum dolor sit amet, consectetur adipisicing elit")
    values.append([])
    values.append([b"cat", b"dog"])
    values.append([[], [[]], [[], [[]]]])  # set-theoretic 3
    values.append([b""])
    values.append([b"\x00"])
    values.append([[]])
    # lists with payload of exactly 55 and 56 bytes
    values.append([rand_bytes(rng, 53)])  # 0xb5 + 53 = 54
    values.append([rand_bytes(rng, 54)])  # 0xb6 + 54 = 55 -> short list
    values.append([rand_bytes(rng, 55)])  # 0xb7 + 55 = 56 -> long list
    values.append([rand_bytes(rng, 56)])  # 0xb8 0x38 + 56 = 58
    values.append([b"\x01"] * 55)         # 55-byte payload
    values.append([b"\x01"] * 56)         # 56-byte payload
    values.append([b"\x01"] * 54 + [b""])  # 55
    values.append([b"\x01"] * 54 + [b"ab"])  # 57
    values.append([b"\xab" * 20] * 3200)  # payload 67200 > 65535 (3-byte len)
    # deep nesting
    d = []
    for _ in range(10):
        d = [d]
    values.append(d)
    d = b"deep"
    for _ in range(10):
        d = [d, b"\x7f"]
    values.append(d)
    d = []
    for i in range(10):
        d = [bytes([i]), d, rand_bytes(rng, i * 7)]
    values.append(d)
    # integers as minimal big-endian byte strings (how Ethereum encodes ints)
    for i in [0, 1, 127, 128, 255, 256, 1024, 2**32 - 1, 2**64 - 1, 2**256 - 1]:
        values.append(i.to_bytes((i.bit_length() + 7) // 8, "big"))
    while len(values) < 190:
        values.append(rand_tree(rng.randint(1, 4)))

    valid = []
    for v in values:
        enc = rlp.encode(v)
        dec = rlp.decode(enc, strict=True)
        assert rlp_normalize(dec) == rlp_normalize(v), v
        valid.append({"value": rlp_json(v), "encoded": hx(enc)})

    # ---- invalid
    H = bytes.fromhex
    cand = [
        (b"", "empty input"),
        (H("8100"), "single byte 0x00 encoded with 0x81 prefix (non-canonical)"),
        (H("8101"), "single byte 0x01 encoded with 0x81 prefix (non-canonical)"),
        (H("817f"), "single byte 0x7f encoded with 0x81 prefix (non-canonical)"),
        (H("c28100"), "list containing non-canonical single byte"),
        (H("b805") + b"hello", "long string form used for length < 56"),
        (H("b837") + b"\x61" * 55, "long string form used for length 55"),
        (H("b800"), "long string form with zero length"),
        (H("b90040") + b"\x61" * 64, "length-of-length with leading zero"),
        (H("b90038") + b"\x61" * 56, "string length with leading zero byte"),
        (H("f90038") + b"\x01" * 56, "list length with leading zero byte"),
        (H("f805") + H("0102030405"), "long list form used for length < 56"),
        (H("f800"), "long list form with zero length"),
        (H("f837") + b"\x01" * 55, "long list form used for length 55"),
        (H("83"), "string prefix with no payload"),
        (H("836162"), "truncated string payload"),
        (H("b838") + b"\x61" * 55, "truncated long string payload"),
        (H("b8"), "long string prefix missing length byte"),
        (H("ba0100"), "truncated length-of-length field"),
        (H("c3"), "list prefix with no payload"),
        (H("c30102"), "truncated list payload"),
        (H("f838") + b"\x01" * 55, "truncated long list payload"),
        (H("f8"), "long list prefix missing length byte"),
        (H("c28261"), "list with truncated child"),
        (H("c2836162") + b"c", "child extends past end of list payload"),
        (H("c48363"), "list with truncated child and short payload"),
        (H("0102"), "trailing byte after single-byte item"),
        (H("8000"), "trailing byte after empty string"),
        (H("c0c0"), "trailing empty list after empty list"),
        (H("83646f6700"), "trailing byte after string"),
        (H("c10102"), "trailing byte after list"),
        (H("b8ff") + b"\x61" * 10, "declared length exceeds input"),
        (H("f8ff") + b"\x01" * 10, "declared list length exceeds input"),
        (H("bfffffffffffffffff") + b"\x61" * 4,
         "8-byte length-of-length giving huge length"),
        (H("ffffffffffffffffff") + b"\x01" * 4,
         "8-byte list length-of-length giving huge length"),
        (H("bf0000000000000001") + b"\x61",
         "8-byte length-of-length with leading zeros"),
    ]
    # truncations of random valid encodings and trailing garbage
    for i in range(8):
        enc = rlp.encode(rand_tree(3) if i % 2 else rand_bytes(rng, rng.randint(2, 80)))
        if len(enc) >= 2:
            cut = rng.randint(1, len(enc) - 1)
            cand.append((enc[:cut], "truncated encoding of a valid item"))
    for i in range(4):
        enc = rlp.encode(rand_tree(2))
        cand.append((enc + rand_bytes(rng, rng.randint(1, 3)),
                     "trailing bytes after a complete item"))

    invalid = []
    seen = set()
    for data, why in cand:
        if data in seen:
            continue
        seen.add(data)
        try:
            rlp.decode(data, strict=True)
        except Exception:
            invalid.append({"encoded": hx(data), "why": why})
        else:
            note(f"pyrlp accepted supposedly invalid RLP {hx(data)} ({why}); dropped")
    assert len(invalid) >= 30
    write_json("rlp.json", {
        "description": "Recursive Length Prefix. 'valid': value is a byte "
                       "string (hex) or a list (JSON array) of values, and "
                       "encoded is its canonical RLP. 'invalid': encodings "
                       "that a strict decoder must reject (pyrlp "
                       "rlp.decode(strict=True) raises on each).",
        "valid": valid,
        "invalid": invalid,
    })
    return len(valid), len(invalid)


# ---------------------------------------------------------------- abi


class ABIGen:
    def __init__(self, rng: random.Random):
        self.rng = rng

    # ---- types
    def base_type(self):
        r = self.rng
        kind = r.choice(["uint", "int", "address", "bool", "bytesM",
                         "bytes", "string", "uint", "int", "bytesM"])
        if kind == "uint":
            return "uint" + str(r.choice([8, 16, 24, 32, 40, 64, 96, 128,
                                          r.randrange(8, 257, 8), 256, 256]))
        if kind == "int":
            return "int" + str(r.choice([8, 16, 24, 32, 48, 64, 128,
                                         r.randrange(8, 257, 8), 256, 256]))
        if kind == "bytesM":
            return "bytes" + str(r.choice([1, 2, 4, 8, 20, r.randint(1, 32),
                                           32, 32]))
        return kind

    def rand_type(self, depth):
        r = self.rng
        if depth <= 0:
            return self.base_type()
        x = r.random()
        if x < 0.45:
            return self.base_type()
        if x < 0.65:
            return self.rand_type(depth - 1) + "[]"
        if x < 0.8:
            return self.rand_type(depth - 1) + "[" + str(r.randint(1, 4)) + "]"
        n = r.randint(1, 4)
        t = "(" + ",".join(self.rand_type(depth - 1) for _ in range(n)) + ")"
        y = r.random()
        if y < 0.2:
            t += "[]"
        elif y < 0.3:
            t += "[" + str(r.randint(1, 3)) + "]"
        return t

    # ---- values (python value for eth_abi, JSON value)
    def rand_value(self, t):
        r = self.rng
        # array suffixes: take the outermost (rightmost) one
        if t.endswith("]"):
            i = t.rindex("[")
            inner, dim = t[:i], t[i + 1:-1]
            n = r.randint(0, 4) if dim == "" else int(dim)
            pairs = [self.rand_value(inner) for _ in range(n)]
            return [p[0] for p in pairs], [p[1] for p in pairs]
        if t.startswith("("):
            comps = split_tuple(t)
            pairs = [self.rand_value(c) for c in comps]
            return tuple(p[0] for p in pairs), [p[1] for p in pairs]
        if t.startswith("uint"):
            m = int(t[4:])
            v = r.choice([0, 1, 2**m - 1, 2**m - 2, r.getrandbits(m),
                          r.getrandbits(m), r.getrandbits(min(m, 16))])
            return v, str(v)
        if t.startswith("int"):
            m = int(t[3:])
            lo, hi = -(2 ** (m - 1)), 2 ** (m - 1) - 1
            v = r.choice([0, 1, -1, lo, hi, lo + 1, r.randint(lo, hi),
                          r.randint(lo, hi), r.randint(max(lo, -1000), min(hi, 1000))])
            return v, str(v)
        if t == "address":
            a = r.choice([b"\x00" * 20, b"\xff" * 20] + [rand_bytes(r, 20)] * 4)
            cs = to_checksum_address(a)
            return cs, cs
        if t == "bool":
            v = r.random() < 0.5
            return v, v
        if t == "bytes":
            n = r.choice([0, 1, 31, 32, 33, 64, r.randint(0, 70), r.randint(0, 70)])
            b = rand_bytes(r, n)
            return b, hx(b)
        if t.startswith("bytes"):
            b = rand_bytes(r, int(t[5:]))
            return b, hx(b)
        if t == "string":
            s = r.choice([
                "", "a", "hello", "Hello, World!", "κόσμε", "日本語テキスト",
                "emoji 🚀🦄 ok", "x" * 32, "y" * 33,
                "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789 ")
                        for _ in range(r.randint(0, 70))),
                "".join(chr(r.choice([r.randint(0x20, 0x7E),
                                      r.randint(0xA0, 0x24F),
                                      r.randint(0x4E00, 0x4FFF),
                                      r.randint(0x1F300, 0x1F5FF)]))
                        for _ in range(r.randint(0, 20))),
            ])
            return s, s
        raise ValueError(t)


def split_tuple(t):
    assert t[0] == "(" and t[-1] == ")"
    body = t[1:-1]
    if body == "":
        return []
    parts, depth, cur = [], 0, ""
    for ch in body:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        cur += ch
    parts.append(cur)
    return parts


def abi_norm(v):
    if isinstance(v, (list, tuple)):
        return [abi_norm(x) for x in v]
    if isinstance(v, str) and v.startswith("0x") and len(v) == 42:
        return v.lower()
    return v


def gen_abi():
    rng = random.Random(0xAB1)
    g = ABIGen(rng)
    vectors = []

    def add(types, pyvals, jsonvals):
        enc = abi_encode(types, pyvals)
        dec = abi_decode(types, enc)
        assert abi_norm(list(dec)) == abi_norm(list(pyvals)), (types, pyvals, dec)
        vectors.append({"types": list(types), "values": jsonvals,
                        "encoded": hx(enc)})

    def addj(types, pyvals):
        # hand-picked: derive JSON values from python values
        def j(t, v):
            if t.endswith("]"):
                inner = t[:t.rindex("[")]
                return [j(inner, x) for x in v]
            if t.startswith("("):
                return [j(c, x) for c, x in zip(split_tuple(t), v)]
            if t.startswith(("uint", "int")):
                return str(v)
            if t == "address":
                return to_checksum_address(v)
            if t == "bool" or t == "string":
                return v
            if t.startswith("bytes"):
                return hx(v)
            raise ValueError(t)
        add(types, pyvals, [j(t, v) for t, v in zip(types, pyvals)])

    hh0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    hh1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    addj([], [])
    addj(["address", "uint256"], [hh1, 10**18])
    addj(["address", "address", "uint256"], [hh0, hh1, 2**256 - 1])
    addj(["string"], ["hello"])
    addj(["string"], [""])
    addj(["bytes"], [b""])
    addj(["bytes"], [b"\x01" * 32])
    addj(["bytes"], [b"\x01" * 33])
    addj(["uint256[]"], [[]])
    addj(["string[]"], [[]])
    addj(["string[]"], [["one", "two", "three"]])
    addj(["uint256[]", "uint256[]"], [[1, 2, 3], []])
    addj(["uint256"], [0])
    addj(["uint256"], [2**256 - 1])
    addj(["int256"], [-1])
    addj(["int256"], [-(2**255)])
    addj(["int256"], [2**255 - 1])
    addj(["int8"], [-128])
    addj(["uint8"], [255])
    addj(["bool", "bool"], [True, False])
    addj(["bytes32"], [b"\xab" * 32])
    addj(["bytes1"], [b"\x01"])
    addj(["address"], ["0x0000000000000000000000000000000000000000"])
    addj(["uint256[][3]"], [[[1], [], [2, 3]]])
    addj(["(uint256,address)[]"], [[(1, hh0), (2, hh1)]])
    addj(["(bytes,(string,bool))[2]"], [[(b"\x12\x34", ("x", True)),
                                         (b"", ("", False))]])
    addj(["(uint256,string)", "uint8"], [(7, "seven"), 7])
    addj(["uint32", "bool"], [69, True])  # Solidity docs example
    addj(["bytes3[2]"], [[b"abc", b"def"]])
    addj(["bytes", "bool", "uint256[]"], [b"dave", True, [1, 2, 3]])
    addj(["uint256", "uint32[]", "bytes10", "bytes"],
         [0x123, [0x456, 0x789], b"1234567890", b"Hello, world!"])
    addj(["uint256[][]", "string[]"], [[[1, 2], [3]], ["one", "two", "three"]])
    addj(["string"], ["κόσμε 🚀"])
    addj(["address[]"], [[hh0, hh1]])
    addj(["(uint256[],string)"], [([], "")])

    # boundary values for every uint/int size
    for m in range(8, 257, 8):
        addj([f"uint{m}", f"uint{m}"], [0, 2**m - 1])
        addj([f"int{m}", f"int{m}", f"int{m}"],
             [-(2 ** (m - 1)), 2 ** (m - 1) - 1, -1])
    # every bytesM
    for m in range(1, 33):
        addj([f"bytes{m}"], [rand_bytes(rng, m)])

    n_random = 0
    while n_random < 220:
        ntypes = rng.randint(1, 4)
        types = [g.rand_type(rng.randint(0, 3)) for _ in range(ntypes)]
        pairs = [g.rand_value(t) for t in types]
        add(types, [p[0] for p in pairs], [p[1] for p in pairs])
        n_random += 1

    # ---- selectors
    sigs = [
        "transfer(address,uint256)", "transferFrom(address,address,uint256)",
        "approve(address,uint256)", "balanceOf(address)",
        "allowance(address,address)", "totalSupply()", "name()", "symbol()",
        "decimals()", "increaseAllowance(address,uint256)",
        "decreaseAllowance(address,uint256)",
        "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)",
        "nonces(address)", "DOMAIN_SEPARATOR()", "mint(address,uint256)",
        "burn(uint256)", "burnFrom(address,uint256)",
        "ownerOf(uint256)", "safeTransferFrom(address,address,uint256)",
        "safeTransferFrom(address,address,uint256,bytes)",
        "setApprovalForAll(address,bool)", "getApproved(uint256)",
        "isApprovedForAll(address,address)", "tokenURI(uint256)",
        "supportsInterface(bytes4)",
        "onERC721Received(address,address,uint256,bytes)",
        "safeTransferFrom(address,address,uint256,uint256,bytes)",
        "safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)",
        "balanceOfBatch(address[],uint256[])", "uri(uint256)",
        "onERC1155Received(address,address,uint256,uint256,bytes)",
        "onERC1155BatchReceived(address,address,uint256[],uint256[],bytes)",
        "hasRole(bytes32,address)", "getRoleAdmin(bytes32)",
        "grantRole(bytes32,address)", "revokeRole(bytes32,address)",
        "renounceRole(bytes32,address)", "owner()", "transferOwnership(address)",
        "renounceOwnership()", "pause()", "unpause()", "paused()",
        "deposit()", "withdraw(uint256)",
        "multicall(bytes[])", "aggregate((address,bytes)[])",
        "execute((address,uint256,bytes)[])",
        "Error(string)", "Panic(uint256)",
    ]
    fn_names = ["foo", "bar", "baz", "doThing", "setValue", "getValue",
                "swapExactTokensForTokens", "claim", "stake", "vote", "f", "g",
                "submit", "settle", "_internal", "x1"]
    while len(sigs) < 90:
        name = rng.choice(fn_names) + (str(rng.randint(0, 99)) if rng.random() < 0.5 else "")
        args = [g.rand_type(rng.randint(0, 2)) for _ in range(rng.randint(0, 4))]
        s = f"{name}({','.join(args)})"
        if s not in sigs:
            sigs.append(s)
    selectors = [{"signature": s, "selector": hx(keccak(s.encode())[:4])}
                 for s in sigs]
    sel = {d["signature"]: d["selector"] for d in selectors}
    assert sel["transfer(address,uint256)"] == "0xa9059cbb"
    assert sel["approve(address,uint256)"] == "0x095ea7b3"
    assert sel["balanceOf(address)"] == "0x70a08231"

    # ---- events
    evs = [
        "Transfer(address,address,uint256)",
        "Approval(address,address,uint256)",
        "ApprovalForAll(address,address,bool)",
        "TransferSingle(address,address,address,uint256,uint256)",
        "TransferBatch(address,address,address,uint256[],uint256[])",
        "URI(string,uint256)",
        "RoleGranted(bytes32,address,address)",
        "RoleRevoked(bytes32,address,address)",
        "RoleAdminChanged(bytes32,bytes32,bytes32)",
        "OwnershipTransferred(address,address)",
        "Paused(address)", "Unpaused(address)",
        "Deposit(address,uint256)", "Withdrawal(address,uint256)",
        "Swap(address,uint256,uint256,uint256,uint256,address)",
        "Sync(uint112,uint112)",
        "Executed((address,uint256,bytes)[],bool)",
        "OrderFilled(bytes32,(address,uint256),(address,uint256))",
    ]
    ev_names = ["Foo", "Bar", "Updated", "Created", "Removed", "Log",
                "ValueChanged", "Settled", "E"]
    while len(evs) < 60:
        name = rng.choice(ev_names) + (str(rng.randint(0, 99)) if rng.random() < 0.5 else "")
        args = [g.rand_type(rng.randint(0, 2)) for _ in range(rng.randint(0, 4))]
        if rng.random() < 0.25:
            args.append("(" + ",".join(g.base_type() for _ in range(rng.randint(1, 3))) + ")")
        s = f"{name}({','.join(args)})"
        if s not in evs:
            evs.append(s)
    events = [{"signature": s, "topic0": hx(keccak(s.encode()))} for s in evs]
    assert events[0]["topic0"] == (
        "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")

    write_json("abi.json", {
        "description": "Solidity contract ABI. 'vectors': eth_abi.encode(types, "
                       "values) (head/tail encoding of the parameter tuple). "
                       "Values: uint/int as decimal strings, address as "
                       "EIP-55 string, bool as JSON bool, bytesM/bytes as hex, "
                       "string as JSON string, arrays and tuples as JSON "
                       "arrays. 'selectors': first 4 bytes of keccak256 of the "
                       "canonical function signature. 'events': topic0 = "
                       "keccak256 of the canonical event signature.",
        "vectors": vectors,
        "selectors": selectors,
        "events": events,
    })
    return len(vectors), len(selectors), len(events)


# ---------------------------------------------------------------- signatures


def gen_signatures():
    rng = random.Random(0x5167)
    key_ints = [1, 2, 3, SECP256K1_N - 1, SECP256K1_N - 2, 2**128, 2**255,
                0xAC0974BEC39A17E36BA4A6B4D238FF944BACB478CBED5EFCAE784D7BF4F2FF80]
    while len(key_ints) < 160:
        k = int.from_bytes(rand_bytes(rng, 32), "big")
        if 1 <= k < SECP256K1_N:
            key_ints.append(k)
    msgs = [b"\x00" * 32, b"\xff" * 32, keccak(b""), keccak(b"hello"),
            keccak(b"mintsim"), keccak(b"\x19Ethereum Signed Message:\n5hello"),
            (1).to_bytes(32, "big"), (SECP256K1_N - 1).to_bytes(32, "big"),
            SECP256K1_N.to_bytes(32, "big")]
    vectors = []
    for i, k in enumerate(key_ints):
        pk = keys.PrivateKey(k.to_bytes(32, "big"))
        if i < len(msgs):
            h = msgs[i]
        elif i % 5 == 0:
            h = keccak(f"message #{i}".encode())
        else:
            h = rand_bytes(rng, 32)
        sig = pk.sign_msg_hash(h)
        r, s, v = sig.r, sig.s, sig.v
        assert v in (0, 1)
        assert 1 <= s <= SECP256K1_N // 2, "expected low-s"
        assert sig.recover_public_key_from_msg_hash(h) == pk.public_key
        assert pk.public_key.verify_msg_hash(h, sig)
        pub = b"\x04" + pk.public_key.to_bytes()
        vectors.append({
            "privateKey": hx32(k),
            "publicKey": hx(pub),
            "address": pk.public_key.to_checksum_address(),
            "msgHash": hx(h),
            "r": hx32(r),
            "s": hx32(s),
            "recoveryId": v,
        })
    assert vectors[7]["address"] == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    write_json("signatures.json", {
        "description": "secp256k1 ECDSA over a 32-byte message hash with "
                       "RFC 6979 deterministic nonces (HMAC-SHA256) and low-s "
                       "normalisation; recoveryId is the y-parity of R (0/1). "
                       "publicKey is uncompressed SEC1 (0x04||X||Y); address "
                       "is keccak256(X||Y)[12:]. Generated with eth_keys.",
        "vectors": vectors,
    })
    return len(vectors)


# ---------------------------------------------------------------- transactions


def to_int(b: bytes) -> int:
    return int.from_bytes(b, "big")


def gen_transactions():
    rng = random.Random(0x7E5)
    vectors = []

    def rand_key():
        while True:
            k = int.from_bytes(rand_bytes(rng, 32), "big")
            if 1 <= k < SECP256K1_N:
                return k

    def rand_addr():
        return to_checksum_address(rand_bytes(rng, 20))

    def pick(choices_weighted):
        return rng.choice(choices_weighted)

    def rand_nonce():
        return pick([0, 0, 1, 2**64 - 1, 2**64 - 2, rng.randint(0, 1000),
                     rng.randint(0, 2**32)])

    def rand_gas():
        return pick([21000, 21000, 30000000, 2**64 - 1, 53000,
                     rng.randint(21000, 10_000_000)])

    def rand_price():
        return pick([0, 1, 10**9, 2 * 10**9, 2**256 - 1, rng.randint(0, 10**12),
                     rng.getrandbits(rng.randint(1, 256))])

    def rand_value():
        return pick([0, 0, 1, 10**18, 2**256 - 1, rng.getrandbits(rng.randint(1, 256))])

    def rand_data():
        return pick([b"", b"", rand_bytes(rng, 4), rand_bytes(rng, 68),
                     rand_bytes(rng, rng.randint(0, 300)), rand_bytes(rng, 300)])

    def rand_access_list():
        n = pick([0, 0, 1, 1, 2, 3])
        out = []
        for _ in range(n):
            out.append({"address": rand_addr(),
                        "storageKeys": [hx(rand_bytes(rng, 32))
                                        for _ in range(rng.randint(0, 3))]})
        return out

    def emit(txtype, d, key):
        keyhex = hx32(key)
        signed = Account.sign_transaction(d, keyhex)
        raw = bytes(signed.raw_transaction)
        txhash = bytes(signed.hash)
        assert txhash == keccak(raw)
        if txtype == 0:
            unsigned = serializable_unsigned_transaction_from_dict(d)
            signing_hash = bytes(unsigned.hash())
        else:
            signing_hash = bytes(TypedTransaction.from_dict(d).hash())
        v, r, s = signed.v, signed.r, signed.s
        if txtype == 0:
            if "chainId" in d:
                y = v - 35 - 2 * d["chainId"]
            else:
                y = v - 27
        else:
            y = v
        assert y in (0, 1), (txtype, v)
        sig = keys.Signature(vrs=(y, r, s))
        pub = sig.recover_public_key_from_msg_hash(signing_hash)
        sender = pub.to_checksum_address()
        expected = keys.PrivateKey(key.to_bytes(32, "big")).public_key
        assert pub == expected
        assert s <= SECP256K1_N // 2
        to = d.get("to") or None

        # double-check the raw encoding with rlp
        if txtype == 0:
            f = rlp.decode(raw, strict=True)
            assert len(f) == 9
            nonce, gp, gas, to_b, val, data, vb, rb, sb = f
            assert to_int(gp) == d["gasPrice"]
        else:
            assert raw[0] == txtype
            f = rlp.decode(raw[1:], strict=True)
            if txtype == 1:
                assert len(f) == 11
                cid, nonce, gp, gas, to_b, val, data, al, vb, rb, sb = f
                assert to_int(gp) == d["gasPrice"]
            else:
                assert len(f) == 12
                cid, nonce, mp, mf, gas, to_b, val, data, al, vb, rb, sb = f
                assert to_int(mp) == d["maxPriorityFeePerGas"]
                assert to_int(mf) == d["maxFeePerGas"]
            assert to_int(cid) == d["chainId"]
            assert [[to_checksum_address(e[0]), [hx(k) for k in e[1]]]
                    for e in al] == [[e["address"], e["storageKeys"]]
                                     for e in d["accessList"]]
        assert to_int(nonce) == d["nonce"] and to_int(gas) == d["gas"]
        assert to_int(val) == d["value"] and bytes(data) == d["data"]
        assert (to_checksum_address(to_b) if to_b else None) == to
        assert to_int(vb) == v and to_int(rb) == r and to_int(sb) == s
        # canonical integer encodings (no leading zeros)
        for b in (nonce, gas, val, vb, rb, sb):
            assert b == b"" or b[0] != 0

        out = {"type": txtype,
               "chainId": str(d["chainId"]) if "chainId" in d else None,
               "nonce": str(d["nonce"])}
        if txtype in (0, 1):
            out["gasPrice"] = str(d["gasPrice"])
        else:
            out["maxPriorityFeePerGas"] = str(d["maxPriorityFeePerGas"])
            out["maxFeePerGas"] = str(d["maxFeePerGas"])
        out["gas"] = str(d["gas"])
        out["to"] = to
        out["value"] = str(d["value"])
        out["data"] = hx(d["data"])
        if txtype in (1, 2):
            out["accessList"] = d["accessList"]
        out["privateKey"] = keyhex
        out["signingHash"] = hx(signing_hash)
        out["v"] = str(v)
        out["r"] = hx32(r)
        out["s"] = hx32(s)
        out["raw"] = hx(raw)
        out["hash"] = hx(txhash)
        out["sender"] = sender
        vectors.append(out)

    hh_key = 0xAC0974BEC39A17E36BA4A6B4D238FF944BACB478CBED5EFCAE784D7BF4F2FF80
    legacy_chain_ids = [None] * 12 + [1, 1, 1, 5, 31337, 31337, 137, 137,
                                      56, 10, 42161, 11155111,
                                      2**32 + 7, 2**53, 2**64 + 1]

    def maybe_to(d, to):
        # Contract creation: eth-account accepts either omitting 'to' or
        # passing to=b''. We omit it.
        if to is not None:
            d["to"] = to

    # ---- legacy
    for i in range(66):
        cid = legacy_chain_ids[i] if i < len(legacy_chain_ids) else rng.choice(
            [None, 1, 5, 31337, 137, 2**53, 2**64 + 1])
        d = {"nonce": rand_nonce(), "gasPrice": rand_price(), "gas": rand_gas()}
        maybe_to(d, None if rng.random() < 0.15 else rand_addr())
        d["value"] = rand_value()
        d["data"] = rand_data()
        if cid is not None:
            d["chainId"] = cid
        emit(0, d, hh_key if i in (0, 12) else rand_key())
    # a few explicit edges
    emit(0, {"nonce": 0, "gasPrice": 0, "gas": 21000, "value": 0, "data": b""},
         1)  # pre-155 creation, everything zero
    emit(0, {"nonce": 0, "gasPrice": 0, "gas": 21000,
             "to": "0x0000000000000000000000000000000000000000",
             "value": 0, "data": b"", "chainId": 1}, 2)  # to = zero address
    emit(0, {"nonce": 2**64 - 1, "gasPrice": 2**256 - 1, "gas": 2**64 - 1,
             "to": rand_addr(), "value": 2**256 - 1, "data": rand_bytes(rng, 300),
             "chainId": 2**64 + 1}, SECP256K1_N - 1)

    typed_chain_ids = [1, 1, 1, 5, 31337, 31337, 137, 10, 2**32 + 7, 2**53,
                       2**64 + 1, 2**256 - 1]
    # ---- type 1 (EIP-2930)
    for i in range(48):
        cid = typed_chain_ids[i] if i < len(typed_chain_ids) else rng.choice(
            [1, 5, 31337, 137, 2**53])
        d = {"type": 1, "chainId": cid, "nonce": rand_nonce(),
             "gasPrice": rand_price(), "gas": rand_gas()}
        maybe_to(d, None if rng.random() < 0.15 else rand_addr())
        d["value"] = rand_value()
        d["data"] = rand_data()
        d["accessList"] = rand_access_list()
        emit(1, d, rand_key())
    # ---- type 2 (EIP-1559)
    for i in range(48):
        cid = typed_chain_ids[i] if i < len(typed_chain_ids) else rng.choice(
            [1, 5, 31337, 137, 2**53])
        maxfee = rand_price()
        prio = rng.choice([0, maxfee, rng.randint(0, maxfee)])
        d = {"type": 2, "chainId": cid, "nonce": rand_nonce(),
             "maxPriorityFeePerGas": prio, "maxFeePerGas": maxfee,
             "gas": rand_gas()}
        maybe_to(d, None if rng.random() < 0.15 else rand_addr())
        d["value"] = rand_value()
        d["data"] = rand_data()
        d["accessList"] = rand_access_list()
        emit(2, d, hh_key if i == 0 else rand_key())
    emit(2, {"type": 2, "chainId": 1, "nonce": 0, "maxPriorityFeePerGas": 0,
             "maxFeePerGas": 0, "gas": 21000, "value": 0, "data": b"",
             "accessList": []}, 1)  # creation, all zero
    emit(1, {"type": 1, "chainId": 1, "nonce": 0, "gasPrice": 0, "gas": 21000,
             "value": 0, "data": b"",
             "accessList": [{"address": rand_addr(), "storageKeys": []},
                            {"address": rand_addr(),
                             "storageKeys": [hx32(0), hx32(2**256 - 1),
                                             hx(rand_bytes(rng, 32))]}]}, 2)

    counts = {t: sum(1 for v in vectors if v["type"] == t) for t in (0, 1, 2)}
    pre155 = sum(1 for v in vectors if v["type"] == 0 and v["chainId"] is None)
    assert counts[0] >= 60 and counts[1] >= 45 and counts[2] >= 45 and pre155 >= 10
    write_json("transactions.json", {
        "description": "Signed Ethereum transactions. type 0 = legacy "
                       "(chainId null = pre-EIP-155, v 27/28; otherwise "
                       "EIP-155, v = chainId*2+35+yParity), type 1 = EIP-2930, "
                       "type 2 = EIP-1559 (v = yParity). signingHash is the "
                       "keccak256 of the unsigned payload that is signed; raw "
                       "is the signed serialisation (typed: type byte || RLP); "
                       "hash = keccak256(raw); to null = contract creation. "
                       "Generated with eth_account.Account.sign_transaction.",
        "vectors": vectors,
    })
    return counts, pre155


# ---------------------------------------------------------------- accounts


def gen_accounts():
    Account.enable_unaudited_hdwallet_features()
    mn = Mnemonic("english")
    default = "test test test test test test test test test test test junk"
    m12 = mn.to_mnemonic(bytes(range(16)))
    m18 = mn.to_mnemonic(bytes(range(0x20, 0x38)))
    m24 = mn.to_mnemonic(bytes.fromhex("7f" * 32))
    for m in (default, m12, m18, m24):
        assert mn.check(m)
    assert len(m12.split()) == 12 and len(m18.split()) == 18 and len(m24.split()) == 24

    hd = []

    def add(m, p, path):
        acct = Account.from_mnemonic(m, passphrase=p, account_path=path)
        hd.append({"mnemonic": m, "passphrase": p, "path": path,
                   "privateKey": hx(bytes(acct.key)),
                   "address": acct.address})

    for i in range(20):
        add(default, "", f"m/44'/60'/0'/0/{i}")
    assert hd[0]["address"] == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    assert hd[1]["address"] == "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    assert hd[0]["privateKey"] == hx32(
        0xAC0974BEC39A17E36BA4A6B4D238FF944BACB478CBED5EFCAE784D7BF4F2FF80)
    for m in (m12, m18, m24):
        for i in range(5):
            add(m, "", f"m/44'/60'/0'/0/{i}")
    for i in range(3):
        add(default, "mintsim", f"m/44'/60'/0'/0/{i}")
    for path in ["m/44'/60'/1'/0/0", "m/44'/60'/0'/0/100", "m/44'/60'/0'/1/0",
                 "m/44'/60'/2'/0/7"]:
        add(default, "", path)
    add(m24, "", "m/44'/60'/1'/0/0")

    seed_pairs = [
        (default, ""), (default, "mintsim"), (m12, ""), (m12, "TREZOR"),
        (m18, ""), (m24, ""), (m24, "a much longer passphrase " * 4),
        ("abandon abandon abandon abandon abandon abandon abandon abandon "
         "abandon abandon abandon about", "TREZOR"),
        (default, "pässwörd"), (default, "日本語パスフレーズ"),
        (m12, "Ω≈ç√∫"), (m18, "ｆｕｌｌｗｉｄｔｈ"),
    ]
    seeds = []
    for m, p in seed_pairs:
        seed = Mnemonic.to_seed(m, passphrase=p)
        assert len(seed) == 64
        seeds.append({"mnemonic": m, "passphrase": p, "seed": hx(seed)})
    # BIP-39 reference vector (Trezor test vectors).
    assert seeds[7]["seed"] == (
        "0xc55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e5349553"
        "1f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04")
    # NFKD: a composed and decomposed passphrase must give the same seed
    assert Mnemonic.to_seed(default, "pässwörd") == Mnemonic.to_seed(
        default, unicodedata.normalize("NFD", "pässwörd"))

    words = default.split()
    inval = [
        (" ".join(["abandon"] * 12), "bad checksum"),
        ("abandon abandon abandon abandon abandon abandon abandon abandon "
         "abandon abandon abandon zoo", "bad checksum"),
        (" ".join(words[:11]), "wrong word count (11)"),
        (" ".join(words + ["test"]), "wrong word count (13)"),
        ("", "empty"),
        (" ".join(words[:11] + ["notaword"]), "unknown word"),
        ("test test test test test test test test test test test junky",
         "unknown word"),
        (" ".join(m12.split()[::-1]), "bad checksum (valid words reordered)"),
        (" ".join(m24.split()[:23] + ["abandon"]), "bad checksum (24 words)"),
        (" ".join(["zoo"] * 15), "bad checksum (15 words)"),
    ]
    invalid = []
    for m, why in inval:
        try:
            ok = mn.check(m)
        except Exception:
            ok = False
        if ok:
            note(f"mnemonic unexpectedly valid, dropped: {m!r}")
            continue
        invalid.append({"mnemonic": m, "why": why})

    write_json("accounts.json", {
        "description": "BIP-39 / BIP-32 / BIP-44 accounts. 'hd': private key "
                       "and address derived from mnemonic+passphrase along "
                       "path (eth_account Account.from_mnemonic). 'seeds': "
                       "BIP-39 seed = PBKDF2-HMAC-SHA512(NFKD(mnemonic), "
                       "'mnemonic'+NFKD(passphrase), 2048 rounds, 64 bytes). "
                       "'invalidMnemonics': rejected by BIP-39 English "
                       "validation (word list + checksum + word count).",
        "hd": hd,
        "seeds": seeds,
        "invalidMnemonics": invalid,
    })
    return len(hd), len(seeds), len(invalid)


# ---------------------------------------------------------------- wordlist


def gen_wordlist():
    words = Mnemonic("english").wordlist
    assert len(words) == 2048 and words[0] == "abandon" and words[-1] == "zoo"
    lines = [
        "// Generated by scripts/gen_vectors.py from the BIP-39 English word "
        "list. Do not edit.",
        "let bip39EnglishWordlist: [String] = [",
    ]
    for i in range(0, 2048, 8):
        lines.append("    " + " ".join(f'"{w}",' for w in words[i:i + 8]))
    lines.append("]")
    os.makedirs(os.path.dirname(WORDLIST_SWIFT), exist_ok=True)
    with open(WORDLIST_SWIFT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {os.path.relpath(WORDLIST_SWIFT, ROOT)}")


def main():
    print("keccak:", gen_keccak())
    print("eip55:", gen_eip55())
    print("rlp (valid, invalid):", gen_rlp())
    print("abi (vectors, selectors, events):", gen_abi())
    print("signatures:", gen_signatures())
    print("transactions (by type, pre-155):", gen_transactions())
    print("accounts (hd, seeds, invalid):", gen_accounts())
    gen_wordlist()


if __name__ == "__main__":
    main()
