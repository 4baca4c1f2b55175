//! `cargo xtask conformance`: compares this repository's Rust code with Huawei's official
//! Python SDK (`huaweicloudsdkcore`/`huaweicloudsdkcbr` 3.1.219, pinned in
//! `conformance/requirements.txt`).
//!
//! Steps: create a virtualenv (default `<target dir>/conformance-venv`), pip-install the
//! pinned SDK into it (only when `requirements.txt` changed since the last install), build
//! each suite's Rust driver, and run each suite's Python script. A suite prints
//! `<suite>: N passed, M failed` and the first mismatches in detail.
//!
//! [`run`] returns `Err` when Python, the virtualenv, pip, the SDK, a driver build or a
//! suite cannot run, and when any comparison fails. Nothing is ever skipped.
//!
//! Only the standard library is used.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One conformance suite: a Python script in `conformance/` and the Rust driver it drives.
struct Suite {
    /// Name used with `--suite`.
    name: &'static str,
    /// What it compares, for `--help`.
    about: &'static str,
    /// Script path relative to `conformance/`.
    script: &'static str,
    /// Cargo arguments that build the driver (run in the workspace root).
    build: &'static [&'static str],
    /// Name of the driver binary among the build's artifacts.
    driver: &'static str,
    /// Whether the suite generates random cases (`--cases`, `--seed`); the others run a
    /// fixed list of documented cases and ignore both options.
    random: bool,
}

/// Every suite, in the order they run. A new suite adds its entry here and its script
/// beside `sign_compare.py`.
const SUITES: &[Suite] = &[
    Suite {
        name: "sign",
        about: "hcgen-signer vs huaweicloudsdkcore.signer.signer.Signer (golden vectors + random requests)",
        script: "sign_compare.py",
        build: &["build", "-p", "hcgen-signer", "--example", "sign_json"],
        driver: "sign_json",
        random: true,
    },
    Suite {
        name: "wire",
        about: "the documented CopyCheckpoint request as captured on loopback: official CbrClient vs huaweicloud-cbr",
        script: "wire_capture.py",
        build: CONFORMANCE_CLIENT,
        driver: "conformance_client",
        random: false,
    },
    Suite {
        name: "errors",
        about: "error responses (status, request ID, code, message, request count): official CbrClient vs huaweicloud-cbr",
        script: "error_scenarios.py",
        build: CONFORMANCE_CLIENT,
        driver: "conformance_client",
        random: false,
    },
];

/// How the `wire` and `errors` suites build their driver (the generated crate's client).
const CONFORMANCE_CLIENT: &[&str] = &[
    "build",
    "-p",
    "hcgen-tests",
    "--example",
    "conformance_client",
];

const DEFAULT_CASES: u32 = 400;
const DEFAULT_SEED: u64 = 20240101;

struct Options {
    suites: Vec<&'static Suite>,
    cases: u32,
    seed: u64,
    python: OsString,
    venv: Option<PathBuf>,
    show: Option<u32>,
}

fn usage() -> String {
    let mut text = String::from(
        "usage: cargo xtask conformance [OPTIONS]\n\n\
         Compares the Rust crates with Huawei's official Python SDK (3.1.219).\n\n\
         options:\n  \
           --suite NAME     run only this suite (repeatable; default: all)\n  \
           --cases N        random cases per suite that has them (default: 400)\n  \
           --seed N         seed of the random cases (default: 20240101)\n  \
           --show N         mismatches to print in detail (default: 5)\n  \
           --python PATH    interpreter that creates the virtualenv (default: $PYTHON or python3)\n  \
           --venv DIR       virtualenv directory (default: <target dir>/conformance-venv)\n  \
           -h, --help       this help\n\nsuites:\n",
    );
    for suite in SUITES {
        text.push_str(&format!("  {:<8} {}\n", suite.name, suite.about));
    }
    text
}

fn parse(args: &[String]) -> Result<Option<Options>, String> {
    let mut options = Options {
        suites: Vec::new(),
        cases: DEFAULT_CASES,
        seed: DEFAULT_SEED,
        python: env::var_os("PYTHON").unwrap_or_else(|| "python3".into()),
        venv: None,
        show: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or_else(|| format!("{name} needs a value\n\n{}", usage()))
        };
        match flag {
            "-h" | "--help" => {
                print!("{}", usage());
                return Ok(None);
            }
            "--suite" => {
                let name = value("--suite")?;
                let suite = SUITES
                    .iter()
                    .find(|s| s.name == name)
                    .ok_or_else(|| format!("unknown suite {name:?}\n\n{}", usage()))?;
                options.suites.push(suite);
            }
            "--cases" => options.cases = number(&value("--cases")?, "--cases")?,
            "--seed" => options.seed = number(&value("--seed")?, "--seed")?,
            "--show" => options.show = Some(number(&value("--show")?, "--show")?),
            "--python" => options.python = value("--python")?.into(),
            "--venv" => options.venv = Some(value("--venv")?.into()),
            other => return Err(format!("unknown argument {other:?}\n\n{}", usage())),
        }
    }
    if options.suites.is_empty() {
        options.suites = SUITES.iter().collect();
    }
    Ok(Some(options))
}

fn number<T: std::str::FromStr>(text: &str, flag: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{flag} expects a non-negative number, got {text:?}"))
}

/// Runs the conformance suites. `args` are the arguments after `conformance`.
pub fn run(args: &[String]) -> Result<(), String> {
    let Some(options) = parse(args)? else {
        return Ok(());
    };
    let root = workspace_root()?;
    let target = target_dir(&root);
    let venv = options
        .venv
        .clone()
        .unwrap_or_else(|| target.join("conformance-venv"));
    let python = prepare_venv(&options.python, &venv, &root.join("conformance"))?;

    let mut failed = Vec::new();
    for suite in &options.suites {
        eprintln!(
            "==> conformance suite `{}`: building its driver",
            suite.name
        );
        let driver = build_driver(&root, suite)?;
        if suite.random {
            eprintln!(
                "==> conformance suite `{}`: {} random cases, seed {}",
                suite.name, options.cases, options.seed
            );
        } else {
            eprintln!("==> conformance suite `{}`: documented cases", suite.name);
        }
        let mut command = Command::new(&python);
        command
            .arg(root.join("conformance").join(suite.script))
            .arg("--driver")
            .arg(&driver)
            .arg("--cases")
            .arg(options.cases.to_string())
            .arg("--seed")
            .arg(options.seed.to_string());
        if let Some(show) = options.show {
            command.arg("--show").arg(show.to_string());
        }
        // The SDK writes ~/.huaweicloud/application_id when some of its modules are
        // imported: give the suites a private home so nothing outside the venv changes.
        let home = venv.join("home");
        fs::create_dir_all(&home).map_err(|e| format!("cannot create {}: {e}", home.display()))?;
        command
            .env("HOME", &home)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("PYTHONHASHSEED", "0")
            .env("PYTHONIOENCODING", "utf-8")
            .current_dir(&root);
        let status = command
            .status()
            .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
        match status.code() {
            Some(0) => {}
            Some(1) => failed.push(format!("{}: mismatches", suite.name)),
            Some(code) => failed.push(format!("{}: could not run (exit {code})", suite.name)),
            None => failed.push(format!("{}: killed by a signal", suite.name)),
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("conformance failed: {}", failed.join("; ")))
    }
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> Result<PathBuf, String> {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| "xtask is not inside a workspace".to_owned())
}

/// `$CARGO_TARGET_DIR` (relative to the workspace root if relative), else `<root>/target`.
fn target_dir(root: &Path) -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("target"),
    }
}

fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

/// Creates the virtualenv if needed, installs `requirements.txt` into it when it changed
/// since the last successful install, and checks the SDK is importable.
fn prepare_venv(base_python: &OsString, venv: &Path, dir: &Path) -> Result<PathBuf, String> {
    let python = venv_python(venv);
    if !python.exists() {
        eprintln!("==> creating virtualenv {}", venv.display());
        run_quiet(
            Command::new(base_python).arg("-m").arg("venv").arg(venv),
            &format!(
                "`{} -m venv` failed (Debian/Ubuntu need the python3-venv package; \
                 pass --python to use another interpreter)",
                base_python.to_string_lossy()
            ),
        )?;
    }
    let requirements_path = dir.join("requirements.txt");
    let requirements = fs::read_to_string(&requirements_path)
        .map_err(|e| format!("cannot read {}: {e}", requirements_path.display()))?;
    let stamp = venv.join(".hcgen-requirements.txt");
    if fs::read_to_string(&stamp).ok().as_deref() != Some(requirements.as_str()) {
        eprintln!("==> installing the pinned SDK into {}", venv.display());
        let _ = fs::remove_file(&stamp);
        run_quiet(
            Command::new(&python)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--disable-pip-version-check",
                    "--no-input",
                    "--quiet",
                    "-r",
                ])
                .arg(&requirements_path),
            "pip could not install conformance/requirements.txt (is PyPI reachable?)",
        )?;
        fs::write(&stamp, &requirements)
            .map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    }
    // Metadata only: importing huaweicloudsdkcbr writes to ~/.huaweicloud.
    let check = "import importlib.metadata as m, huaweicloudsdkcore.signer.signer; \
                 print(m.version('huaweicloudsdkcore'), m.version('huaweicloudsdkcbr'))";
    let output = Command::new(&python)
        .args(["-c", check])
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
    if !output.status.success() {
        let _ = fs::remove_file(&stamp);
        return Err(format!(
            "the official SDK is not usable in {}:\n{}",
            venv.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    eprintln!(
        "==> official SDK (core, cbr): {}",
        String::from_utf8_lossy(&output.stdout).trim()
    );
    Ok(python)
}

/// Runs a command with inherited stderr; `Err(context)` unless it succeeds.
fn run_quiet(command: &mut Command, context: &str) -> Result<(), String> {
    let status = command
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("{context}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{context} ({status})"))
    }
}

/// Builds a suite's driver with cargo and returns the path of its executable, read from
/// cargo's JSON messages (so profile and target-dir settings are honoured).
fn build_driver(root: &Path, suite: &Suite) -> Result<PathBuf, String> {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(&cargo)
        .args(suite.build)
        .arg("--message-format=json-render-diagnostics")
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "building the `{}` driver failed: cargo {}",
            suite.name,
            suite.build.join(" ")
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .filter(|line| {
            line.contains(r#""reason":"compiler-artifact""#)
                && line.contains(&format!(r#""name":"{}""#, suite.driver))
        })
        .find_map(|line| json_string_field(line, "executable"))
        .map(PathBuf::from)
        .ok_or_else(|| {
            format!(
                "cargo built no executable named `{}` for suite `{}`",
                suite.driver, suite.name
            )
        })
}

/// The value of a top-level-looking `"key":"..."` string field in one line of JSON,
/// unescaped. Enough for cargo's artifact messages; `None` when absent or `null`.
fn json_string_field(line: &str, key: &str) -> Option<String> {
    let start = line.find(&format!(r#""{key}":""#))? + key.len() + 4;
    let mut value = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                'n' => value.push('\n'),
                't' => value.push('\t'),
                'r' => value.push('\r'),
                'u' => {
                    let code: String = chars.by_ref().take(4).collect();
                    value.push(char::from_u32(u32::from_str_radix(&code, 16).ok()?)?);
                }
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_options() {
        let o = parse(&args(&[
            "--cases", "12", "--seed=7", "--suite", "sign", "--show", "3",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!((o.cases, o.seed, o.show), (12, 7, Some(3)));
        assert_eq!(o.suites.len(), 1);
        assert_eq!(o.suites[0].name, "sign");
        let o = parse(&[]).unwrap().unwrap();
        assert_eq!(o.suites.len(), SUITES.len());
        assert_eq!((o.cases, o.seed), (DEFAULT_CASES, DEFAULT_SEED));
    }

    #[test]
    fn runs_sign_wire_and_errors_by_default() {
        let o = parse(&[]).unwrap().unwrap();
        let names: Vec<&str> = o.suites.iter().map(|s| s.name).collect();
        assert_eq!(names, ["sign", "wire", "errors"]);
        for suite in SUITES {
            let script = workspace_root()
                .unwrap()
                .join("conformance")
                .join(suite.script);
            assert!(script.is_file(), "{} is missing", script.display());
        }
    }

    #[test]
    fn rejects_bad_options() {
        assert!(parse(&args(&["--suite", "nope"])).is_err());
        assert!(parse(&args(&["--cases", "-1"])).is_err());
        assert!(parse(&args(&["--cases"])).is_err());
        assert!(parse(&args(&["--frobnicate"])).is_err());
    }

    #[test]
    fn reads_the_executable_of_a_cargo_message() {
        let line = r#"{"reason":"compiler-artifact","target":{"name":"sign_json"},"executable":"/w/t\\a b\"c\u00e9/sign_json","fresh":true}"#;
        assert_eq!(
            json_string_field(line, "executable").as_deref(),
            Some("/w/t\\a b\"cé/sign_json")
        );
        assert_eq!(
            json_string_field(r#"{"executable":null}"#, "executable"),
            None
        );
    }
}
