#include "CKeccak.h"
#include <string.h>

#define ROL64(a, offset) (((a) << (offset)) | ((a) >> (64 - (offset))))

#include "keccak_f1600.inc"

#define KECCAK256_RATE 136

static inline uint64_t load64_le(const uint8_t *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
#else
    return (uint64_t)p[0] | ((uint64_t)p[1] << 8) | ((uint64_t)p[2] << 16) | ((uint64_t)p[3] << 24) |
           ((uint64_t)p[4] << 32) | ((uint64_t)p[5] << 40) | ((uint64_t)p[6] << 48) | ((uint64_t)p[7] << 56);
#endif
}

static inline void store64_le(uint8_t *p, uint64_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(p, &v, 8);
#else
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
#endif
}

static inline void absorb_block(uint64_t *lanes, const uint8_t *block) {
    for (int i = 0; i < KECCAK256_RATE / 8; i++) lanes[i] ^= load64_le(block + 8 * i);
    keccak_f1600(lanes);
}

void mintsim_keccak_f1600(uint64_t lanes[25]) { keccak_f1600(lanes); }

void mintsim_keccak256_init(mintsim_keccak256_ctx *ctx) {
    memset(ctx, 0, sizeof(*ctx));
}

void mintsim_keccak256_update(mintsim_keccak256_ctx *ctx, const uint8_t *data, size_t length) {
    if (length == 0) return;
    if (ctx->buffered > 0) {
        size_t take = KECCAK256_RATE - ctx->buffered;
        if (take > length) take = length;
        memcpy(ctx->buffer + ctx->buffered, data, take);
        ctx->buffered += take;
        data += take;
        length -= take;
        if (ctx->buffered < KECCAK256_RATE) return;
        absorb_block(ctx->lanes, ctx->buffer);
        ctx->buffered = 0;
    }
    while (length >= KECCAK256_RATE) {
        absorb_block(ctx->lanes, data);
        data += KECCAK256_RATE;
        length -= KECCAK256_RATE;
    }
    if (length > 0) {
        memcpy(ctx->buffer, data, length);
        ctx->buffered = length;
    }
}

void mintsim_keccak256_final(mintsim_keccak256_ctx *ctx, uint8_t out[32]) {
    memset(ctx->buffer + ctx->buffered, 0, KECCAK256_RATE - ctx->buffered);
    ctx->buffer[ctx->buffered] ^= 0x01;
    ctx->buffer[KECCAK256_RATE - 1] ^= 0x80;
    absorb_block(ctx->lanes, ctx->buffer);
    for (int i = 0; i < 4; i++) store64_le(out + 8 * i, ctx->lanes[i]);
    mintsim_keccak256_init(ctx);
}

void mintsim_keccak256(const uint8_t *data, size_t length, uint8_t out[32]) {
    uint64_t lanes[25] = {0};
    while (length >= KECCAK256_RATE) {
        absorb_block(lanes, data);
        data += KECCAK256_RATE;
        length -= KECCAK256_RATE;
    }
    uint8_t last[KECCAK256_RATE];
    memset(last, 0, sizeof(last));
    if (length > 0) memcpy(last, data, length);
    last[length] ^= 0x01;
    last[KECCAK256_RATE - 1] ^= 0x80;
    absorb_block(lanes, last);
    for (int i = 0; i < 4; i++) store64_le(out + 8 * i, lanes[i]);
}
