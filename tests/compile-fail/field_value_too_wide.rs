// CNT is 8 bits wide: 256 does not fit.
use socgen_tests::fixture::blocks::tiny::v1::Ctrl;

const CTRL: Ctrl = Ctrl::ZERO.with_cnt::<256>();

fn main() {
    let _ = CTRL;
}
