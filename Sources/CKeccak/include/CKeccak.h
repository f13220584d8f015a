#ifndef MINTSIM_CKECCAK_H
#define MINTSIM_CKECCAK_H

#include <stddef.h>
#include <stdint.h>

/// Streaming Keccak-256 state (rate 136 bytes, the original Keccak padding 0x01 … 0x80 that
/// Ethereum uses, not the SHA3-256 padding 0x06).
typedef struct {
    uint64_t lanes[25];
    uint8_t buffer[136];
    size_t buffered;
} mintsim_keccak256_ctx;

void mintsim_keccak256_init(mintsim_keccak256_ctx *ctx);
void mintsim_keccak256_update(mintsim_keccak256_ctx *ctx, const uint8_t *data, size_t length);
void mintsim_keccak256_final(mintsim_keccak256_ctx *ctx, uint8_t out[32]);
void mintsim_keccak256(const uint8_t *data, size_t length, uint8_t out[32]);
/// Applies Keccak-f[1600] to 25 lanes in place (exposed for tests and benchmarks).
void mintsim_keccak_f1600(uint64_t lanes[25]);

#endif
