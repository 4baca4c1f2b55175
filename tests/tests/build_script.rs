//! The build script mode (`hcgen_codegen::Generator`): the example project in
//! `examples/build-script` builds as a user's crate would, outside this workspace.

use std::path::Path;
use std::process::Command;

/// Copies the files of the example (not its build output) from `from` into `to`.
fn copy_example(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == "Cargo.lock" {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dst).unwrap();
            copy_example(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// The example, copied into a temporary folder outside the workspace with its relative paths
/// to this repository made absolute, passes `cargo check` with warnings denied: the build
/// script writes the module, the crate includes it, and it needs no dependency but
/// `hcgen-types`, `hcgen-runtime` and `serde`.
#[test]
fn the_build_script_example_checks_outside_the_workspace() {
    let root = hcgen_tests::root();
    let dir = tempfile::tempdir().unwrap();
    assert!(!dir.path().starts_with(&root));
    copy_example(&root.join("examples/build-script"), dir.path());

    let manifest_path = dir.path().join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let mut rewritten = manifest.clone();
    for krate in ["types", "runtime", "codegen"] {
        let relative = format!("path = \"../../{krate}\"");
        assert!(rewritten.contains(&relative), "{manifest}");
        let absolute = format!("path = {:?}", root.join(krate).display().to_string());
        rewritten = rewritten.replace(&relative, &absolute);
    }
    let dependencies = rewritten
        .split("[dependencies]")
        .nth(1)
        .and_then(|s| s.split("[build-dependencies]").next())
        .unwrap();
    let names: Vec<&str> = dependencies
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(name, _)| name))
        .collect();
    assert_eq!(
        names,
        ["hcgen-types", "hcgen-runtime", "serde"],
        "{manifest}"
    );
    std::fs::write(&manifest_path, rewritten).unwrap();
    // The versions the workspace builds with, so the shared target directory has them.
    std::fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();

    let out = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline", "--manifest-path"])
        .arg(&manifest_path)
        .env(
            "CARGO_TARGET_DIR",
            root.join("target/hcgen-test-crates/target"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Cargo reruns the build script when the spec or the file it refers to changes.
    let referenced = dir.path().join("schemas/pet.yaml").canonicalize().unwrap();
    let rerun = format!("cargo:rerun-if-changed={}\n", referenced.display());
    let build = root.join("target/hcgen-test-crates/target/debug/build");
    let output = std::fs::read_dir(build)
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path().join("output")).ok())
        .find(|text| text.contains(&rerun));
    let output = output.expect("the build script's output names the referenced file");
    assert!(
        output.starts_with("cargo:rerun-if-changed=openapi.yaml\n"),
        "{output}"
    );
    // The build script wrote nothing into the package.
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "Cargo.lock",
            "Cargo.toml",
            "README.md",
            "build.rs",
            "openapi.yaml",
            "schemas",
            "src"
        ]
    );
}
