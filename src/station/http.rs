//! The station's HTTP API (axum on tokio). JSON in and out; a trainee authenticates with the
//! token it got on joining (`Authorization: Bearer …`), the instructor with the instructor token.
//! Every handler runs the station's synchronous work on the blocking pool, so a trainee's fsyncs
//! never hold up the runtime.
//!
//! | route | who | what |
//! |---|---|---|
//! | `POST /api/join` `{code, trainee, name?, unit?}` | anyone with the join code | `{token}` |
//! | `GET /api/assignment` | trainee | the plan's cases, attempts, results |
//! | `POST /api/start` `{scenario}` | trainee | starts an attempt: `View` |
//! | `POST /api/input` `{acked, input}` | trainee | applies an input once it is on disk: `View` |
//! | `GET /api/state` | trainee | the current attempt so far (after a reconnect): `View` or null |
//! | `GET /api/live` | trainee | server-sent events: a `pulse` (attempt, time left, notes) at once, on each change, and every second |
//! | `GET /api/overview` | instructor | every trainee live |
//! | `GET /api/instructor/live` | instructor | server-sent events: the `overview` at once, within 100 ms of each change, and every second |
//! | `POST /api/instructor/extend` `{trainee, minutes}` | instructor | more time for an attempt |
//! | `POST /api/instructor/end` `{trainee}` | instructor | ends an attempt (its log stays unfinished) |
//! | `POST /api/instructor/note` `{trainee, text}` | instructor | a note into the attempt's log and view |

use super::core::{ApiError, Enrolee, Station};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::stream::{self, Stream};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub fn router(station: Arc<Station>) -> Router {
    Router::new()
        .route("/api/join", post(join))
        .route("/api/assignment", get(assignment))
        .route("/api/start", post(start))
        .route("/api/input", post(input))
        .route("/api/state", get(state))
        .route("/api/live", get(live))
        .route("/api/overview", get(overview))
        .route("/api/instructor/live", get(instructor_live))
        .route("/api/instructor/extend", post(extend))
        .route("/api/instructor/end", post(end))
        .route("/api/instructor/note", post(note))
        .with_state(station)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = json!({ "error": self.message, "kind": self.kind });
        if let Some(zh) = self.zh {
            body["zh"] = json!(zh);
        }
        (status, Json(body)).into_response()
    }
}

type Reply = Result<Json<Value>, ApiError>;

fn bearer(h: &HeaderMap) -> String {
    h.get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("")
        .to_string()
}

/// Run station work on the blocking pool.
async fn work<T: serde::Serialize + Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Reply {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => Ok(Json(serde_json::to_value(v).unwrap_or(Value::Null))),
        Ok(Err(e)) => Err(e),
        Err(e) => Err(ApiError {
            kind: "internal",
            zh: None,
            status: 500,
            message: format!("station task failed: {e}"),
        }),
    }
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

async fn join(State(s): State<Arc<Station>>, Json(body): Json<Value>) -> Reply {
    work(move || {
        let token = s.join(
            &text(&body, "code"),
            &text(&body, "trainee"),
            &text(&body, "name"),
            &text(&body, "unit"),
        )?;
        Ok(json!({ "token": token }))
    })
    .await
}

fn who(s: &Station, h: &HeaderMap) -> Result<Enrolee, ApiError> {
    s.auth(&bearer(h))
}

async fn assignment(State(s): State<Arc<Station>>, h: HeaderMap) -> Reply {
    work(move || {
        let w = who(&s, &h)?;
        s.assignment(&w)
    })
    .await
}

async fn start(State(s): State<Arc<Station>>, h: HeaderMap, Json(body): Json<Value>) -> Reply {
    work(move || {
        let w = who(&s, &h)?;
        s.start(&w, &text(&body, "scenario"))
    })
    .await
}

async fn input(State(s): State<Arc<Station>>, h: HeaderMap, Json(body): Json<Value>) -> Reply {
    work(move || {
        let w = who(&s, &h)?;
        let acked = body.get("acked").and_then(Value::as_u64).unwrap_or(0) as usize;
        let input = serde_json::from_value(body.get("input").cloned().unwrap_or(Value::Null))
            .map_err(|e| ApiError {
                kind: "bad_input",
                zh: None,
                status: 400,
                message: format!("not an input: {e}"),
            })?;
        s.input(&w, acked, input)
    })
    .await
}

async fn state(State(s): State<Arc<Station>>, h: HeaderMap) -> Reply {
    work(move || {
        let w = who(&s, &h)?;
        s.state(&w)
    })
    .await
}

fn instructor(s: &Station, h: &HeaderMap) -> Result<(), ApiError> {
    if bearer(h) == s.instructor_token() {
        Ok(())
    } else {
        Err(ApiError {
            kind: "not_instructor",
            zh: None,
            status: 403,
            message: "this needs the instructor token".into(),
        })
    }
}

async fn overview(State(s): State<Arc<Station>>, h: HeaderMap) -> Reply {
    work(move || {
        instructor(&s, &h)?;
        Ok(s.overview())
    })
    .await
}

async fn extend(State(s): State<Arc<Station>>, h: HeaderMap, Json(body): Json<Value>) -> Reply {
    work(move || {
        instructor(&s, &h)?;
        let minutes = body.get("minutes").and_then(Value::as_u64).unwrap_or(0);
        if !(1..=600).contains(&minutes) {
            return Err(ApiError {
                kind: "bad_minutes",
                zh: None,
                status: 400,
                message: "minutes must be 1 to 600".into(),
            });
        }
        s.extend(&text(&body, "trainee"), minutes)?;
        Ok(json!({"ok": true}))
    })
    .await
}

async fn end(State(s): State<Arc<Station>>, h: HeaderMap, Json(body): Json<Value>) -> Reply {
    work(move || {
        instructor(&s, &h)?;
        s.end(&text(&body, "trainee"))?;
        Ok(json!({"ok": true}))
    })
    .await
}

async fn note(State(s): State<Arc<Station>>, h: HeaderMap, Json(body): Json<Value>) -> Reply {
    work(move || {
        instructor(&s, &h)?;
        s.note(&text(&body, "trainee"), &text(&body, "text"))?;
        Ok(json!({"ok": true}))
    })
    .await
}

/// How often a live stream looks for changes, and the longest it stays silent.
const LOOK: Duration = Duration::from_millis(100);
const BEAT: Duration = Duration::from_secs(1);

/// A stream of `name` events carrying `f()`: at once, whenever `changed()` differs from the last
/// time it was sent (looked at every `LOOK`), and at least every `BEAT` (for clocks). It ends
/// when `f` fails.
fn pushed<T: serde::Serialize + Send + 'static>(
    name: &'static str,
    changed: impl Fn() -> u64 + Send + Sync + 'static,
    f: impl Fn() -> Result<T, ApiError> + Send + Sync + 'static,
) -> impl Stream<Item = Result<Event, axum::Error>> {
    let f = Arc::new(f);
    let changed: Arc<dyn Fn() -> u64 + Send + Sync> = Arc::new(changed);
    stream::unfold(None::<(u64, Instant)>, move |last| {
        let (f, changed) = (f.clone(), changed.clone());
        async move {
            // `changed` may take a trainee's lock, held through an fsync: off the runtime.
            let look = |c: Arc<dyn Fn() -> u64 + Send + Sync>| async move {
                tokio::task::spawn_blocking(move || c()).await.ok()
            };
            if let Some((generation, at)) = last {
                loop {
                    tokio::time::sleep(LOOK).await;
                    if look(changed.clone()).await? != generation || at.elapsed() >= BEAT {
                        break;
                    }
                }
            }
            let generation = look(changed).await?;
            let value = tokio::task::spawn_blocking(move || f()).await.ok()?.ok()?;
            let event = Event::default().event(name).json_data(value);
            Some((event, Some((generation, Instant::now()))))
        }
    })
}

async fn live(State(s): State<Arc<Station>>, h: HeaderMap) -> Result<Response, ApiError> {
    let w = {
        let s = s.clone();
        tokio::task::spawn_blocking(move || who(&s, &h))
            .await
            .map_err(|e| ApiError {
                kind: "internal",
                zh: None,
                status: 500,
                message: e.to_string(),
            })??
    };
    // Sent when this trainee's own attempt changes (not on every other trainee's step).
    let (g, mine) = (s.clone(), w.clone());
    let changed = move || {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        if let Ok(p) = g.pulse(&mine) {
            (
                p.active,
                p.inputs,
                p.notes.len(),
                p.time_left_s.map(|t| t / 60),
            )
                .hash(&mut h);
        }
        h.finish()
    };
    let events = pushed("pulse", changed, move || s.pulse(&w));
    Ok(Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response())
}

async fn instructor_live(
    State(s): State<Arc<Station>>,
    h: HeaderMap,
) -> Result<Response, ApiError> {
    instructor(&s, &h)?;
    let g = s.clone();
    let events = pushed("overview", move || g.generation(), move || Ok(s.overview()));
    Ok(Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// Serve until Ctrl-C (or SIGTERM); prints the one start line.
pub fn serve(station: Arc<Station>, listen: &str) -> Result<(), String> {
    let listener = std::net::TcpListener::bind(listen)
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("station listening on {addr}, join code {}", station.code());
    println!(
        "station key {} (fingerprint {}); instructor token {}",
        station.public_key(),
        station.fingerprint(),
        station.instructor_token()
    );
    use std::io::Write;
    let _ = std::io::stdout().flush();
    serve_listener(station, listener, shutdown_signal())
}

/// Serve on a bound listener until `shutdown` completes (tests and benchmarks pass their own).
pub fn serve_listener(
    station: Arc<Station>,
    listener: std::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async move {
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
        axum::serve(listener, router(station))
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(|e| e.to_string())
    })
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {},
                    _ = term.recv() => {},
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
