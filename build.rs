//! Build script: link the `briefly` binary as a position-dependent executable on Linux/GNU.
//!
//! The binary embeds typst and its fonts (~65 MB); as a PIE, the dynamic loader must apply
//! ~120,000 relative relocations (touching ~2 MB of `.data.rel.ro`) on every start, which cost
//! more than a whole `briefly summarize` run. Linked with `-no-pie` those relocations are
//! resolved at link time: startup drops from ~3.7 ms to ~1.5 ms of CPU. The trade-off is that
//! the executable image itself is not address-randomised (libraries, heap and stack still are);
//! for a memory-safe tool that reads files and writes files, we take the speed.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
