/* Links locked.rs (the standalone export's drivers, built by bare rustc) and checks what its
   lock-wrapped submit wrote: the descriptor FIFO and the doorbell in a fake BAM window. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

uint32_t probe_locked_pipe_number(void);
size_t probe_doorbell_offset(void);
int32_t probe_locked_submit(uintptr_t bam, uint8_t *fifo, size_t fifo_len, uint8_t *scratch);
int32_t probe_qce_submit(uintptr_t bam, uint8_t *rx_fifo, uint8_t *tx_fifo, size_t fifo_len,
                         uint8_t *scratch, uint8_t *work, size_t work_len);

/* Descriptor flags (drivers/bam/src/descriptor.rs, after the vendor SPS header). */
#define FLAG_CMD (1u << 11)
#define FLAG_LOCK (1u << 10)
#define FLAG_UNLOCK (1u << 9)

/* Larger than any BAM window in the catalogue; Mmio ignores accesses outside its own. */
static uint32_t bam[0x40000 / 4];
_Alignas(64) static uint8_t fifo[4096];
_Alignas(64) static uint8_t tx_fifo[4096];
_Alignas(64) static uint8_t scratch[128];
_Alignas(64) static uint8_t work[4096];

static uint16_t flags_of(const uint8_t *fifo_bytes, int slot) {
    uint16_t flags;
    memcpy(&flags, fifo_bytes + 8 * slot + 6, sizeof flags);
    return flags;
}

/* The first descriptor carries LOCK, the last UNLOCK, both on command descriptors, and no
   other descriptor carries either. */
static int wrapped(const uint8_t *fifo_bytes, int n, const char *what) {
    for (int i = 0; i < n; i++) {
        uint16_t f = flags_of(fifo_bytes, i);
        int lock = (f & FLAG_LOCK) != 0, unlock = (f & FLAG_UNLOCK) != 0;
        if ((lock && !(f & FLAG_CMD)) || (unlock && !(f & FLAG_CMD)) || lock != (i == 0) ||
            unlock != (i == n - 1)) {
            printf("%s: descriptor %d of %d has flags %#06x\n", what, i, n, f);
            return 0;
        }
    }
    return 1;
}

int main(void) {
    int32_t n = probe_locked_submit((uintptr_t)bam, fifo, sizeof fifo, scratch);
    /* A data-only transaction: LOCK dummy, the data, UNLOCK dummy. */
    if (n != 3) {
        printf("locked submit: %d\n", n);
        return 1;
    }
    if (!wrapped(fifo, n, "locked submit")) {
        return 1;
    }
    uint32_t data_addr;
    uint16_t data_size;
    memcpy(&data_addr, fifo + 8, 4);
    memcpy(&data_size, fifo + 12, 2);
    if (data_addr != 0x20000000u || data_size != 64) {
        printf("data descriptor: %#x, %u bytes\n", data_addr, data_size);
        return 1;
    }
    /* One doorbell for the whole chain: the FIFO byte offset after it. */
    size_t doorbell = probe_doorbell_offset();
    if (doorbell >= sizeof bam || bam[doorbell / 4] != (uint32_t)(8 * n)) {
        printf("doorbell of pipe %u at %#zx\n", probe_locked_pipe_number(), doorbell);
        return 1;
    }
    memset(fifo, 0, sizeof fifo);
    int32_t q = probe_qce_submit((uintptr_t)bam, fifo, tx_fifo, sizeof fifo, scratch, work,
                                 sizeof work);
    if (q < 2 || !wrapped(fifo, q, "qce cipher")) {
        printf("qce submit: %d\n", q);
        return 1;
    }
    printf("standalone drivers: locked submit (%d descriptors) and QCE request (%d) wrapped\n", n,
           q);
    return 0;
}
