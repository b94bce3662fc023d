//! One negative test per validation rule: a valid two-file catalogue, one edit that breaks one
//! rule, and the exact code and `file:line:column` expected. A final test checks that every
//! code is exercised here.

use socgen::diagnostics::Code;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

const BLOCK: &str = r#"block: t
revision: v1
source: test
command_element: {address_bits: 24, read_destination_bits: 36, grade: documented}
capabilities: {pipe_locking: true, grade: upstream}
indices:
  pipe: {max: 8, bound: num_channels}
  ee: {max: 4, bound: num_ees}
registers:
  - name: VERSION
    offset: 0x0
    access: ro
    reset: unknown
  - name: CTRL
    offset: 0x4
    access: rw
    reset: 0x0
    fields:
      - {name: EN, bits: 0}
      - {name: MODE, bits: "2:1", values: [{name: A, value: 0}, {name: B, value: 1}]}
  - name: P_CTRL
    offset: 0x100
    strides: {pipe: 0x10}
    access: rw
    reset: unknown
    fields: [{name: P_LOCK_GROUP, bits: "20:16"}]
  - name: KEY
    offset: 0x200
    array: {count: 4, stride: 4}
    access: wo
    reset: unknown
"#;

const SOC: &str = r#"soc: chip
source: test
instances:
  - {name: bam, block: t@v1, base: 0x40000, size: 0x1000, ee: 0, num_channels: 4, num_ees: 2}
  - {name: dev, block: t@v1, base: 0x41000, size: 0x1000, dma: {controller: bam, rx: 2, tx: 3}}
lock:
  bam: bam
  pipe: 2
  scratchpad: dev.VERSION
  dummy: read
  placement: wrap
  address_mode: bam_offset18
  source: test
  lock_group: 1
  evidence: {lock_group: {grade: precedent, source: test}}
"#;

static CASE: AtomicUsize = AtomicUsize::new(0);

/// Writes the catalogue with the edits applied and returns `CODE path:line:col` and the message
/// per diagnostic, without the lock-evidence warnings (W0310-W0313): the base lock is `wrap` with
/// a read dummy on a client socgen has no driver for, which warns W0310 (issue 14); only the
/// tests of those rules look at them, through [`run_all`].
fn run(block_edits: &[(&str, &str)], soc_edits: &[(&str, &str)]) -> Vec<(String, String)> {
    run_filtered(block_edits, soc_edits, false)
}

/// [`run`] with every diagnostic, the lock-evidence warnings included.
fn run_all(block_edits: &[(&str, &str)], soc_edits: &[(&str, &str)]) -> Vec<(String, String)> {
    run_filtered(block_edits, soc_edits, true)
}

fn run_filtered(
    block_edits: &[(&str, &str)],
    soc_edits: &[(&str, &str)],
    lock_evidence: bool,
) -> Vec<(String, String)> {
    let n = CASE.fetch_add(1, Ordering::SeqCst);
    let root = std::env::temp_dir().join(format!("socgen-rules-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("blocks/t")).expect("mkdir");
    let edit = |text: &str, edits: &[(&str, &str)]| {
        edits.iter().fold(text.to_string(), |t, (from, to)| {
            assert!(t.contains(from), "edit target `{from}` not in fixture");
            t.replacen(from, to, 1)
        })
    };
    std::fs::write(root.join("blocks/t/v1.yaml"), edit(BLOCK, block_edits)).expect("write");
    std::fs::write(root.join("chip.yaml"), edit(SOC, soc_edits)).expect("write");
    let checked = socgen::check(std::slice::from_ref(&root));
    let out = checked
        .diagnostics
        .iter()
        .filter(|d| lock_evidence || !d.code.is_lock_evidence())
        .map(|d| {
            let path = checked.loaded.sources.path(d.file);
            let rel = path.strip_prefix(&root).unwrap_or(path);
            (
                format!(
                    "{} {}:{}:{}",
                    d.code.as_str(),
                    rel.display(),
                    d.loc.line,
                    d.loc.col
                ),
                d.message.clone(),
            )
        })
        .collect();
    let _ = std::fs::remove_dir_all(&root);
    out
}

/// Writes the catalogue with the edits applied and returns `CODE path:line:col` per diagnostic.
fn check(block_edits: &[(&str, &str)], soc_edits: &[(&str, &str)]) -> Vec<String> {
    run(block_edits, soc_edits)
        .into_iter()
        .map(|(at, _)| at)
        .collect()
}

fn expect(got: Vec<String>, want: &[&str]) {
    assert_eq!(got, want.iter().map(|s| s.to_string()).collect::<Vec<_>>());
}

#[test]
fn the_base_catalogue_is_clean() {
    expect(check(&[], &[]), &[]);
}

// --- parse-level rules ---------------------------------------------------------------------

#[test]
fn e0002_yaml_syntax() {
    expect(
        check(&[("    reset: 0x0\n", "    reset: [0x0\n")], &[]),
        &["E0002 blocks/t/v1.yaml:18:11"],
    );
}

#[test]
fn e0003_unknown_key_with_suggestion() {
    let got = check(&[("    offset: 0x4\n", "    ofset: 0x4\n")], &[]);
    expect(got, &["E0003 blocks/t/v1.yaml:15:5"]);
}

#[test]
fn e0004_missing_key() {
    expect(
        check(&[], &[("  source: test\n", ""), ("  dummy: read\n", "")]),
        &["E0004 chip.yaml:7:3"],
    );
}

#[test]
fn e0005_wrong_type_and_unknown_word() {
    expect(
        check(
            &[(
                "    access: rw\n    reset: 0x0",
                "    access: rx\n    reset: 0x0",
            )],
            &[],
        ),
        &["E0005 blocks/t/v1.yaml:16:13"],
    );
    expect(
        check(&[("    reset: 0x0\n", "    reset: zero\n")], &[]),
        &["E0005 blocks/t/v1.yaml:17:12"],
    );
}

#[test]
fn e0006_missing_source() {
    expect(
        check(&[("source: test\n", "")], &[]),
        &["E0006 blocks/t/v1.yaml:1:1"],
    );
    expect(
        check(&[], &[("source: test\ninstances", "instances")]),
        &["E0006 chip.yaml:1:1"],
    );
    expect(
        check(&[], &[("  source: test\n", "")]),
        &["E0006 chip.yaml:7:1"],
    );
}

#[test]
fn e0007_names_disagree_with_files() {
    expect(
        check(&[("revision: v1", "revision: v2")], &[]),
        &["E0007 blocks/t/v1.yaml:2:11"],
    );
    expect(
        check(&[], &[("soc: chip", "soc: other")]),
        &["E0007 chip.yaml:1:6"],
    );
}

// --- block rules ---------------------------------------------------------------------------

#[test]
fn e0101_duplicate_names() {
    // `ctrl` is also lower-case (E0102); the duplicate is found case-insensitively.
    expect(
        check(&[("  - name: KEY", "  - name: ctrl")], &[]),
        &[
            "E0101 blocks/t/v1.yaml:27:11",
            "E0102 blocks/t/v1.yaml:27:11",
        ],
    );
    expect(
        check(&[("{name: B, value: 1}", "{name: A, value: 1}")], &[]),
        &["E0101 blocks/t/v1.yaml:20:72"],
    );
    expect(
        check(&[], &[("{name: dev,", "{name: bam,")]),
        &["E0101 chip.yaml:5:12", "E0302 chip.yaml:9:15"],
    );
}

#[test]
fn e0102_invalid_identifiers() {
    expect(
        check(&[("{name: EN,", "{name: TYPE,")], &[]),
        &["E0102 blocks/t/v1.yaml:19:16"],
    );
    expect(
        check(&[("{name: A,", "{name: 3DES,")], &[]),
        &["E0102 blocks/t/v1.yaml:20:51"],
    );
    expect(
        check(&[("{name: EN,", "{name: TO_BITS,")], &[]),
        &["E0102 blocks/t/v1.yaml:19:16"],
    );
    expect(
        check(&[], &[("{name: dev,", "{name: Dev,")]),
        &["E0102 chip.yaml:5:12", "E0302 chip.yaml:9:15"],
    );
}

#[test]
fn e0103_misaligned() {
    expect(
        check(&[("    offset: 0x4\n", "    offset: 0x6\n")], &[]),
        &["E0103 blocks/t/v1.yaml:15:13"],
    );
    expect(
        check(&[("stride: 4}", "stride: 6}")], &[]),
        &["E0103 blocks/t/v1.yaml:29:31"],
    );
}

#[test]
fn e0104_overlapping_registers_after_expansion() {
    // P_CTRL pipe 7 sits at 0x170: a register there collides with a copy.
    expect(
        check(&[("    offset: 0x200\n", "    offset: 0x170\n")], &[]),
        &["E0104 blocks/t/v1.yaml:28:13"],
    );
}

#[test]
fn e0105_beyond_the_offset_space() {
    expect(
        check(&[("    offset: 0x200\n", "    offset: 0xfffffffc\n")], &[]),
        &[
            "E0105 blocks/t/v1.yaml:28:13",
            "E0203 chip.yaml:4:51",
            "E0304 chip.yaml:5:36",
            "E0203 chip.yaml:5:51",
        ],
    );
}

#[test]
fn e0106_field_outside_register() {
    expect(
        check(&[("bits: 0}", "bits: 32}")], &[]),
        &["E0106 blocks/t/v1.yaml:19:26"],
    );
}

#[test]
fn e0107_overlapping_fields() {
    expect(
        check(&[("bits: 0}", "bits: 1}")], &[]),
        &["E0107 blocks/t/v1.yaml:20:28"],
    );
}

#[test]
fn e0108_enum_value_too_wide() {
    expect(
        check(&[("{name: B, value: 1}", "{name: B, value: 4}")], &[]),
        &["E0108 blocks/t/v1.yaml:20:82"],
    );
}

#[test]
fn e0109_reset_too_wide() {
    expect(
        check(&[("    reset: 0x0\n", "    reset: 0x100000000\n")], &[]),
        &["E0109 blocks/t/v1.yaml:17:12"],
    );
}

#[test]
fn e0110_duplicate_enum_value() {
    expect(
        check(&[("{name: B, value: 1}", "{name: B, value: 0}")], &[]),
        &["E0110 blocks/t/v1.yaml:20:82"],
    );
}

#[test]
fn e0111_access_conflicts() {
    expect(
        check(
            &[(
                "    access: ro\n",
                "    access: ro\n    fields: [{name: X, bits: 0, access: rw}]\n",
            )],
            &[],
        ),
        &["E0111 blocks/t/v1.yaml:13:41"],
    );
    expect(
        check(
            &[(
                "    access: rw\n    reset: 0x0\n",
                "    access: rw\n    write_ignored: true\n    reset: 0x0\n",
            )],
            &[],
        ),
        &["E0111 blocks/t/v1.yaml:17:20"],
    );
}

#[test]
fn e0112_unknown_index() {
    expect(
        check(&[("strides: {pipe: 0x10}", "strides: {pipes: 0x10}")], &[]),
        &["E0112 blocks/t/v1.yaml:23:15"],
    );
    expect(
        check(&[("bound: num_ees}", "bound: num_eez}")], &[]),
        &[
            "E0112 blocks/t/v1.yaml:8:23",
            "E0207 chip.yaml:4:63",
            "E0207 chip.yaml:4:92",
        ],
    );
}

#[test]
fn e0113_array_shape() {
    expect(
        check(&[("{count: 4,", "{count: 0,")], &[]),
        &["E0113 blocks/t/v1.yaml:29:20"],
    );
}

// --- SoC rules -----------------------------------------------------------------------------

#[test]
fn e0201_unknown_block() {
    expect(
        check(
            &[],
            &[("block: t@v1, base: 0x41000", "block: t@v2, base: 0x41000")],
        ),
        &["E0201 chip.yaml:5:24"],
    );
}

#[test]
fn e0202_overlapping_instances() {
    expect(
        check(&[], &[("base: 0x41000", "base: 0x40800")]),
        &["E0202 chip.yaml:5:36"],
    );
}

#[test]
fn e0203_register_beyond_instance() {
    expect(
        check(&[], &[("size: 0x1000, dma", "size: 0x100, dma")]),
        &["E0203 chip.yaml:5:51"],
    );
}

#[test]
fn w0203_index_property_beyond_the_window_is_cut_with_a_warning() {
    // 4 pipes of P_CTRL at 0x300 + n * 0x10 need 0x334 bytes; the window has 0x330: 3 fit.
    let block = [("    offset: 0x100\n", "    offset: 0x300\n")];
    let soc = [
        ("size: 0x1000, ee: 0", "size: 0x330, ee: 0"),
        ("tx: 3}", "tx: 1}"),
    ];
    expect(check(&block, &soc), &["W0203 chip.yaml:4:79"]);
}

#[test]
fn e0208_lock_given_twice() {
    let root = std::env::temp_dir().join(format!("socgen-rules-frag-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("blocks/t")).expect("mkdir");
    std::fs::create_dir_all(root.join("common")).expect("mkdir");
    std::fs::write(root.join("blocks/t/v1.yaml"), BLOCK).expect("write");
    let lock = SOC.split("lock:\n").nth(1).expect("lock section");
    std::fs::write(
        root.join("common/shared.yaml"),
        format!("fragment: shared\nsource: test\nlock:\n{lock}"),
    )
    .expect("write");
    std::fs::write(
        root.join("chip.yaml"),
        SOC.replace(
            "source: test\ninstances",
            "source: test\ninclude: [common/shared.yaml]\ninstances",
        ),
    )
    .expect("write");
    let checked = socgen::check(std::slice::from_ref(&root));
    let got: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| format!("{} {}:{}", d.code.as_str(), d.loc.line, d.loc.col))
        .collect();
    assert_eq!(
        got,
        ["E0208 8:8"],
        "the SoC's own lock section is the second one"
    );
    assert!(
        checked.diagnostics[0].related[0].file != checked.diagnostics[0].file,
        "points into the fragment"
    );
    // Without its own lock section the SoC takes the fragment's, and errors in it point there.
    let own_lock_removed = SOC.replace(
        "source: test\ninstances",
        "source: test\ninclude: [common/shared.yaml]\ninstances",
    );
    let own_lock_removed = own_lock_removed
        .split("lock:\n")
        .next()
        .expect("head")
        .to_string();
    std::fs::write(root.join("chip.yaml"), own_lock_removed).expect("write");
    std::fs::write(
        root.join("common/shared.yaml"),
        format!(
            "fragment: shared\nsource: test\nlock:\n{}",
            lock.replace("dummy: read", "dummy: {write: 0}")
        ),
    )
    .expect("write");
    let checked = socgen::check(std::slice::from_ref(&root));
    let d = &checked.diagnostics[0];
    assert_eq!(d.code, Code::UnsafeDummyWrite);
    assert!(
        checked
            .loaded
            .sources
            .path(d.file)
            .ends_with("common/shared.yaml")
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn e0204_pipe_out_of_range() {
    expect(
        check(&[], &[("tx: 3}", "tx: 4}")]),
        &["E0204 chip.yaml:5:93"],
    );
}

#[test]
fn e0205_ee_out_of_range() {
    expect(
        check(&[], &[("ee: 0,", "ee: 2,")]),
        &["E0205 chip.yaml:4:63"],
    );
}

#[test]
fn e0206_unknown_instance() {
    expect(
        check(&[], &[("{controller: bam,", "{controller: bma,")]),
        &["E0206 chip.yaml:5:77", "W0301 chip.yaml:8:9"],
    );
}

#[test]
fn e0207_property_not_applicable() {
    let block = [
        (
            "indices:\n  pipe: {max: 8, bound: num_channels}\n  ee: {max: 4, bound: num_ees}\n",
            "",
        ),
        ("    strides: {pipe: 0x10}\n", ""),
    ];
    // Without pipes or EEs the block is no BAM: its BAM properties do not apply, and it
    // cannot be a DMA controller or lock target either.
    expect(
        check(&block, &[]),
        &[
            "E0207 chip.yaml:4:63",
            "E0207 chip.yaml:4:80",
            "E0207 chip.yaml:4:92",
            "E0206 chip.yaml:5:77",
            "E0206 chip.yaml:7:8",
        ],
    );
}

// --- lock rules ----------------------------------------------------------------------------

#[test]
fn e0301_lock_unsupported() {
    expect(
        check(&[("pipe_locking: true", "pipe_locking: false")], &[]),
        &["E0301 chip.yaml:7:8"],
    );
}

#[test]
fn e0302_unknown_scratchpad() {
    expect(
        check(&[], &[("dev.VERSION", "dev.VERSON")]),
        &["E0302 chip.yaml:9:15"],
    );
    expect(
        check(&[], &[("dev.VERSION", "dev.KEY")]),
        &["E0302 chip.yaml:9:15", "E0302 chip.yaml:10:10"],
    );
}

#[test]
fn e0303_unsafe_dummy_write() {
    // VERSION is read-only but not declared write-ignored: the QCE situation.
    expect(
        check(&[], &[("dummy: read", "dummy: {write: 0}")]),
        &["E0303 chip.yaml:10:10"],
    );
    // With the declaration the write is allowed, once the declaration is graded.
    let declared = [(
        "    access: ro\n    reset: unknown\n",
        "    access: ro\n    write_ignored: true\n    reset: unknown\n",
    )];
    expect(
        check(&declared, &[("dummy: read", "dummy: {write: 0}")]),
        &["E0404 chip.yaml:10:10"],
    );
    let graded = [(
        "    access: ro\n    reset: unknown\n",
        "    access: ro\n    write_ignored: true\n    reset: unknown\n    evidence: {write_ignored: {grade: documented, source: test}}\n",
    )];
    expect(check(&graded, &[("dummy: read", "dummy: {write: 0}")]), &[]);
}

#[test]
fn e0304_unrepresentable_command_element_address() {
    // Above 16 MiB a physical address needs 25 bits: phys24 refuses it instead of masking.
    let high = [
        ("base: 0x40000", "base: 0x1040000"),
        ("base: 0x41000", "base: 0x1041000"),
        ("address_mode: bam_offset18", "address_mode: phys24"),
    ];
    expect(
        check(&[], &high),
        &["E0304 chip.yaml:5:36", "E0304 chip.yaml:9:15"],
    );
    // The same addresses are fine as offsets from the BAM block.
    expect(check(&[], &high[..2]), &[]);
}

#[test]
fn w0301_lock_pipe_not_a_client_rx_pipe() {
    expect(
        check(&[], &[("  pipe: 2\n", "  pipe: 1\n")]),
        &["W0301 chip.yaml:8:9"],
    );
}

// --- hardening: what the fuzzer and the bad-input catalogue found -------------------------

#[test]
fn e0004_missing_key_points_at_the_mapping_not_its_last_key() {
    // The instance `dev` lacks `size:`: the flow mapping's first key, not the last one.
    expect(
        check(
            &[],
            &[("base: 0x41000, size: 0x1000, dma", "base: 0x41000, dma")],
        ),
        &["E0004 chip.yaml:5:6"],
    );
    // A block mapping: the register's `- name:` line.
    expect(
        check(
            &[(
                "    offset: 0x4
    access: rw
",
                "    offset: 0x4
",
            )],
            &[],
        ),
        &["E0004 blocks/t/v1.yaml:14:5"],
    );
}

#[test]
fn e0005_quoted_numbers_and_negative_numbers_are_wrong_types() {
    // serde-saphyr reads `"0x4"` as 4; the format (and its JSON Schema) says it is a string.
    expect(
        check(
            &[(
                "    offset: 0x4
",
                "    offset: \"0x4\"\n",
            )],
            &[],
        ),
        &["E0005 blocks/t/v1.yaml:15:13"],
    );
    expect(
        check(&[], &[("ee: 0, num", "ee: '0', num")]),
        &["E0005 chip.yaml:4:63"],
    );
    expect(
        check(&[], &[("  dummy: read\n", "  dummy: {write: \"5\"}\n")]),
        &["E0303 chip.yaml:10:10", "E0005 chip.yaml:10:18"],
    );
    // A negative number where a number or a word goes: a wrong value at the value, not a
    // syntax error naming a Rust type.
    let got = run(&[("    reset: 0x0\n", "    reset: -1\n")], &[]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "E0005 blocks/t/v1.yaml:17:12");
    assert!(got[0].1.contains("`-1`"), "{}", got[0].1);
}

#[test]
fn e0107_every_field_overlapping_an_earlier_one_is_reported() {
    // WIDE (7:0) overlaps EN (bit 0) and then hides LO and HI behind it: all three overlaps
    // are reported, not only the neighbours'.
    let block = [(
        "      - {name: MODE, bits: \"2:1\", values: [{name: A, value: 0}, {name: B, value: 1}]}\n",
        "      - {name: WIDE, bits: \"7:0\"}\n      - {name: LO, bits: 1}\n      - {name: HI, bits: 5}\n",
    )];
    expect(
        check(&block, &[]),
        &[
            "E0107 blocks/t/v1.yaml:20:28",
            "E0107 blocks/t/v1.yaml:21:26",
            "E0107 blocks/t/v1.yaml:22:26",
        ],
    );
}

#[test]
fn e0101_a_key_given_twice_is_a_duplicate() {
    expect(
        check(
            &[("    access: ro\n", "    access: ro\n    access: rw\n")],
            &[],
        ),
        &["E0101 blocks/t/v1.yaml:13:5"],
    );
}

#[test]
fn e0004_a_file_of_comments_is_empty() {
    expect(
        check(&[], &[(SOC, "# only a comment\n\n# and another\n")]),
        &["E0004 chip.yaml:1:1"],
    );
}

#[test]
fn parser_messages_are_in_the_formats_words() {
    // Each edit makes the parser or serde fail; none of the messages may name a Rust type,
    // the parser's API, or repeat the position the diagnostic already gives.
    let edits: &[(&str, &str)] = &[
        ("    offset: 0x4\n", "    offset: four\n"),
        ("    offset: 0x4\n", "    offset: [4]\n"),
        ("    offset: 0x4\n", "    offset: -4\n"),
        ("    offset: 0x4\n", "    offset: 4.5\n"),
        ("    offset: 0x4\n", "    offset: 0x10000000000000000\n"),
        ("    reset: 0x0\n", "    reset: [0]\n"),
        ("    reset: 0x0\n", "    reset: {a: 1}\n"),
        ("    reset: 0x0\n", "    reset: 1.5\n"),
        ("    reset: 0x0\n", "    reset:\n"),
        ("    access: ro\n", "    access: ro\n    access: rw\n"),
        ("  - name: VERSION\n", "  - 5\n"),
        ("registers:\n", "registers: 5\n"),
        ("indices:\n", "indices: [1]\n"),
        ("block: t\n", "block: t\n---\nblock: u\n"),
        ("block: t\n", "block: &a t\nrevision: *b\n"),
        (
            "    reset: 0x0\n",
            "    reset: &x [[1, 1, 1], [1, 1, 1]]\n    description: [*x, *x, *x, *x]\n",
        ),
    ];
    for (from, to) in edits {
        let got = run(&[(from, to)], &[]);
        assert!(!got.is_empty(), "`{to}` is reported");
        for (at, msg) in got {
            for word in [
                "u64",
                "u32",
                "i64",
                "struct ",
                "enum ",
                "untagged",
                "Options",
                "Policy",
                "from_str",
                " at line ",
                "Spec",
                "NumberOrWord",
                "budget breached",
                "{ ",
            ] {
                assert!(
                    !msg.contains(word),
                    "`{to}` -> {at}: {msg:?} contains {word:?}"
                );
            }
            assert!(!msg.ends_with("(used"), "{msg}");
        }
    }
}

#[test]
fn alias_bombs_and_huge_counts_are_refused_quickly() {
    // 10^9 nodes from nine lines, where a value is read to its end (a reset value).
    let mut bomb = String::from(
        "    reset: [\n      &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"],\n",
    );
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i", "j"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h", "i"])
    {
        bomb.push_str(&format!(
            "      &{name} [{}],\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    bomb.push_str("    ]\n");
    type Edits = Vec<(&'static str, String)>;
    let cases: Vec<(Edits, Edits)> = vec![
        (vec![("    reset: unknown\n", bomb)], vec![]),
        // A count near 2^40 that does not fit the window: cut by bisection, not one at a time.
        (
            vec![(
                "  pipe: {max: 8,",
                "  pipe: {max: 0x10000000000,".to_string(),
            )],
            vec![("ee: 0, num_channels: 4, ", "ee: 0, ".to_string())],
        ),
        (
            vec![],
            vec![("num_channels: 4", "num_channels: 0x10000000000".to_string())],
        ),
        // 40 arrays of 65536 copies (2.6 million): over the per-block budget, reported once
        // instead of expanded.
        (
            vec![(
                "registers:\n",
                (0..40).fold("registers:\n".to_string(), |acc, i| {
                    acc + &format!(
                        "  - {{name: A{i}, offset: {:#x}, access: rw, reset: unknown, \
                         array: {{count: 65536, stride: 0x10000}}}}\n",
                        0x1000 + 4 * i
                    )
                }),
            )],
            vec![],
        ),
    ];
    // The diagnostic each case must include.
    let wanted = [
        "E0002 blocks/t/v1.yaml:17:43",
        "E0112 blocks/t/v1.yaml:7:15",
        "E0204 chip.yaml:4:80",
        "E0105 blocks/t/v1.yaml:14:24",
    ];
    for ((block, soc), want) in cases.into_iter().zip(wanted) {
        let block: Vec<(&str, &str)> = block.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let soc: Vec<(&str, &str)> = soc.iter().map(|(a, b)| (*a, b.as_str())).collect();
        // The fastest of three, so a moment of load on a shared machine does not fail it.
        let mut best = std::time::Duration::MAX;
        let mut got = Vec::new();
        for _ in 0..3 {
            let start = std::time::Instant::now();
            got = run(&block, &soc);
            best = best.min(start.elapsed());
        }
        assert!(!got.is_empty(), "{block:?} {soc:?} is reported");
        assert!(got.len() < 10, "reported once, not per copy: {got:?}");
        assert!(got.iter().any(|(at, _)| at == want), "{want} in {got:?}");
        assert!(
            best < std::time::Duration::from_secs(1),
            "{block:?} {soc:?} took {best:?}: {got:?}"
        );
    }
}

#[test]
fn every_rule_has_a_negative_test_here() {
    let source = include_str!("rules.rs");
    let mut missing = BTreeSet::new();
    for code in Code::ALL {
        // E0001 (unreadable file) is covered by the loader's own test.
        if *code == Code::Io {
            continue;
        }
        if !source.contains(&format!("\"{} ", code.as_str())) {
            missing.insert(code.as_str());
        }
    }
    assert!(
        missing.is_empty(),
        "codes without a negative test: {missing:?}"
    );
}

#[test]
fn unreadable_paths_are_reported_not_panicked_on() {
    let checked = socgen::check(&[PathBuf::from("/nonexistent/socgen/chip.yaml")]);
    assert_eq!(checked.diagnostics.len(), 1);
    assert_eq!(checked.diagnostics[0].code, Code::Io);
}

// --- issue 13: element format, lock groups, wrappers, evidence grades ----------------------

#[test]
fn e0114_read_destination_bits_other_than_32_or_36() {
    expect(
        check(
            &[("read_destination_bits: 36", "read_destination_bits: 40")],
            &[],
        ),
        &["E0114 blocks/t/v1.yaml:4:60"],
    );
    let got = run(
        &[("read_destination_bits: 36", "read_destination_bits: 40")],
        &[],
    );
    assert!(got[0].1.contains("40 destination bits"), "{got:?}");
}

#[test]
fn e0115_pipe_locking_needs_a_lock_group_field() {
    expect(
        check(
            &[(
                "    fields: [{name: P_LOCK_GROUP, bits: \"20:16\"}]\n",
                "    fields: [{name: P_EN, bits: 0}]\n",
            )],
            &[],
        ),
        &["E0115 blocks/t/v1.yaml:5:30"],
    );
    // A revision without pipe locking needs no group field.
    expect(
        check(
            &[
                (
                    "    fields: [{name: P_LOCK_GROUP, bits: \"20:16\"}]\n",
                    "    fields: [{name: P_EN, bits: 0}]\n",
                ),
                ("pipe_locking: true", "pipe_locking: false"),
            ],
            &[],
        ),
        &["E0301 chip.yaml:7:8"],
    );
}

#[test]
fn e0305_lock_group_wider_than_the_field() {
    expect(
        check(&[], &[("lock_group: 1", "lock_group: 32")]),
        &["E0305 chip.yaml:14:15"],
    );
    expect(check(&[], &[("lock_group: 1", "lock_group: 31")]), &[]);
    // A narrower field in the block narrows the range.
    expect(
        check(
            &[("bits: \"20:16\"", "bits: \"17:16\"")],
            &[("lock_group: 1", "lock_group: 4")],
        ),
        &["E0305 chip.yaml:14:15"],
    );
}

#[test]
fn e0306_wrapper_and_address_mode_disagree() {
    expect(
        check(
            &[],
            &[(
                "address_mode: bam_offset18",
                "address_mode: wrapper_offset18",
            )],
        ),
        &["E0306 chip.yaml:12:17"],
    );
    expect(
        check(
            &[],
            &[(
                "  source: test\n  lock_group",
                "  source: test\n  wrapper: {base: 0x40000, grade: documented, source: test}\n  lock_group",
            )],
        ),
        &["E0306 chip.yaml:14:19"],
    );
}

#[test]
fn e0307_wrapper_base_above_the_bam_or_a_client() {
    let mode = (
        "address_mode: bam_offset18\n  source: test\n",
        "address_mode: wrapper_offset18\n  source: test\n  wrapper: {base: 0x40800, grade: documented, source: test}\n",
    );
    // Above the BAM (0x40000), below the client (0x41000).
    expect(check(&[], &[mode]), &["E0307 chip.yaml:14:19"]);
    // Above both: one report each, and no E0304 on top.
    let above = (
        "address_mode: bam_offset18\n  source: test\n",
        "address_mode: wrapper_offset18\n  source: test\n  wrapper: {base: 0x41800, grade: documented, source: test}\n",
    );
    expect(
        check(&[], &[above]),
        &["E0307 chip.yaml:14:19", "E0307 chip.yaml:14:19"],
    );
    // At the BAM's base: valid, offsets from the wrapper.
    let at = (
        "address_mode: bam_offset18\n  source: test\n",
        "address_mode: wrapper_offset18\n  source: test\n  wrapper: {base: 0x40000, grade: documented, source: test}\n",
    );
    expect(check(&[], &[at]), &[]);
}

#[test]
fn e0401_e0402_e0403_e0404_evidence() {
    // A grade without a source.
    expect(
        check(
            &[],
            &[("{grade: precedent, source: test}", "{grade: precedent}")],
        ),
        &["E0401 chip.yaml:15:34"],
    );
    // `inferred` without reasoning; with reasoning it passes.
    expect(
        check(&[], &[("grade: precedent", "grade: inferred")]),
        &["E0402 chip.yaml:15:34"],
    );
    expect(
        check(
            &[],
            &[(
                "grade: precedent",
                "grade: inferred, reasoning: pipe pair index",
            )],
        ),
        &[],
    );
    // An unknown evidence key, with a suggestion; the lock group is then ungraded.
    let got = run(&[], &[("evidence: {lock_group:", "evidence: {lock_grup:")]);
    let at: Vec<&str> = got.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(at, ["E0404 chip.yaml:14:15", "E0403 chip.yaml:15:14"]);
    // Ungraded block facts.
    expect(
        check(
            &[("pipe_locking: true, grade: upstream", "pipe_locking: true")],
            &[],
        ),
        &["E0404 blocks/t/v1.yaml:5:15"],
    );
    expect(
        check(
            &[(
                "read_destination_bits: 36, grade: documented",
                "read_destination_bits: 36",
            )],
            &[],
        ),
        &["E0404 blocks/t/v1.yaml:4:18"],
    );
    // A wrapper without a grade.
    expect(
        check(
            &[],
            &[(
                "address_mode: bam_offset18\n  source: test\n",
                "address_mode: wrapper_offset18\n  source: test\n  wrapper: {base: 0x40000, source: test}\n",
            )],
        ),
        &["E0404 chip.yaml:14:19"],
    );
}

/// Runs the base catalogue with a behaviour catalogue of its own (the built-in text, edited).
fn run_catalogue(edits: &[(&str, &str)]) -> Vec<String> {
    let n = CASE.fetch_add(1, Ordering::SeqCst);
    let root = std::env::temp_dir().join(format!("socgen-rules-hw-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("blocks/t")).expect("mkdir");
    std::fs::create_dir_all(root.join("hardware")).expect("mkdir");
    std::fs::write(root.join("blocks/t/v1.yaml"), BLOCK).expect("write");
    std::fs::write(root.join("chip.yaml"), SOC).expect("write");
    let hw = edits
        .iter()
        .fold(socgen::load::BUILTIN_HARDWARE.to_string(), |t, (a, b)| {
            assert!(t.contains(a), "edit target `{a}` not in the catalogue");
            t.replacen(a, b, 1)
        });
    std::fs::write(root.join("hardware/bam.yaml"), hw).expect("write");
    let checked = socgen::check(std::slice::from_ref(&root));
    let out = checked
        .diagnostics
        .iter()
        .map(|d| {
            let path = checked.loaded.sources.path(d.file);
            let rel = path.strip_prefix(&root).unwrap_or(path);
            format!("{} {}", d.code.as_str(), rel.display())
        })
        .collect();
    let _ = std::fs::remove_dir_all(&root);
    out
}

#[test]
fn the_behaviour_catalogue_is_checked() {
    // The bundled catalogue, beside the SoC, is clean (the base lock's W0310 is the lock rule's).
    assert_eq!(run_catalogue(&[]), ["W0310 chip.yaml"]);
    // An unknown id (did you mean) leaves the real one ungraded.
    assert_eq!(
        run_catalogue(&[("id: lock_group_zero", "id: lock_group_nil")]),
        ["E0404 hardware/bam.yaml", "E0403 hardware/bam.yaml"]
    );
    // The same id twice.
    assert_eq!(
        run_catalogue(&[("id: lock_group_zero", "id: lock_group_per_pipe_pair")]),
        ["E0404 hardware/bam.yaml", "E0101 hardware/bam.yaml"]
    );
    // A bad question number.
    assert_eq!(
        run_catalogue(&[("question: Q5", "question: five")]),
        ["E0005 hardware/bam.yaml"]
    );
    // `hardware:` must equal the file name.
    assert_eq!(
        run_catalogue(&[("hardware: bam", "hardware: dma")]),
        ["E0007 hardware/bam.yaml"]
    );
}

#[test]
fn without_a_catalogue_of_its_own_a_soc_uses_the_built_in_one() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let checked = socgen::check(&[dir]);
    let model = checked.model.expect("valid");
    assert_eq!(
        model.behaviours.len(),
        socgen::model::BehaviourId::ALL.len()
    );
    assert!(
        checked
            .loaded
            .sources
            .files()
            .any(|(_, f)| f.path == std::path::Path::new(socgen::load::BUILTIN_HARDWARE_PATH))
    );
}

// --- issue 16: the device-tree cross-check (`check --dtb`; more in dt.rs) ---------------------

#[test]
fn e0501_to_e0506_device_tree_disagreements_at_their_yaml_lines() {
    let cases = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-inputs");
    for (case, want) in [
        ("dt-base-mismatch", "E0501 chip.yaml:17:11"),
        ("dt-size-mismatch", "E0502 chip.yaml:9:11"),
        ("dt-no-node", "E0503 chip.yaml:23:11"),
        ("dt-property-mismatch", "E0504 chip.yaml:12:19"),
        ("dt-dma-mismatch", "E0505 chip.yaml:20:10"),
        ("dt-missing-instance", "E0506 chip.yaml:2:6"),
    ] {
        let dir = cases.join(case);
        let (checked, _) = socgen::dt::check::check_files(
            std::slice::from_ref(&dir),
            &dir.join("board.dtb"),
            None,
        )
        .expect("the blob parses");
        let got: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| !d.code.is_lock_evidence())
            .map(|d| {
                let path = checked.loaded.sources.path(d.file);
                let rel = path.strip_prefix(&dir).unwrap_or(path);
                format!(
                    "{} {}:{}:{}",
                    d.code.as_str(),
                    rel.display(),
                    d.loc.line,
                    d.loc.col
                )
            })
            .collect();
        assert_eq!(got, [want], "{case}: {}", checked.render(false));
    }
}

// --- issue 14: lock setups unsafe under a hardware variant their evidence leaves open -------

#[test]
fn w0310_wrap_with_a_read_dummy_puts_lock_on_an_inferred_behaviour() {
    let got = run_all(&[], &[]);
    assert_eq!(
        got.iter().map(|(at, _)| at.as_str()).collect::<Vec<_>>(),
        ["W0310 chip.yaml:10:10"]
    );
    let message = &got[0].1;
    assert!(message.contains("lock_on_read: ignored"), "{message}");
    assert!(
        message.contains("`lock_on_read_element` is only graded `inferred`"),
        "{message}"
    );
}

#[test]
fn w0310_w0312_merge_on_a_client_socgen_does_not_drive() {
    // `dev` is no QCE: its transactions may start with data (LOCK on the read dummy) and end with
    // its own command descriptor (UNLOCK there: `unlock_after_descriptor` is unknown).
    let got = run_all(&[], &[("placement: wrap", "placement: merge")]);
    assert_eq!(
        got.iter().map(|(at, _)| at.as_str()).collect::<Vec<_>>(),
        ["W0310 chip.yaml:10:10", "W0312 chip.yaml:11:14"]
    );
    assert!(
        got[1].1.contains("unlock_timing: before its descriptor"),
        "{}",
        got[1].1
    );
}

#[test]
fn w0313_a_dummy_write_resting_on_weak_write_ignored_evidence() {
    let block = |grade: &str| {
        [(
            "  - name: VERSION\n    offset: 0x0\n    access: ro\n",
            format!(
                "  - name: VERSION\n    offset: 0x0\n    access: ro\n    write_ignored: true\n    \
                 evidence: {{write_ignored: {{grade: {grade}, source: test}}}}\n"
            ),
        )]
    };
    let soc = [("dummy: read", "dummy: {write: 0}")];
    let edits = |grade| {
        let b = block(grade);
        run_all(&[(b[0].0, b[0].1.as_str())], &soc)
    };
    let got = edits("unknown");
    assert_eq!(
        got.iter().map(|(at, _)| at.as_str()).collect::<Vec<_>>(),
        ["W0313 chip.yaml:10:10"]
    );
    assert!(got[0].1.contains("write_ignored"), "{}", got[0].1);
    // Graded precedent: the variants are ruled out, and wrap with a write dummy is clean.
    assert!(edits("precedent").is_empty());
}

#[test]
fn w0311_raising_or_lowering_a_grade_in_the_catalogue_moves_the_warnings() {
    // Raise `lock_on_read_element` (the first `grade: inferred` of the catalogue) to precedent:
    // the variant is ruled out and W0310 goes away.
    assert_eq!(
        run_catalogue(&[(
            "id: lock_on_read_element\n    question: Q2\n    statement: \"A LOCK on a command descriptor whose element is a READ takes effect.\"\n    grade: inferred",
            "id: lock_on_read_element\n    question: Q2\n    statement: \"A LOCK on a command descriptor whose element is a READ takes effect.\"\n    grade: precedent",
        )]),
        Vec::<String>::new()
    );
    // Lower `unlock_on_read_element` to unknown: the UNLOCK on the read dummy warns too.
    assert_eq!(
        run_catalogue(&[(
            "id: unlock_on_read_element\n    question: Q2\n    statement: \"An UNLOCK on a command descriptor whose element is a READ takes effect.\"\n    grade: precedent",
            "id: unlock_on_read_element\n    question: Q2\n    statement: \"An UNLOCK on a command descriptor whose element is a READ takes effect.\"\n    grade: unknown",
        )]),
        ["W0310 chip.yaml", "W0311 chip.yaml"]
    );
}

#[test]
fn strict_makes_the_lock_evidence_warnings_errors() {
    let root = std::env::temp_dir().join(format!("socgen-rules-strict-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("blocks/t")).expect("mkdir");
    std::fs::write(root.join("blocks/t/v1.yaml"), BLOCK).expect("write");
    std::fs::write(
        root.join("chip.yaml"),
        SOC.replace("  placement: wrap\n", "  placement: wrap\n  strict: true\n"),
    )
    .expect("write");
    let checked = socgen::check(std::slice::from_ref(&root));
    assert_eq!(checked.diagnostics.len(), 1, "{}", checked.render(false));
    let d = &checked.diagnostics[0];
    assert_eq!(
        (d.code, d.severity),
        (Code::LockOnReadOpen, socgen::diagnostics::Severity::Error)
    );
    assert!(
        d.help
            .as_deref()
            .is_some_and(|h| h.contains("to make it safe"))
    );
    assert!(checked.model.is_none(), "an error stops generation");
    let _ = std::fs::remove_dir_all(&root);
}

/// `CODE path:line:col` of every diagnostic of a committed case in `tests/bad-inputs/`, for the
/// rules whose input needs more files than the two this suite writes (a register catalogue).
fn check_case(case: &str) -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/bad-inputs")
        .join(case);
    let checked = socgen::check(std::slice::from_ref(&root));
    checked
        .diagnostics
        .iter()
        .map(|d| {
            let path = checked.loaded.sources.path(d.file);
            let rel = path.strip_prefix(&root).unwrap_or(path);
            format!(
                "{} {}:{}:{}",
                d.code.as_str(),
                rel.display(),
                d.loc.line,
                d.loc.col
            )
        })
        .collect()
}

#[test]
fn e0116_offset_table_names_no_catalogue_register() {
    expect(
        check_case("catalogue-unknown-register"),
        &["E0116 blocks/tiny/v1.yaml:15:12"],
    );
    // The layout's own mistakes are reported in the catalogue, the place's in the revision.
    expect(
        check_case("catalogue-field-overlap"),
        &["E0107 blocks/tiny/shared/regs.yaml:12:15"],
    );
    expect(
        check_case("catalogue-offset-misaligned"),
        &["E0103 blocks/tiny/v1.yaml:15:30"],
    );
}

#[test]
fn e0117_bam_revision_lacks_what_the_driver_programs() {
    expect(check_case("bam-driver-valid"), &[]);
    expect(
        check_case("bam-driver-register-missing"),
        &["E0117 blocks/bam/v1.yaml:2:8"],
    );
    expect(
        check_case("bam-driver-field-renamed"),
        &["E0117 blocks/bam/v1.yaml:25:12"],
    );
    expect(
        check_case("bam-driver-pipe-register-global"),
        &["E0117 blocks/bam/v1.yaml:26:12"],
    );
    // A moved field is reported where its bits are written: in the catalogue.
    expect(
        check_case("bam-driver-field-moved"),
        &["E0117 blocks/bam/shared/registers.yaml:58:28"],
    );
}
