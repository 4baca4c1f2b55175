//! The `Cargo.toml` files of a generated crate and of its type crates: every value from the
//! spec or the options is written as an escaped TOML string.

use super::{generated_line, type_crates};
use crate::Options;
use crate::model::{Api, Profile};

/// A TOML basic string: JSON's escapes are TOML's, and DEL, which JSON leaves as it is, must
/// be escaped in TOML too.
fn toml_str(s: &str) -> String {
    serde_json::to_string(s)
        .unwrap_or_else(|_| "\"\"".to_owned())
        .replace('\u{7f}', "\\u007f")
}

/// The hcgen crates a generated crate depends on: its types need `hcgen-types` alone, its
/// client `hcgen-runtime` too, and a client with a profile that profile's crate. Without
/// their default features: the main crate's own features choose the runtime's TLS.
fn hcgen_dependencies(opts: &Options, packages: &[&str], depth: usize) -> String {
    let mut text = String::new();
    for package in packages {
        let source = match &opts.runtime {
            crate::RuntimeDependency::Path { path, version } => {
                let dir = package.trim_start_matches("hcgen-");
                let root = if std::path::Path::new(path).is_absolute() {
                    path.clone()
                } else {
                    format!("{}{path}", "../".repeat(depth))
                };
                format!(
                    "{{ path = {}, version = {}, default-features = false }}",
                    toml_str(&format!("{}/{dir}", root.trim_end_matches('/'))),
                    toml_str(version)
                )
            }
            crate::RuntimeDependency::Version(v) => {
                format!("{{ version = {}, default-features = false }}", toml_str(v))
            }
            crate::RuntimeDependency::Git { url, rev } => match rev {
                Some(rev) => format!(
                    "{{ git = {}, rev = {}, default-features = false }}",
                    toml_str(url),
                    toml_str(rev)
                ),
                None => format!("{{ git = {}, default-features = false }}", toml_str(url)),
            },
        };
        text.push_str(&format!("{package} = {source}\n"));
    }
    text
}

/// The `[package]` table and `[dependencies]` shared by the main crate and the type crates:
/// `depth` is how many directories below the main crate the manifest is (for a relative
/// path to the hcgen crates); only the main crate (depth 0) has a README and a client.
fn manifest_head(api: &Api, opts: &Options, name: &str, description: &str, depth: usize) -> String {
    let mut packages = vec!["hcgen-types"];
    if depth == 0 {
        packages.push("hcgen-runtime");
        match api.profile {
            None => {}
            Some(Profile::HuaweiCloud) => packages.push("hcgen-huaweicloud"),
        }
    }
    let hcgen = hcgen_dependencies(opts, &packages, depth);
    let keywords: Vec<String> = opts.keywords.iter().map(|k| toml_str(k)).collect();
    format!(
        "# {generated}\n\
         [package]\n\
         name = {name}\n\
         version = {version}\n\
         edition = \"{edition}\"\n\
         rust-version = \"1.88\"\n\
         description = {description}\n\
         {readme}\
         {license}\
         {keywords}\
         categories = [\"api-bindings\", \"web-programming::http-client\"]\n\
         {repository}\
         \n\
         [dependencies]\n\
         {hcgen}\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n",
        generated = generated_line(opts),
        name = toml_str(name),
        version = toml_str(&opts.crate_version),
        description = toml_str(description),
        keywords = if keywords.is_empty() {
            String::new()
        } else {
            format!("keywords = [{}]\n", keywords.join(", "))
        },
        edition = opts.edition.as_str(),
        readme = if depth == 0 {
            "readme = \"README.md\"\n"
        } else {
            ""
        },
        license = opts
            .license
            .as_deref()
            .and_then(|l| crate::package::spdx_license(l).ok())
            .map(|l| format!("license = {}\n", toml_str(&l)))
            .unwrap_or_default(),
        repository = opts
            .repository
            .as_ref()
            .map(|r| format!("repository = {}\n", toml_str(r)))
            .unwrap_or_default(),
    )
}

/// A dependency line on type crate `k`, at `path` relative to the manifest that has the line.
fn type_crate_dependency(opts: &Options, k: usize, path: &str) -> String {
    format!(
        "{} = {{ path = {}, version = {} }}\n",
        type_crates::package_name(&opts.crate_name, k),
        toml_str(path),
        toml_str(&format!("={}", opts.crate_version))
    )
}

pub(super) fn cargo_toml(api: &Api, opts: &Options, layout: &type_crates::Layout) -> String {
    let description = opts.description.clone().unwrap_or_else(|| {
        format!(
            "Typed async Rust client for {} (generated from its OpenAPI document)",
            api.title
        )
    });
    let mut text = manifest_head(api, opts, &opts.crate_name, &description, 0);
    if layout.is_split() {
        for k in 0..layout.members.len() {
            text.push_str(&type_crate_dependency(opts, k, &type_crates::crate_dir(k)));
        }
    }
    text.push_str(TLS_FEATURES);
    text.push_str(&test_util_feature(api, opts, layout));
    text.push_str(DEV_DEPENDENCIES);
    if opts.standalone {
        text.push_str("\n[workspace]\n");
    }
    text
}

/// The main crate forwards the runtime's transport features.
const TLS_FEATURES: &str = "\n[features]\n\
     default = [\"rustls\"]\n\
     # TLS through rustls with the ring crypto provider.\n\
     rustls = [\"hcgen-runtime/rustls\"]\n\
     # TLS through rustls with the aws-lc-rs crypto provider.\n\
     rustls-aws-lc-rs = [\"hcgen-runtime/rustls-aws-lc-rs\"]\n\
     # TLS through the platform's library (OpenSSL, Secure Transport, SChannel).\n\
     native-tls = [\"hcgen-runtime/native-tls\"]\n\
     # HTTP/2 (offered to the server through ALPN; HTTP/1.1 otherwise).\n\
     http2 = [\"hcgen-runtime/http2\"]\n";

/// The `test-util` feature: the `mock` module, the runtime's mock transport (with the Huawei
/// Cloud profile's error format for mocked errors), and the constructors of response-only
/// types, in this crate and in its type crates.
fn test_util_feature(api: &Api, opts: &Options, layout: &type_crates::Layout) -> String {
    let mut enables = vec![toml_str("hcgen-runtime/test-util")];
    if api.profile == Some(Profile::HuaweiCloud) {
        enables.push(toml_str("hcgen-huaweicloud/test-util"));
    }
    if layout.is_split() {
        for k in 0..layout.members.len() {
            let package = type_crates::package_name(&opts.crate_name, k);
            enables.push(toml_str(&format!("{package}/test-util")));
        }
    }
    format!(
        "# Test support: the `mock` module (typed rules answered in process or over loopback),\n\
         # and constructors and setters of the types that only responses use.\n\
         test-util = [{}]\n",
        enables.join(", ")
    )
}

/// A type crate's `test-util` feature (turned on by the main crate's).
const TYPE_CRATE_TEST_UTIL_FEATURE: &str = "\n[features]\n\
     # Constructors and setters of the types that only responses use, for tests.\n\
     test-util = []\n";

/// What the README's examples run on when they are tested (`cargo test --features
/// test-util --doc`).
const DEV_DEPENDENCIES: &str = "\n[dev-dependencies]\n\
     tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n";

/// The manifest of type crate `k`: the main crate's dependencies and the earlier type crates
/// it refers to.
pub(super) fn type_crate_cargo_toml(
    api: &Api,
    opts: &Options,
    layout: &type_crates::Layout,
    k: usize,
) -> String {
    let description = format!(
        "Types of {} (part {} of {}), re-exported by the `{}` crate",
        api.title,
        k + 1,
        layout.members.len(),
        opts.crate_name
    );
    let mut text = manifest_head(
        api,
        opts,
        &type_crates::package_name(&opts.crate_name, k),
        &description,
        2,
    );
    for &d in &layout.deps[k] {
        text.push_str(&type_crate_dependency(opts, d, &format!("../{d}")));
    }
    text.push_str(TYPE_CRATE_TEST_UTIL_FEATURE);
    text
}
