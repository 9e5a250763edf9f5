//! The whole `pipelines/news.toml` pipeline end to end through JSONL: read the sample corpus
//! file, parse, run every stage, encode JSONL (char offsets) and write (to a sink), at 1 and 2
//! worker threads. Throughput in input bytes and in documents.
//!
//! Run: `cargo bench --bench pipeline`.
//!
//! 2026-11-25, 2-core AMD EPYC, quiet: 6.67 MiB/s (6,103 docs/s) at 1 thread, 12.66 MiB/s
//! (11,025 docs/s) at 2 — 1.90×. The first version (tokens, sentences, gazetteer) ran 31 and
//! 62 MiB/s; entities and keywords now take two thirds of the stage time.
//!
//! 2026-11-25 evening, machine shared with other work (best of three runs): 8.16 MiB/s
//! (7,020 docs/s) at 1 thread, 15.58 MiB/s at 2 — 1.91×; after faster keywords, language,
//! timexes, JSONL encoding and entities. Entities are now 44 % of a run, keywords 19 %.
//!
//! 2026-11-25 night (session 3), quiet: 9.36 MiB/s (8,175 docs/s) at 1 thread, 17.75 MiB/s at 2
//! — 1.90×; keywords 30 % faster. Entities are 44 % of a run (0.48 s of 1.1 s for 20 copies
//! of the sample), and alone they run at ~21 MB/s: the goal of 20 MB/s per core for the whole
//! pipeline needs a tagger several times faster.
//!
//! 2026-11-26 (session 4), machine in a slow state: built at f82422e and in mid-session
//! (faster keywords and JSONL encoder; entities +2 %), three alternating runs at 1 thread:
//! 7.96 / 7.62 / 8.25 and 8.55 / 7.53 / 8.07 MiB/s (means 7.94 and 8.05). The base measured
//! 9.36 the night before: the machine's drift is larger than the session's gain. At the
//! session's end (entities 4 % fewer instructions than at f82422e), five alternating runs at
//! 1 thread, the machine calmer: 8.70 / 9.14 / 9.79 / 9.01 / 9.34 against 9.58 / 9.19 / 9.71 /
//! 9.40 / 8.82 MiB/s, means 9.20 and 9.34 (+1.5 %). Still less than half the goal.
//!
//! 2026-11-26 (session 5), every stage faster and mimalloc (per-record instructions −27 %,
//! BENCHMARKS.md), five alternating runs at 1 thread, dff2186 and session 5's end: 7.93 / 7.98 /
//! 8.88 / 8.87 / 9.35 and 9.43 / 11.03 / 10.81 / 11.89 / 12.66 MiB/s, means 8.60 and 11.16
//! (+30 %); the quietest pair 9.35 and 12.66 MiB/s (8,500 and 11,488 docs/s). At 2 threads 18.80
//! and 23.60 MiB/s. The goal, 20 MB/s per core, is not met: entities are half the work.
//!
//! 2026-11-26 (session 6), per-record instructions −26 % (BENCHMARKS.md), four alternating runs
//! at 1 thread, 3829e5b and session 6's end, the machine slower than the day before: 11.17 /
//! 11.12 / 11.40 / 11.50 and 13.49 / 13.78 / 14.50 / 14.51 MiB/s, means 11.30 and 14.07 (+25 %,
//! 12,610 docs/s); at 2 threads, before the last entity merge, 21.82 and 27.93 MiB/s (+28 %).
//! The goal, 20 MB/s per core, is still not met: the entity stage is half the time, and the
//! rest of the pipeline alone would run at ~30 MB/s.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsprint::core::{Reader, Registry};
use newsprint::runner::readers::JsonlReader;
use newsprint::runner::{Engine, Pipeline};

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = root.join("data/sample/news.jsonl");
    let bytes = std::fs::metadata(&sample).unwrap().len();
    let docs = std::fs::read_to_string(&sample).unwrap().lines().count() as u64;
    let registry = Registry::load().unwrap();

    for (unit, throughput) in [
        ("bytes", Throughput::Bytes(bytes)),
        ("docs", Throughput::Elements(docs)),
    ] {
        let mut group = c.benchmark_group(format!("pipeline-news-{unit}"));
        group.throughput(throughput);
        group.sample_size(20);
        for threads in [1, 2] {
            let pipeline = Pipeline::load(&root.join("pipelines/news.toml"), &registry).unwrap();
            let exporter = pipeline.build_exporter(&registry, None, None).unwrap();
            let engine = Engine::new(pipeline, exporter, threads, 256).unwrap();
            group.bench_function(format!("threads={threads}"), |b| {
                b.iter(|| {
                    let source = JsonlReader::default().open(&sample).unwrap();
                    let summary = engine
                        .run(vec![source], &mut std::io::sink(), None)
                        .unwrap();
                    assert_eq!(summary.written, docs);
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
