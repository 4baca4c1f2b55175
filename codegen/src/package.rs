//! The generated crate's package metadata: every value that reaches its `Cargo.toml` checked
//! (name, version, licence, keywords, edition), and their defaults from the spec's `info`.
//!
//! A value that breaks cargo's or crates.io's rules is refused with a message saying which
//! rule, rather than written into a manifest that cargo would reject later, far from its
//! cause. Text values (descriptions, URLs) are escaped when written (see `emit::manifest`).

use openapiv3::Info;

/// The Rust edition of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Edition {
    /// Rust 2021.
    E2021,
    /// Rust 2024 (the default).
    #[default]
    E2024,
}

impl Edition {
    /// `"2021"` or `"2024"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::E2021 => "2021",
            Edition::E2024 => "2024",
        }
    }
}

impl std::str::FromStr for Edition {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "2021" => Ok(Edition::E2021),
            "2024" => Ok(Edition::E2024),
            other => Err(format!(
                "`{other}` is not a supported edition (2021 or 2024)"
            )),
        }
    }
}

/// Longest package name crates.io accepts.
const MAX_NAME: usize = 64;

/// Checks a package name by cargo's and crates.io's rules: ASCII letters, digits, `-` and
/// `_`, starting with a letter, at most 64 characters, and not a name cargo reserves.
pub fn check_crate_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("a crate name cannot be empty".to_owned());
    }
    if name.len() > MAX_NAME {
        return Err(format!(
            "a crate name has at most {MAX_NAME} characters (this one has {})",
            name.chars().count()
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "a crate name holds only ASCII letters, digits, `-` and `_`, not {:?}",
            c
        ));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err("a crate name starts with an ASCII letter".to_owned());
    }
    let reserved = [
        "test",
        "core",
        "std",
        "alloc",
        "proc_macro",
        "proc-macro",
        "self",
        "crate",
        "super",
    ];
    if reserved.contains(&name) {
        return Err(format!("`{name}` is reserved by Rust or cargo"));
    }
    Ok(())
}

/// Checks a version by SemVer 2.0 (what cargo requires): `MAJOR.MINOR.PATCH` with optional
/// `-pre.release` and `+build` parts, numbers without leading zeros.
pub fn check_version(version: &str) -> Result<(), String> {
    let err = || {
        Err(format!(
            "`{version}` is not a SemVer version such as 1.2.3 or 0.1.0-beta.1"
        ))
    };
    let (rest, build) = match version.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (version, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    let number_ok = |n: &&str| {
        !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
            && !(n.len() > 1 && n.starts_with('0'))
            && n.len() <= 19
    };
    if numbers.len() != 3 || !numbers.iter().all(number_ok) {
        return err();
    }
    let ident_ok = |s: &str| {
        !s.is_empty()
            && s.split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    };
    if pre.is_some_and(|p| {
        !ident_ok(p)
            || p.split('.')
                .any(|p| p.len() > 1 && p.starts_with('0') && p.bytes().all(|b| b.is_ascii_digit()))
    }) || build.is_some_and(|b| !ident_ok(b))
    {
        return err();
    }
    Ok(())
}

/// Checks a crates.io keyword: at most 20 characters, ASCII letters, digits, `_`, `-` and
/// `+`, starting with a letter.
pub fn check_keyword(keyword: &str) -> Result<(), String> {
    let ok = !keyword.is_empty()
        && keyword.len() <= 20
        && keyword.starts_with(|c: char| c.is_ascii_alphabetic())
        && keyword
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{keyword}` is not a crates.io keyword (up to 20 ASCII letters, digits, `_`, `-` or `+`, starting with a letter)"
        ))
    }
}

/// At most this many keywords (crates.io's limit).
pub const MAX_KEYWORDS: usize = 5;

/// A licence as an SPDX expression in the canonical form cargo and crates.io want
/// (`MIT OR Apache-2.0`). Common imprecise forms are corrected (`Apache 2.0`, `MIT/Apache-2.0`);
/// anything else is refused.
pub fn spdx_license(text: &str) -> Result<String, String> {
    let refuse = |e: &dyn std::fmt::Display| {
        format!("`{text}` is not an SPDX licence expression such as `MIT OR Apache-2.0` ({e})")
    };
    let canonical = match spdx::Expression::canonicalize(text) {
        Ok(Some(c)) => c,
        Ok(None) => text.to_owned(),
        Err(e) => return Err(refuse(&e.reason)),
    };
    spdx::Expression::parse(&canonical).map_err(|e| refuse(&e.reason))?;
    Ok(canonical)
}

/// A package name for an API titled `title`: its words in kebab case, or `None` when the
/// title has none that make a valid name (`"Huawei Cloud CBR"` -> `huawei-cloud-cbr`).
pub fn crate_name_from_title(title: &str) -> Option<String> {
    use heck::ToKebabCase;
    let ascii: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = ascii.to_kebab_case();
    while name.len() > MAX_NAME {
        match name.rfind('-') {
            Some(i) => name.truncate(i),
            None => name.truncate(MAX_NAME),
        }
    }
    let name = name.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
    check_crate_name(name).ok().map(|()| name.to_owned())
}

/// A value of the manifest that the spec's `info` may give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The package name, from `info.title`.
    Name,
    /// The version, from `info.version`.
    Version,
    /// The licence, from `info.license.name`.
    License,
}

/// The package metadata a spec's `info` gives, where it is valid for a manifest; the reasons
/// the rest was not used are in `notes` (the CLI prints those for values its flags do not
/// give, so nothing is dropped silently).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecMetadata {
    /// From `info.title`.
    pub name: Option<String>,
    /// `info.version` when it is SemVer.
    pub version: Option<String>,
    /// `info.license.name` as an SPDX expression.
    pub license: Option<String>,
    /// Why a value of `info` was not used, by the field it would have given.
    pub notes: Vec<(Field, String)>,
}

impl SpecMetadata {
    /// Reads `info`.
    pub fn from_info(info: &Info) -> SpecMetadata {
        let mut meta = SpecMetadata {
            name: crate_name_from_title(&info.title),
            ..SpecMetadata::default()
        };
        if meta.name.is_none() {
            meta.notes.push((
                Field::Name,
                format!(
                    "info.title {:?} gives no crate name: pass --name",
                    info.title
                ),
            ));
        }
        match check_version(&info.version) {
            Ok(()) => meta.version = Some(info.version.clone()),
            Err(e) => meta.notes.push((
                Field::Version,
                format!(
                    "info.version: {e}: the crate version is 0.1.0 unless --crate-version is given"
                ),
            )),
        }
        if let Some(license) = &info.license {
            match spdx_license(&license.name) {
                Ok(l) => meta.license = Some(l),
                Err(e) => meta.notes.push((
                    Field::License,
                    format!(
                        "info.license.name: {e}: no licence is written unless --license is given"
                    ),
                )),
            }
        }
        meta
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_follow_cargo() {
        for good in ["a", "huaweicloud-cbr", "my_api2", &"a".repeat(64)] {
            assert_eq!(check_crate_name(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "2fa",
            "-a",
            "a b",
            "a\n[workspace]",
            "é",
            "a\"b",
            "test",
            &"a".repeat(65),
        ] {
            assert!(check_crate_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn versions_are_semver() {
        for good in [
            "0.1.0",
            "1.2.3",
            "1.0.0-beta.1",
            "1.0.0+build.5",
            "10.20.30-rc-1+x",
        ] {
            assert_eq!(check_version(good), Ok(()), "{good}");
        }
        for bad in [
            "1",
            "1.0",
            "v1.0.0",
            "01.0.0",
            "1.0.0-",
            "1.0.0-01",
            "1.0.0\"",
            "1.0.0\n[x]",
            "2023-05-01",
            "",
        ] {
            assert!(check_version(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn licences_are_canonical_spdx() {
        assert_eq!(
            spdx_license("MIT OR Apache-2.0").as_deref(),
            Ok("MIT OR Apache-2.0")
        );
        assert_eq!(spdx_license("Apache 2.0").as_deref(), Ok("Apache-2.0"));
        assert_eq!(
            spdx_license("MIT/Apache-2.0").as_deref(),
            Ok("MIT OR Apache-2.0")
        );
        for bad in [
            "Proprietary licence",
            "",
            "MIT\n[workspace]",
            "see https://example.com/terms",
        ] {
            assert!(spdx_license(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn keywords_follow_crates_io() {
        assert_eq!(check_keyword("openapi"), Ok(()));
        assert_eq!(check_keyword("web-api+rust_1"), Ok(()));
        for bad in ["", "1api", "a b", &"k".repeat(21), "a\"]"] {
            assert!(check_keyword(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn names_come_from_titles() {
        assert_eq!(
            crate_name_from_title("Huawei Cloud CBR").as_deref(),
            Some("huawei-cloud-cbr")
        );
        assert_eq!(
            crate_name_from_title("Swagger Petstore").as_deref(),
            Some("swagger-petstore")
        );
        assert_eq!(
            crate_name_from_title("1Password Connect").as_deref(),
            Some("password-connect")
        );
        assert_eq!(
            crate_name_from_title("API v2.1 (beta)").as_deref(),
            Some("api-v2-1-beta")
        );
        assert_eq!(crate_name_from_title("云备份"), None);
        assert_eq!(crate_name_from_title("test"), None);
        let long = crate_name_from_title(&"word ".repeat(40)).unwrap();
        assert!(long.len() <= 64 && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn spec_info_gives_what_is_valid_and_says_why_not_the_rest() {
        let info: Info = serde_json::from_value(serde_json::json!({
            "title": "Pet Store", "version": "2.0.1",
            "license": {"name": "Apache 2.0"}
        }))
        .unwrap();
        let meta = SpecMetadata::from_info(&info);
        assert_eq!(meta.name.as_deref(), Some("pet-store"));
        assert_eq!(meta.version.as_deref(), Some("2.0.1"));
        assert_eq!(meta.license.as_deref(), Some("Apache-2.0"));
        assert!(meta.notes.is_empty());

        let info: Info = serde_json::from_value(serde_json::json!({
            "title": "Pet Store", "version": "v3",
            "license": {"name": "All rights reserved"}
        }))
        .unwrap();
        let meta = SpecMetadata::from_info(&info);
        assert_eq!((meta.version, meta.license), (None, None));
        assert_eq!(meta.notes.len(), 2, "{:?}", meta.notes);
    }
}
