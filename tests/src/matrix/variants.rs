//! The matrix's columns: the hardware variants and the grades that say which of them the
//! evidence leaves open.

use socgen_sim::Hardware;

/// One column of the matrix: a hardware the model behaves as.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The hardware.
    pub hardware: Hardware,
    /// `believed`, or the switches that differ (`Hardware::describe`).
    pub label: String,
    /// The believed behaviours it contradicts: (id or evidence key, question, grade).
    pub contradicts: Vec<(&'static str, &'static str, String)>,
    /// Whether the evidence leaves it open: every behaviour it contradicts is graded
    /// `inferred` or `unknown`. A `precedent` or better grade (shipping vendor code, upstream
    /// code or a vendor statement relies on the believed behaviour on hardware) rules it out;
    /// the same policy as the validator's W031x rules (`socgen::risk`). `BELIEVED`: true.
    pub open: bool,
}

/// The block every setup's locked pipe serves: the grades of [`Grades`] are the ones for it.
pub const CLIENT_BLOCK: &str = "qce";

/// The grades of the catalogue's behaviours (`socs/hardware/bam.yaml`) and of QCE `VERSION`'s
/// `write_ignored` evidence (`socs/blocks/qce/v5.yaml`), as `socgen::check` reads them from the
/// repository's `socs/`.
#[derive(Debug, Clone, Default)]
pub struct Grades(pub std::collections::BTreeMap<String, String>);

impl Grades {
    /// Checks `socs/` and reads the grades from the lowered model (and the block syntax for
    /// register evidence).
    pub fn load() -> Grades {
        let socs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs");
        let checked = socgen::check(&[socs]);
        let model = checked.model.as_ref().expect("socs/ checks without errors");
        let mut grades = std::collections::BTreeMap::new();
        // Every setup locks the crypto engine's rx pipe: the grades where it was observed on
        // the crypto engine (`per_peripheral: qce`), else the behaviour's own.
        for behaviour in &model.behaviours {
            let (evidence, _) = behaviour.on(Some(CLIENT_BLOCK));
            grades.insert(
                behaviour.id.as_str().to_string(),
                evidence.grade.as_str().to_string(),
            );
        }
        for block in &checked.loaded.blocks {
            let syntax = &block.syntax;
            if syntax.block.value != "qce" {
                continue;
            }
            for register in &syntax.registers {
                if register.value.name.value != "VERSION" {
                    continue;
                }
                for (key, evidence) in &register.value.evidence.0 {
                    let grade = format!("{:?}", evidence.value.grade.value).to_lowercase();
                    grades.insert(key.value.clone(), grade);
                }
            }
        }
        Grades(grades)
    }

    /// The grade of behaviour (or evidence key) `id`, `?` if unknown to the catalogue.
    pub fn of(&self, id: &str) -> &str {
        self.0.get(id).map_or("?", String::as_str)
    }
}

/// The value of `switch` (a field of `Hardware`) in `hardware`.
fn switch_value(hardware: &Hardware, switch: &str) -> String {
    match switch {
        "lock_on_read" => format!("{:?}", hardware.lock_on_read),
        "unlock_on_read" => format!("{:?}", hardware.unlock_on_read),
        "unlock_timing" => format!("{:?}", hardware.unlock_timing),
        "nwd" => format!("{:?}", hardware.nwd),
        "pipe_reset" => format!("{:?}", hardware.pipe_reset),
        "exclusion" => format!("{:?}", hardware.exclusion),
        "scratchpad_write" => format!("{:?}", hardware.scratchpad_write),
        "ce_address" => format!("{:?}", hardware.ce_address),
        "empty_command" => format!("{:?}", hardware.empty_command),
        "unlock_without_lock" => format!("{:?}", hardware.unlock_without_lock),
        "dump_status" => format!("{:?}", hardware.dump_status),
        other => panic!("unknown switch {other}"),
    }
}

/// `BELIEVED` and each deviation, or (`long`) the whole cross product.
pub fn variants(long: bool, grades: &Grades) -> Vec<Variant> {
    let deviations = Hardware::deviations();
    let hardware: Vec<Hardware> = if long {
        Hardware::cross_product()
    } else {
        std::iter::once(Hardware::BELIEVED)
            .chain(deviations.iter().map(|d| d.hardware))
            .collect()
    };
    hardware
        .into_iter()
        .map(|hardware| {
            let contradicts: Vec<_> = deviations
                .iter()
                .filter(|d| {
                    switch_value(&hardware, d.switch) == switch_value(&d.hardware, d.switch)
                })
                .map(|d| (d.behaviour, d.question, grades.of(d.behaviour).to_string()))
                .collect();
            let open = contradicts
                .iter()
                .all(|(_, _, grade)| matches!(grade.as_str(), "inferred" | "unknown" | "?"));
            Variant {
                hardware,
                label: hardware.describe(),
                contradicts,
                open,
            }
        })
        .collect()
}
