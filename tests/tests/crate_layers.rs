//! The runtime's layers stay apart: `hcgen-types` (what generated types use) has no HTTP,
//! the generic `hcgen-runtime` knows no vendor, the Huawei Cloud profile sits on top, and
//! no crate has an import circle between its modules.

use std::collections::{BTreeMap, BTreeSet};
use syn::visit::Visit;

/// The `[dependencies]` names of a crate's manifest.
fn dependencies(krate: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(hcgen_tests::root().join(krate).join("Cargo.toml")).unwrap();
    let mut in_deps = false;
    let mut names = BTreeSet::new();
    for line in text.lines() {
        if line.starts_with('[') {
            in_deps = line.trim() == "[dependencies]";
        } else if in_deps && let Some((name, _)) = line.split_once(" = ") {
            names.insert(name.trim().to_owned());
        }
    }
    assert!(!names.is_empty(), "{krate}/Cargo.toml has dependencies");
    names
}

#[test]
fn each_layer_depends_only_on_the_layers_below() {
    let types = dependencies("types");
    for forbidden in [
        "reqwest",
        "http",
        "hcgen-runtime",
        "hcgen-signer",
        "tracing",
    ] {
        assert!(
            !types.contains(forbidden),
            "hcgen-types depends on {forbidden}"
        );
    }
    let runtime = dependencies("runtime");
    assert!(runtime.contains("hcgen-types"));
    for forbidden in ["hcgen-signer", "hcgen-huaweicloud"] {
        assert!(
            !runtime.contains(forbidden),
            "hcgen-runtime depends on {forbidden}"
        );
    }
    let huawei = dependencies("huaweicloud");
    assert!(huawei.contains("hcgen-runtime") && huawei.contains("hcgen-signer"));
}

/// Every string literal and identifier of a crate's code (comments, docs and tests
/// excluded).
#[derive(Default)]
struct Words(Vec<String>);

impl<'ast> Visit<'ast> for Words {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_test_only(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }
    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        if !attr.path().is_ident("doc") {
            syn::visit::visit_attribute(self, attr);
        }
    }
    fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
        self.0.push(lit.value());
    }
    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        self.0.push(ident.to_string());
    }
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.0.push(mac.tokens.to_string());
        syn::visit::visit_macro(self, mac);
    }
}

fn sources(krate: &str) -> Vec<(String, syn::File)> {
    let dir = hcgen_tests::root().join(krate).join("src");
    let mut files: Vec<(String, syn::File)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            (stem, syn::parse_file(&text).unwrap())
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(files.len() > 2, "{}", dir.display());
    files
}

#[test]
fn the_generic_runtime_has_no_vendor_code() {
    for krate in ["types", "runtime"] {
        for (module, file) in sources(krate) {
            let mut words = Words::default();
            words.visit_file(&file);
            for w in &words.0 {
                let lower = w.to_ascii_lowercase();
                assert!(
                    !lower.contains("huawei") && !lower.contains("project_id"),
                    "{krate}/src/{module}.rs: {w:?}"
                );
            }
        }
    }
}

/// Attributes of an item that is compiled only for tests.
fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && quote::ToTokens::to_token_stream(&a.meta)
                .to_string()
                .contains("test")
    })
}

/// The first segment after `crate::` of every path and `use` of a module (test-only items
/// skipped).
#[derive(Default)]
struct CrateRefs(BTreeSet<String>);

impl<'ast> Visit<'ast> for CrateRefs {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_test_only(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }
    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segs: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        if segs.len() > 1 && segs[0] == "crate" {
            self.0.insert(segs[1].clone());
        }
        syn::visit::visit_path(self, p);
    }
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        if let syn::UseTree::Path(p) = &u.tree
            && p.ident == "crate"
        {
            let mut firsts = Vec::new();
            first_names(&p.tree, &mut firsts);
            self.0.extend(firsts);
        }
    }
}

fn first_names(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(p) => out.push(p.ident.to_string()),
        syn::UseTree::Name(n) => out.push(n.ident.to_string()),
        syn::UseTree::Rename(r) => out.push(r.ident.to_string()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| first_names(t, out)),
        syn::UseTree::Glob(_) => {}
    }
}

/// Module -> the modules it uses, with names re-exported at the crate root resolved to the
/// module that defines them.
fn module_graph(krate: &str) -> BTreeMap<String, BTreeSet<String>> {
    let files = sources(krate);
    let modules: BTreeSet<String> = files
        .iter()
        .map(|(m, _)| m.clone())
        .filter(|m| m != "lib")
        .collect();
    // `pub use module::{A, B}` at the root: A and B live in `module`.
    let mut reexported: BTreeMap<String, String> = BTreeMap::new();
    let (_, lib) = files.iter().find(|(m, _)| m == "lib").unwrap();
    for item in &lib.items {
        if let syn::Item::Use(u) = item
            && let syn::UseTree::Path(p) = &u.tree
            && modules.contains(&p.ident.to_string())
        {
            let mut names = Vec::new();
            first_names(&p.tree, &mut names);
            for n in names {
                reexported.insert(n, p.ident.to_string());
            }
        }
    }
    let mut graph = BTreeMap::new();
    for (module, file) in &files {
        if module == "lib" {
            continue;
        }
        let mut refs = CrateRefs::default();
        refs.visit_file(file);
        let used: BTreeSet<String> = refs
            .0
            .into_iter()
            .filter_map(|r| {
                if modules.contains(&r) {
                    Some(r)
                } else {
                    reexported.get(&r).cloned()
                }
            })
            .filter(|r| r != module)
            .collect();
        graph.insert(module.clone(), used);
    }
    graph
}

/// A circle of module imports, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[i..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_crate_has_an_import_circle() {
    for krate in ["types", "runtime", "huaweicloud", "signer"] {
        let graph = module_graph(krate);
        assert!(
            find_cycle(&graph).is_none(),
            "{krate}: import circle {:?} in {graph:?}",
            find_cycle(&graph)
        );
    }
    // The check itself finds a circle when there is one.
    let circle: BTreeMap<String, BTreeSet<String>> = [
        ("auth", &["client"][..]),
        ("client", &["request"]),
        ("request", &["auth"]),
        ("error", &[]),
    ]
    .into_iter()
    .map(|(m, uses)| (m.to_owned(), uses.iter().map(|u| (*u).to_owned()).collect()))
    .collect();
    assert_eq!(
        find_cycle(&circle),
        Some(vec![
            "auth".into(),
            "client".into(),
            "request".into(),
            "auth".into()
        ])
    );
    // And the graph is read: the runtime's request module uses its client module.
    let runtime = module_graph("runtime");
    assert!(runtime["request"].contains("client"), "{runtime:?}");
}

/// What a client's clean build compiles: URL host names go through the Unicode crates, not
/// ICU4X (its crates and their derive macros were the largest part of a build), and HTTP/2 is
/// a feature, not the default.
#[test]
fn the_default_client_build_stays_light() {
    let lock = std::fs::read_to_string(hcgen_tests::root().join("Cargo.lock")).unwrap();
    assert!(
        !lock.contains("name = \"icu_"),
        "an ICU crate is in Cargo.lock"
    );
    let manifest = std::fs::read_to_string(hcgen_tests::root().join("runtime/Cargo.toml")).unwrap();
    assert!(manifest.contains("idna_adapter = \"~1.1\""), "{manifest}");
    let reqwest = manifest
        .lines()
        .find(|l| l.starts_with("reqwest = "))
        .unwrap();
    assert!(
        reqwest.contains("default-features = false") && !reqwest.contains("http2"),
        "{reqwest}"
    );
    assert!(manifest.contains("default = [\"rustls\"]"), "{manifest}");
}

/// What `cargo tree` shows of huaweicloud-cbr's normal dependencies and their features, as
/// resolved for the crate alone with `args` (`crate feature "name"` lines).
fn client_features(args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-p",
            "huaweicloud-cbr",
            "-e",
            "normal,features",
        ])
        .args(["--prefix", "none"])
        .args(args)
        .current_dir(hcgen_tests::root())
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The mocks cost nothing unless asked for: a default build of a generated client has no
/// `test-util` anywhere (so `hcgen_runtime::mock` and the crate's `mock` module are not
/// compiled) and no HTTP server; with the feature, both are there.
#[test]
fn a_client_build_without_test_util_compiles_no_mock_code() {
    let default = client_features(&[]) + &client_features(&["-i", "hcgen-runtime"]);
    for absent in ["feature \"test-util\"", "hyper feature \"server\""] {
        assert!(!default.contains(absent), "{absent} in:\n{default}");
    }
    let with = client_features(&["--features", "test-util"])
        + &client_features(&["--features", "test-util", "-i", "hcgen-runtime"]);
    for present in [
        "huaweicloud-cbr feature \"test-util\"",
        "hcgen-runtime feature \"test-util\"",
        "hcgen-huaweicloud feature \"test-util\"",
        "hyper feature \"server\"",
    ] {
        assert!(with.contains(present), "{present} not in:\n{with}");
    }
}
