//! The draft's lock section: commented out, only what the catalogue supports, or a comment
//! saying why there is none (a lock setup is not a device-tree fact).

use super::*;

/// The lock section as a commented-out draft (or a comment saying why there is none).
pub(super) fn lock_draft(
    out: &mut String,
    model: &Model,
    clients: &[Client<'_>],
    vendor_source: Option<&str>,
) {
    let (client, k, bam_name, bam, rx, _tx) = match lockable(model, clients) {
        Ok(crypto) => crypto,
        Err(why) => {
            let _ = writeln!(out, "# No lock section: {why}");
            return;
        }
    };
    let group = model
        .behaviours
        .iter()
        .find(|b| b.id == BehaviourId::LockGroupPerPipePair);
    let mode_note = mode_note(client, bam, k);
    let _ = writeln!(
        out,
        "# The lock setup is not a device-tree fact. DRAFT for review, from what the catalogue\n\
         # supports (socs/README.md, \"The lock section\"); uncomment only after checking each line:"
    );
    let grade = group.map_or("unknown", |g| g.evidence.grade.as_str());
    let source = group.map_or(String::new(), |g| g.source.clone());
    let lines = [
        "lock:".to_string(),
        format!("  bam: {bam_name}"),
        if k.vendor.is_some() {
            format!("  pipe: {rx}                      # {client}'s rx pipe: 2 * qcom,bam-pipe-pair")
        } else {
            format!("  pipe: {rx}                      # {client}'s rx pipe (its `dmas`)")
        },
        format!(
            "  lock_group: {}                # rx pipe / 2: behaviour lock_group_per_pipe_pair ({grade})",
            rx / 2
        ),
        format!("  scratchpad: {client}.VERSION   # read-only; a read changes no state"),
        "  dummy: read                  # only a transaction that starts with data uses it"
            .to_string(),
        "  placement: merge             # LOCK on the driver's own first (write) command descriptor"
            .to_string(),
    ];
    let unlock = unlock_lines(model, k, client);
    let tail =
        [
            format!("  address_mode: bam_offset18   # {mode_note}"),
            format!(
                "  rationale: {}",
                q("DRAFT from socgen import: review against the SoC's manual before use.")
            ),
            format!(
                "  source: {}",
                q(vendor_source
                    .unwrap_or("socgen import draft; replace with the sources you checked"))
            ),
            "  evidence:".to_string(),
            "    lock_group:".to_string(),
            format!("      grade: {grade}"),
            format!("      source: {}", q(&source)),
        ];
    for l in lines.iter().chain(&unlock).chain(&tail) {
        let _ = writeln!(out, "# {l}");
    }
}

/// The crypto engine's client entry a lock can be drafted for, or why there is none.
fn lockable<'c, 'k>(model: &Model, clients: &'c [Client<'k>]) -> Result<&'c Client<'k>, String> {
    let crypto = clients.iter().find(|c| !c.1.is_bam);
    let Some(found @ (client, k, bam_name, bam, _, _)) = crypto else {
        return Err(
            "the blob has no crypto engine wired to an imported BAM, and the \
             lock setup is not a device-tree fact."
                .to_string(),
        );
    };
    let locking = model
        .blocks
        .iter()
        .find(|b| b.id() == bam.block)
        .and_then(|b| b.pipe_locking.as_ref())
        .is_some_and(|f| f.value);
    if !locking {
        return Err(format!(
            "{bam_name} is {}, whose block file does not say \
             `capabilities.pipe_locking: true`.",
            bam.block
        ));
    }
    let has_version = model
        .blocks
        .iter()
        .find(|b| b.id() == k.block)
        .is_some_and(|b| b.register("VERSION").is_some());
    if !has_version {
        return Err(format!(
            "{client} ({}) has no VERSION register to draft a read scratchpad on.",
            k.block
        ));
    }
    Ok(found)
}

/// Whether the client's registers are representable as offsets in the BAM's 18-bit mode.
fn mode_note(client: &str, bam: &Known, k: &Known) -> String {
    let mode = AddressMode::BamOffset18;
    let last = k.window.base + k.window.size.saturating_sub(4);
    match (
        crate::model::encode_ce(mode, bam.window.base, k.window.base),
        crate::model::encode_ce(mode, bam.window.base, last),
    ) {
        (Ok(first), Ok(_)) => format!(
            "{client} sits {first:#x} into the 256 KiB-aligned BAM block; this equals the offset from the wrapper only if the wrapper is 256 KiB aligned (check the manual)"
        ),
        (Err(e), _) | (_, Err(e)) => format!(
            "NOT representable: {e}; use wrapper_offset18 with the wrapper base from the manual"
        ),
    }
}

/// UNLOCK as the bundled crypto SoCs do it, vendor qce50's write of CONFIG's reset value,
/// where the client has a CONFIG register: the shape docs/HARDWARE-MATRIX.md finds safe under
/// every variant the evidence leaves open. Without one, UNLOCK rides on the dummy read.
fn unlock_lines(model: &Model, k: &Known, client: &str) -> Vec<String> {
    let has_config = model
        .blocks
        .iter()
        .find(|b| b.id() == k.block)
        .is_some_and(|b| b.register("CONFIG").is_some());
    if has_config {
        vec![
            "  unlock:                      # vendor qce50 unlock_all_pipes".to_string(),
            "    access: {write: 0xe01ef}   # CONFIG's reset value; every request rewrites CONFIG"
                .to_string(),
            format!("    register: {client}.CONFIG"),
            "    grade: precedent".to_string(),
            format!(
                "    source: {}",
                q(
                    "vendor qce50 unlock_all_pipes: CRYPTO_CONFIG_REG = CRYPTO_CONFIG_RESET (0xE01EF)"
                )
            ),
        ]
    } else {
        Vec::new()
    }
}
