//! The `socgen` command line.

use clap::{Parser, Subcommand, ValueEnum};
use socgen::diagnostics::{Severity, has_errors};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "socgen",
    version,
    about = "Qualcomm SoC descriptions (YAML) to typed register APIs, lock targets, C, SVD and docs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum MessageFormat {
    /// Rendered for people: source line, caret, help.
    Human,
    /// One JSON object per diagnostic per line.
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
enum Lang {
    /// Standalone Rust sources (generated module + runtime) per SoC.
    Rust,
    /// Linux-style C headers per block revision and SoC, with a _Static_assert test program.
    C,
    /// One CMSIS-SVD file per SoC.
    Svd,
}

#[derive(Subcommand)]
enum Command {
    /// Validate SoC and block files (default: socs/). Exit 1 on errors, 0 on warnings only.
    Check {
        /// Files or catalogue directories.
        paths: Vec<PathBuf>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value = "human")]
        message_format: MessageFormat,
    },
    /// Generate outputs for SoCs (default catalogue: socs/).
    Generate {
        /// SoCs to generate (repeatable).
        #[arg(long = "soc")]
        socs: Vec<String>,
        /// Every SoC and every language.
        #[arg(long)]
        all: bool,
        /// Languages (repeatable); default: all of them.
        #[arg(long = "lang", value_enum)]
        langs: Vec<Lang>,
        /// Output directory.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Files or catalogue directories.
        paths: Vec<PathBuf>,
    },
    /// Differences between two block revisions (`bam@v1.4.0 bam@v1.7.0`) or two SoCs.
    Diff {
        /// The old one: `block@revision` or a SoC name.
        a: String,
        /// The new one.
        b: String,
        /// Files or catalogue directories (default: socs/).
        paths: Vec<PathBuf>,
    },
    /// Write the JSON Schemas of the YAML kinds (for editors) to a directory.
    Schema {
        /// Output directory.
        #[arg(long, default_value = "socs/schema")]
        out: PathBuf,
    },
    /// List the SoCs and block revisions of a catalogue (default: socs/).
    List {
        /// Files or catalogue directories.
        paths: Vec<PathBuf>,
    },
}

fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("socs")]
    } else {
        paths
    }
}

/// Prints diagnostics; returns the exit code they call for.
fn report(checked: &socgen::Checked, format: MessageFormat) -> ExitCode {
    match format {
        MessageFormat::Json => {
            for d in &checked.diagnostics {
                println!("{}", d.to_json(&checked.loaded.sources));
            }
        }
        MessageFormat::Human => {
            if !checked.diagnostics.is_empty() {
                eprintln!("{}", checked.render(std::io::stderr().is_terminal()));
                let errors = checked
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .count();
                let warnings = checked.diagnostics.len() - errors;
                eprintln!("{errors} error(s), {warnings} warning(s)");
            }
        }
    }
    if has_errors(&checked.diagnostics) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            paths,
            message_format,
        } => {
            let checked = socgen::check(&default_paths(paths));
            let code = report(&checked, message_format);
            if let (Some(model), MessageFormat::Human) = (&checked.model, message_format) {
                eprintln!(
                    "ok: {} SoC(s), {} block revision(s) checked",
                    model.socs.len(),
                    model.blocks.len()
                );
            }
            code
        }
        Command::Generate {
            socs,
            all,
            langs,
            out,
            paths,
        } => {
            let checked = socgen::check(&default_paths(paths));
            let Some(model) = &checked.model else {
                return report(&checked, MessageFormat::Human);
            };
            let chosen: Vec<String> = if all || socs.is_empty() {
                model.socs.iter().map(|s| s.name.clone()).collect()
            } else {
                socs
            };
            for name in &chosen {
                if model.soc(name).is_none() {
                    let known: Vec<&str> = model.socs.iter().map(|s| s.name.as_str()).collect();
                    eprintln!("error: no SoC `{name}` (known: {})", known.join(", "));
                    return ExitCode::from(1);
                }
            }
            let langs = if all || langs.is_empty() {
                vec![Lang::Rust]
            } else {
                langs
            };
            let mut written = 0usize;
            for lang in langs {
                for name in &chosen {
                    let files = match lang {
                        Lang::Rust => socgen::emit::standalone::files(model, name),
                        Lang::C => match model.soc(name) {
                            Some(soc) => socgen::emit::c::files(model, soc),
                            None => Vec::new(),
                        },
                        Lang::Svd => match model
                            .soc(name)
                            .map(|soc| socgen::emit::svd::generate(model, soc))
                        {
                            Some(Ok(xml)) => vec![(format!("{name}.svd"), xml)],
                            Some(Err(e)) => {
                                eprintln!("error: SVD for {name}: {e}");
                                return ExitCode::from(1);
                            }
                            None => Vec::new(),
                        },
                    };
                    let dir = out.join(format!("{lang:?}").to_lowercase()).join(name);
                    for (rel, text) in files {
                        let path = dir.join(rel);
                        let write = path
                            .parent()
                            .map_or(Ok(()), std::fs::create_dir_all)
                            .and_then(|_| std::fs::write(&path, text));
                        if let Err(e) = write {
                            eprintln!("error: cannot write {}: {e}", path.display());
                            return ExitCode::from(1);
                        }
                        written += 1;
                    }
                }
            }
            eprintln!(
                "wrote {written} file(s) for {} SoC(s) under {}",
                chosen.len(),
                out.display()
            );
            report(&checked, MessageFormat::Human)
        }
        Command::Diff { a, b, paths } => {
            let checked = socgen::check(&default_paths(paths));
            let Some(model) = &checked.model else {
                return report(&checked, MessageFormat::Human);
            };
            let block = |id: &str| model.blocks.iter().find(|b| b.id() == id);
            match (block(&a), block(&b), model.soc(&a), model.soc(&b)) {
                (Some(x), Some(y), _, _) => print!("{}", socgen::emit::diff::blocks(x, y)),
                (_, _, Some(x), Some(y)) => print!("{}", socgen::emit::diff::socs(model, x, y)),
                _ => {
                    eprintln!(
                        "error: `{a}` and `{b}` must both be block revisions (like bam@v1.7.0) or both SoCs"
                    );
                    return ExitCode::from(2);
                }
            }
            ExitCode::SUCCESS
        }
        Command::Schema { out } => {
            for (name, text) in socgen::emit::schema::schemas() {
                let path = out.join(name);
                let write = std::fs::create_dir_all(&out).and_then(|_| std::fs::write(&path, text));
                if let Err(e) = write {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    return ExitCode::from(1);
                }
            }
            eprintln!("wrote 3 schemas to {}", out.display());
            ExitCode::SUCCESS
        }
        Command::List { paths } => {
            let checked = socgen::check(&default_paths(paths));
            let Some(model) = &checked.model else {
                return report(&checked, MessageFormat::Human);
            };
            println!("SoCs:");
            for soc in &model.socs {
                let mut bams: Vec<String> = soc
                    .instances
                    .iter()
                    .map(|i| model.block_of(i))
                    .filter(|b| b.name == "bam")
                    .map(|b| b.revision.clone())
                    .collect();
                bams.sort();
                bams.dedup();
                let lock = soc.lock.as_ref().map_or("no lock".to_string(), |l| {
                    format!(
                        "lock {:?}/{:?} on {} pipe {}",
                        l.placement, l.dummy, soc.instances[l.bam].name, l.pipe
                    )
                });
                println!(
                    "  {:<10} {:>2} instances  BAM {:<16} {lock}",
                    soc.name,
                    soc.instances.len(),
                    bams.join(", "),
                );
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
            report(&checked, MessageFormat::Human)
        }
    }
}
