//! Exit statuses and terminal helpers shared by the commands.

use std::io::{self, IsTerminal, Write};

/// How a command ended, mapped to the exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything worked (exit 0).
    Success,
    /// Some inputs failed; they were listed (exit 1).
    PartialFailure,
}

/// The one-line message for an error and its causes. A cause is left out
/// when the message already says it (a library error that names its I/O
/// error would otherwise repeat it: "…: Not a directory: Not a directory").
pub fn error_message(e: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

/// Writes to stdout; a closed pipe (`notulen search x | head`) is not an
/// error, so it ends the command quietly.
pub fn write_stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}

pub fn stderr_is_terminal() -> bool {
    io::stderr().is_terminal()
}

/// Groups digits by thousands for summaries: 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 session", "2,800 sessions": a count with its noun.
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(super::counted(1, "session", "sessions"), "1 session");
        assert_eq!(super::counted(0, "session", "sessions"), "0 sessions");
        assert_eq!(super::counted(2800, "word", "words"), "2,800 words");
    }

    #[test]
    fn error_messages_say_each_cause_once() {
        let io = std::io::Error::from(std::io::ErrorKind::NotADirectory);
        let e = anyhow::Error::from(crate::Error::io("/tmp/x/CURRENT", io));
        let message = super::error_message(&e);
        assert_eq!(message.matches("directory").count(), 1, "{message}");
        assert!(message.starts_with("/tmp/x/CURRENT: "), "{message}");
        let e = anyhow::anyhow!("kern").context("buiten");
        assert_eq!(super::error_message(&e), "buiten: kern");
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(1234567), "1,234,567");
    }
}
