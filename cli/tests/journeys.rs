//! The `hcgen` binary as a user meets it, in temporary folders outside this workspace:
//! `--help`, `--version`, bad arguments and inputs with their exit codes, an output folder
//! holding a user's files, drift, and a crate generated into a user's own workspace as a
//! member that `cargo check` accepts with no edit.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// This repository's root.
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ is inside the repository")
        .to_path_buf()
}

fn petstore() -> PathBuf {
    repo().join("tests/fixtures/corpus/readme-petstore.yaml")
}

/// Runs `hcgen ARGS` in `dir`.
fn hcgen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hcgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("hcgen runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The exit code, with both streams in the message when it is not `want`.
#[track_caller]
fn assert_exit(out: &Output, want: i32) {
    assert_eq!(
        out.status.code(),
        Some(want),
        "stdout:\n{}\nstderr:\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// Every file under `dir` with its contents, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn help_and_version() {
    let tmp = tempfile::tempdir().unwrap();
    let out = hcgen(tmp.path(), &["--version"]);
    assert_exit(&out, 0);
    assert_eq!(
        text(&out.stdout),
        format!("hcgen {}\n", env!("CARGO_PKG_VERSION"))
    );

    let out = hcgen(tmp.path(), &["--help"]);
    assert_exit(&out, 0);
    for needle in ["generate", "check", "diff", "Exit status:", "2  bad usage"] {
        assert!(
            text(&out.stdout).contains(needle),
            "{needle}: {}",
            text(&out.stdout)
        );
    }
    for cmd in ["generate", "check", "diff"] {
        let out = hcgen(tmp.path(), &[cmd, "--help"]);
        assert_exit(&out, 0);
        assert!(text(&out.stdout).contains("Exit status:"), "{cmd}");
        assert!(text(&out.stdout).contains("Usage: hcgen"), "{cmd}");
    }
    let out = hcgen(tmp.path(), &["generate", "--version"]);
    assert_exit(&out, 0);
    // No command: usage on stderr, exit 2.
    let out = hcgen(tmp.path(), &[]);
    assert_exit(&out, 2);
    assert!(text(&out.stderr).contains("Usage: hcgen"));
}

#[test]
fn bad_usage_and_bad_input_exit_2_and_say_why() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = petstore();
    let spec = spec.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["generate", spec, "--out"],
            "a value is required for '--out <DIR>'",
        ),
        (&["generate", spec], "--out <DIR>"),
        (&["generate", spec, "-o", "x", "--name"], "'--name <NAME>'"),
        (
            &["generate", spec, "-o", "x", "--frobnicate"],
            "unexpected argument '--frobnicate'",
        ),
        (
            &["generate", spec, "-o", "x", "--name=Bad Name"],
            "--name <NAME>",
        ),
        (
            &[
                "generate",
                spec,
                "-o",
                "x",
                "--license",
                "All rights reserved",
            ],
            "--license <SPDX>",
        ),
        (
            &["generate", spec, "-o", "x", "--crate-version=v2"],
            "--crate-version <VERSION>",
        ),
        (
            &["generate", spec, "-o", "x", "--profile", "aws"],
            "unknown profile; known profiles: huaweicloud",
        ),
        (
            &["generate", "missing.yaml", "-o", "x"],
            "missing.yaml: cannot read the file",
        ),
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
        (&["diff", spec], "<HEAD>"),
        (&["diff", spec, "missing.yaml"], "missing.yaml"),
    ];
    for (args, needle) in cases {
        let out = hcgen(tmp.path(), args);
        assert_exit(&out, 2);
        assert!(
            text(&out.stderr).contains(needle),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    // A folder is not a readable spec; a file that is not OpenAPI names the problem.
    std::fs::write(
        tmp.path().join("not-openapi.yaml"),
        "swagger: '2.0'\ninfo: {}\n",
    )
    .unwrap();
    let out = hcgen(tmp.path(), &["generate", "not-openapi.yaml", "-o", "x"]);
    assert_exit(&out, 2);
    assert!(
        text(&out.stderr).contains("not-openapi.yaml"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !tmp.path().join("x").exists(),
        "nothing written on an error"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = tmp.path().join("locked.yaml");
        std::fs::copy(petstore(), &locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads anything: only check where permissions apply.
        if std::fs::read(&locked).is_err() {
            let out = hcgen(tmp.path(), &["generate", "locked.yaml", "-o", "x"]);
            assert_exit(&out, 2);
            assert!(
                text(&out.stderr).contains("locked.yaml: cannot read"),
                "{}",
                text(&out.stderr)
            );
        }
    }
}

#[test]
fn a_folder_of_user_files_is_refused_and_left_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let user = tmp.path().join("my-project");
    std::fs::create_dir_all(user.join("src")).unwrap();
    std::fs::write(
        user.join("Cargo.toml"),
        "[package]\nname = \"mine\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    std::fs::write(user.join("src/lib.rs"), "pub fn hand_written() {}\n").unwrap();
    let before = snapshot(&user);
    let out = hcgen(
        tmp.path(),
        &["generate", petstore().to_str().unwrap(), "-o", "my-project"],
    );
    assert_exit(&out, 2);
    assert!(
        text(&out.stderr).contains("refusing to write"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(snapshot(&user), before);

    // A generated folder in which the user replaced a file: refused too, nothing written.
    let out = hcgen(
        tmp.path(),
        &["generate", petstore().to_str().unwrap(), "-o", "api"],
    );
    assert_exit(&out, 0);
    std::fs::write(tmp.path().join("api/src/client.rs"), "// mine now\n").unwrap();
    let before = snapshot(&tmp.path().join("api"));
    let out = hcgen(
        tmp.path(),
        &[
            "generate",
            petstore().to_str().unwrap(),
            "-o",
            "api",
            "--crate-version",
            "2.0.0",
        ],
    );
    assert_exit(&out, 2);
    assert!(
        text(&out.stderr).contains("client.rs"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(snapshot(&tmp.path().join("api")), before);
}

#[test]
fn check_reports_drift_with_a_diff_and_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("api.yaml");
    std::fs::copy(petstore(), &spec).unwrap();
    assert_exit(
        &hcgen(tmp.path(), &["generate", "api.yaml", "-o", "api"]),
        0,
    );
    let out = hcgen(tmp.path(), &["check", "api.yaml", "-o", "api"]);
    assert_exit(&out, 0);
    assert!(
        text(&out.stderr).contains("up to date"),
        "{}",
        text(&out.stderr)
    );

    let changed = std::fs::read_to_string(&spec).unwrap().replace(
        "This is a sample server Petstore server.",
        "This is a sample server and more.",
    );
    std::fs::write(&spec, changed).unwrap();
    let out = hcgen(tmp.path(), &["check", "api.yaml", "-o", "api"]);
    assert_exit(&out, 1);
    let err = text(&out.stderr);
    assert!(err.contains("--- api/src/"), "{err}");
    assert!(err.contains("+") && err.contains("and more"), "{err}");
    // Regenerating makes it current again.
    assert_exit(
        &hcgen(tmp.path(), &["generate", "api.yaml", "-o", "api"]),
        0,
    );
    assert_exit(&hcgen(tmp.path(), &["check", "api.yaml", "-o", "api"]), 0);
}

#[test]
fn the_manifest_takes_metadata_from_the_spec_and_flags_and_escapes_file_names() {
    let tmp = tempfile::tempdir().unwrap();
    let out = hcgen(
        tmp.path(),
        &["generate", petstore().to_str().unwrap(), "-o", "api"],
    );
    assert_exit(&out, 0);
    let manifest = std::fs::read_to_string(tmp.path().join("api/Cargo.toml")).unwrap();
    assert!(
        manifest.contains("name = \"swagger-petstore\""),
        "{manifest}"
    );
    assert!(manifest.contains("version = \"1.0.0\""), "{manifest}");
    assert!(
        manifest.contains("license = \"Apache-2.0\""),
        "from info.license: {manifest}"
    );
    for package in ["hcgen-types", "hcgen-runtime"] {
        let crates_io = format!(
            "{package} = {{ version = \"{}\", default-features = false }}",
            hcgen_codegen::RUNTIME_VERSION
        );
        assert!(manifest.contains(&crates_io), "{manifest}");
    }
    assert!(
        !manifest.contains("hcgen-huaweicloud"),
        "a generic client has no Huawei profile: {manifest}"
    );
    assert!(!manifest.contains("[workspace]"), "{manifest}");
    assert!(
        !manifest.contains("keywords"),
        "none given, none written: {manifest}"
    );

    // A spec with no licence gets none; a file name with a line break stays one comment line.
    let odd = tmp.path().join("odd\n[workspace]\nname.yaml");
    let spec = std::fs::read_to_string(petstore())
        .unwrap()
        .replace("  license:\n    name: Apache 2.0\n", "");
    std::fs::write(&odd, spec).unwrap();
    let out = hcgen(
        tmp.path(),
        &[
            "generate",
            odd.to_str().unwrap(),
            "-o",
            "odd",
            "--name=odd-api",
            "--runtime-git",
            "https://example.com/hcgen.git",
            "--runtime-rev=v0.1.0",
            "--standalone",
            "--edition",
            "2021",
        ],
    );
    assert_exit(&out, 0);
    let manifest = std::fs::read_to_string(tmp.path().join("odd/Cargo.toml")).unwrap();
    assert!(!manifest.contains("license"), "{manifest}");
    // Every runtime crate comes from the same git repository.
    for package in ["hcgen-types", "hcgen-runtime"] {
        assert!(
            manifest.contains(&format!(
                "{package} = {{ git = \"https://example.com/hcgen.git\", rev = \"v0.1.0\", default-features = false }}"
            )),
            "{manifest}"
        );
    }
    assert!(manifest.contains("edition = \"2021\""), "{manifest}");
    // One `[workspace]` table: the one --standalone asked for, not one from the file name.
    assert_eq!(manifest.matches("\n[workspace]").count(), 1, "{manifest}");
    assert!(
        manifest
            .lines()
            .next()
            .unwrap()
            .contains(r"odd\n[workspace]\nname.yaml")
    );
}

/// A user's workspace gets the generated crate as a member (with `--runtime-path` to a local
/// checkout of hcgen): `cargo check` passes with no edit and the manifest holds no absolute path.
#[test]
fn a_generated_crate_joins_a_users_workspace_as_a_member() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("workspace");
    std::fs::create_dir_all(ws.join("app/src")).unwrap();
    std::fs::write(
        ws.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"app\", \"crates/petstore\"]\n",
    )
    .unwrap();
    std::fs::write(
        ws.join("app/Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
         [dependencies]\nswagger-petstore = { path = \"../crates/petstore\" }\n",
    )
    .unwrap();
    std::fs::write(
        ws.join("app/src/main.rs"),
        "fn main() {\n    let client = swagger_petstore::Client::builder()\n        \
         .endpoint(\"http://127.0.0.1:9\")\n        .build()\n        .expect(\"client\");\n    \
         let _request = client.get_inventory();\n}\n",
    )
    .unwrap();
    // Same dependency versions as this repository, so nothing is downloaded.
    std::fs::copy(repo().join("Cargo.lock"), ws.join("Cargo.lock")).unwrap();

    let out = hcgen(
        &ws,
        &[
            "generate",
            petstore().to_str().unwrap(),
            "-o",
            "crates/petstore",
            "--runtime-path",
            repo().to_str().unwrap(),
        ],
    );
    assert_exit(&out, 0);
    let manifest = std::fs::read_to_string(ws.join("crates/petstore/Cargo.toml")).unwrap();
    assert!(!manifest.contains("\"/"), "no absolute path: {manifest}");
    assert!(
        !manifest.contains(tmp.path().to_str().unwrap()),
        "{manifest}"
    );
    // The relative path leads to the runtime.
    let path = manifest
        .split("hcgen-runtime = { path = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a path dependency");
    assert!(path.starts_with("../"), "{manifest}");
    let runtime = ws
        .join("crates/petstore")
        .join(path)
        .canonicalize()
        .unwrap();
    assert_eq!(runtime, repo().join("runtime").canonicalize().unwrap());

    let check = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline", "--workspace"])
        .current_dir(&ws)
        .env(
            "CARGO_TARGET_DIR",
            repo().join("target/hcgen-test-crates/target"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert_exit(&check, 0);
}

#[test]
fn diff_reports_breaking_changes_with_spec_diffs_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(petstore()).unwrap();
    std::fs::write(tmp.path().join("base.yaml"), &base).unwrap();
    // Removing an operation breaks its callers.
    let head = base.replacen("operationId: getInventory", "operationId: getStock", 1);
    assert_ne!(head, base);
    std::fs::write(tmp.path().join("head.yaml"), head).unwrap();

    let out = hcgen(tmp.path(), &["diff", "base.yaml", "head.yaml"]);
    assert_exit(&out, 0);
    assert!(text(&out.stdout).contains("major"), "{}", text(&out.stdout));

    let out = hcgen(
        tmp.path(),
        &["diff", "base.yaml", "head.yaml", "--fail-on-breaking"],
    );
    assert_exit(&out, 1);

    let out = hcgen(
        tmp.path(),
        &[
            "diff",
            "base.yaml",
            "base.yaml",
            "--fail-on-breaking",
            "--format=json",
        ],
    );
    assert_exit(&out, 0);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert!(report.is_object(), "{report}");
}

/// `--profile huaweicloud` adds the Huawei Cloud profile to a client of any spec: its crate
/// in the manifest, its credentials re-exported, its project handling in the operations.
#[test]
fn the_huawei_profile_is_added_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = petstore();
    let out = hcgen(
        tmp.path(),
        &[
            "generate",
            spec.to_str().unwrap(),
            "-o",
            "pets",
            "--profile",
            "huaweicloud",
            "--service",
            "PETS",
        ],
    );
    assert_exit(&out, 0);
    let manifest = std::fs::read_to_string(tmp.path().join("pets/Cargo.toml")).unwrap();
    assert!(
        manifest.contains(&format!(
            "hcgen-huaweicloud = {{ version = \"{}\", default-features = false }}",
            hcgen_codegen::RUNTIME_VERSION
        )),
        "{manifest}"
    );
    let lib = std::fs::read_to_string(tmp.path().join("pets/src/lib.rs")).unwrap();
    assert!(
        lib.contains("pub use hcgen_huaweicloud::Credentials;"),
        "{lib}"
    );
    let client = std::fs::read_to_string(tmp.path().join("pets/src/client.rs")).unwrap();
    assert!(client.contains("service: \"PETS\""), "{client}");
}
