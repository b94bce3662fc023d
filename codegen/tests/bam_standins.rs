//! Generated code checked in where the generator cannot run: the BAM revisions `socgen-bam`
//! tests with (`drivers/bam/src/testing/revisions.rs`, `emit::rust::bam_standins`) and the typed
//! BAM register values the runtime gives the driver (`generated/runtime/src/bam.rs` `regs`,
//! `emit::rust::bam_runtime_values`). Each test fails when its file's generated region differs
//! from what the generator makes of `socs/`; `SOCGEN_BLESS=1` rewrites the regions.

use std::path::Path;

const BEGIN: &str = "// @generated begin";
const END: &str = "// @generated end";

/// `(text before the region, the region, text from the end marker on)`; the region starts after
/// the begin marker's comment lines.
fn split(text: &str) -> (&str, &str, &str) {
    let begin = text.find(BEGIN).expect("begin marker");
    let after_comment = text[begin..]
        .lines()
        .take_while(|l| l.starts_with("// ") && !l.starts_with(END))
        .map(|l| l.len() + 1)
        .sum::<usize>()
        + begin;
    let end = text.find(END).expect("end marker");
    assert!(
        after_comment <= end,
        "the end marker is inside the begin comment"
    );
    (
        &text[..after_comment],
        &text[after_comment..end],
        &text[end..],
    )
}

/// Compares (or, with `SOCGEN_BLESS=1`, rewrites) the generated region of `file`.
fn fresh(file: &str, generated: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("read the checked-in file");
    let (head, region, tail) = split(&text);
    if std::env::var("SOCGEN_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, format!("{head}{generated}{tail}")).expect("write");
        return;
    }
    assert!(
        region == generated,
        "{file} is stale: run `SOCGEN_BLESS=1 cargo test -p socgen --test bam_standins`"
    );
}

fn bundled() -> socgen::model::Model {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let checked = socgen::check(&[root.join("socs")]);
    checked.model.expect("the bundled catalogue is valid")
}

#[test]
fn the_drivers_bam_revisions_are_the_generated_ones() {
    let generated = socgen::emit::rust::bam_standins(&bundled());
    assert!(
        generated
            .matches("impl ::socgen_runtime::bam::BamRevision for")
            .count()
            >= 3,
        "every bundled BAM revision is generated:\n{generated}"
    );
    fresh("drivers/bam/src/testing/revisions.rs", &generated);
}

#[test]
fn the_runtimes_bam_register_values_are_the_generated_ones() {
    let generated = socgen::emit::rust::bam_runtime_values(&bundled());
    for ty in [
        "pub struct PCtrl(u32)",
        "pub struct Ctrl(u32)",
        "pub struct PIrq(u32)",
    ] {
        assert!(generated.contains(ty), "{ty} in:\n{generated}");
    }
    fresh("generated/runtime/src/bam.rs", &generated);
}

#[test]
fn a_changed_offset_makes_the_region_stale() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let checked = socgen::check(&[root.join("socs")]);
    let model = checked.model.expect("valid");
    let mut moved = model.clone();
    let v170 = moved
        .blocks
        .iter_mut()
        .find(|b| b.name == "bam" && b.revision == "v1.7.0")
        .expect("v1.7.0");
    let p_ctrl = v170
        .registers
        .iter_mut()
        .find(|r| r.name == "P_CTRL")
        .expect("P_CTRL");
    p_ctrl.offset += 4;
    assert_ne!(
        socgen::emit::rust::bam_standins(&model),
        socgen::emit::rust::bam_standins(&moved)
    );
}
