//! `socgen list`: the SoCs and block revisions of a catalogue.

use super::report::report;
use super::{CliError, default_paths};
use clap::Args;
use socgen::model::{DummyAccess, UnlockElement};
use std::path::PathBuf;
use std::process::ExitCode;

/// List the SoCs and block revisions of a catalogue (default: socs/).
#[derive(Args)]
pub struct ListArgs {
    /// Files or catalogue directories.
    paths: Vec<PathBuf>,
}

pub fn run(args: ListArgs) -> Result<ExitCode, CliError> {
    let checked = socgen::check(&default_paths(args.paths));
    let Some(model) = &checked.model else {
        return Ok(report(&checked));
    };
    println!("SoCs:");
    for soc in &model.socs {
        let mut bams: Vec<String> = soc
            .instances
            .iter()
            .map(|i| model.block_of(i))
            .filter(|b| b.is_bam())
            .map(|b| b.revision.clone())
            .collect();
        bams.sort();
        bams.dedup();
        let lock = soc.lock.as_ref().map_or("no lock".to_string(), |l| {
            let unlock = match l.unlock.as_ref().map(|u| u.value) {
                None => String::new(),
                Some(UnlockElement::None) => ", UNLOCK without element".to_string(),
                Some(UnlockElement::Access {
                    instance,
                    register,
                    access,
                    ..
                }) => {
                    let i = &soc.instances[instance];
                    let name = &model.block_of(i).registers[register].name;
                    match access {
                        DummyAccess::Read => format!(", UNLOCK reads {}.{name}", i.name),
                        DummyAccess::Write(v) => {
                            format!(", UNLOCK writes {v:#x} to {}.{name}", i.name)
                        }
                    }
                }
            };
            format!(
                "lock {:?}/{:?}{unlock} on {} pipe {}",
                l.placement, l.dummy, soc.instances[l.bam].name, l.pipe
            )
        });
        println!(
            "  {:<10} {:>2} instances  BAM {:<16} {lock}",
            soc.name,
            soc.instances.len(),
            bams.join(", "),
        );
        if let Some(l) = &soc.lock {
            println!("             {}", socgen::emit::docs::grades_line(l));
        }
    }
    println!("Blocks:");
    for b in &model.blocks {
        let lock = match &b.pipe_locking {
            Some(f) if f.value => "pipe locking",
            Some(_) => "no pipe locking",
            None => "",
        };
        println!(
            "  {:<16} {:>3} registers  {lock}",
            b.id(),
            b.registers.len()
        );
    }
    Ok(report(&checked))
}
