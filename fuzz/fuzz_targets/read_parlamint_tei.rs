#![no_main]
//! See `Target::ReadParlamintTei` in `fuzz/src/lib.rs`.

use libfuzzer_sys::fuzz_target;
use notulen_fuzz::Target;

fuzz_target!(|data: &[u8]| {
    // A refusal is a normal outcome; panics are the findings.
    let _ = Target::ReadParlamintTei.run(data);
});
