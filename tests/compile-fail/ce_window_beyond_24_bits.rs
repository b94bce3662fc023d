// A command-element window must fit in 24 address bits as a whole: 0xffff80 + 0x100 reaches
// past 0xffffff, so no address in it could be trusted and making it is refused at compile time.
use socgen_runtime::CeWindow;

const WINDOW: CeWindow<0x100> = CeWindow::new::<0x00ff_ff80>();

fn main() {
    let _ = WINDOW.base();
}
