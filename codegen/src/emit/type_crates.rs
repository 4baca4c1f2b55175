//! Which types go into which crate, when a spec's types are too many for one crate.
//!
//! rustc's front end (type checking, borrow checking) costs more than linearly in the size of
//! a crate, and holds all of it in memory at once: Stripe's 2,349 types in one crate took
//! 26–39 s and 1.8 GiB to build, the same items in six crates of about 22,000 lines 19 s in
//! all, none above 600 MiB. So the types of a large spec are split into layers: the strongly
//! connected components of the "refers to" graph (types that refer to each other in a cycle
//! must share a crate) are taken in dependency order and packed into crates of about the same
//! size. Each crate depends only on crates before it, so the layout is always buildable; the
//! main crate re-exports every type from its `types` module, so users see one crate.
//!
//! Everything here depends on the model only (never on the machine): the layout is
//! deterministic.

use crate::model::{Api, TypeDef, TypeKind, TypeRef};
use std::collections::HashMap;

/// The folder of the type crates, relative to the main crate.
pub const DIR: &str = "type-crates";

/// Where type crate `k` is, relative to the main crate.
pub fn crate_dir(k: usize) -> String {
    format!("{DIR}/{k}")
}

/// The package name of type crate `k` of the crate named `crate_name` (its library name has
/// `_` for `-`: `NAME_types_K`).
pub fn package_name(crate_name: &str, k: usize) -> String {
    format!("{crate_name}-types-{k}")
}

/// The types of each crate (indices into `api.types`, ascending) and the crates each one
/// depends on (indices of earlier crates, ascending). One crate when the types are not split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// `members[c]`: the types of crate `c`, in model order.
    pub members: Vec<Vec<usize>>,
    /// `deps[c]`: the crates whose types crate `c` refers to.
    pub deps: Vec<Vec<usize>>,
}

impl Layout {
    /// True when the types are split over several crates.
    pub fn is_split(&self) -> bool {
        self.members.len() > 1
    }
}

/// Splits the types into crates of about `max_weight` each (by `weight`, an estimate of
/// output lines) when they weigh more than `max_weight` in all; `max_weight == 0` never splits.
pub fn layout(api: &Api, weight: impl Fn(&TypeDef) -> usize, max_weight: usize) -> Layout {
    let n = api.types.len();
    let weights: Vec<usize> = api.types.iter().map(weight).collect();
    let total: usize = weights.iter().sum();
    if max_weight == 0 || total <= max_weight {
        return Layout {
            members: vec![(0..n).collect()],
            deps: vec![Vec::new()],
        };
    }
    let edges = reference_graph(api);
    let components = components_in_dependency_order(&edges);
    let mut component_of = vec![0; n];
    for (c, types) in components.iter().enumerate() {
        for &t in types {
            component_of[t] = c;
        }
    }
    let component_weight: Vec<usize> = components
        .iter()
        .map(|types| types.iter().map(|&t| weights[t]).sum())
        .collect();
    let component_key: Vec<u64> = components
        .iter()
        .map(|types| {
            types
                .iter()
                .map(|&t| name_hash(&api.types[t].name))
                .min()
                .unwrap_or(0)
        })
        .collect();
    let component_deps = group_deps(&components, &component_of, &edges);
    // The level of a component: the longest chain of references below it (components come
    // after those they refer to, so one pass in order suffices). Components of one level never
    // refer to each other: their crates can be built at the same time.
    let mut level = vec![0usize; components.len()];
    for c in 0..components.len() {
        level[c] = component_deps[c]
            .iter()
            .map(|&d| level[d] + 1)
            .max()
            .unwrap_or(0);
    }
    let levels = level.iter().max().map_or(0, |&l| l + 1);
    let mut by_level: Vec<Vec<usize>> = vec![Vec::new(); levels];
    for (c, &l) in level.iter().enumerate() {
        by_level[l].push(c);
    }
    // Stages: consecutive levels, at least `max_weight` each, except that a level of that
    // weight starts a stage of its own (lest a few types below it, which all of it refers to,
    // glue it into one crate) and that a small last stage joins the one before. The crates of
    // a stage depend only on crates of earlier stages.
    let mut stages: Vec<(Vec<usize>, usize)> = Vec::new();
    let mut open = (Vec::new(), 0);
    for comps in by_level {
        let weight = comps.iter().map(|&c| component_weight[c]).sum::<usize>();
        if weight >= max_weight && !open.0.is_empty() {
            stages.push(std::mem::take(&mut open));
        }
        open.1 += weight;
        open.0.extend(comps);
        if open.1 >= max_weight {
            stages.push(std::mem::take(&mut open));
        }
    }
    if !open.0.is_empty() {
        match stages.last_mut() {
            Some(last) if open.1 < max_weight / 2 => {
                last.0.extend(open.0);
                last.1 += open.1;
            }
            _ => stages.push(open),
        }
    }
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (comps, weight) in stages {
        let crates = weight.div_ceil(max_weight).max(1);
        for bin in split_stage(
            &comps,
            &component_deps,
            &component_weight,
            &component_key,
            crates,
        ) {
            let mut types: Vec<usize> = bin
                .iter()
                .flat_map(|&c| components[c].iter().copied())
                .collect();
            types.sort_unstable();
            members.push(types);
        }
    }
    let mut crate_of = vec![0; n];
    for (c, types) in members.iter().enumerate() {
        for &t in types {
            crate_of[t] = c;
        }
    }
    let deps = group_deps(&members, &crate_of, &edges);
    Layout { members, deps }
}

/// For groups of types (`group_of[t]`: the group of type `t`), the other groups each one's
/// types refer to, ascending.
fn group_deps(groups: &[Vec<usize>], group_of: &[usize], edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    groups
        .iter()
        .enumerate()
        .map(|(g, types)| {
            let mut deps: Vec<usize> = types
                .iter()
                .flat_map(|&t| edges[t].iter().map(|&u| group_of[u]))
                .filter(|&d| d != g)
                .collect();
            deps.sort_unstable();
            deps.dedup();
            deps
        })
        .collect()
}

/// Splits the components of a stage into at most `crates` bins of about the same weight (one
/// crate each). Components of the stage that refer to each other (from different levels)
/// must share a crate: such groups are kept whole (union-find). A group's bin comes from a
/// hash of its first type's name (`key`, jump consistent hashing), so that a small change of
/// the spec moves no other type to another crate (and a stage's extra crate only about its
/// share of them): diffs of generated code stay small. When that leaves a bin more than half
/// again as heavy as the average (a stage of few, large groups), the groups are packed
/// heaviest first into the lightest bin instead. Deterministic either way.
fn split_stage(
    comps: &[usize],
    deps: &[Vec<usize>],
    weight: &[usize],
    key: &[u64],
    crates: usize,
) -> Vec<Vec<usize>> {
    use std::collections::BTreeMap;
    let position: HashMap<usize, usize> = comps.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let mut parent: Vec<usize> = (0..comps.len()).collect();
    let find = |parent: &mut Vec<usize>, mut i: usize| {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    };
    for (i, &c) in comps.iter().enumerate() {
        for d in &deps[c] {
            if let Some(&j) = position.get(d) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                let (low, high) = (a.min(b), a.max(b));
                parent[high] = low;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &c) in comps.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(c);
    }
    let mut groups: Vec<(usize, Vec<usize>)> = groups
        .into_values()
        .map(|g| (g.iter().map(|&c| weight[c]).sum(), g))
        .collect();
    let crates = crates.clamp(1, groups.len().max(1));
    let total: usize = groups.iter().map(|g| g.0).sum();
    let mut bins: Vec<(usize, Vec<usize>)> = vec![(0, Vec::new()); crates];
    for (w, g) in &groups {
        let group_key = g.iter().map(|&c| key[c]).min().unwrap_or(0);
        let bin = &mut bins[jump_hash(group_key, crates)];
        bin.0 += w;
        bin.1.extend(g);
    }
    let heaviest = bins.iter().map(|b| b.0).max().unwrap_or(0);
    if crates > 1 && 2 * heaviest * crates > 3 * total {
        // Heaviest first; equal weights in stage order (the sort is stable).
        groups.sort_by_key(|g| std::cmp::Reverse(g.0));
        bins = vec![(0, Vec::new()); crates];
        for (w, g) in groups {
            if let Some(bin) = bins.iter_mut().min_by_key(|b| b.0) {
                bin.0 += w;
                bin.1.extend(g);
            }
        }
    }
    bins.into_iter()
        .map(|(_, b)| b)
        .filter(|b| !b.is_empty())
        .collect()
}

/// Jump consistent hash (Lamping and Veach, 2014): a bucket in `0..buckets` for `key`; with
/// one bucket more, only about `1 / buckets` of the keys move.
fn jump_hash(mut key: u64, buckets: usize) -> usize {
    let (mut b, mut j) = (0u64, 0u64);
    while j < buckets as u64 {
        b = j;
        key = key.wrapping_mul(2_862_933_555_777_941_757).wrapping_add(1);
        j = ((b + 1) as f64 * ((1u64 << 31) as f64 / ((key >> 33) + 1) as f64)) as u64;
    }
    b as usize
}

/// FNV-1a: a hash of a type name that is the same on every machine and every run.
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// `edges[t]`: the types that type `t` names (in fields, variants, aliases), without itself.
fn reference_graph(api: &Api) -> Vec<Vec<usize>> {
    let by_name: HashMap<&str, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    api.types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut names = Vec::new();
            match &t.kind {
                TypeKind::Struct { fields, additional } => {
                    for f in fields {
                        named(&f.ty, &mut names);
                    }
                    if let Some(a) = additional {
                        named(a, &mut names);
                    }
                }
                TypeKind::Enum { .. } => {}
                TypeKind::Union { variants, .. } => {
                    for v in variants {
                        named(&v.ty, &mut names);
                    }
                }
                TypeKind::Alias(target) => named(target, &mut names),
            }
            let mut out: Vec<usize> = names
                .into_iter()
                .filter_map(|n| by_name.get(n).copied())
                .filter(|&u| u != i)
                .collect();
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect()
}

/// The names of the named types inside a type reference.
fn named<'a>(ty: &'a TypeRef, out: &mut Vec<&'a str>) {
    match ty {
        TypeRef::Named(n) => out.push(n),
        TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Boxed(i) | TypeRef::Nullable(i) => {
            named(i, out)
        }
        TypeRef::String
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F64
        | TypeRef::Json
        | TypeRef::DateTime
        | TypeRef::Date
        | TypeRef::Bytes => {}
    }
}

/// The strongly connected components of the graph, each one after every component it refers
/// to (Tarjan's algorithm, with an explicit stack: no recursion depth to overflow on a long
/// chain of references). Roots are visited in index order, so the result is deterministic.
pub(crate) fn components_in_dependency_order(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut next_index = 0;
    // (node, position of the next edge to follow)
    let mut calls: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNVISITED {
            continue;
        }
        calls.push((root, 0));
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = calls.last_mut() {
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == UNVISITED {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                components.push(component);
            }
        }
    }
    components
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Components of a graph given as adjacency lists.
    fn sccs(edges: &[&[usize]]) -> Vec<Vec<usize>> {
        let edges: Vec<Vec<usize>> = edges.iter().map(|e| e.to_vec()).collect();
        components_in_dependency_order(&edges)
    }

    #[test]
    fn components_come_after_what_they_refer_to() {
        // 0 -> 1 -> 2 -> 1 (cycle 1,2), 0 -> 3, 4 alone, 5 -> 5 (self loop, filtered earlier).
        let got = sccs(&[&[1, 3], &[2], &[1], &[], &[], &[]]);
        assert_eq!(got, vec![vec![1, 2], vec![3], vec![0], vec![4], vec![5]]);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] })
            .collect();
        let got = components_in_dependency_order(&edges);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].len(), n);
    }

    /// A spec of `n` structs where type `i` refers to type `i + 1`; with `cycle_every > 0`, the
    /// last type of every block of that many also refers back to the block's first.
    fn chain_api(n: usize, cycle_every: usize) -> Api {
        let mut yaml = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
        );
        for i in 0..n {
            yaml.push_str(&format!(
                "    T{i}:\n      type: object\n      properties:\n"
            ));
            yaml.push_str("        a: {type: string}\n        b: {type: integer}\n");
            if i + 1 < n {
                yaml.push_str(&format!(
                    "        next: {{$ref: '#/components/schemas/T{}'}}\n",
                    i + 1
                ));
            }
            if cycle_every > 0 && i % cycle_every == cycle_every - 1 {
                // Back to the start of this block: a cycle of `cycle_every` types.
                yaml.push_str(&format!(
                    "        back: {{$ref: '#/components/schemas/T{}'}}\n",
                    i + 1 - cycle_every
                ));
            }
        }
        let loaded = crate::load::load_str("chain.yaml", &yaml).expect("loads");
        crate::lower::lower(&loaded).expect("lowers").0
    }

    fn check_layout(api: &Api, layout: &Layout) {
        let edges = reference_graph(api);
        let mut seen = vec![false; api.types.len()];
        let mut crate_of = vec![usize::MAX; api.types.len()];
        for (c, types) in layout.members.iter().enumerate() {
            assert!(types.windows(2).all(|w| w[0] < w[1]), "model order");
            for &t in types {
                assert!(!seen[t], "type {t} in two crates");
                seen[t] = true;
                crate_of[t] = c;
            }
        }
        assert!(seen.iter().all(|&s| s), "every type in a crate");
        for (t, refs) in edges.iter().enumerate() {
            for &u in refs {
                let (c, d) = (crate_of[t], crate_of[u]);
                assert!(
                    d <= c,
                    "T{t} (crate {c}) refers to T{u} in a later crate {d}"
                );
                if d != c {
                    assert!(layout.deps[c].contains(&d), "crate {c} must depend on {d}");
                }
            }
        }
        for (c, deps) in layout.deps.iter().enumerate() {
            assert!(
                deps.iter().all(|&d| d < c),
                "crate {c} depends on a later crate"
            );
        }
    }

    #[test]
    fn small_specs_stay_in_one_crate() {
        let api = chain_api(30, 0);
        for max in [0, 1_000_000] {
            let l = layout(&api, |_| 10, max);
            assert!(!l.is_split());
            assert_eq!(l.members, vec![(0..30).collect::<Vec<_>>()]);
        }
    }

    #[test]
    fn split_types_refer_only_to_earlier_crates_and_cycles_stay_together() {
        for cycle in [0, 1, 3, 7] {
            let api = chain_api(60, cycle);
            let l = layout(&api, |_| 10, 100);
            check_layout(&api, &l);
            // 600 lines in crates of about 100: a crate passes 100 by less than one component.
            let component = 10 * cycle.max(1);
            assert!(l.members.len() <= 6, "{:?}", l.members);
            for types in &l.members {
                assert!(10 * types.len() < 100 + component, "{types:?}");
            }
            if cycle > 1 {
                // Every block of `cycle` types is one component: never cut.
                let number = |t: usize| api.types[t].name[1..].parse::<usize>().unwrap();
                for types in &l.members {
                    let numbers: Vec<usize> = types.iter().map(|&t| number(t)).collect();
                    for &n in &numbers {
                        let block = n / cycle;
                        if (block + 1) * cycle <= 60 {
                            assert!(numbers.contains(&(block * cycle)), "cycle cut at T{n}");
                        }
                    }
                }
            }
            assert_eq!(l, layout(&api, |_| 10, 100), "deterministic");
        }
    }

    #[test]
    fn jump_hash_moves_only_the_new_buckets_share() {
        let keys: Vec<u64> = (0..10_000)
            .map(|i| name_hash(&format!("Type{i}")))
            .collect();
        for &k in &keys {
            assert!(jump_hash(k, 5) < 5);
            assert_eq!(jump_hash(k, 1), 0);
        }
        let moved: Vec<u64> = keys
            .iter()
            .copied()
            .filter(|&k| jump_hash(k, 4) != jump_hash(k, 5))
            .collect();
        assert!((1_500..2_500).contains(&moved.len()), "{}", moved.len());
        assert!(
            moved.iter().all(|&k| jump_hash(k, 5) == 4),
            "keys move to the new bucket only"
        );
        let mut per_bucket = [0; 5];
        for &k in &keys {
            per_bucket[jump_hash(k, 5)] += 1;
        }
        assert!(
            per_bucket.iter().all(|&n| (1_700..2_300).contains(&n)),
            "{per_bucket:?}"
        );
    }

    /// 200 leaf structs and 100 structs that refer to two leaves each; `extra` adds a field to
    /// `L7` and a new leaf type.
    fn two_level_api(extra: bool) -> Api {
        let mut yaml = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
        );
        for i in 0..200 {
            yaml.push_str(&format!(
                "    L{i}:\n      type: object\n      properties:\n        a: {{type: string}}\n        b: {{type: string}}\n        c: {{type: integer}}\n"
            ));
            if extra && i == 7 {
                yaml.push_str("        d: {type: boolean}\n");
            }
        }
        if extra {
            yaml.push_str(
                "    L200:\n      type: object\n      properties:\n        a: {type: string}\n",
            );
        }
        for i in 0..100 {
            yaml.push_str(&format!(
                "    M{i}:\n      type: object\n      properties:\n        x: {{$ref: '#/components/schemas/L{}'}}\n        y: {{$ref: '#/components/schemas/L{}'}}\n",
                2 * i,
                2 * i + 1
            ));
        }
        let loaded = crate::load::load_str("two.yaml", &yaml).expect("loads");
        crate::lower::lower(&loaded).expect("lowers").0
    }

    #[test]
    fn a_small_spec_change_moves_few_types_to_another_crate() {
        let crate_by_name = |api: &Api, max: usize| -> std::collections::BTreeMap<String, usize> {
            let l = layout(api, crate::emit::type_weight, max);
            check_layout(api, &l);
            l.members
                .iter()
                .enumerate()
                .flat_map(|(c, types)| types.iter().map(move |&t| (api.types[t].name.clone(), c)))
                .collect()
        };
        // The leaves weigh 10,000 (10,040 with the change): five crates of at most 2,100 either
        // way, and no type but the new one changes crates.
        let before = crate_by_name(&two_level_api(false), 2_100);
        let after = crate_by_name(&two_level_api(true), 2_100);
        assert_eq!(
            before.values().max(),
            Some(&6),
            "five crates of leaves, two above"
        );
        for (name, c) in &before {
            assert_eq!(after.get(name), Some(c), "{name} moved");
        }
        // With crates of at most 2,000, the change makes the leaves need a sixth crate: only
        // about a sixth of them move, all into the new crate.
        let before = crate_by_name(&two_level_api(false), 2_000);
        let after = crate_by_name(&two_level_api(true), 2_000);
        let moved: Vec<&String> = before
            .iter()
            .filter(|(name, c)| name.starts_with('L') && after.get(*name) != Some(c))
            .map(|(name, _)| name)
            .collect();
        assert!(moved.len() < 60, "{} of 200 leaves moved", moved.len());
        assert!(moved.iter().all(|name| after.get(*name) == Some(&5)));
    }

    #[test]
    fn one_big_cycle_is_one_crate() {
        let api = chain_api(40, 40);
        let l = layout(&api, |_| 10, 100);
        check_layout(&api, &l);
        assert_eq!(l.members.len(), 1);
    }
}
