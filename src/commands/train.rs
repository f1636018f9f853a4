//! `notulen train ner`: trains the entity tagger and writes the model file.

use super::output::Outcome;
use crate::cli::TrainNerArgs;
use crate::entities::{self, Phase, TrainConfig};
use anyhow::Context as _;
use std::io::Write as _;
use std::time::Instant;

pub fn ner(args: TrainNerArgs) -> anyhow::Result<Outcome> {
    if args.out.exists() && !args.force {
        anyhow::bail!(
            "{} exists; pass --force to overwrite it",
            args.out.display()
        );
    }
    let train = entities::read_conll(&args.train)?;
    if train.is_empty() {
        anyhow::bail!("{}: no sentences (empty file?)", args.train.display());
    }
    let dev = match &args.dev {
        Some(path) => Some(entities::read_conll(path)?),
        None => None,
    };
    let mut config = TrainConfig::default();
    if let Some(epochs) = args.epochs {
        config.epochs = epochs;
    }
    if let Some(seed) = args.seed {
        config.seed = seed;
    }
    eprintln!(
        "training on {} sentences from {} ({} epochs, seed {:#x}, ensemble of {})",
        train.len(),
        args.train.display(),
        config.epochs,
        config.seed,
        config.ensemble
    );
    let started = Instant::now();
    let verbose = args.verbose;
    let model = entities::train_with_progress(&train, &config, &mut |p| {
        if verbose {
            let phase = match p.phase {
                Phase::HeldOut { fold, folds } => format!("held-out fold {fold}/{folds}"),
                other => format!("{other:?}"),
            };
            eprintln!(
                "{phase} member {}/{} epoch {}/{}: {} token errors, {} features, {:.1} s",
                p.member, p.members, p.epoch, p.epochs, p.token_errors, p.features, p.seconds
            );
        }
    });
    let seconds = started.elapsed().as_secs_f64();
    let bytes = model.to_bytes();
    // Write next to the target and rename, so a failed write never leaves
    // a truncated model behind.
    let tmp = args.out.with_extension("bin.tmp");
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    {
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        f.write_all(&bytes)
            .and_then(|()| f.sync_all())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
    }
    std::fs::rename(&tmp, &args.out)
        .with_context(|| format!("cannot rename {} to {}", tmp.display(), args.out.display()))?;
    eprintln!(
        "wrote {} ({} bytes, {} features) in {seconds:.1} s",
        args.out.display(),
        bytes.len(),
        model.num_features()
    );
    if let Some(dev) = dev {
        let tagger = entities::Tagger::new(model);
        let e = entities::evaluate(&tagger, &dev);
        eprintln!(
            "dev F1 {:.2} (precision {:.2}, recall {:.2}) on {}",
            e.scores.overall.f1,
            e.scores.overall.precision,
            e.scores.overall.recall,
            args.dev
                .as_ref()
                .map(|d| d.display().to_string())
                .unwrap_or_default()
        );
    }
    Ok(Outcome::Success)
}
