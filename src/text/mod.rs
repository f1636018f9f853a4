//! Dutch text analysis: paragraphs, sentences, tokens, normalisation,
//! stemming and stop words.
//!
//! Everything here is pure: text in, byte ranges and strings out, no I/O
//! and no state beyond constant tables. Every function accepts any string
//! (empty, huge, any script) without panicking, and runs in time linear in
//! its length.
//!
//! * [`paragraphs`] and [`sentences`]: segmentation into byte ranges.
//! * [`tokens`]: words, numbers and punctuation as byte ranges.
//! * [`fold`], [`lowercase_into`]: matching and display forms of a word.
//! * [`DutchStemmer`], [`is_stopword`]: Snowball Dutch with a participle
//!   rule, and the Snowball stop list.
//! * [`Analyzer`]: all of the above combined into search terms; the one
//!   definition of a term that indexing, querying and counting share.
//! * [`dates`]: dates written in Dutch.

mod analyzer;
pub mod compounds;
pub mod dates;
mod lexicon;
mod normalize;
mod paragraphs;
mod sentences;
mod stem;
mod stopwords;
mod tokens;

pub use analyzer::{Analyzer, StemCache, Term, TermStream, WordCache};
pub use lexicon::{is_month, month_number, MONTH_NAMES, WEEKDAY_NAMES};
pub use normalize::{fold, fold_into, lowercase_into};
pub use paragraphs::paragraphs;
pub use sentences::{by_sentence, sentences, sentences_of, Segmentation};
pub use stem::DutchStemmer;
pub use stopwords::is_stopword;
pub use tokens::{tokens, word_count, Token, TokenKind, Tokens};

/// Version of the tokeniser and term rules. Stored in the index; bump it
/// whenever tokens or terms change, since an index built with other terms
/// must be rebuilt to be searched correctly.
pub const TOKENIZER_VERSION: u32 = 2;

#[cfg(test)]
mod tests {
    use super::*;

    /// Pseudo-random strings over characters that stress the rules
    /// (quotes, dots, hyphens, apostrophes, marks, emoji, newlines): no
    /// function may panic, and every span must be a char boundary.
    #[test]
    fn arbitrary_input_does_not_panic() {
        const POOL: &[char] = &[
            'a', 'B', 'é', 'e', '\u{301}', '1', '0', '.', ',', '-', '\'', '’', '‘', '“', '”', '"',
            '?', '!', '…', ':', ';', ' ', '\n', '\r', '\t', '\u{AD}', '\u{A0}', '•', '/', '%', '€',
            '👍', '\u{200D}', '東', 'Ж', 'ĳ', 'İ', 'ß', 's', 't', 'n', 'g', '(', ')', '*', '\0',
        ];
        let analyzer = Analyzer::new();
        let mut cache = StemCache::new();
        let mut random = crate::testdata::xorshift(0x9E37_79B9_7F4A_7C15);
        for len in (0..400).step_by(2) {
            let text: String = (0..len)
                .map(|_| POOL[(random() % POOL.len() as u64) as usize])
                .collect();
            let mut seg = Segmentation::default();
            for p in paragraphs(&text) {
                let para = &text[p];
                for s in sentences(para) {
                    assert!(para.is_char_boundary(s.start) && para.is_char_boundary(s.end));
                    assert!(s.start < s.end);
                }
                let i = seg.push(para);
                for (s, toks) in seg.sentence_tokens(i) {
                    let alone: Vec<Token> = tokens(&para[s.clone()]).collect();
                    assert_eq!(toks.len(), alone.len(), "{:?}", &para[s]);
                }
            }
            for t in tokens(&text) {
                assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                let word = t.text(&text);
                let folded = fold(word);
                let _ = is_stopword(&folded);
                let _ = analyzer.stemmer().stem(&folded);
            }
            let mut plain = Vec::new();
            analyzer.for_each_term(&text, true, |t, term| plain.push((t, term.to_owned())));
            let mut cached = Vec::new();
            analyzer.for_each_term_cached(&text, true, &mut cache, |t, term| {
                cached.push((t, term.to_owned()))
            });
            assert_eq!(plain, cached);
            let _ = word_count(&text);
        }
    }

    #[test]
    fn seed_excerpt_end_to_end() {
        let text = "Op dinsdag 9 maart 2021 vond de vijfde themasessie plaats van de Community of Practice. Informeel – al weten we sinds de presentatie van Suzanne Potjer in de COP-bijeenkomst van 18 december dat alles rond City Deals een mix is van formeel en informeel.\n\nZo zijn er nav de uitzending verschillende initiatieven gestart om de ICT-kennis in de Kamer bij te spijkeren.";
        let paras = paragraphs(text);
        assert_eq!(paras.len(), 2);
        assert_eq!(sentences(&text[paras[0].clone()]).len(), 2);
        assert_eq!(sentences(&text[paras[1].clone()]).len(), 1);
        let terms = Analyzer::new().terms(&text[paras[1].clone()], true);
        assert!(terms.contains(&"ict".to_owned()) && terms.contains(&"kennis".to_owned()));
        assert!(terms.contains(&"nav".to_owned()));
    }
}
