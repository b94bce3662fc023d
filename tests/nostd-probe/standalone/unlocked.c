/* Links unlocked.rs (msm8974's standalone export, built by bare rustc) and checks what its
   submit on an unlocked pipe wrote: one data descriptor, no lock flags, one doorbell. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

size_t probe_doorbell_offset(void);
int32_t probe_unlocked_submit(uintptr_t bam, uint8_t *fifo, size_t fifo_len);

#define FLAG_LOCK (1u << 10)
#define FLAG_UNLOCK (1u << 9)

static uint32_t bam[0x40000 / 4];
_Alignas(64) static uint8_t fifo[4096];

int main(void) {
    int32_t n = probe_unlocked_submit((uintptr_t)bam, fifo, sizeof fifo);
    if (n != 1) {
        printf("unlocked submit: %d\n", n);
        return 1;
    }
    uint32_t addr;
    uint16_t size, flags;
    memcpy(&addr, fifo, 4);
    memcpy(&size, fifo + 4, 2);
    memcpy(&flags, fifo + 6, 2);
    if (addr != 0x20000000u || size != 64 || (flags & (FLAG_LOCK | FLAG_UNLOCK)) != 0) {
        printf("descriptor: %#x, %u bytes, flags %#06x\n", addr, size, flags);
        return 1;
    }
    size_t doorbell = probe_doorbell_offset();
    if (doorbell >= sizeof bam || bam[doorbell / 4] != 8u) {
        printf("doorbell at %#zx\n", doorbell);
        return 1;
    }
    printf("standalone drivers: unlocked submit on msm8974 blsp2_dma ok\n");
    return 0;
}
