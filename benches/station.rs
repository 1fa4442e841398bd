//! Benchmark: N simulated trainees (default 200) play the example plan's first case at once
//! against one station over real sockets; reports p50 and p99 of the time from sending an input
//! to its acknowledgement (the input and its events on disk, fsync'd, signed), twice: at a
//! workshop's pace (each trainee thinks 0.2-1.2 s between inputs, still far faster than people
//! read a case) and as a burst (no thinking at all: the station's saturation). The floors are
//! measured in the same run: a bare fsync of one record in the same directory, and a bare round
//! trip to the station that does no work (`GET /api/state` with no attempt in progress).
//! During the workshop-pace round every trainee also holds its pushed stream open (`/api/live`,
//! as the app does while a case is played) and an instructor's desk follows the overview stream.
//!
//! `bash scripts/bench-station.sh` (or `cargo bench --no-default-features --features station
//! --bench station -- [trainees]`); docs/STATION.md keeps the figures.

/// The allocator the `cailiang` binary uses (src/main.rs), so the station is measured as run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use cailiang::station::client::{follow, request};
use cailiang::station::core::Station;
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    if v.is_empty() {
        return Duration::ZERO;
    }
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let trainees: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200)
        * 2;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = std::env::temp_dir().join(format!("cailiang-bench-station-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).unwrap();

    // Floor 1: one fsync'd record in the same directory.
    let mut fsyncs = Vec::new();
    {
        let mut f = std::fs::File::create(data.join("floor.jsonl")).unwrap();
        let line = vec![b'x'; 600];
        for _ in 0..200 {
            let t = Instant::now();
            f.write_all(&line).unwrap();
            f.sync_data().unwrap();
            fsyncs.push(t.elapsed());
        }
    }

    let lib = cailiang::content::load(&[root.join("scenarios/plans/plan_workshop_intro.ron")]);
    let plan = lib.plans.into_iter().next().expect("the example plan").1;
    let station = Arc::new(Station::open(plan, &root.join("scenarios"), &data, None).unwrap());
    let code = station.code();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    let server = {
        let station = station.clone();
        std::thread::spawn(move || {
            cailiang::station::http::serve_listener(station, listener, async move {
                tokio::task::spawn_blocking(move || {
                    let _ = stop_rx.recv();
                })
                .await
                .ok();
            })
        })
    };

    let inputs: Vec<Value> = vec![
        json!({"input": "choose", "id": "show_credentials"}),
        json!({"input": "choose", "id": "count_goods"}),
        json!({"input": "choose", "id": "check_invoices"}),
        json!({"input": "choose", "id": "check_record"}),
        json!({"input": "choose", "id": "order_removal"}),
        json!({"input": "choose", "id": "go_decide"}),
        json!({"input": "decide", "measures": ["NoPenalty", "Education", "OrderToRectify", "SupervisedDestruction"]}),
    ];

    // Everyone joins first, then all play at once.
    let tokens: Vec<String> = (0..trainees)
        .map(|i| {
            let r = request(
                &addr,
                "POST",
                "/api/join",
                None,
                Some(&json!({"code": code, "trainee": format!("b{i:03}")})),
            )
            .unwrap()
            .ok()
            .unwrap();
            r["token"].as_str().unwrap().to_string()
        })
        .collect();

    // Floor 2: a round trip that does no work.
    let mut trips = Vec::new();
    for t in tokens.iter().take(50) {
        let s = Instant::now();
        request(&addr, "GET", "/api/state", Some(t), None).unwrap();
        trips.push(s.elapsed());
    }

    // The pushed streams the app holds: one per trainee of the paced round, and the desk's.
    let stop = Arc::new(AtomicBool::new(false));
    let pushes = Arc::new(AtomicUsize::new(0));
    let desk_updates = Arc::new(AtomicUsize::new(0));
    let follower = |path: &'static str, token: String, count: Arc<AtomicUsize>| {
        let (addr, stop) = (addr.clone(), stop.clone());
        std::thread::spawn(move || {
            let _ = follow(&addr, path, &token, |_, _| {
                count.fetch_add(1, Ordering::Relaxed);
                !stop.load(Ordering::Relaxed)
            });
        })
    };
    let mut streams: Vec<_> = tokens[..trainees / 2]
        .iter()
        .map(|t| follower("/api/live", t.clone(), pushes.clone()))
        .collect();
    streams.push(follower(
        "/api/instructor/live",
        station.instructor_token(),
        desk_updates.clone(),
    ));
    let (mut paced, paced_wall) = round(&addr, &tokens[..trainees / 2], &inputs, true);
    stop.store(true, Ordering::Relaxed);
    for s in streams {
        let _ = s.join();
    }
    let (mut burst, burst_wall) = round(&addr, &tokens[trainees / 2..], &inputs, false);
    let _ = stop_tx.send(());
    let _ = server.join();

    println!(
        "station benchmark: {} trainees at once per round, on this machine",
        trainees / 2
    );
    println!(
        "  workshop pace: {} inputs in {:.1} s; input → acknowledgement p50 {}  p99 {}  max {}",
        paced.len(),
        paced_wall.as_secs_f64(),
        ms(percentile(&mut paced, 0.5)),
        ms(percentile(&mut paced, 0.99)),
        ms(percentile(&mut paced, 1.0))
    );
    println!(
        "    meanwhile {} pushed streams open: {} trainee pulses and {} desk overviews sent",
        trainees / 2 + 1,
        pushes.load(Ordering::Relaxed),
        desk_updates.load(Ordering::Relaxed)
    );
    println!("  burst (no thinking): {} inputs in {:.1} s; input → acknowledgement p50 {}  p99 {}  max {}", burst.len(), burst_wall.as_secs_f64(), ms(percentile(&mut burst, 0.5)), ms(percentile(&mut burst, 0.99)), ms(percentile(&mut burst, 1.0)));
    println!(
        "  floor: one fsync'd record p50 {}   p99 {}",
        ms(percentile(&mut fsyncs, 0.5)),
        ms(percentile(&mut fsyncs, 0.99))
    );
    println!(
        "  floor: an empty round trip p50 {}   p99 {}",
        ms(percentile(&mut trips, 0.5)),
        ms(percentile(&mut trips, 0.99))
    );
    let _ = std::fs::remove_dir_all(&data);
}

/// All `tokens` play the case at once; with `think`, each pauses 0.2-1.2 s (pseudo-random, from
/// its index) before every input. Returns every input's acknowledgement time and the wall time.
fn round(
    addr: &str,
    tokens: &[String],
    inputs: &[Value],
    think: bool,
) -> (Vec<Duration>, Duration) {
    let barrier = Arc::new(std::sync::Barrier::new(tokens.len()));
    let started = Instant::now();
    let handles: Vec<_> = tokens
        .iter()
        .cloned()
        .enumerate()
        .map(|(n, token)| {
            let addr = addr.to_string();
            let inputs = inputs.to_vec();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let mut lat = Vec::new();
                request(
                    &addr,
                    "POST",
                    "/api/start",
                    Some(&token),
                    Some(&json!({"scenario": "food.expired_yogurt"})),
                )
                .unwrap()
                .ok()
                .unwrap();
                for (acked, input) in inputs.into_iter().enumerate() {
                    if think {
                        let ms = 200 + (n * 7919 + acked * 104_729) % 1000;
                        std::thread::sleep(Duration::from_millis(ms as u64));
                    }
                    let t = Instant::now();
                    let r = request(
                        &addr,
                        "POST",
                        "/api/input",
                        Some(&token),
                        Some(&json!({"acked": acked, "input": input})),
                    )
                    .unwrap();
                    lat.push(t.elapsed());
                    assert_eq!(r.status, 200, "{}", r.body);
                }
                lat
            })
        })
        .collect();
    let acks = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    (acks, started.elapsed())
}
