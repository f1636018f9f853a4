//! Bytes to text: encoding detection (UTF-8, UTF-16 with BOM, Windows-1252
//! fallback), rejection of binary and empty files, and line-ending
//! normalisation.

/// How much of the start of a file is inspected for binary content.
const SNIFF_LEN: usize = 8 * 1024;

/// Share of control characters (in the sniffed prefix) above which a file is
/// taken for binary. Text has almost none besides tabs and line breaks.
const MAX_CONTROL_SHARE: f64 = 0.10;

/// Decoded text with LF line endings, and any warnings about the decoding.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub warnings: Vec<String>,
}

/// Decodes a file's bytes; `Err` holds the reason the file is not usable.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let mut warnings = Vec::new();
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        check_binary(rest)?;
        utf8_or_windows_1252(rest, &mut warnings)
    } else if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        // UTF-16 files are full of NUL bytes, so they are recognised by their
        // BOM before the binary check.
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        if had_errors {
            warnings.push(format!(
                "invalid {} sequences replaced by U+FFFD",
                encoding.name()
            ));
        }
        text.into_owned()
    } else {
        check_binary(bytes)?;
        utf8_or_windows_1252(bytes, &mut warnings)
    };
    if text.trim().is_empty() {
        return Err("empty file".to_string());
    }
    Ok(Decoded {
        text: normalise_line_endings(text),
        warnings,
    })
}

fn check_binary(bytes: &[u8]) -> Result<(), String> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    let has_nul = head.contains(&0);
    if has_nul || (!head.is_empty() && control as f64 / head.len() as f64 > MAX_CONTROL_SHARE) {
        return Err("binary file, not text".to_string());
    }
    Ok(())
}

fn utf8_or_windows_1252(bytes: &[u8], warnings: &mut Vec<String>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            // Older Dutch archives are typically saved from Word or
            // Notepad in Windows-1252; every byte sequence decodes.
            warnings.push("not valid UTF-8; decoded as Windows-1252".to_string());
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text.into_owned()
        }
    }
}

/// CRLF and lone CR become LF; the string is reused when there is no CR.
fn normalise_line_endings(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            chars.next_if_eq(&'\n');
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decoded text and warnings, or the reason for rejection.
    type Expected = Result<(&'static str, &'static [&'static str]), &'static str>;

    #[test]
    fn decodes_or_rejects() {
        const W1252: &str = "not valid UTF-8; decoded as Windows-1252";
        let cases: &[(&[u8], Expected)] = &[
            (b"Idee\xc3\xabn", Ok(("Ideeën", &[]))),
            (b"Ide\xebn", Ok(("Ideën", &[W1252]))),
            (
                b"\x93quote\x94 \x80",
                Ok(("\u{201C}quote\u{201D} €", &[W1252])),
            ),
            (b"\xEF\xBB\xBFmet BOM", Ok(("met BOM", &[]))),
            (b"a\r\nb\rc\n\r\nd", Ok(("a\nb\nc\n\nd", &[]))),
            (b"\xFF\xFEh\x00\xe9\x00", Ok(("hé", &[]))),
            (b"\xFE\xFF\x00h\x00\xe9", Ok(("hé", &[]))),
            (b"", Err("empty file")),
            (b" \n\t\r\n ", Err("empty file")),
            (b"\xEF\xBB\xBF  ", Err("empty file")),
            (b"PK\x03\x04\x00\x00zip", Err("binary file, not text")),
            (b"\x01\x02\x03\x04abc", Err("binary file, not text")),
        ];
        for (bytes, expected) in cases {
            let got = decode(bytes);
            match expected {
                Ok((text, warnings)) => {
                    let got = got.unwrap_or_else(|e| panic!("{bytes:?}: {e}"));
                    assert_eq!(got.text, *text, "{bytes:?}");
                    assert_eq!(got.warnings, *warnings, "{bytes:?}");
                }
                Err(reason) => assert_eq!(got, Err(reason.to_string()), "{bytes:?}"),
            }
        }
    }

    #[test]
    fn nul_after_the_sniffed_prefix_is_text() {
        let mut bytes = vec![b'a'; SNIFF_LEN];
        bytes.push(0);
        assert!(decode(&bytes).is_ok());
    }
}
