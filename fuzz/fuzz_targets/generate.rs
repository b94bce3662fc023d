//! Inputs that validate (see `common.rs`) go through lowering and every emitter: none may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use socgen::emit;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(checked) = common::check(data) else {
        return;
    };
    common::assert_reported(&checked);
    let Some(model) = &checked.model else {
        return;
    };
    let _ = emit::rust::generate(model, &Default::default());
    for block in &model.blocks {
        let _ = emit::c::block_header(block);
        let _ = emit::diff::blocks(block, block);
    }
    for pair in model.blocks.windows(2) {
        let _ = emit::diff::blocks(&pair[0], &pair[1]);
    }
    let socs: Vec<_> = model.socs.iter().collect();
    for soc in &socs {
        let _ = emit::standalone::files(model, &soc.name);
        let _ = emit::c::files(model, soc);
        let _ = emit::svd::generate(model, soc);
        let _ = emit::docs::markdown_files(model, soc);
        let _ = emit::docs::html_files(model, soc);
        let _ = emit::diff::socs(model, soc, soc);
    }
    let _ = emit::docs::markdown_index(model, &socs);
    let _ = emit::docs::html_index(model, &socs);
});
