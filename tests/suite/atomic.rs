//! Atomic output (issue #8): a build killed at any moment — before, during or after the PDF is
//! typeset — leaves the previous brief whole; the new brief appears whole or not at all.
#![cfg(all(unix, feature = "pdf"))]

use crate::common::*;
use std::path::Path;
use std::time::{Duration, Instant};

fn build_cmd(config: &Path, out: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("briefly"));
    cmd.current_dir(root(""))
        .env_remove("SOURCE_DATE_EPOCH")
        .args(["build", "-q", "--formats", "md,html,pdf,json", "--config"])
        .arg(config)
        .args(["--input", "seeds", "--out"])
        .arg(out)
        .stderr(std::process::Stdio::null());
    cmd
}

#[test]
fn a_killed_build_leaves_the_old_brief_or_the_new_one_never_a_mix() {
    let t = tempfile::tempdir().unwrap();
    let new_config = t.path().join("new.yaml");
    let text = std::fs::read_to_string(root("brief.yaml")).unwrap();
    std::fs::write(&new_config, text.replace("title: \"", "title: \"Revised: ")).unwrap();
    // The two briefs, built undisturbed.
    let (old_out, new_out) = (t.path().join("old"), t.path().join("new"));
    assert!(build_cmd(&root("brief.yaml"), &old_out).status().unwrap().success());
    let started = Instant::now();
    assert!(build_cmd(&new_config, &new_out).status().unwrap().success());
    let full = started.elapsed();
    let (old, new) = (files(&old_out.join("2025-W49")), files(&new_out.join("2025-W49")));
    assert_eq!(old.len(), 4);
    assert_ne!(old, new);

    // Kill the new build at 24 moments spread over its run time (most of which is typesetting
    // the PDF), and look at the folder after each kill.
    let out = t.path().join("briefs");
    let (mut saw_old, mut saw_new) = (0, 0);
    for step in 0..24u32 {
        assert!(build_cmd(&root("brief.yaml"), &out).status().unwrap().success());
        let mut child = build_cmd(&new_config, &out).spawn().unwrap();
        std::thread::sleep(full * step / 20 + Duration::from_millis(u64::from(step % 3)));
        let _ = child.kill(); // SIGKILL: no clean-up code runs
        child.wait().unwrap();
        let now = files(&out.join("2025-W49"));
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            panic!("kill at step {step} left a mixed or partial brief: {:?}", now.keys().collect::<Vec<_>>());
        }
    }
    assert!(saw_old > 0, "no kill landed before the new brief was in place");
    // A later build cleans up whatever a killed one left behind.
    assert!(build_cmd(&new_config, &out).status().unwrap().success());
    assert_eq!(files(&out.join("2025-W49")), new);
    let names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
    eprintln!("kills: {saw_old} left the old brief, {saw_new} the new one (full build {full:?})");
}
