//! The command line of `cargo xtask spec-diff` (the xtask's own file, compiled here against
//! this library): arguments, sources (git revisions and files) and exit statuses.

#[path = "../../xtask/src/spec_diff.rs"]
#[allow(dead_code)]
mod spec_diff;

use serde_json::Value;
use spec_diff::{Command, parse_args, run_with};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

const SPEC: &str = "spec/cbr.yaml";

fn cbr() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/cbr.yaml")).unwrap()
}

fn with_cross_account_urn(text: &str) -> String {
    let anchor = "    CopyCheckpointResponseBody:\n";
    text.replacen(
        anchor,
        &format!("        cross_account_urn:\n          type: string\n{anchor}"),
        1,
    )
}

/// Drop the response property `provider_id`: breaking.
fn without_provider_id(text: &str) -> String {
    let block = "        provider_id:\n          type: string\n          description: |-\n            Backup provider ID.\n\n            原文: 备份提供商ID\n";
    assert!(text.contains(block));
    text.replacen(block, "", 1)
}

/// A throw-away git repository with spec/cbr.yaml committed on `main`.
struct Repo {
    dir: PathBuf,
}

impl Repo {
    fn new(spec: &str) -> Repo {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "specdiff-cli-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("spec")).unwrap();
        let repo = Repo { dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.commit(spec, "base");
        repo
    }

    fn git(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(&self.dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    fn write(&self, spec: &str) {
        std::fs::write(self.dir.join(SPEC), spec).unwrap();
    }

    fn commit(&self, spec: &str, message: &str) {
        self.write(spec);
        self.git(&["add", SPEC]);
        self.git(&["commit", "-q", "-m", message]);
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    /// Run `spec-diff ARGS --repo DIR`: (status, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all.push("--repo".into());
        all.push(self.dir.display().to_string());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run_with(&all, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn parses_arguments() {
    let Command::Diff(opts) = parse_args(&args(&[
        "--base",
        "HEAD~1",
        "--head=x.yaml",
        "--format",
        "json",
        "--fail-on-breaking",
    ]))
    .unwrap() else {
        panic!("not a diff")
    };
    assert_eq!(opts.base.as_deref(), Some("HEAD~1"));
    assert_eq!(opts.head.as_deref(), Some("x.yaml"));
    assert_eq!(opts.format, hcgen_spec_diff::Format::Json);
    assert!(opts.fail_on_breaking);
    let Command::Diff(opts) = parse_args(&[]).unwrap() else {
        panic!("not a diff")
    };
    assert_eq!(opts, hcgen_spec_diff::cli::Options::default());
    assert_eq!(parse_args(&args(&["-h"])).unwrap(), Command::Help);
    assert_eq!(
        parse_args(&args(&["--format", "xml"])).unwrap_err(),
        "--format must be markdown or json, not `xml`"
    );
    assert_eq!(
        parse_args(&args(&["--base"])).unwrap_err(),
        "--base needs a value"
    );
    assert_eq!(
        parse_args(&args(&["--frobnicate"])).unwrap_err(),
        "unexpected argument `--frobnicate`"
    );
}

#[test]
fn bad_arguments_exit_2_and_help_exits_0() {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(run_with(&args(&["--format", "xml"]), &mut out, &mut err), 2);
    assert!(
        String::from_utf8(err)
            .unwrap()
            .contains("usage: cargo xtask spec-diff")
    );
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(run_with(&args(&["--help"]), &mut out, &mut err), 0);
    assert!(
        String::from_utf8(out)
            .unwrap()
            .contains("--fail-on-breaking")
    );
    assert_eq!(
        spec_diff::run(&args(&["--format", "xml"])),
        ExitCode::from(2)
    );
}

#[test]
fn non_breaking_change_exits_0_even_with_fail_on_breaking() {
    let repo = Repo::new(&cbr());
    let head = repo.file("head.yaml", &with_cross_account_urn(&cbr()));
    let (code, out, err) = repo.run(&["--base", "main", "--head", &head, "--fail-on-breaking"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("**API spec diff** `main:spec/cbr.yaml` → `"),
        "{out}"
    );
    assert!(out.contains("0 breaking"), "{out}");
    assert!(out.contains("| non-breaking | `new-optional-request-property` | `/components/schemas/CheckpointReplicateParam/properties/cross_account_urn` |"), "{out}");
    assert!(
        out.contains(": **minor** bump of the generated crate;"),
        "{out}"
    );
    assert_eq!(err, "");
}

#[test]
fn breaking_change_exits_1_only_with_fail_on_breaking() {
    let repo = Repo::new(&cbr());
    let head = repo.file("head.yaml", &without_provider_id(&cbr()));
    let (code, out, err) = repo.run(&["--base", "main", "--head", &head, "--fail-on-breaking"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("breaking change(s) (--fail-on-breaking)"),
        "{err}"
    );
    assert!(out.contains("`response-property-removed`"), "{out}");
    let (code, _, _) = repo.run(&["--base", "main", "--head", &head]);
    assert_eq!(code, 0);
}

#[test]
fn json_output_has_the_documented_shape() {
    let repo = Repo::new(&cbr());
    let head = repo.file("head.yaml", &without_provider_id(&cbr()));
    let (code, out, _) = repo.run(&["--base", "main", "--head", &head, "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["changes", "summary", "semver"]);
    let summary: Vec<&String> = v["summary"].as_object().unwrap().keys().collect();
    assert_eq!(summary, ["breaking", "non_breaking", "info"]);
    let first = &v["changes"][0];
    let fields: Vec<&String> = first.as_object().unwrap().keys().collect();
    assert_eq!(fields, ["severity", "kind", "pointer", "message"]);
    let spec_change = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "response-property-removed")
        .unwrap();
    assert_eq!(spec_change["severity"], "breaking");
    assert_eq!(
        spec_change["pointer"],
        "/components/schemas/CheckpointReplicateRespBody/properties/provider_id"
    );
    assert!(v["summary"]["breaking"].as_u64().unwrap() >= 1);
    assert_eq!(v["semver"], "major");
    // Deterministic: the same inputs give the same bytes.
    let (_, again, _) = repo.run(&["--base", "main", "--head", &head, "--format", "json"]);
    assert_eq!(out, again);
}

#[test]
fn defaults_compare_the_work_tree_with_the_merge_base_of_main() {
    let repo = Repo::new(&cbr());
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.commit(&without_provider_id(&cbr()), "drop provider_id");
    repo.write(&with_cross_account_urn(&without_provider_id(&cbr())));
    let (code, out, err) = repo.run(&["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let kinds: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .filter(|k| !k.starts_with("rust-"))
        .collect();
    assert_eq!(
        kinds,
        ["response-property-removed", "new-optional-request-property"]
    );
}

#[test]
fn identical_sides_report_nothing() {
    let repo = Repo::new(&cbr());
    let (code, out, err) = repo.run(&["--base", "HEAD", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["changes"], serde_json::json!([]));
    assert_eq!(v["semver"], "none");
    let (_, md, _) = repo.run(&["--base", "HEAD"]);
    assert!(
        md.contains(": **none** bump of the generated crate; no changes."),
        "{md}"
    );
}

#[test]
fn unreadable_revision_or_file_exits_2() {
    let repo = Repo::new(&cbr());
    let (code, out, err) = repo.run(&["--base", "no-such-revision"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(
        err.starts_with(
            "spec-diff: error: cannot read spec/cbr.yaml at git revision 'no-such-revision': "
        ),
        "{err}"
    );
    let (code, _, err) = repo.run(&["--base", "main:missing.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read missing.yaml at git revision 'main'"),
        "{err}"
    );
    let missing = repo.dir.join("nope.yaml").display().to_string();
    let (code, _, err) = repo.run(&["--base", "main", "--head", &missing]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read file"), "{err}");
    assert!(err.contains("nope.yaml"), "{err}");
}

/// A revision is never an option to git: `--base "--output=F:x"` made `git show` write a
/// file named `F:x` (in the repository, git's working directory). It is refused with exit
/// status 2 before git runs, and no file appears; the `REV:PATH` and plain forms alike.
#[test]
fn a_revision_starting_with_a_dash_is_refused_and_never_reaches_git() {
    let repo = Repo::new(&cbr());
    for base in [
        "--output=F:x",
        "--output=G",
        "-oH:spec/cbr.yaml",
        "--base=--output=I:x",
    ] {
        let args: Vec<&str> = match base.strip_prefix("--base=") {
            Some(_) => vec![base],
            None => vec!["--base", base],
        };
        let (code, out, err) = repo.run(&args);
        assert_eq!(code, 2, "{base}: {err}");
        assert_eq!(out, "");
        assert!(err.contains("starts with `-`"), "{base}: {err}");
    }
    for written in ["F:x", "F", "G", "H:spec", "H", "I:x", "I"] {
        assert!(
            !repo.dir.join(written).exists(),
            "git wrote {written} in the repository"
        );
        assert!(!Path::new(written).exists(), "git wrote {written} here");
    }
}

/// Revisions are resolved with `git rev-parse --verify`: a range or other expression that
/// is not one commit is an unreadable revision.
#[test]
fn a_revision_must_name_one_commit() {
    let repo = Repo::new(&cbr());
    let (code, _, err) = repo.run(&["--base", "main..main"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "cannot read spec/cbr.yaml at git revision 'main..main': `main..main` does not name a commit"
        ),
        "{err}"
    );
    let (code, out, _) = repo.run(&["--base", "main~0"]);
    assert_eq!(code, 0);
    assert!(out.contains("no changes"), "{out}");
}

#[test]
fn no_merge_base_exits_2() {
    let repo = Repo::new(&cbr());
    repo.git(&["branch", "-q", "-m", "main", "trunk"]);
    let (code, _, err) = repo.run(&[]);
    assert_eq!(code, 2);
    assert!(err.contains("merge base of HEAD and main"), "{err}");
}

#[test]
fn invalid_documents_exit_2_on_either_side() {
    let repo = Repo::new(&cbr());
    let cases = [
        ("not-yaml.yaml", "openapi: [3.0.3\n", "not YAML or JSON"),
        (
            "not-json.json",
            "{\"openapi\": ",
            "not YAML or JSON: invalid JSON",
        ),
        (
            "v32.yaml",
            &cbr().replace("openapi: 3.0.3", "openapi: 3.2.0"),
            "not an OpenAPI 3.0.x or 3.1.x document the generator reads: `openapi: 3.2.0` is not a 3.0.x or 3.1.x version",
        ),
        (
            "swagger.yaml",
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "Swagger 2.0 documents are not supported",
        ),
        (
            "dangling.yaml",
            &cbr().replace(
                "#/components/schemas/ErrorResponse",
                "#/components/schemas/Nope",
            ),
            "invalid $ref at /components/responses/Error/content/application~1json/schema/$ref",
        ),
    ];
    for (name, text, message) in cases {
        let bad = repo.file(name, text);
        let (code, out, err) = repo.run(&["--base", "main", "--head", &bad]);
        assert_eq!((code, out.as_str()), (2, ""), "{name}: {err}");
        assert!(err.contains(message), "{name}: {err}");
        let (code, _, err) = repo.run(&["--base", &bad]);
        assert_eq!(code, 2, "{name} as base: {err}");
        assert!(err.contains(message), "{name} as base: {err}");
    }
    // An invalid document committed at a revision is reported with the revision's name.
    repo.commit("openapi: 3.1.0\n", "broken");
    let (code, _, err) = repo.run(&["--base", "HEAD", "--head", &repo.file("ok.yaml", &cbr())]);
    assert_eq!(code, 2);
    assert!(
        err.contains("HEAD:spec/cbr.yaml: not an OpenAPI 3.0.x or 3.1.x document"),
        "{err}"
    );
}

#[test]
fn base_can_be_a_file() {
    let repo = Repo::new(&cbr());
    let base = repo.file("base.yaml", &cbr());
    let head = repo.file("head.yaml", &with_cross_account_urn(&cbr()));
    let (code, out, _) = repo.run(&["--base", &base, "--head", &head, "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["semver"], "minor");
    assert!(Path::new(&base).is_file());
}
