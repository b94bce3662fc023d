/* Links the no_std staticlib and checks what it does against a fake register window. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void probe_write_encr_seg_cfg(uintptr_t base);
void probe_modify_encr_seg_cfg(uintptr_t base);
const uint8_t *probe_program(void);
size_t probe_qce_program(uint8_t *out, size_t capacity);

static uint32_t window[0x6000 / 4];

int main(void) {
    probe_write_encr_seg_cfg((uintptr_t)window);
    /* ENCR_SEG_CFG at 0x200: ENCR_MODE = CBC (1) at bits 9:6, ENCODE bit 10. */
    if (window[0x200 / 4] != ((1u << 6) | (1u << 10))) {
        printf("write: got %#x\n", window[0x200 / 4]);
        return 1;
    }
    probe_modify_encr_seg_cfg((uintptr_t)window);
    if (window[0x200 / 4] != (1u << 6)) {
        printf("modify: got %#x\n", window[0x200 / 4]);
        return 1;
    }
    /* sm8550: crypto 0x1dfa000, BAM block 0x1dc0000 -> command-element base 0x3a000. */
    const uint8_t *p = probe_program();
    const uint8_t first[8] = {0x00, 0xa2, 0x03, 0x00, 0x40, 0x00, 0x00, 0x00};
    /* A read of VERSION into bus address 0: the third word is 0 on every BAM revision (BAM
       v1.6.0+ takes destination bits 35:32 from it; 0xffffffff there was the bug fixed
       upstream by 867621ba2030). */
    const uint8_t second[16] = {0x00, 0xa0, 0x03, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    if (memcmp(p, first, sizeof first) != 0 || memcmp(p + 16, second, sizeof second) != 0) {
        printf("command list bytes differ\n");
        return 1;
    }
    /* AES-128-CBC: STATUS, CONFIG, AUTH_SEG_CFG, 4 key words, 4 IV words, ENCR_SEG_CFG,
       ENCR_SEG_SIZE, ENCR_SEG_START, SEG_SIZE, CONFIG, GOPROC = 17 writes; the first writes
       STATUS (0x3a100), the last GOPROC (0x3a120) with GO | RESULTS_DUMP. */
    static uint8_t qce[48 * 16];
    size_t n = probe_qce_program(qce, 48);
    const uint8_t status[4] = {0x00, 0xa1, 0x03, 0x00};
    const uint8_t go[8] = {0x20, 0xa1, 0x03, 0x00, 0x05, 0x00, 0x00, 0x00};
    if (n != 17 || memcmp(qce, status, sizeof status) != 0 || memcmp(qce + 16 * 16, go, sizeof go) != 0) {
        printf("qce program: %zu elements or bytes differ\n", n);
        return 1;
    }
    printf("no_std probe: register write, read-modify-write, const command list and QCE program ok\n");
    return 0;
}
