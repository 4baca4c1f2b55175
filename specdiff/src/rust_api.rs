//! The generated Rust API: list the public items of a generated crate (parsed with `syn`),
//! compare two such lists, and derive the semver bump.
//!
//! Items listed: structs (and their `pub` fields with types), enums (and their variants),
//! traits (and their methods), type aliases, free `pub fn`s, `pub` methods and consts of
//! inherent `impl` blocks, trait implementations (explicit and `#[derive]`d), `pub const`,
//! `pub static` and `pub use`. Each item has a signature string; documentation is not part
//! of it, so a docs-only change yields no item change and a `patch` bump.
//!
//! Bumps: a removed or changed item is `major`; an added item is `minor`, except where
//! adding breaks existing code: a field of a struct that can be built with a literal (not
//! `#[non_exhaustive]`, no private field), a variant of an exhaustive enum, or a trait
//! method without a default body — those are `major`.

use quote::ToTokens;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use syn::{Attribute, Fields, ImplItem, Item, TraitItem, Visibility};

/// One file produced by a generator.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct GeneratedFile {
    /// Path relative to the generated crate's root, e.g. `src/lib.rs`.
    pub path: PathBuf,
    /// The file's text.
    pub contents: String,
}

/// Something that turns a spec into the files of a Rust crate (the `hcgen-codegen`
/// generator in production, a stub in tests). `Sync`: it runs on a thread of its own with a
/// large stack, where a panic is reported as a failed generation.
pub trait Generator: Sync {
    /// Generate the crate for the spec `text` (named `source_name` in messages).
    fn generate(&self, source_name: &str, text: &str) -> Result<Vec<GeneratedFile>, String>;
}

impl<F> Generator for F
where
    F: Fn(&str, &str) -> Result<Vec<GeneratedFile>, String> + Sync,
{
    fn generate(&self, source_name: &str, text: &str) -> Result<Vec<GeneratedFile>, String> {
        self(source_name, text)
    }
}

/// The project's generator, `hcgen-codegen`.
#[derive(Clone, Debug)]
pub struct Codegen {
    /// Generation options (both sides use the same ones, so they do not affect the diff).
    pub options: hcgen_codegen::Options,
}

impl Default for Codegen {
    fn default() -> Self {
        Codegen {
            options: hcgen_codegen::Options {
                crate_name: "huaweicloud-cbr".to_string(),
                source_label: crate::load::DEFAULT_SPEC_PATH.to_string(),
                ..hcgen_codegen::Options::default()
            },
        }
    }
}

impl Generator for Codegen {
    fn generate(&self, source_name: &str, text: &str) -> Result<Vec<GeneratedFile>, String> {
        let output = hcgen_codegen::generate_from_str(source_name, text, &self.options)
            .map_err(|e| e.to_string())?;
        Ok(output
            .files
            .into_iter()
            .map(|f| GeneratedFile {
                path: f.path,
                contents: f.contents,
            })
            .collect())
    }
}

/// A semver bump for the generated crate, ordered from none to major.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    /// Nothing changed in the generated crate.
    None,
    /// Only documentation (or private code) changed.
    Patch,
    /// Public API added.
    Minor,
    /// Public API removed or changed.
    Major,
}

impl Semver {
    /// The spelling used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::None => "none",
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

impl fmt::Display for Semver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of public item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    /// A struct, enum, trait or type alias.
    Type,
    /// A public field of a struct.
    Field,
    /// A variant of an enum.
    Variant,
    /// A method of an inherent impl block or of a trait.
    Method,
    /// A free function.
    Function,
    /// A trait implementation (explicit or derived).
    Impl,
    /// A const, static or re-export.
    Item,
}

impl ItemKind {
    /// The noun used in rule ids (`rust-<noun>-added`) and messages.
    pub fn noun(self) -> &'static str {
        match self {
            ItemKind::Type => "type",
            ItemKind::Field => "field",
            ItemKind::Variant => "variant",
            ItemKind::Method => "method",
            ItemKind::Function => "function",
            ItemKind::Impl => "impl",
            ItemKind::Item => "item",
        }
    }
}

/// One public item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiItem {
    /// What it is.
    pub kind: ItemKind,
    /// Its path, e.g. `crate::models::Foo::bar` (for impls: `crate::models::Foo: Clone`).
    pub path: String,
    /// Its signature (no docs), e.g. `pub bar: Option<String>`.
    pub signature: String,
    /// Adding this item breaks existing code (see the module docs).
    pub breaking_if_added: bool,
}

/// The public API of a crate, keyed by (path, kind).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublicApi {
    /// The items.
    pub items: BTreeMap<(String, ItemKind), ApiItem>,
    /// Type aliases of a type of their own module, by name: the name of the type they
    /// denote (after aliases of aliases).
    pub aliases: BTreeMap<String, String>,
}

/// Added, removed or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ApiChangeKind {
    /// In head only.
    Added,
    /// In base only.
    Removed,
    /// In both, with different signatures.
    Changed,
}

/// One change of the public API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiChange {
    /// Added, removed or changed.
    pub change: ApiChangeKind,
    /// What kind of item.
    pub item: ItemKind,
    /// The item's path.
    pub path: String,
    /// Signature in base.
    pub before: Option<String>,
    /// Signature in head.
    pub after: Option<String>,
    /// The bump this change implies.
    pub bump: Semver,
}

impl ApiChange {
    /// The rule id, e.g. `rust-field-added`.
    pub fn rule_id(&self) -> String {
        let verb = match self.change {
            ApiChangeKind::Added => "added",
            ApiChangeKind::Removed => "removed",
            ApiChangeKind::Changed => "changed",
        };
        format!("rust-{}-{verb}", self.item.noun())
    }

    /// A one-line description.
    pub fn message(&self) -> String {
        let noun = self.item.noun();
        let path = &self.path;
        match (self.change, &self.before, &self.after) {
            (ApiChangeKind::Added, _, Some(after)) => {
                format!("Rust {noun} `{path}` added: `{after}` ({})", self.bump)
            }
            (ApiChangeKind::Removed, Some(before), _) => {
                format!(
                    "Rust {noun} `{path}` removed: was `{before}` ({})",
                    self.bump
                )
            }
            (_, before, after) => format!(
                "Rust {noun} `{path}` changed: `{}` → `{}` ({})",
                before.as_deref().unwrap_or(""),
                after.as_deref().unwrap_or(""),
                self.bump
            ),
        }
    }
}

/// The Rust API comparison of two generated crates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RustApiDiff {
    /// Item changes, sorted by path.
    pub changes: Vec<ApiChange>,
    /// The implied bump.
    pub semver: Semver,
}

/// Compare the crates generated from base and head.
pub fn compare_generated(
    base: &[GeneratedFile],
    head: &[GeneratedFile],
) -> Result<RustApiDiff, String> {
    let changes = diff_api(&public_api(base)?, &public_api(head)?);
    let mut semver = changes.iter().map(|c| c.bump).max().unwrap_or(Semver::None);
    if semver == Semver::None {
        let sorted = |files: &[GeneratedFile]| {
            let mut v = files.to_vec();
            v.sort();
            v
        };
        if sorted(base) != sorted(head) {
            semver = Semver::Patch;
        }
    }
    Ok(RustApiDiff { changes, semver })
}

/// Compare two public APIs.
pub fn diff_api(base: &PublicApi, head: &PublicApi) -> Vec<ApiChange> {
    let mut out = Vec::new();
    for (key, b) in &base.items {
        if !head.items.contains_key(key) {
            out.push(ApiChange {
                change: ApiChangeKind::Removed,
                item: b.kind,
                path: b.path.clone(),
                before: Some(b.signature.clone()),
                after: None,
                bump: Semver::Major,
            });
        }
    }
    for (key, h) in &head.items {
        match base.items.get(key) {
            None => out.push(ApiChange {
                change: ApiChangeKind::Added,
                item: h.kind,
                path: h.path.clone(),
                before: None,
                after: Some(h.signature.clone()),
                bump: if h.breaking_if_added {
                    Semver::Major
                } else {
                    Semver::Minor
                },
            }),
            Some(b) if !same_in(&head.aliases, &b.signature, &h.signature) => out.push(ApiChange {
                change: ApiChangeKind::Changed,
                item: h.kind,
                path: h.path.clone(),
                before: Some(b.signature.clone()),
                after: Some(h.signature.clone()),
                bump: Semver::Major,
            }),
            Some(_) => {}
        }
    }
    out.sort_by(|x, y| (&x.path, x.item, x.change).cmp(&(&y.path, y.item, y.change)));
    out
}

/// List the public items of the `.rs` files of a crate (other files are ignored).
pub fn public_api(files: &[GeneratedFile]) -> Result<PublicApi, String> {
    let mut api = PublicApi::default();
    for file in files {
        if file.path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let mut parsed = syn::parse_file(&file.contents)
            .map_err(|e| format!("{}: not valid Rust: {e}", file.path.display()))?;
        // A large spec's types are split over type crates that `types` re-exports: their
        // items are the `types` module's, and the re-exports themselves are not API.
        parsed.items.retain(|item| !is_type_crate_reexport(item));
        api.collect(&module_path(&file.path), &parsed.items);
    }
    api.expand_aliases();
    Ok(api)
}

/// Whether signature `base` still holds in the API whose `aliases` are given and where the
/// signature is `head`: the same text once every type name is replaced by the type it
/// denotes there (`Option<RootLinks>` and `Option<CopyLinks>` are one signature where
/// `RootLinks` is an alias of `CopyLinks`).
fn same_in(aliases: &BTreeMap<String, String>, base: &str, head: &str) -> bool {
    if base == head {
        return true;
    }
    let canonical = |text: &str| {
        let mut out = String::with_capacity(text.len());
        let mut word = String::new();
        for c in text.chars().chain(std::iter::once(' ')) {
            if c.is_alphanumeric() || c == '_' {
                word.push(c);
                continue;
            }
            if !word.is_empty() {
                out.push_str(aliases.get(&word).map_or(word.as_str(), String::as_str));
                word.clear();
            }
            out.push(c);
        }
        // A trailing comma that the formatter adds when a line gets long is no change.
        for (with, without) in [(", >", ">"), (",>", ">"), (", )", ")"), (",)", ")")] {
            out = out.replace(with, without);
        }
        out
    };
    canonical(base) == canonical(head)
}

/// `text` with every whole-word occurrence of `from` replaced by `to`.
fn replace_word(text: &str, from: &str, to: &str) -> String {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(from) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + from.len()..].chars().next();
        out.push_str(&rest[..i]);
        if before.is_some_and(word) || after.is_some_and(word) {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    out
}

/// `pub use NAME_types_N::*;`: the `types` module re-exporting a type crate.
fn is_type_crate_reexport(item: &Item) -> bool {
    let Item::Use(u) = item else {
        return false;
    };
    let syn::UseTree::Path(path) = &u.tree else {
        return false;
    };
    let name = path.ident.to_string();
    let numbered = name
        .rsplit_once("_types_")
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    numbered && matches!(*path.tree, syn::UseTree::Glob(_))
}

/// `src/lib.rs` → `crate`, `src/models/mod.rs` → `crate::models`, `src/a/b.rs` → `crate::a::b`;
/// a type crate's `type-crates/N/src/lib.rs` → `crate::types` (the module that re-exports it).
fn module_path(file: &Path) -> String {
    if file.starts_with(hcgen_codegen::emit::type_crates::DIR) && file.ends_with("src/lib.rs") {
        return "crate::types".to_owned();
    }
    let mut parts: Vec<String> = file
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if let Some(src) = parts.iter().rposition(|p| p == "src") {
        parts.drain(..=src);
    }
    if let Some(last) = parts.pop() {
        let stem = last.strip_suffix(".rs").unwrap_or(&last).to_string();
        if !matches!(stem.as_str(), "lib" | "main" | "mod") {
            parts.push(stem);
        }
    }
    std::iter::once("crate".to_string())
        .chain(parts)
        .collect::<Vec<_>>()
        .join("::")
}

/// Render tokens compactly: `Option < String >` → `Option<String>`.
pub fn tidy(tokens: &impl ToTokens) -> String {
    let raw = tokens.to_token_stream().to_string();
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '"' || c == '\'';
    let mut out = String::with_capacity(raw.len());
    let pieces: Vec<&str> = raw.split(' ').filter(|p| !p.is_empty()).collect();
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            let prev = out.chars().last().unwrap_or(' ');
            let next = piece.chars().next().unwrap_or(' ');
            let spaced = (word(prev) && word(next))
                || (prev == ',' || (prev == ':' && !out.ends_with("::")))
                || matches!(*piece, "->" | "=" | "=>" | "+" | "{" | "where")
                || out.ends_with("->")
                || out.ends_with(" =")
                || out.ends_with(" +")
                || (prev == '{' || next == '}');
            let lifetime_after_amp = prev == '&' && next == '\'';
            let after_lifetime = pieces[i - 1].starts_with('\'')
                && pieces[i - 1].len() > 1
                && !matches!(next, ',' | '>' | ')' | ':' | ';');
            if (spaced || after_lifetime) && !lifetime_after_amp && !(next == ':' && *piece != ":")
            {
                out.push(' ');
            }
        }
        out.push_str(piece);
    }
    out
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn has_attr(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

fn derives(attrs: &[Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            out.push(tidy(&meta.path));
            Ok(())
        });
    }
    out
}

fn shape(fields: &Fields) -> &'static str {
    match fields {
        Fields::Named(_) => " { .. }",
        Fields::Unnamed(_) => "(..)",
        Fields::Unit => ";",
    }
}

impl PublicApi {
    /// A type alias of another type of the same module (`pub type BeeSpec = AntSpec;`, as the
    /// generator writes for an inline schema identical to one met before) is, for code that
    /// uses it, that type under another name: it is listed as that type's items (its fields,
    /// variants, methods and impls) under its own name, so that a type becoming such an alias
    /// of an identical type is no change.
    fn expand_aliases(&mut self) {
        let aliases: Vec<(String, String, String)> = self
            .items
            .values()
            .filter(|i| i.kind == ItemKind::Type)
            .filter_map(|i| {
                let (module, name) = i.path.rsplit_once("::")?;
                let target = i.signature.strip_prefix(&format!("pub type {name} = "))?;
                let local = target.rsplit("::").next()?;
                let plain = local.chars().all(|c| c.is_alphanumeric() || c == '_');
                plain.then(|| (module.to_owned(), name.to_owned(), local.to_owned()))
            })
            .collect();
        for (module, name, target) in aliases {
            // Follow aliases of aliases to the definition (a bounded number of steps).
            let mut target = target;
            for _ in 0..16 {
                let key = (format!("{module}::{target}"), ItemKind::Type);
                let next = self.items.get(&key).and_then(|i| {
                    let rest = i.signature.strip_prefix(&format!("pub type {target} = "))?;
                    Some(rest.rsplit("::").next()?.to_owned())
                });
                match next {
                    Some(n) if n != target => target = n,
                    _ => break,
                }
            }
            let target_path = format!("{module}::{target}");
            let Some(definition) = self.items.get(&(target_path.clone(), ItemKind::Type)) else {
                continue;
            };
            if definition.signature.starts_with("pub type ") {
                continue;
            }
            self.aliases.insert(name.clone(), target.clone());
            let alias_path = format!("{module}::{name}");
            // The definition's items are those whose path is its own or starts with it and
            // `::` or `: `: a contiguous range of the sorted keys.
            let (members, impls) = (format!("{target_path}::"), format!("{target_path}: "));
            let copies: Vec<ApiItem> = self
                .items
                .range((target_path.clone(), ItemKind::Type)..)
                .map(|(_, i)| i)
                .take_while(|i| i.path.starts_with(&target_path))
                .filter(|i| {
                    i.path == target_path
                        || i.path.starts_with(&members)
                        || i.path.starts_with(&impls)
                })
                .map(|i| ApiItem {
                    kind: i.kind,
                    path: format!("{alias_path}{}", &i.path[target_path.len()..]),
                    signature: replace_word(&i.signature, &target, &name),
                    breaking_if_added: i.breaking_if_added,
                })
                .collect();
            for copy in copies {
                self.items.insert((copy.path.clone(), copy.kind), copy);
            }
        }
    }

    fn add(&mut self, kind: ItemKind, path: String, signature: String, breaking_if_added: bool) {
        self.items.insert(
            (path.clone(), kind),
            ApiItem {
                kind,
                path,
                signature,
                breaking_if_added,
            },
        );
    }

    fn add_derives(&mut self, path: &str, name: &str, attrs: &[Attribute]) {
        for derive in derives(attrs) {
            let trait_name = derive.rsplit("::").next().unwrap_or(&derive).to_string();
            self.add(
                ItemKind::Impl,
                format!("{path}: {trait_name}"),
                format!("impl {derive} for {name} (derived)"),
                false,
            );
        }
    }

    /// Collect the public items of `items` (in `module`) and of their inline public modules,
    /// at any nesting (a worklist, not recursion).
    fn collect(&mut self, module: &str, items: &[Item]) {
        let mut modules = vec![(module.to_string(), items)];
        while let Some((module, items)) = modules.pop() {
            self.collect_module(&module, items, &mut modules);
        }
    }

    /// The items of one module; its inline public modules are added to `modules`.
    fn collect_module<'i>(
        &mut self,
        module: &str,
        items: &'i [Item],
        modules: &mut Vec<(String, &'i [Item])>,
    ) {
        for item in items {
            match item {
                Item::Struct(s) if is_pub(&s.vis) => {
                    let name = s.ident.to_string();
                    let path = format!("{module}::{name}");
                    let non_exhaustive = has_attr(&s.attrs, "non_exhaustive");
                    let private = s.fields.iter().any(|f| !is_pub(&f.vis));
                    let marker = if non_exhaustive {
                        "#[non_exhaustive] "
                    } else {
                        ""
                    };
                    self.add(
                        ItemKind::Type,
                        path.clone(),
                        format!(
                            "{marker}pub struct {name}{}{}{}",
                            tidy(&s.generics),
                            s.generics
                                .where_clause
                                .as_ref()
                                .map(|w| format!(" {}", tidy(w)))
                                .unwrap_or_default(),
                            shape(&s.fields)
                        ),
                        false,
                    );
                    let literal_buildable = !non_exhaustive && !private;
                    for (i, field) in s.fields.iter().enumerate() {
                        if !is_pub(&field.vis) {
                            continue;
                        }
                        let fname = field
                            .ident
                            .as_ref()
                            .map(|i| i.to_string())
                            .unwrap_or_else(|| i.to_string());
                        self.add(
                            ItemKind::Field,
                            format!("{path}::{fname}"),
                            format!("pub {fname}: {}", tidy(&field.ty)),
                            literal_buildable,
                        );
                    }
                    self.add_derives(&path, &name, &s.attrs);
                }
                Item::Enum(e) if is_pub(&e.vis) => {
                    let name = e.ident.to_string();
                    let path = format!("{module}::{name}");
                    let non_exhaustive = has_attr(&e.attrs, "non_exhaustive");
                    let marker = if non_exhaustive {
                        "#[non_exhaustive] "
                    } else {
                        ""
                    };
                    self.add(
                        ItemKind::Type,
                        path.clone(),
                        format!("{marker}pub enum {name}{}", tidy(&e.generics)),
                        false,
                    );
                    for variant in &e.variants {
                        let vname = variant.ident.to_string();
                        let fields = match &variant.fields {
                            Fields::Unit => String::new(),
                            other => tidy(other),
                        };
                        let disc = variant
                            .discriminant
                            .as_ref()
                            .map(|(_, expr)| format!(" = {}", tidy(expr)))
                            .unwrap_or_default();
                        self.add(
                            ItemKind::Variant,
                            format!("{path}::{vname}"),
                            format!("{vname}{fields}{disc}"),
                            !non_exhaustive,
                        );
                    }
                    self.add_derives(&path, &name, &e.attrs);
                }
                Item::Trait(t) if is_pub(&t.vis) => {
                    let name = t.ident.to_string();
                    let path = format!("{module}::{name}");
                    let supertraits = if t.supertraits.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", tidy(&t.supertraits))
                    };
                    self.add(
                        ItemKind::Type,
                        path.clone(),
                        format!("pub trait {name}{}{supertraits}", tidy(&t.generics)),
                        false,
                    );
                    for ti in &t.items {
                        if let TraitItem::Fn(f) = ti {
                            let default = if f.default.is_some() { " { .. }" } else { ";" };
                            self.add(
                                ItemKind::Method,
                                format!("{path}::{}", f.sig.ident),
                                format!("{}{default}", tidy(&f.sig)),
                                f.default.is_none(),
                            );
                        }
                    }
                }
                Item::Type(t) if is_pub(&t.vis) => {
                    let name = t.ident.to_string();
                    self.add(
                        ItemKind::Type,
                        format!("{module}::{name}"),
                        format!("pub type {name}{} = {}", tidy(&t.generics), tidy(&t.ty)),
                        false,
                    );
                }
                Item::Fn(f) if is_pub(&f.vis) => {
                    self.add(
                        ItemKind::Function,
                        format!("{module}::{}", f.sig.ident),
                        format!("pub {}", tidy(&f.sig)),
                        false,
                    );
                }
                Item::Const(c) if is_pub(&c.vis) => {
                    self.add(
                        ItemKind::Item,
                        format!("{module}::{}", c.ident),
                        format!("pub const {}: {}", c.ident, tidy(&c.ty)),
                        false,
                    );
                }
                Item::Static(s) if is_pub(&s.vis) => {
                    self.add(
                        ItemKind::Item,
                        format!("{module}::{}", s.ident),
                        format!("pub static {}: {}", s.ident, tidy(&s.ty)),
                        false,
                    );
                }
                Item::Use(u) if is_pub(&u.vis) => {
                    let tree = tidy(&u.tree);
                    self.add(
                        ItemKind::Item,
                        format!("{module}::{{{tree}}}"),
                        format!("pub use {tree}"),
                        false,
                    );
                }
                Item::Mod(m) if is_pub(&m.vis) => {
                    if let Some((_, content)) = &m.content {
                        modules.push((format!("{module}::{}", m.ident), content));
                    }
                }
                Item::Impl(i) => self.collect_impl(module, i),
                Item::Macro(m) => self.collect_macro(module, m),
                _ => {}
            }
        }
    }

    /// `hcgen_types::object_serde!(Name { .. } ..)` implements `Serialize` and
    /// `Deserialize` for `Name`, like the derives it replaces.
    fn collect_macro(&mut self, module: &str, m: &syn::ItemMacro) {
        let is_object_serde = m
            .mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "object_serde");
        let name = m
            .mac
            .tokens
            .clone()
            .into_iter()
            .next()
            .and_then(|t| match t {
                proc_macro2::TokenTree::Ident(i) => Some(i.to_string()),
                _ => None,
            });
        if let (true, Some(name)) = (is_object_serde, name) {
            let path = format!("{module}::{name}");
            for trait_name in ["Serialize", "Deserialize"] {
                self.add(
                    ItemKind::Impl,
                    format!("{path}: {trait_name}"),
                    format!("impl serde::{trait_name} for {name} (object_serde!)"),
                    false,
                );
            }
        }
    }

    fn collect_impl(&mut self, module: &str, i: &syn::ItemImpl) {
        let self_ty = tidy(&i.self_ty);
        if let Some((trait_path, _)) = &i.trait_ {
            let trait_name = tidy(trait_path);
            let neg = "";
            self.add(
                ItemKind::Impl,
                format!("{module}::{self_ty}: {neg}{trait_name}"),
                format!("impl{} {neg}{trait_name} for {self_ty}", tidy(&i.generics)),
                false,
            );
            return;
        }
        for item in &i.items {
            match item {
                ImplItem::Fn(f) if is_pub(&f.vis) => self.add(
                    ItemKind::Method,
                    format!("{module}::{self_ty}::{}", f.sig.ident),
                    format!("pub {}", tidy(&f.sig)),
                    false,
                ),
                ImplItem::Const(c) if is_pub(&c.vis) => self.add(
                    ItemKind::Item,
                    format!("{module}::{self_ty}::{}", c.ident),
                    format!("pub const {}: {}", c.ident, tidy(&c.ty)),
                    false,
                ),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: PathBuf::from(path),
            contents: contents.to_string(),
        }
    }

    /// A type that becomes an alias of an identical type, and fields whose types are now
    /// named through aliases, are no change; a real change still is one.
    #[test]
    fn aliases_of_identical_types_are_no_change() {
        let base = public_api(&[file(
            "src/types.rs",
            "pub enum BeeSpec { Small, Large }\n#[derive(Clone)] pub struct Bee { pub spec: Option<BeeSpec>, pub home: Vec<BeeHome> }\npub struct BeeHome { pub x: i64 }",
        )])
        .unwrap();
        let head = public_api(&[file(
            "src/types.rs",
            "pub enum AntSpec { Small, Large }\npub type BeeSpec = AntSpec;\npub struct AntHome { pub x: i64 }\npub type BeeHome = AntHome;\n#[derive(Clone)] pub struct Bee { pub spec: Option<BeeSpec>, pub home: Vec<AntHome,> }",
        )])
        .unwrap();
        let changes = diff_api(&base, &head);
        assert!(
            changes.iter().all(|c| c.change == ApiChangeKind::Added),
            "{changes:#?}"
        );
        assert!(
            changes
                .iter()
                .any(|c| c.path == "crate::types::AntSpec::Small")
        );
        let worse = public_api(&[file(
            "src/types.rs",
            "pub enum AntSpec { Small }\npub type BeeSpec = AntSpec;\npub struct BeeHome { pub x: i64 }\n#[derive(Clone)] pub struct Bee { pub spec: Option<BeeSpec>, pub home: Vec<BeeHome> }",
        )])
        .unwrap();
        let changes = diff_api(&base, &worse);
        assert!(
            changes
                .iter()
                .any(|c| c.path == "crate::types::BeeSpec::Large"
                    && c.change == ApiChangeKind::Removed),
            "{changes:#?}"
        );
        assert!(same_in(&BTreeMap::new(), "Vec<A, >", "Vec<A>"));
        assert!(!same_in(&BTreeMap::new(), "Vec<A>", "Vec<B>"));
    }

    #[test]
    fn module_paths() {
        assert_eq!(module_path(Path::new("src/lib.rs")), "crate");
        assert_eq!(module_path(Path::new("src/models/mod.rs")), "crate::models");
        assert_eq!(
            module_path(Path::new("src/models/foo.rs")),
            "crate::models::foo"
        );
        assert_eq!(module_path(Path::new("lib.rs")), "crate");
    }

    #[test]
    fn tidy_signatures() {
        let sig: syn::Signature =
            syn::parse_str("fn new(name: impl Into<String>, x: &'a [u8]) -> Result<Self, Error>")
                .unwrap();
        assert_eq!(
            tidy(&sig),
            "fn new(name: impl Into<String>, x: &'a [u8]) -> Result<Self, Error>"
        );
        let ty: syn::Type =
            syn::parse_str("Option<std::collections::BTreeMap<String, Vec<u8>>>").unwrap();
        assert_eq!(
            tidy(&ty),
            "Option<std::collections::BTreeMap<String, Vec<u8>>>"
        );
    }

    #[test]
    fn split_types_have_the_paths_of_unsplit_ones() {
        let one = public_api(&[file(
            "src/types.rs",
            "pub struct Pet { pub id: String }\npub enum Kind { A }",
        )])
        .unwrap();
        let split = public_api(&[
            file(
                "src/types.rs",
                "pub use big_types_0::*;\npub use big_types_1::*;\npub use other::*;",
            ),
            file("type-crates/0/src/lib.rs", "pub enum Kind { A }"),
            file(
                "type-crates/1/src/lib.rs",
                "use big_types_0::*;\npub struct Pet { pub id: String }",
            ),
        ])
        .unwrap();
        let mut expected = one.clone();
        expected.add(
            ItemKind::Item,
            "crate::types::{other::*}".to_owned(),
            "pub use other::*".to_owned(),
            false,
        );
        assert_eq!(split, expected);
    }

    #[test]
    fn object_serde_invocations_are_serde_impls() {
        let api = public_api(&[file(
            "src/types.rs",
            r#"
            pub struct Pet { pub id: String }
            ::hcgen_types::object_serde!(Pet {
                id: "id" required,
            } required {
                id: "id",
            });
            other_macro!(Pet);
            "#,
        )])
        .unwrap();
        let impls: Vec<&str> = api
            .items
            .values()
            .filter(|i| i.kind == ItemKind::Impl)
            .map(|i| i.path.as_str())
            .collect();
        assert_eq!(
            impls,
            [
                "crate::types::Pet: Deserialize",
                "crate::types::Pet: Serialize"
            ]
        );
    }

    #[test]
    fn lists_public_items_only() {
        let api = public_api(&[file(
            "src/lib.rs",
            r#"
            /// Docs.
            #[derive(Debug, Clone, serde::Serialize)]
            #[non_exhaustive]
            pub struct Param { pub vault_id: String, pub auto_trigger: Option<bool>, hidden: u8 }
            impl Param {
                pub fn new(vault_id: impl Into<String>) -> Self { todo!() }
                pub fn auto_trigger(mut self, v: bool) -> Self { self }
                fn private(&self) {}
            }
            impl Default for Param { fn default() -> Self { todo!() } }
            #[non_exhaustive]
            pub enum Region { CnNorth4, Unknown(String) }
            pub(crate) struct Hidden;
            struct Private;
            pub mod nested { pub fn f() {} }
            mod private { pub fn g() {} }
            "#,
        )])
        .unwrap();
        let got: Vec<String> = api
            .items
            .values()
            .map(|i| format!("{:?} {} | {}", i.kind, i.path, i.signature))
            .collect();
        assert_eq!(
            got,
            [
                "Type crate::Param | #[non_exhaustive] pub struct Param { .. }",
                "Impl crate::Param: Clone | impl Clone for Param (derived)",
                "Impl crate::Param: Debug | impl Debug for Param (derived)",
                "Impl crate::Param: Default | impl Default for Param",
                "Impl crate::Param: Serialize | impl serde::Serialize for Param (derived)",
                "Field crate::Param::auto_trigger | pub auto_trigger: Option<bool>",
                "Method crate::Param::auto_trigger | pub fn auto_trigger(mut self, v: bool) -> Self",
                "Method crate::Param::new | pub fn new(vault_id: impl Into<String>) -> Self",
                "Field crate::Param::vault_id | pub vault_id: String",
                "Type crate::Region | #[non_exhaustive] pub enum Region",
                "Variant crate::Region::CnNorth4 | CnNorth4",
                "Variant crate::Region::Unknown | Unknown(String)",
                "Function crate::nested::f | pub fn f()",
            ]
        );
    }

    #[test]
    fn bumps() {
        let base = r#"
            #[non_exhaustive] pub struct P { pub a: String }
            impl P { pub fn a(&self) -> &str { &self.a } }
            pub struct Open { pub x: u8 }
            #[non_exhaustive] pub enum E { A }
            pub enum Closed { A }
        "#;
        let added = r#"
            #[non_exhaustive] pub struct P { pub a: String, pub b: Option<String> }
            impl P { pub fn a(&self) -> &str { &self.a } pub fn b(mut self, v: String) -> Self { self } }
            pub struct Open { pub x: u8 }
            #[non_exhaustive] pub enum E { A, B }
            pub enum Closed { A }
        "#;
        let d =
            compare_generated(&[file("src/lib.rs", base)], &[file("src/lib.rs", added)]).unwrap();
        assert_eq!(d.semver, Semver::Minor);
        let ids: Vec<_> = d
            .changes
            .iter()
            .map(|c| (c.rule_id(), c.path.clone()))
            .collect();
        assert_eq!(
            ids,
            [
                ("rust-variant-added".to_string(), "crate::E::B".to_string()),
                ("rust-field-added".into(), "crate::P::b".into()),
                ("rust-method-added".into(), "crate::P::b".into()),
            ]
        );
        let exhaustive = base.replace(
            "pub struct Open { pub x: u8 }",
            "pub struct Open { pub x: u8, pub y: u8 }",
        );
        let d = compare_generated(
            &[file("src/lib.rs", base)],
            &[file("src/lib.rs", &exhaustive)],
        )
        .unwrap();
        assert_eq!(d.semver, Semver::Major);
        assert_eq!(d.changes[0].rule_id(), "rust-field-added");
        let closed = base.replace("pub enum Closed { A }", "pub enum Closed { A, B }");
        let d =
            compare_generated(&[file("src/lib.rs", base)], &[file("src/lib.rs", &closed)]).unwrap();
        assert_eq!(d.semver, Semver::Major);
        let changed = base.replace("pub a: String", "pub a: Option<String>");
        let d = compare_generated(&[file("src/lib.rs", base)], &[file("src/lib.rs", &changed)])
            .unwrap();
        assert_eq!(d.semver, Semver::Major);
        assert_eq!(
            d.changes[0].message(),
            "Rust field `crate::P::a` changed: `pub a: String` → `pub a: Option<String>` (major)"
        );
        let removed = base.replace("impl P { pub fn a(&self) -> &str { &self.a } }", "");
        let d = compare_generated(&[file("src/lib.rs", base)], &[file("src/lib.rs", &removed)])
            .unwrap();
        assert_eq!(d.semver, Semver::Major);
        assert_eq!(d.changes[0].rule_id(), "rust-method-removed");
        let docs = format!("/// Now documented.\n{base}");
        let d =
            compare_generated(&[file("src/lib.rs", base)], &[file("src/lib.rs", &docs)]).unwrap();
        assert_eq!((d.changes.len(), d.semver), (0, Semver::Patch));
        let d =
            compare_generated(&[file("src/lib.rs", base)], &[file("src/lib.rs", base)]).unwrap();
        assert_eq!((d.changes.len(), d.semver), (0, Semver::None));
    }

    #[test]
    fn trait_methods_without_default_are_major_when_added() {
        let base = "pub trait T { fn a(&self); }";
        let head = "pub trait T { fn a(&self); fn b(&self); fn c(&self) {} }";
        let d =
            compare_generated(&[file("src/lib.rs", base)], &[file("src/lib.rs", head)]).unwrap();
        let bumps: Vec<_> = d
            .changes
            .iter()
            .map(|c| (c.path.as_str(), c.bump))
            .collect();
        assert_eq!(
            bumps,
            [
                ("crate::T::b", Semver::Major),
                ("crate::T::c", Semver::Minor)
            ]
        );
    }

    #[test]
    fn invalid_rust_is_an_error() {
        let e = public_api(&[file("src/lib.rs", "pub struct {")]).unwrap_err();
        assert!(e.starts_with("src/lib.rs: not valid Rust"), "{e}");
    }
}
