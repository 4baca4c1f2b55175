//! `cargo xtask …`: the project's commands.
//!
//! - `cargo xtask codegen` regenerates `generated/` from `spec/cbr.yaml` and
//!   `tests/fastapi-app/client/` from `tests/fastapi-app/openapi.json`;
//! - `cargo xtask codegen --check` fails with a unified diff when one of them is stale;
//! - `cargo xtask codegen --spec FILE --out DIR [--name NAME] [--type-crate-lines N]
//!   [--allow-ref-path DIR]...` writes a standalone crate (`$ref`s to other files may read the
//!   spec's folder and each DIR).

mod additive;
mod bench_gen;
mod codegen;
mod conformance;
mod corpus;
mod corpus_examples;
mod hostile;
mod phases;
mod progress;
mod spec_diff;
mod spec_pairs;
mod upgrade31;

use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen [--check]                      regenerate generated/ from spec/cbr.yaml and
                                                     tests/fastapi-app/client/ from its openapi.json
  cargo xtask codegen --spec FILE --out DIR [--name NAME] [--type-crate-lines N] [--allow-ref-path DIR]...
                                                     write a standalone crate for any spec (types of
                                                     more than N lines, default 20000, go into
                                                     several crates; 0: one crate; `$ref`s to
                                                     other files may read the spec's folder and
                                                     each DIR)
  cargo xtask corpus [DIR] [--no-check] [--no-test-util] [--sample N] [--filter TEXT] [--skip A,B] [--openapi VERSION] [--examples] [--summary] [--out DIR]
                                                     generate and cargo-check a crate per spec in DIR
                                                     (with its test-util feature: the mocks too)
  cargo xtask additive [DIR] [--filter TEXT] [--skip A,B] [--openapi VERSION]
                                                     per spec: add a copied schema and operation; no
                                                     existing Rust item may change (spec-diff: minor)
  cargo xtask upgrade-31 IN OUT                     IN a spec: write its OpenAPI 3.1 twin to OUT; IN a
                                                     folder: OUT/3.0/NAME.json and OUT/3.1/NAME.json
  cargo xtask same-api-31 [DIR] [--filter TEXT] [--skip A,B]
                                                     per spec: its 3.1 twin has the same Rust API
                                                     (spec-diff: no change but the version)
  cargo xtask bench-gen [DIR] [--filter TEXT] [--skip A,B] [--openapi VERSION] [--no-build] [--build-skip A,B] [--runs N] [--rounds N] [--no-progenitor] [--incremental-only]
                                                     generation and clean-build benchmark against progenitor
  cargo xtask hostile [--out DIR] [--filter TEXT] [--keep]
                                                     generate from hostile specs under time and memory
                                                     bounds; check the crates and their doctests
  cargo xtask conformance [--suite NAME] [--cases N] [--seed N]
                                                     compare with the official Python SDK
  cargo xtask spec-diff [--base REV_OR_FILE] [--head FILE] [--format markdown|json] [--fail-on-breaking]
                                                     what a spec change does to callers and to the crate";

/// Generation allocates many small token trees on every core; mimalloc does that in less
/// time than the system allocator (about a fifth of generation time; `cargo xtask bench-gen`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match cmd.as_str() {
        "codegen" => codegen::run(rest),
        "spec-diff" => spec_diff::run(rest),
        "corpus" => corpus::run(rest),
        "additive" => additive::run(rest),
        "upgrade-31" => upgrade31::upgrade(rest),
        "same-api-31" => upgrade31::same_api(rest),
        "bench-gen" => bench_gen::run(rest),
        "hostile" => hostile::run(rest),
        // One bounded, measured child of `hostile`, in a small process of its own.
        "hostile-child" => hostile::child::wrapper_main(rest),
        // One spec's generation measurement, in a process of its own (used by bench-gen).
        "bench-gen-worker" => bench_gen::worker(rest),
        "conformance" => match conformance::run(rest) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("unknown command `{other}`\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
