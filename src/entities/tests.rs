//! Tests across the module: training on a small made-up corpus, the committed model, and
//! robustness of tagging on hostile input.

use super::*;

/// A tiny made-up corpus: names slotted into a few sentence patterns.
fn fixture() -> Vec<ConllSentence> {
    let people = [
        "Jan Peeters",
        "Els Maes",
        "Pieter de Vries",
        "Anna Janssens",
        "Karel Smet",
    ];
    let places = ["Gent", "Brugge", "Leuven", "Hasselt", "Mechelen"];
    let orgs = ["Sabena", "Agfa", "Stad Gent", "Vooruit", "Kredietbank"];
    let patterns: [&[&str]; 5] = [
        &["P", "woont", "in", "L", "."],
        &["P", "werkt", "bij", "O", "in", "L", "."],
        &["Volgens", "P", "is", "het", "te", "laat", "."],
        &["De", "directie", "van", "O", "zweeg", "."],
        &["In", "L", "regent", "het", "vandaag", "."],
    ];
    let mut sentences = Vec::new();
    for round in 0..12 {
        for (p, pattern) in patterns.iter().enumerate() {
            let mut tokens = Vec::new();
            let mut tags = Vec::new();
            for &slot in pattern.iter() {
                let (name, kind) = match slot {
                    "P" => (people[(round + p) % 5], Some(EntityType::Per)),
                    "L" => (places[(round * 3 + p) % 5], Some(EntityType::Loc)),
                    "O" => (orgs[(round * 2 + p) % 5], Some(EntityType::Org)),
                    word => (word, None),
                };
                for (i, part) in name.split(' ').enumerate() {
                    tokens.push(part.to_string());
                    tags.push(match kind {
                        None => Tag::O,
                        Some(k) if i == 0 => Tag::B(k),
                        Some(k) => Tag::I(k),
                    });
                }
            }
            sentences.push(ConllSentence {
                tokens,
                tags,
                document: round,
            });
        }
    }
    sentences
}

fn small_config() -> TrainConfig {
    TrainConfig {
        epochs: 5,
        gazetteer_folds: 3,
        document_folds: 3,
        lexicon: Lexicon::empty(),
        ..TrainConfig::default()
    }
}

#[test]
fn trains_on_a_small_corpus_and_tags_a_sentence() {
    let data = fixture();
    let mut epochs_seen = 0;
    let model = train_with_progress(&data, &small_config(), &mut |p| {
        if p.phase == Phase::SecondPass {
            epochs_seen = p.epoch;
        }
    });
    assert_eq!(epochs_seen, 5);
    assert_eq!(model.num_passes(), 2);
    let tagger = Tagger::new(Model::from_bytes(&model.to_bytes()).unwrap());
    let tokens = ["Els", "Maes", "werkt", "bij", "Agfa", "in", "Leuven", "."];
    let got: Vec<String> = tagger.tag(&tokens).iter().map(Tag::to_string).collect();
    assert_eq!(
        got,
        ["B-PER", "I-PER", "O", "O", "B-ORG", "O", "B-LOC", "O"]
    );
    assert_eq!(
        tagger.entities(&tokens),
        [
            EntitySpan {
                start: 0,
                end: 2,
                kind: EntityType::Per
            },
            EntitySpan {
                start: 4,
                end: 5,
                kind: EntityType::Org
            },
            EntitySpan {
                start: 6,
                end: 7,
                kind: EntityType::Loc
            },
        ]
    );
}

#[test]
fn training_is_deterministic() {
    let data = fixture();
    let config = TrainConfig {
        word_dropout: 0.1,
        ..small_config()
    };
    assert_eq!(
        train(&data, &config).to_bytes(),
        train(&data, &config).to_bytes()
    );
}

#[test]
fn single_pass_models_work_too() {
    let config = TrainConfig {
        document_folds: 0,
        ..small_config()
    };
    let model = train(&fixture(), &config);
    assert_eq!(model.num_passes(), 1);
    let tagger = Tagger::new(model);
    assert_eq!(
        tagger
            .tag(&["Jan", "Peeters", "woont", "in", "Gent", "."])
            .len(),
        6
    );
}

#[test]
fn tagging_survives_hostile_input() {
    let tagger = Tagger::embedded();
    assert!(tagger.tag(&[]).is_empty());
    assert!(tagger.entities(&[]).is_empty());
    assert!(tagger.tag_document(&[]).is_empty());
    assert_eq!(tagger.tag_document(&[&[], &["Gent"]]).len(), 2);
    let long = "x".repeat(1 << 20);
    let odd = [
        "",
        " ",
        "\u{0}",
        "🦀",
        "ǅemal",
        "İstanbul",
        "\u{300}",
        "ß",
        "ﬁ",
        "\u{feff}",
        &long,
    ];
    assert_eq!(tagger.tag(&odd).len(), odd.len());
    assert_eq!(tagger.tag_document(&[&odd, &odd])[1].len(), odd.len());
    // A long sentence without punctuation decodes in linear time.
    let words: Vec<&str> = ["Jan", "en", "Piet", "gaan", "naar", "Gent"]
        .iter()
        .cycle()
        .take(100_000)
        .copied()
        .collect();
    assert_eq!(
        tagger.tag_document(&[&words]).pop().unwrap().len(),
        words.len()
    );
}

#[test]
fn tagger_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Tagger>();
}

#[test]
fn committed_model_scores_on_ned_testa() {
    let Some(path) = crate::testdata::conll_testa() else {
        eprintln!("skipping: CoNLL-2002 ned.testa not found beside the repository");
        return;
    };
    let dev = read_conll(&path).unwrap();
    let evaluation = evaluate(Tagger::embedded(), &dev);
    let f1 = evaluation.scores.overall.f1;
    assert!(f1 >= 80.0, "F1 on ned.testa fell to {f1:.2}");
    assert_eq!(evaluation.tokens, 37_687);
}

#[test]
fn tags_round_trip_through_strings() {
    for s in ["O", "B-PER", "I-PER", "B-ORG", "I-LOC", "B-MISC"] {
        let tag: Tag = s.parse().unwrap();
        assert_eq!(tag.to_string(), s);
    }
    for bad in ["", "B", "B-", "X-PER", "B-PERSON", "o", "I-per"] {
        assert!(bad.parse::<Tag>().is_err(), "{bad:?} should not parse");
    }
}

#[test]
fn entity_types_round_trip() {
    for t in EntityType::ALL {
        assert_eq!(t.as_str().parse::<EntityType>().unwrap(), t);
    }
}
