/* Links the no_std staticlib and checks what it does against a fake register window. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void probe_write_encr_seg_cfg(uintptr_t base);
void probe_modify_encr_seg_cfg(uintptr_t base);
const uint8_t *probe_program(void);

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
    const uint8_t second[4] = {0x00, 0xa0, 0x03, 0x01};
    if (memcmp(p, first, sizeof first) != 0 || memcmp(p + 16, second, sizeof second) != 0) {
        printf("command list bytes differ\n");
        return 1;
    }
    printf("no_std probe: register write, read-modify-write and const command list ok\n");
    return 0;
}
