//! Crash and resume: a run killed with SIGKILL at random points and resumed with `--resume`
//! ends with output and rejects byte-identical to an uninterrupted run.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// The sample corpus 20 times over (ids made unique), with a bad line in the middle so that the
/// rejects file is resumed too: ~10 MB, a few seconds for a debug build.
fn corpus(path: &Path) -> usize {
    let sample = std::fs::read_to_string(common::sample()).unwrap();
    let mut out = String::new();
    let mut lines = 0;
    for copy in 0..20 {
        for line in sample.lines() {
            out.push_str(&line.replacen("{\"id\": \"", &format!("{{\"id\": \"{copy}-"), 1));
            out.push('\n');
            lines += 1;
        }
        if copy == 10 {
            out.push_str("{\"id\": \"broken\", \"text\": \n");
            lines += 1;
        }
    }
    std::fs::write(path, out).unwrap();
    lines
}

fn run_args<'a>(input: &'a str, output: &'a str) -> Vec<&'a str> {
    vec![
        "run",
        "-p",
        "pipelines/news.toml",
        "-i",
        input,
        "-o",
        output,
        "--threads",
        "2",
        "--batch-size",
        "64",
        "--checkpoint-ms",
        "50",
    ]
}

/// A small deterministic generator: the kill points differ per run (the seed is printed).
fn next(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *state >> 33
}

#[test]
fn killed_runs_resume_to_byte_identical_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus.jsonl");
    let lines = corpus(&input);
    let input = input.to_str().unwrap();

    let full = dir.path().join("full.jsonl");
    let t = Instant::now();
    let done = common::newsprint(&run_args(input, full.to_str().unwrap()), None);
    assert!(done.status.success(), "{}", common::stderr(&done));
    let uninterrupted = t.elapsed();
    assert!(
        common::stderr(&done).contains(&format!("read {lines}, written {}, rejected 1", lines - 1))
    );

    let out = dir.path().join("out.jsonl");
    let mut args = run_args(input, out.to_str().unwrap());
    args.push("--resume");
    let mut seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("kill points seed: {seed}");
    let mut kills = 0;
    let mut resumed = 0;
    let mut count_resume = |stderr: &[u8]| {
        if String::from_utf8_lossy(stderr).contains("resumed after record") {
            resumed += 1;
        }
    };
    let checkpoint = dir.path().join(".out.jsonl.checkpoint");
    for attempt in 0..4 {
        let before = std::fs::read(&checkpoint).ok();
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsprint"))
            .args(&args)
            .current_dir(common::root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let share = |percent: u64| uninterrupted.as_millis() as u64 * percent / 100;
        if attempt % 2 == 0 {
            // Let this run write a checkpoint of its own, so that the next one has something
            // to resume from however fast the machine is; then kill it a little later.
            let started = Instant::now();
            while child.try_wait().unwrap().is_none()
                && std::fs::read(&checkpoint).ok() == before
                && started.elapsed() < uninterrupted * 2
            {
                std::thread::sleep(Duration::from_millis(2));
            }
            std::thread::sleep(Duration::from_millis(share(next(&mut seed) % 15)));
        } else {
            // Anywhere in the first 40% of an uninterrupted run's time, checkpoint or not.
            std::thread::sleep(Duration::from_millis(share(5 + next(&mut seed) % 35)));
        }
        let killed = child.try_wait().unwrap().is_none();
        if killed {
            child.kill().unwrap(); // SIGKILL: no cleanup, no flush
            kills += 1;
        }
        let result = child.wait_with_output().unwrap();
        count_resume(&result.stderr);
        if !killed {
            break; // it finished first
        }
        assert!(!out.exists(), "a killed run never leaves a final output");
    }
    if !out.exists() {
        let last = common::newsprint(&args, None);
        assert!(last.status.success(), "{}", common::stderr(&last));
        let err = common::stderr(&last);
        assert!(
            err.contains(&format!("read {lines}, written {}, rejected 1", lines - 1)),
            "{err}"
        );
        count_resume(&last.stderr);
    }
    assert!(
        kills >= 2,
        "only {kills} runs were killed before they ended"
    );
    assert!(resumed >= 1, "no run resumed from a checkpoint");

    assert!(
        std::fs::read(&out).unwrap() == std::fs::read(&full).unwrap(),
        "outputs differ"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.rejects.jsonl")).unwrap(),
        std::fs::read_to_string(dir.path().join("full.rejects.jsonl")).unwrap()
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "partials or checkpoints left: {left:?}");
}

#[test]
fn resume_refuses_a_checkpoint_of_another_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let checkpoint = dir.path().join(".out.jsonl.checkpoint");
    std::fs::write(
        &checkpoint,
        r#"{"run":{"pipeline":"[[stage]]\nuse = \"tokenize.words\"\n","inputs":[["data/sample/news.jsonl",1,1]],"rejects":null,"format":null},"read":5,"written":5,"rejected":0,"bytes":10,"output_bytes":10,"rejects_bytes":0}"#,
    )
    .unwrap();
    let result = common::newsprint(
        &[
            "run",
            "-p",
            "pipelines/news.toml",
            "-i",
            "data/sample/news.jsonl",
            "-o",
            out.to_str().unwrap(),
            "--resume",
        ],
        None,
    );
    assert_eq!(result.status.code(), Some(2));
    assert_eq!(
        common::stderr(&result),
        format!(
            "newsprint: cannot resume: {} was made by a run with another pipeline, input, rejects file or format; run without --resume to start again\n",
            checkpoint.display()
        )
    );
    let stdin = common::newsprint(
        &[
            "run",
            "-p",
            "pipelines/news.toml",
            "-i",
            "-",
            "-o",
            "-",
            "--resume",
        ],
        Some(b""),
    );
    assert_eq!(stdin.status.code(), Some(2));
    assert_eq!(
        common::stderr(&stdin),
        "newsprint: --resume needs a file output of a line format (jsonl, csv, conll …) and file inputs: stdin, stdout, devices, folders and Parquet cannot be resumed\n"
    );
}
