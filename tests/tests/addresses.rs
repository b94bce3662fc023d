//! Every generated register address of every bundled SoC, checked against addresses computed
//! independently from the upstream register tables (`tests/data/upstream/`) and the device-tree
//! bases, through the generated accessors and command-element builders themselves.

use socgen_runtime::Index;
use socgen_tests::RecordingIo;
use std::collections::BTreeMap;

fn upstream(file: &str) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/upstream")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("upstream data");
    serde_saphyr::from_str(&text).expect("upstream yaml")
}

/// `BAM_<REG>` -> [base, pipe_mult, evnt_mult, ee_mult] for one revision table (v1_3, ...).
fn bam_table(rev: &str) -> BTreeMap<String, [u64; 4]> {
    let facts = upstream("bam.yaml");
    let regs = facts["revisions"][rev]["regs"]
        .as_object()
        .expect("table")
        .clone();
    regs.into_iter()
        .map(|(k, v)| {
            let n: Vec<u64> = v
                .as_array()
                .expect("row")
                .iter()
                .map(|x| x.as_u64().expect("num"))
                .collect();
            (
                k.trim_start_matches("BAM_").to_string(),
                [n[0], n[1], n[2], n[3]],
            )
        })
        .collect()
}

/// Offsets the accessor touched, one per call.
fn touched(io: &RecordingIo) -> Vec<usize> {
    io.log.borrow().iter().map(|(_, off, _)| *off).collect()
}

macro_rules! global {
    ($regs:ident, $table:ident, $what:expr; $($m:ident => $k:literal),*) => {{
        let mut n = 0;
        $(
            assert_eq!($regs.$m().offset() as u64, $table[$k][0], "{} {}", $what, $k);
            n += 1;
        )*
        n
    }};
}

macro_rules! single {
    ($regs:ident, $up:ident, $ce_base:ident, $inst:ident, $what:expr; $($m:ident, $w:ident => $k:literal),*) => {{
        let mut n = 0;
        $(
            assert_eq!($regs.$m().offset() as u64, $up[$k], "{} {}", $what, $k);
            let ce = $inst::COMMANDS.$w(Default::default());
            assert_eq!(u64::from(ce.address().get()), $ce_base + $up[$k], "{} CE {}", $what, $k);
            n += 1;
        )*
        n
    }};
}

macro_rules! array {
    ($regs:ident, $up:ident, $ce_base:ident, $inst:ident, $what:expr; $($m:ident, $w:ident, $count:literal => $first:literal),*) => {{
        let mut n = 0;
        $(
            for i in 0..$count {
                let idx = Index::new(i).expect("index");
                let expect = $up[$first] + 4 * u64::from(i);
                assert_eq!($regs.$m(idx).offset() as u64, expect, "{} {}[{i}]", $what, $first);
                let ce = $inst::COMMANDS.$w(idx, Default::default());
                assert_eq!(u64::from(ce.address().get()), $ce_base + expect);
                n += 1;
            }
        )*
        n
    }};
}

macro_rules! check_bam {
    ($inst:path, $rev:literal) => {{
        use $inst as inst;
        let table = bam_table($rev);
        let io = RecordingIo::default();
        let regs = inst::Registers::new(&io);
        let pipes = inst::Pipe::COUNT;
        let ees = inst::Ee::COUNT;
        let mut checked = 0;
        checked += global!(regs, table, stringify!($inst); ctrl => "CTRL", revision => "REVISION", num_pipes => "NUM_PIPES",
            desc_cnt_trshld => "DESC_CNT_TRSHLD", irq_srcs => "IRQ_SRCS", irq_srcs_msk => "IRQ_SRCS_MSK",
            irq_srcs_unmasked => "IRQ_SRCS_UNMASKED", irq_stts => "IRQ_STTS", irq_clr => "IRQ_CLR",
            irq_en => "IRQ_EN", cnfg_bits => "CNFG_BITS");
        for ee in 0..ees {
            let e = Index::new(ee).expect("ee");
            for (off, k) in [(regs.irq_srcs_ee(e).offset(), "IRQ_SRCS_EE"), (regs.irq_srcs_msk_ee(e).offset(), "IRQ_SRCS_MSK_EE")] {
                let [b, _, _, em] = table[k];
                assert_eq!(off as u64, b + em * u64::from(ee), "{} {k} ee {ee}", stringify!($inst));
                checked += 1;
            }
        }
        for pipe in 0..pipes {
            let p = Index::new(pipe).expect("pipe");
            let per_pipe = [
                (regs.p_ctrl(p).offset(), "P_CTRL"), (regs.p_rst(p).offset(), "P_RST"),
                (regs.p_halt(p).offset(), "P_HALT"), (regs.p_irq_stts(p).offset(), "P_IRQ_STTS"),
                (regs.p_irq_clr(p).offset(), "P_IRQ_CLR"), (regs.p_irq_en(p).offset(), "P_IRQ_EN"),
                (regs.p_evnt_dest_addr(p).offset(), "P_EVNT_DEST_ADDR"), (regs.p_evnt_reg(p).offset(), "P_EVNT_REG"),
                (regs.p_sw_ofsts(p).offset(), "P_SW_OFSTS"), (regs.p_data_fifo_addr(p).offset(), "P_DATA_FIFO_ADDR"),
                (regs.p_desc_fifo_addr(p).offset(), "P_DESC_FIFO_ADDR"), (regs.p_evnt_gen_trshld(p).offset(), "P_EVNT_GEN_TRSHLD"),
                (regs.p_fifo_sizes(p).offset(), "P_FIFO_SIZES"),
            ];
            for (off, k) in per_pipe {
                let [b, pm, evm, _] = table[k];
                assert_eq!(off as u64, b + (pm + evm) * u64::from(pipe), "{} {k} pipe {pipe}", stringify!($inst));
                assert!(off < inst::SIZE, "{} {k} pipe {pipe} inside the window", stringify!($inst));
                checked += 1;
            }
        }
        assert!(touched(&io).is_empty(), "offsets are computed without touching the device");
        checked
    }};
}

fn qce_offsets() -> BTreeMap<String, u64> {
    let facts = upstream("qce-v5.yaml");
    facts["registers"]
        .as_object()
        .expect("registers")
        .iter()
        .filter_map(|(k, v)| Some((k.trim_start_matches("REG_").to_string(), v.as_u64()?)))
        .collect()
}

macro_rules! check_qce {
    ($inst:path, $bam_base:expr) => {{
        use $inst as inst;
        let up = qce_offsets();
        let io = RecordingIo::default();
        let regs = inst::Registers::new(&io);
        let mut checked = 0;
        // Command-element addresses: offset from the 256 KiB-aligned BAM block (bam_offset18).
        let ce_base = inst::BASE - ($bam_base & !0x3_ffff);
        checked += single!(regs, up, ce_base, inst, stringify!($inst); status, write_status => "STATUS", seg_size, write_seg_size => "SEG_SIZE",
            goproc, write_goproc => "GOPROC", encr_seg_cfg, write_encr_seg_cfg => "ENCR_SEG_CFG",
            encr_seg_size, write_encr_seg_size => "ENCR_SEG_SIZE", encr_seg_start, write_encr_seg_start => "ENCR_SEG_START",
            cntr_mask, write_cntr_mask => "CNTR_MASK", cntr_mask0, write_cntr_mask0 => "CNTR_MASK0",
            cntr_mask1, write_cntr_mask1 => "CNTR_MASK1", cntr_mask2, write_cntr_mask2 => "CNTR_MASK2",
            encr_xts_du_size, write_encr_xts_du_size => "ENCR_XTS_DU_SIZE",
            auth_seg_cfg, write_auth_seg_cfg => "AUTH_SEG_CFG", auth_seg_size, write_auth_seg_size => "AUTH_SEG_SIZE",
            auth_seg_start, write_auth_seg_start => "AUTH_SEG_START", config, write_config => "CONFIG");
        assert_eq!(regs.version().offset() as u64, up["VERSION"]);
        assert_eq!(u64::from(inst::COMMANDS.read_version(0).address().get()), ce_base + up["VERSION"]);
        checked += array!(regs, up, ce_base, inst, stringify!($inst); cntr_iv, write_cntr_iv, 4 => "CNTR0_IV0", encr_ccm_int_cntr, write_encr_ccm_int_cntr, 4 => "ENCR_CCM_INT_CNTR0",
            auth_iv, write_auth_iv, 16 => "AUTH_IV0", auth_info_nonce, write_auth_info_nonce, 4 => "AUTH_INFO_NONCE0",
            auth_bytecnt, write_auth_bytecnt, 4 => "AUTH_BYTECNT0", auth_exp_mac, write_auth_exp_mac, 8 => "AUTH_EXP_MAC0",
            encr_key, write_encr_key, 8 => "ENCR_KEY0", encr_xts_key, write_encr_xts_key, 8 => "ENCR_XTS_KEY0",
            auth_key, write_auth_key, 16 => "AUTH_KEY0");
        assert!(touched(&io).is_empty());
        checked
    }};
}

/// `BASE`/`SIZE` of an instance against the device tree.
fn dt(soc: &str, label: &str) -> (u64, u64) {
    let facts = upstream("socs-devicetree.yaml");
    let s = &facts["socs"][soc];
    let node = [&s["cryptobam"], &s["crypto"]]
        .into_iter()
        .chain(s["other_bam_nodes"].as_array().into_iter().flatten())
        .find(|n| n["label"] == label)
        .unwrap_or_else(|| panic!("{soc} {label} not in the device-tree facts"));
    let num = |v: &serde_json::Value| {
        u64::from_str_radix(v.as_str().expect("hex").trim_start_matches("0x"), 16).expect("hex")
    };
    (num(&node["reg_base"]), num(&node["reg_size"]))
}

#[test]
fn sm8550_addresses_match_upstream() {
    use qcom_socs::sm8550 as soc;
    assert_eq!(
        dt("sm8550", "cryptobam"),
        (soc::cryptobam::BASE, soc::cryptobam::SIZE as u64)
    );
    assert_eq!(
        dt("sm8550", "crypto"),
        (soc::crypto::BASE, soc::crypto::SIZE as u64)
    );
    let n = check_bam!(qcom_socs::sm8550::cryptobam, "v1_7")
        + check_qce!(
            qcom_socs::sm8550::crypto,
            qcom_socs::sm8550::cryptobam::BASE
        );
    assert!(n > 300, "{n} addresses checked");
}

#[test]
fn sdm845_addresses_match_upstream() {
    use qcom_socs::sdm845 as soc;
    assert_eq!(
        dt("sdm845", "cryptobam"),
        (soc::cryptobam::BASE, soc::cryptobam::SIZE as u64)
    );
    assert_eq!(
        dt("sdm845", "crypto"),
        (soc::crypto::BASE, soc::crypto::SIZE as u64)
    );
    check_bam!(qcom_socs::sdm845::cryptobam, "v1_7");
    check_qce!(
        qcom_socs::sdm845::crypto,
        qcom_socs::sdm845::cryptobam::BASE
    );
    // Every other BAM instance of the SoC, too.
    assert_eq!(
        dt("sdm845", "slimbam"),
        (soc::slimbam::BASE, soc::slimbam::SIZE as u64)
    );
    check_bam!(qcom_socs::sdm845::slimbam, "v1_7");
}

#[test]
fn msm8996_addresses_match_upstream() {
    use qcom_socs::msm8996 as soc;
    assert_eq!(
        dt("msm8996", "cryptobam"),
        (soc::cryptobam::BASE, soc::cryptobam::SIZE as u64)
    );
    assert_eq!(
        dt("msm8996", "crypto"),
        (soc::crypto::BASE, soc::crypto::SIZE as u64)
    );
    check_bam!(qcom_socs::msm8996::cryptobam, "v1_7");
    check_qce!(
        qcom_socs::msm8996::crypto,
        qcom_socs::msm8996::cryptobam::BASE
    );
    // Every other BAM instance of the SoC, too.
    assert_eq!(
        dt("msm8996", "blsp1_dma"),
        (soc::blsp1_dma::BASE, soc::blsp1_dma::SIZE as u64)
    );
    check_bam!(qcom_socs::msm8996::blsp1_dma, "v1_7");
    assert_eq!(
        dt("msm8996", "blsp2_dma"),
        (soc::blsp2_dma::BASE, soc::blsp2_dma::SIZE as u64)
    );
    check_bam!(qcom_socs::msm8996::blsp2_dma, "v1_7");
    assert_eq!(
        dt("msm8996", "slimbam"),
        (soc::slimbam::BASE, soc::slimbam::SIZE as u64)
    );
    check_bam!(qcom_socs::msm8996::slimbam, "v1_7");
}

#[test]
fn ipq8074_addresses_match_upstream() {
    use qcom_socs::ipq8074 as soc;
    assert_eq!(
        dt("ipq8074", "cryptobam"),
        (soc::cryptobam::BASE, soc::cryptobam::SIZE as u64)
    );
    assert_eq!(
        dt("ipq8074", "crypto"),
        (soc::crypto::BASE, soc::crypto::SIZE as u64)
    );
    check_bam!(qcom_socs::ipq8074::cryptobam, "v1_7");
    check_qce!(
        qcom_socs::ipq8074::crypto,
        qcom_socs::ipq8074::cryptobam::BASE
    );
    // Every other BAM instance of the SoC, too.
    assert_eq!(
        dt("ipq8074", "blsp_dma"),
        (soc::blsp_dma::BASE, soc::blsp_dma::SIZE as u64)
    );
    check_bam!(qcom_socs::ipq8074::blsp_dma, "v1_7");
    assert_eq!(
        dt("ipq8074", "qpic_bam"),
        (soc::qpic_bam::BASE, soc::qpic_bam::SIZE as u64)
    );
    check_bam!(qcom_socs::ipq8074::qpic_bam, "v1_7");
}
