//! Documentation that must not drift: `--help` documents the exit codes, and
//! every option and exit code the README documents exists in `--help`.

use std::fs;

use predicates::prelude::*;

use crate::common::{repo_root, riptide};

fn help(args: &[&str]) -> String {
    let out = riptide()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn readme() -> String {
    fs::read_to_string(repo_root().join("README.md")).expect("README.md at the repository root")
}

/// The README's usage block for `riptide extract`.
fn readme_extract_block(readme: &str) -> Vec<String> {
    readme_block(readme, "riptide extract [OPTIONS]")
}

/// The lines of the README's fenced block that starts with `usage`.
fn readme_block(readme: &str, usage: &str) -> Vec<String> {
    let mut lines = readme
        .lines()
        .skip_while(|l| !l.trim_start().starts_with(usage));
    let usage = lines
        .next()
        .unwrap_or_else(|| panic!("README documents `{usage} ...`"))
        .to_owned();
    let mut block = vec![usage];
    block.extend(
        lines
            .take_while(|l| !l.trim_start().starts_with("```"))
            .map(str::to_owned),
    );
    block
}

#[test]
fn help_documents_every_exit_code() {
    for args in [&["--help"][..], &["extract", "--help"]] {
        let text = help(args);
        assert!(text.contains("Exit codes:"), "{args:?}:\n{text}");
        for code in ["0  ", "1  ", "2  ", "3  "] {
            assert!(
                text.contains(&format!("\n  {code}")),
                "{args:?}: exit code {code:?} missing:\n{text}"
            );
        }
    }
}

#[test]
fn readme_usage_line_matches_help() {
    let readme = readme();
    let block = readme_extract_block(&readme);
    let usage = block[0].trim();
    let help = help(&["extract", "--help"]);
    let help_usage = help
        .lines()
        .find(|l| l.starts_with("Usage:"))
        .expect("usage line");
    assert_eq!(
        help_usage.trim_start_matches("Usage:").trim(),
        usage,
        "README usage line differs from --help"
    );
}

#[test]
fn every_option_in_the_readme_exists_in_help() {
    readme_options_exist(&["extract", "--help"], "riptide extract [OPTIONS]");
}

#[test]
fn every_serve_option_in_the_readme_exists_in_help() {
    readme_options_exist(&["serve", "--help"], "riptide serve [OPTIONS]");
    let help = help(&["serve", "--help"]);
    assert!(help.contains("Usage: riptide serve [OPTIONS]"), "{help}");
}

fn readme_options_exist(args: &[&str], usage: &str) {
    let readme = readme();
    let help = help(args);
    let options: Vec<String> = readme_block(&readme, usage)
        .iter()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.starts_with('-'))
        .map(str::to_owned)
        .collect();
    assert!(
        options.len() >= 5,
        "README documents too few options: {options:?}"
    );
    for option in &options {
        let documented = if option.starts_with("--") {
            help.contains(&format!("{option} "))
                || help.contains(&format!("{option}\n"))
                || help.contains(&format!("{option} <"))
        } else {
            help.contains(&format!("{option}, ")) || help.contains(&format!("{option} "))
        };
        assert!(
            documented,
            "README option {option} is not in `riptide {args:?}`:\n{help}"
        );
    }
    // Each value list in the README (`article|full|...`) must be accepted.
    for line in readme_block(&readme, usage).iter().skip(1) {
        let mut words = line.split_whitespace();
        let (Some(flag), Some(values)) = (words.next(), words.next()) else {
            continue;
        };
        if !values.contains('|') {
            continue;
        }
        for value in values.split('|') {
            assert!(
                help.contains(value),
                "README value {value} of {flag} is not in --help"
            );
        }
    }
}

#[test]
fn readme_exit_codes_match_the_binary() {
    let readme = readme();
    let help = help(&["extract", "--help"]);
    for code in ["0", "1", "2", "3"] {
        assert!(
            readme.contains(&format!("`{code}`")),
            "README does not document exit code {code}"
        );
        assert!(
            help.contains(&format!("  {code}  ")),
            "--help does not document exit code {code}"
        );
    }
}

#[test]
fn readme_test_command_exists() {
    let readme = readme();
    assert!(
        readme.contains("scripts/test"),
        "README names the test command"
    );
    let script = repo_root().join("scripts/test");
    assert!(script.is_file(), "scripts/test exists");
    let ci = fs::read_to_string(repo_root().join(".ci/run")).expect(".ci/run exists");
    assert!(
        ci.contains("scripts/test"),
        ".ci/run runs the README's test command"
    );
}

#[test]
fn version_is_printed() {
    riptide()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("riptide "));
}
