//! Device-tree blobs read in: bad blobs are clear errors (a wrong header, phandle loops and
//! dangling phandles), mutated blobs never panic, and `dmas` names a controller only by its
//! phandle cell. Test blobs are compiled with `dtc -@` (Debian package `device-tree-compiler`).

#[path = "common/dt.rs"]
mod shared;

use shared::{catalogue, dtc, dtc_with, repo, temp};
use std::path::Path;

fn good_blob() -> Vec<u8> {
    let out = temp("good");
    let dtb = out.join("g.dtb");
    dtc(&repo().join("codegen/tests/dts/sm8550-facts.dts"), &dtb);
    let bytes = std::fs::read(&dtb).expect("read");
    let _ = std::fs::remove_dir_all(out);
    bytes
}

fn kind_of(bytes: &[u8]) -> Result<(), socgen::dt::ErrorKind> {
    let model = catalogue();
    let blob = socgen::dt::parse_blob(Path::new("bad.dtb"), bytes).map_err(|e| {
        let text = e.to_string();
        assert!(text.starts_with("bad.dtb: error[dt-"), "{text}");
        assert!(text.contains("help: "), "{text}");
        e.kind
    })?;
    socgen::dt::import::import(&blob, &model, Some("x"))
        .map(|_| ())
        .map_err(|e| e.kind)
}

#[test]
fn bad_blobs_are_clear_errors() {
    use socgen::dt::ErrorKind as K;
    let good = good_blob();
    assert_eq!(kind_of(&good), Ok(()));
    assert_eq!(kind_of(&good[..good.len() / 2]), Err(K::Truncated));
    assert_eq!(kind_of(&good[..20]), Err(K::Truncated));
    assert_eq!(kind_of(&[]), Err(K::Truncated));
    let mut magic = good.clone();
    magic[0] = 0x7f;
    assert_eq!(kind_of(&magic), Err(K::BadMagic));
    let mut huge = good.clone();
    huge[4..8].copy_from_slice(&0xffff_fff0u32.to_be_bytes());
    assert_eq!(kind_of(&huge), Err(K::BadHeader));
    let mut huge_struct = good.clone();
    huge_struct[36..40].copy_from_slice(&0xffff_fff0u32.to_be_bytes());
    assert_eq!(kind_of(&huge_struct), Err(K::BadHeader));
    let mut strings = good.clone();
    strings[12..16].copy_from_slice(&0xffff_fff0u32.to_be_bytes());
    assert_eq!(kind_of(&strings), Err(K::BadHeader));
}

#[test]
fn phandle_loops_and_dangling_phandles_are_clear_errors() {
    use socgen::dt::ErrorKind as K;
    let out = temp("phandles");
    let base =
        std::fs::read_to_string(repo().join("codegen/tests/dts/sm8550-facts.dts")).expect("dts");
    for (name, edit, kind) in [
        (
            "self",
            base.replace("<&cryptobam 4>, <&cryptobam 5>", "<&crypto 4>, <&crypto 5>"),
            K::PhandleLoop,
        ),
        (
            "dup",
            base.replace(
                "#dma-cells = <1>;\n\t\t\tqcom,ee",
                "#dma-cells = <1>;\n\t\t\tphandle = <0x77>;\n\t\t\tqcom,ee",
            )
            .replace("qcom,qce\";", "qcom,qce\";\n\t\t\tphandle = <0x77>;")
            // dtc -f writes 0xffffffff for references into a tree with duplicate phandles.
            .replace("<&cryptobam 4>, <&cryptobam 5>", "<0x77 4>, <0x77 5>"),
            K::PhandleLoop,
        ),
        (
            "dangling",
            base.replace("<&cryptobam 4>, <&cryptobam 5>", "<0x999 4>, <0x999 5>"),
            K::DanglingPhandle,
        ),
        (
            "short",
            base.replace(
                "<&cryptobam 4>, <&cryptobam 5>",
                "<&cryptobam 4>, <&cryptobam>",
            ),
            K::BadProperty,
        ),
        (
            "reg",
            base.replace("reg = <0x0 0x01dfa000 0x0 0x6000>;", "reg = <0x01dfa000>;"),
            K::Io, // not an error: the node is listed as not importable
        ),
    ] {
        let dts = out.join(format!("{name}.dts"));
        std::fs::write(&dts, &edit).expect("write");
        let dtb = out.join(format!("{name}.dtb"));
        // dtc refuses a duplicated phandle; -f writes the blob anyway.
        dtc_with(&dts, &dtb, if name == "dup" { &["-f"] } else { &[] });
        let bytes = std::fs::read(&dtb).expect("read");
        if name == "reg" {
            let blob = socgen::dt::parse_blob(&dtb, &bytes).expect("parses");
            let draft = socgen::dt::import::import(&blob, &catalogue(), None).expect("imports");
            assert_eq!(draft.unknown.len(), 1, "{:?}", draft.unknown);
            assert!(
                draft.unknown[0].reason.contains("`reg`"),
                "{:?}",
                draft.unknown
            );
            continue;
        }
        assert_eq!(kind_of(&bytes), Err(kind), "{name}");
    }
    let _ = std::fs::remove_dir_all(out);
}

/// A small deterministic generator, so the mutation test needs no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn mutated_blobs_never_panic() {
    let good = good_blob();
    let model = catalogue();
    let mut rng = Lcg(0x5eed);
    for round in 0..3000 {
        let mut bytes = good.clone();
        let edits = 1 + rng.next() % 4;
        for _ in 0..edits {
            let at = (rng.next() as usize) % bytes.len();
            match rng.next() % 4 {
                0 => bytes[at] = rng.next() as u8,
                1 => bytes[at] ^= 1 << (rng.next() % 8),
                2 => bytes.truncate(at.max(1)),
                _ => {
                    let v = [0u8, 0xff, 0x7f, 0x80][(rng.next() % 4) as usize];
                    let end = (at + 4).min(bytes.len());
                    bytes[at..end].fill(v);
                }
            }
        }
        let result = std::panic::catch_unwind(|| {
            if let Ok(blob) = socgen::dt::parse_blob(Path::new("m.dtb"), &bytes) {
                let _ = socgen::dt::import::import(&blob, &model, Some("m"));
            }
        });
        assert!(result.is_ok(), "round {round} panicked on {bytes:02x?}");
    }
}

/// A GPI specifier such as `<&gpi 0 3 3>` has cells that may equal a BAM's phandle; only the
/// phandle cell of each `dmas` entry names a controller, so such a client is not a BAM client.
#[test]
fn a_gpi_specifier_cell_equal_to_a_bam_phandle_is_no_bam_client() {
    let model = catalogue();
    let out = temp("gpi");
    let dts = out.join("gpi.dts");
    std::fs::write(
        &dts,
        r#"/dts-v1/;
/ {
    #address-cells = <1>;
    #size-cells = <1>;
    compatible = "qcom,sm8550";
    bam: dma-controller@1dc4000 {
        compatible = "qcom,bam-v1.7.4", "qcom,bam-v1.7.0";
        reg = <0x1dc4000 0x28000>;
        #dma-cells = <1>;
        qcom,ee = <0>;
        phandle = <3>;
    };
    gpi: dma-controller@900000 {
        compatible = "qcom,sm8550-gpi-dma", "qcom,sm6350-gpi-dma";
        reg = <0x900000 0x60000>;
        #dma-cells = <3>;
        phandle = <7>;
    };
    spi@a80000 {
        compatible = "qcom,geni-spi";
        reg = <0xa80000 0x4000>;
        dmas = <&gpi 0 3 3>, <&gpi 1 3 3>;
        dma-names = "tx", "rx";
    };
    serial@a90000 {
        compatible = "qcom,msm-uartdm-v1.4";
        reg = <0xa90000 0x1000>;
        dmas = <&bam 2>, <&bam 3>;
        dma-names = "tx", "rx";
    };
};
"#,
    )
    .expect("write");
    let dtb = out.join("gpi.dtb");
    dtc(&dts, &dtb);
    let blob = socgen::dt::read_blob(&dtb).expect("blob");
    let draft = socgen::dt::import::import(&blob, &model, None).expect("import");
    let unknown: Vec<&str> = draft.unknown.iter().map(|u| u.path.as_str()).collect();
    assert!(unknown.contains(&"/serial@a90000"), "{unknown:?}");
    assert!(!unknown.contains(&"/spi@a80000"), "{unknown:?}");
    let _ = std::fs::remove_dir_all(out);
}
