//! `notulen synth`: writes a synthetic archive.

use super::output::{counted, stderr_is_terminal, thousands, Outcome};
use crate::cli::SynthArgs;
use crate::synth::{self, Material};
use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};

pub fn execute(args: SynthArgs) -> anyhow::Result<Outcome> {
    if !args.from.exists() {
        anyhow::bail!(
            "material folder {} not found; give an archive of session minutes with --from \
             (the default, corpus/, is the one bundled in a notulen checkout)",
            args.from.display()
        );
    }
    let (material, errors) = Material::read(&args.from)
        .with_context(|| format!("cannot use {} as material", args.from.display()))?;
    for e in &errors {
        eprintln!("warning: skipped as material: {e}");
    }
    let bar = if stderr_is_terminal() {
        let bar = ProgressBar::new(args.sessions);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} sessions  {elapsed}")
                .expect("valid template"),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let summary = synth::write_archive(
        &material,
        &args.out,
        args.sessions,
        args.seed,
        args.force,
        |n| bar.set_position(n),
    );
    bar.finish_and_clear();
    let summary = summary?;
    eprintln!(
        "wrote {} ({} bytes) to {}",
        counted(summary.files, "session", "sessions"),
        thousands(summary.bytes),
        args.out.display()
    );
    Ok(Outcome::Success)
}
