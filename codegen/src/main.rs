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
    /// A Markdown register map per SoC, plus `md/index.md`.
    Md,
    /// A self-contained HTML register map per SoC (inline CSS and SVG), plus `html/index.html`.
    Html,
    /// An svd2rust peripheral access crate per SoC, from the SVD export (needs the `pac` feature).
    Pac,
    /// The device-tree nodes socgen knows per SoC (`dtc -@` compiles them; `import` reads the
    /// blob back). Opt-in: not part of `--all`, whose language set the CLI tests pin.
    Dts,
}

impl Lang {
    /// What `--all` (or no `--lang`) writes: every language this build supports.
    fn all() -> Vec<Lang> {
        let mut all = vec![Lang::Rust, Lang::C, Lang::Svd, Lang::Md, Lang::Html];
        if cfg!(feature = "pac") {
            all.push(Lang::Pac);
        }
        all
    }
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
        /// Also cross-check the SoC file against this device tree blob (base, size, properties
        /// and DMA pipes of every instance; nodes the SoC file lacks).
        #[arg(long)]
        dtb: Option<PathBuf>,
        /// With --dtb: the SoC to cross-check, when the paths hold several (default: the one
        /// the blob's root compatible `qcom,<soc>` names).
        #[arg(long, requires = "dtb")]
        soc: Option<String>,
        /// Exit 1 on warnings too (e.g. a lock setup unsafe under a hardware variant its
        /// evidence leaves open, W0310-W0313).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Draft a SoC file from a device tree blob: BAM and crypto nodes, their windows,
    /// properties and DMA wiring; writes `<out>/<soc>.yaml` and checks it.
    Import {
        /// The device tree blob (`.dtb`, or a board's /sys/firmware/fdt).
        #[arg(long)]
        dtb: PathBuf,
        /// The SoC name (default: the blob's root compatible `qcom,<soc>`, else its file name).
        #[arg(long)]
        soc: Option<String>,
        /// Output directory; the file is `<out>/<soc>.yaml`.
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// The catalogue whose block revisions the nodes are mapped to.
        #[arg(long, default_value = "socs")]
        catalogue: PathBuf,
    },
    /// Generate outputs for SoCs (default catalogue: socs/).
    Generate {
        /// SoCs to generate (repeatable).
        #[arg(long = "soc")]
        socs: Vec<String>,
        /// Every SoC (the default when no --soc is given).
        #[arg(long)]
        all: bool,
        /// Languages (repeatable); default: every language this build supports (rust, c,
        /// svd, md, html, and pac with the `pac` feature).
        #[arg(long = "lang", value_enum)]
        langs: Vec<Lang>,
        /// Output directory.
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Files or catalogue directories.
        paths: Vec<PathBuf>,
        /// Exit 1 on warnings too, before writing anything.
        #[arg(long)]
        deny_warnings: bool,
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
    report_denying(checked, format, false)
}

/// Prints diagnostics; returns the exit code they call for (1 on errors, and on warnings when
/// `deny_warnings`).
fn report_denying(
    checked: &socgen::Checked,
    format: MessageFormat,
    deny_warnings: bool,
) -> ExitCode {
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
    if has_errors(&checked.diagnostics) || (deny_warnings && !checked.diagnostics.is_empty()) {
        if deny_warnings && !has_errors(&checked.diagnostics) && format == MessageFormat::Human {
            eprintln!("error: warnings are denied (--deny-warnings)");
        }
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The svd2rust crate of one SoC.
#[cfg(feature = "pac")]
fn pac_files(model: &socgen::model::Model, name: &str) -> Result<Vec<(String, String)>, String> {
    let soc = model.soc(name).ok_or_else(|| format!("no SoC `{name}`"))?;
    socgen::emit::pac::files(model, soc)
}

#[cfg(not(feature = "pac"))]
fn pac_files(_: &socgen::model::Model, _: &str) -> Result<Vec<(String, String)>, String> {
    Err("socgen was built without the `pac` feature".into())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            paths,
            message_format,
            dtb,
            soc,
            deny_warnings,
        } => {
            let paths = default_paths(paths);
            let checked = match &dtb {
                None => socgen::check(&paths),
                Some(dtb) => match socgen::dt::check::check_files(&paths, dtb, soc.as_deref()) {
                    Ok((checked, unknown)) => {
                        for u in &unknown {
                            eprintln!(
                                "note: {}: {} not checked: {}",
                                dtb.display(),
                                u.path,
                                u.reason
                            );
                        }
                        checked
                    }
                    Err(e) => {
                        eprintln!("{e}");
                        return ExitCode::from(1);
                    }
                },
            };
            let code = report_denying(&checked, message_format, deny_warnings);
            let clean = !has_errors(&checked.diagnostics)
                && (!deny_warnings || checked.diagnostics.is_empty());
            if let (Some(model), MessageFormat::Human, true) =
                (&checked.model, message_format, clean)
            {
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
            deny_warnings,
        } => {
            let checked = socgen::check(&default_paths(paths));
            let Some(model) = &checked.model else {
                return report(&checked, MessageFormat::Human);
            };
            if deny_warnings && !checked.diagnostics.is_empty() {
                return report_denying(&checked, MessageFormat::Human, true);
            }
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
            let langs = if langs.is_empty() { Lang::all() } else { langs };
            if langs.contains(&Lang::Pac) && !cfg!(feature = "pac") {
                eprintln!(
                    "error: this socgen was built without the `pac` feature (svd2rust); \
                     run `cargo run -p socgen --features pac -- generate --lang pac`"
                );
                return ExitCode::from(2);
            }
            let mut written = 0usize;
            let write = |path: PathBuf, text: &str| {
                path.parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|_| std::fs::write(&path, text))
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))
            };
            for lang in langs {
                let lang_dir = out.join(format!("{lang:?}").to_lowercase());
                let index = {
                    let socs: Vec<&socgen::model::Soc> =
                        chosen.iter().filter_map(|n| model.soc(n)).collect();
                    match lang {
                        Lang::Md => {
                            Some(("index.md", socgen::emit::docs::markdown_index(model, &socs)))
                        }
                        Lang::Html => {
                            Some(("index.html", socgen::emit::docs::html_index(model, &socs)))
                        }
                        _ => None,
                    }
                };
                if let Some((file, text)) = index {
                    if let Err(e) = write(lang_dir.join(file), &text) {
                        eprintln!("error: {e}");
                        return ExitCode::from(1);
                    }
                    written += 1;
                }
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
                        Lang::Md => match model.soc(name) {
                            Some(soc) => socgen::emit::docs::markdown_files(model, soc),
                            None => Vec::new(),
                        },
                        Lang::Html => match model.soc(name) {
                            Some(soc) => socgen::emit::docs::html_files(model, soc),
                            None => Vec::new(),
                        },
                        Lang::Dts => match model.soc(name) {
                            Some(soc) => socgen::emit::dts::files(model, soc),
                            None => Vec::new(),
                        },
                        Lang::Pac => match pac_files(model, name) {
                            Ok(files) => files,
                            Err(e) => {
                                eprintln!("error: PAC for {name}: {e}");
                                return ExitCode::from(1);
                            }
                        },
                    };
                    let dir = lang_dir.join(name);
                    for (rel, text) in files {
                        if let Err(e) = write(dir.join(rel), &text) {
                            eprintln!("error: {e}");
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
        Command::Import {
            dtb,
            soc,
            out,
            catalogue,
        } => import(&dtb, soc.as_deref(), &out, &catalogue),
        Command::Schema { out } => {
            for (name, text) in socgen::emit::schema::schemas() {
                let path = out.join(name);
                let write = std::fs::create_dir_all(&out).and_then(|_| std::fs::write(&path, text));
                if let Err(e) = write {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    return ExitCode::from(1);
                }
            }
            eprintln!(
                "wrote {} schemas to {}",
                socgen::emit::schema::schemas().len(),
                out.display()
            );
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
            report(&checked, MessageFormat::Human)
        }
    }
}

/// `socgen import`: drafts `<out>/<soc>.yaml` from a blob and checks it against the catalogue.
fn import(
    dtb: &std::path::Path,
    soc: Option<&str>,
    out: &std::path::Path,
    catalogue: &std::path::Path,
) -> ExitCode {
    let blob = match socgen::dt::read_blob(dtb) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let checked = socgen::check(&socgen::dt::import::catalogue_files(catalogue));
    let Some(model) = &checked.model else {
        eprintln!(
            "error: the catalogue {} does not validate, so its block revisions cannot be used:",
            catalogue.display()
        );
        return report(&checked, MessageFormat::Human);
    };
    if model.blocks.is_empty() {
        eprintln!(
            "error: no block revisions under {}/blocks/; point --catalogue at a catalogue root (like socs/)",
            catalogue.display()
        );
        return ExitCode::from(2);
    }
    let draft = match socgen::dt::import::import(&blob, model, soc) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let path = out.join(format!("{}.yaml", draft.soc));
    if let Err(e) = std::fs::create_dir_all(out).and_then(|_| std::fs::write(&path, &draft.text)) {
        eprintln!("error: cannot write {}: {e}", path.display());
        return ExitCode::from(1);
    }
    for u in &draft.unknown {
        eprintln!("note: {} left out: {}", u.path, u.reason);
    }
    eprintln!(
        "wrote {} ({} instance(s) from {}, sha256 {})",
        path.display(),
        draft.instances.len(),
        dtb.display(),
        blob.sha256
    );
    let checked = socgen::dt::import::check_draft(catalogue, &path);
    if has_errors(&checked.diagnostics) {
        eprintln!("the draft does not pass `socgen check`; fix it by hand where these say:");
    }
    let code = report(&checked, MessageFormat::Human);
    if !has_errors(&checked.diagnostics) {
        eprintln!("ok: the draft passes `socgen check`");
    }
    code
}
