//! JSON decoding and encoding of the generated types, next to serde's derives on structs of
//! the same shape, in the same run. The generated structs implement serde through
//! `hcgen_types::object_serde!` (a much smaller expansion than the derives, for build time
//! and memory); this measures what that costs at run time.
//!
//! Run: `cargo bench -p hcgen-tests --bench codec` (see tests/benches/README.md). Under
//! `cargo test --benches` each case runs once, after checking that both sides agree. After
//! criterion's output, an interleaved pass prints the ratios generated / derive.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput};
use huaweicloud_cbr::types;
use serde::{Deserialize, Serialize};

/// `CopyCheckpointResponseBody` with serde's derives.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct DerivedBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    replication: Option<DerivedReplication>,
}

/// `CheckpointReplicateRespBody` with serde's derives.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct DerivedReplication {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    backups: Option<Vec<DerivedBackup>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    destination_project_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    destination_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    destination_vault_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    project_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    provider_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    vault_id: Option<String>,
}

/// `CheckpointReplicateRespbackups` with serde's derives.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct DerivedBackup {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    backup_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    replication_record_id: Option<String>,
}

/// The documented response with its backup list repeated to `backups` entries.
fn response(backups: usize) -> String {
    let mut value = hcgen_tests::documented_response();
    let documented = value["replication"]["backups"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let list: Vec<serde_json::Value> = documented.iter().cycle().take(backups).cloned().collect();
    value["replication"]["backups"] = serde_json::Value::Array(list);
    value.to_string()
}

/// Both sides decode `json` to the same value and encode it back to the same bytes.
fn check(json: &str) {
    let ours: types::CopyCheckpointResponseBody = serde_json::from_str(json).unwrap();
    let derived: DerivedBody = serde_json::from_str(json).unwrap();
    let ours_json = serde_json::to_string(&ours).unwrap();
    assert_eq!(ours_json, serde_json::to_string(&derived).unwrap());
    let reparsed: serde_json::Value = serde_json::from_str(&ours_json).unwrap();
    assert_eq!(
        reparsed,
        serde_json::from_str::<serde_json::Value>(json).unwrap()
    );
}

fn codec(c: &mut Criterion) {
    for backups in [3, 1000] {
        let json = response(backups);
        check(&json);
        let ours: types::CopyCheckpointResponseBody = serde_json::from_str(&json).unwrap();
        let derived: DerivedBody = serde_json::from_str(&json).unwrap();

        let mut group = c.benchmark_group(format!("codec_{backups}_backups"));
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_function(BenchmarkId::new("decode", "generated"), |b| {
            b.iter(|| serde_json::from_str::<types::CopyCheckpointResponseBody>(black_box(&json)))
        });
        group.bench_function(BenchmarkId::new("decode", "derive"), |b| {
            b.iter(|| serde_json::from_str::<DerivedBody>(black_box(&json)))
        });
        group.bench_function(BenchmarkId::new("encode", "generated"), |b| {
            b.iter(|| serde_json::to_vec(black_box(&ours)))
        });
        group.bench_function(BenchmarkId::new("encode", "derive"), |b| {
            b.iter(|| serde_json::to_vec(black_box(&derived)))
        });
        group.finish();
    }
}

/// Median time of `rounds` batches of `f`, each batch running at least `min` long.
fn median_batch(rounds: usize, min: Duration, mut f: impl FnMut()) -> Duration {
    let mut iters = 1u32;
    loop {
        let start = Instant::now();
        for _ in 0..iters {
            f();
        }
        if start.elapsed() >= min || iters >= 1 << 20 {
            break;
        }
        iters *= 2;
    }
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                f();
            }
            start.elapsed() / iters
        })
        .collect();
    times.sort();
    times[rounds / 2]
}

/// Generated / derive, interleaved so that both sides see the same machine state.
fn ratios() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not (a quick pass).
    let quick = !std::env::args().any(|a| a == "--bench");
    let (rounds, min) = if quick {
        (3, Duration::from_millis(1))
    } else {
        (15, Duration::from_millis(20))
    };
    println!("\ncodec ratios (generated / derive, median of {rounds} interleaved batches):");
    for backups in [3, 1000] {
        let json = response(backups);
        let ours: types::CopyCheckpointResponseBody = serde_json::from_str(&json).unwrap();
        let derived: DerivedBody = serde_json::from_str(&json).unwrap();
        let (mut dec, mut enc) = (Vec::new(), Vec::new());
        for _ in 0..3 {
            let g = median_batch(rounds, min, || {
                let _ = black_box(serde_json::from_str::<types::CopyCheckpointResponseBody>(
                    black_box(&json),
                ));
            });
            let d = median_batch(rounds, min, || {
                let _ = black_box(serde_json::from_str::<DerivedBody>(black_box(&json)));
            });
            dec.push(g.as_secs_f64() / d.as_secs_f64());
            let g = median_batch(rounds, min, || {
                let _ = black_box(serde_json::to_vec(black_box(&ours)));
            });
            let d = median_batch(rounds, min, || {
                let _ = black_box(serde_json::to_vec(black_box(&derived)));
            });
            enc.push(g.as_secs_f64() / d.as_secs_f64());
        }
        dec.sort_by(f64::total_cmp);
        enc.sort_by(f64::total_cmp);
        println!(
            "  {backups:>4} backups ({} bytes): decode {:.2}x, encode {:.2}x",
            json.len(),
            dec[1],
            enc[1]
        );
    }
}

criterion::criterion_group!(benches, codec);

fn main() {
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
    ratios();
}
