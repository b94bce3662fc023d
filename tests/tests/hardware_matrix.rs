//! The committed hardware matrix (`docs/HARDWARE-MATRIX.md`) is what
//! the model and the drivers give today, and the exhaustive explorer finds a known failure with
//! its shortest schedule and none under the believed hardware.

use qcom_socs::{msm8996, sm8550};
use socgen_sim::{Hardware, LockOnRead};
use socgen_tests::explore::Case;
use socgen_tests::matrix::Verdict;
use socgen_tests::report::{self, COMMAND, PATH};
use socgen_tests::setups::{self, Shape, Shaped};

#[test]
fn committed_matrix_is_current() {
    let report = report::run(false);
    // The belief itself must hold for every setup before the table means anything.
    for (setup, cells) in report.setups.iter().zip(&report.cells) {
        assert_eq!(
            cells[0].verdict,
            Verdict::Safe,
            "{} under BELIEVED: {} {}",
            setup.name(),
            cells[0].first,
            cells[0].detail
        );
    }
    let fresh = report.render();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent();
    let path = root.expect("the workspace root").join(PATH);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if fresh != committed {
        let line = fresh
            .lines()
            .zip(committed.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(fresh.lines().count().min(committed.lines().count()));
        panic!(
            "{PATH} is out of date (first difference at line {}):\n  now:       {}\n  committed: {}\n\
             refresh it with `{COMMAND}` and commit the result",
            line + 1,
            fresh.lines().nth(line).unwrap_or("<end of file>"),
            committed.lines().nth(line).unwrap_or("<end of file>"),
        );
    }
}

/// The setups (rows of the matrix, SoCs of `qce_vectors.rs`) are every SoC file with a lock
/// section, so a new crypto SoC cannot miss them.
#[test]
fn setups_cover_every_locked_soc_of_the_catalogue() {
    let socs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs");
    let checked = socgen::check(&[socs]);
    let rendered = checked.render(false);
    let model = checked.model.unwrap_or_else(|| panic!("{rendered}"));
    let mut locked: Vec<&str> = model
        .socs
        .iter()
        .filter(|s| s.lock.is_some())
        .map(|s| s.name.as_str())
        .collect();
    locked.sort_unstable();
    assert_eq!(locked, setups::SOCS);
}

/// A random schedule of `setup` (the wrap + read shape of `soc`).
fn random_schedule(
    soc: &str,
    setup: &setups::Setup,
    hardware: Hardware,
    seed: u64,
) -> (Vec<Option<u32>>, Verdict) {
    use socgen_tests::explore::random_schedule as walk;
    match soc {
        "sm8550" => walk::<Shaped<sm8550::Lock, true, false>>(setup, hardware, Case::OneEach, seed),
        _ => walk::<Shaped<msm8996::Lock, true, false>>(setup, hardware, Case::OneEach, seed),
    }
}

fn setup(soc: &str, shape: Shape) -> setups::Setup {
    setups::of_soc(soc)
        .expect("a bundled SoC")
        .into_iter()
        .find(|s| s.shape == shape)
        .expect("every shape")
}

/// A LOCK carried by a read dummy (wrap + read) on hardware that ignores a LOCK on a
/// descriptor of only READ elements: nothing excludes the other side, and some interleaving
/// hands a request the other side's key. The explorer finds it with a shortest schedule, and
/// that schedule, replayed, shows it.
#[test]
fn explorer_finds_the_read_dummy_lock_failure_with_a_shortest_schedule() {
    let hardware = Hardware {
        lock_on_read: LockOnRead::Ignored,
        ..Hardware::BELIEVED
    };
    for soc in ["sm8550", "msm8996"] {
        let wrap_read = setup(soc, Shape::new(true, false));
        let found = (wrap_read.explore)(&wrap_read, hardware, Case::OneEach);
        assert_eq!(found.verdict, Verdict::Corrupts, "{soc}: {found:?}");
        assert!(!found.truncated);
        assert!(found.failing_schedules > 0 && found.failing_schedules < found.schedules);
        let schedule: Vec<Option<u32>> = found.shortest.iter().map(|s| s.pipe).collect();
        assert!(!schedule.is_empty());
        assert_eq!(
            (wrap_read.replay)(&wrap_read, hardware, Case::OneEach, &schedule),
            Some(Verdict::Corrupts),
            "{soc}: the shortest schedule replayed"
        );
        // Shortest: no failing schedule among 300 random ones is shorter.
        let mut failing = 0;
        for seed in 0..300 {
            let (random, verdict) = random_schedule(soc, &wrap_read, hardware, seed);
            if verdict != Verdict::Safe {
                failing += 1;
                assert!(
                    random.len() >= schedule.len(),
                    "{soc}: seed {seed} fails in {} steps, the explorer's shortest has {}",
                    random.len(),
                    schedule.len()
                );
            }
        }
        assert!(failing > 0, "{soc}: no random schedule fails");
        // The LOCK on a write dummy is unaffected by the same hardware.
        let wrap_write = setup(soc, Shape::new(true, true));
        let safe = (wrap_write.explore)(&wrap_write, hardware, Case::OneEach);
        assert_eq!(safe.verdict, Verdict::Safe, "{soc}: {safe:?}");
    }
}

/// Under the believed hardware every bundled SoC's own setup is safe in every interleaving of
/// both small cases (and so is every shape on the explorer's two SoCs).
#[test]
fn believed_hardware_is_safe_for_every_bundled_setup() {
    let mut cases = Vec::new();
    for soc in setups::SOCS {
        for setup in setups::of_soc(soc).expect("a bundled SoC") {
            if setup.bundled || report::EXPLORED_SOCS.contains(soc) {
                for case in Case::ALL {
                    cases.push((setup, case));
                }
            }
        }
    }
    let results = socgen_tests::matrix::parallel(cases.len(), |i| {
        let (setup, case) = cases[i];
        (setup.explore)(&setup, Hardware::BELIEVED, case)
    });
    for ((setup, case), found) in cases.iter().zip(results) {
        assert_eq!(
            found.verdict,
            Verdict::Safe,
            "{} {}: {} ({:?})",
            setup.name(),
            case.name(),
            found.detail,
            found.shortest
        );
        assert!(!found.truncated && found.schedules > 1, "{}", setup.name());
    }
}
