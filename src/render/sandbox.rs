//! The render sandbox: template code from a project folder (Tera, and Typst through
//! `brief.typ`) is untrusted, so it runs under a deadline and, in the `briefly` binary, in a
//! child process under a memory ceiling: it can neither hang the build nor abort it.
//!
//! In: loaded [`Templates`], one template context (a JSON object: the brief, or the archive)
//! and a list of [`Job`]s: a Tera render of a named template, or `brief.typ` filled by Tera
//! and compiled by typst to PDF, each with that context, and the build's [`Deadline`]. Out: one byte
//! buffer per job, in order, or the first failing job's index and its error (one line naming
//! the template). Nothing here writes a file: the caller writes all outputs in one step
//! afterwards, so a failed render leaves no half-written brief.
//!
//! # Design
//!
//! - **One deadline per build.** All jobs of a build, the brief's formats and the archive's
//!   `index.html`, share one [`Deadline`]: 60 s (or `BRIEFLY_RENDER_TIMEOUT_MS`) from the start
//!   of rendering, so several slow templates cannot each take the whole of it. It covers the
//!   output checks ([`super::guard`]) and the Typst compile too.
//! - **Library default, in process.** Each job runs on its own thread
//!   ([`with_deadline`]); the caller waits at most what is left of the deadline and on a
//!   timeout abandons the thread with an error. No
//!   memory ceiling: a template that doubles a string aborts the process. Integration tests
//!   that call the library and `benches/pdf.rs` run this way.
//! - **The binary, in a child process** (Unix; switched on by `main.rs` with [`enable`]; other
//!   systems stay in process). All template rendering of one call ([`run`]: the
//!   `brief.md`/`brief.html`/`brief.typ`→PDF renders of `render::write_all_with`, and the
//!   archive's `index.html` in `render::site::render`) runs in ONE child: the same executable
//!   (`std::env::current_exe()`) started as `briefly __render` ([`SUBCOMMAND`], not a clap
//!   subcommand, so it is in neither the help nor the completions). Its only argument is that
//!   fixed word; its environment is emptied except for the memory limit, the number of worker
//!   threads and the parent's process id, all numbers. No user string becomes an argument.
//! - **The child** ([`child_main`]), before anything else, sets `RLIMIT_AS` to the memory
//!   limit (4096 MiB, or `BRIEFLY_RENDER_MEMORY_MB`), `RLIMIT_CORE` to 0 (an abort writes no
//!   core file) and, on Linux, `prctl(PR_SET_PDEATHSIG, SIGKILL)` so it dies with the build
//!   (checked against the parent's id, in case the parent went first). It then reads one
//!   [`Request`] (JSON) from stdin: the template sources with their names and origins (only
//!   those the jobs need, [`needed`]: Tera's parser takes about 10 ms for the four
//!   defaults), and the jobs. It rebuilds the [`Templates`] and runs the jobs in order on its
//!   main thread, writing one frame per job to stdout ([`write_frame`]: a status byte, 0 =
//!   output or 1 = error message, a little-endian `u64` length, the bytes), and stops after
//!   the first error. A panic in a job is caught and sent as an error frame. A failed
//!   allocation (the ceiling reached) aborts the child, which is what the ceiling is for.
//! - **The parent** writes the request on a thread, reads frames on a reader thread and keeps
//!   the last 16 KiB or so of the child's stderr on another. It waits for each job's frame at
//!   most what is left of the deadline (`recv_timeout`). On a timeout it kills the child and
//!   reports
//!   ``template `X`: rendering did not finish within N s``. When the frames end early, the
//!   child died: a `SIGABRT` after Rust's `memory allocation of N bytes failed` on its stderr,
//!   or a `SIGKILL` it did not send (the kernel's out-of-memory killer), is reported as
//!   ``template `X`: rendering ran out of memory (limit N MiB); BRIEFLY_RENDER_MEMORY_MB sets
//!   the limit``; another signal or exit status as one line saying so. The child's stderr is
//!   never printed whole.
//!
//! The child costs one process start per call: two per build with HTML (brief, archive), one
//! otherwise; the PDF job pays for parsing the embedded fonts in the child instead of the
//! parent. The context crosses the pipe once per call, as JSON (`serde_json`'s
//! `float_roundtrip` feature makes every number arrive bit for bit, so the output is
//! byte-identical to an in-process render).

use super::Templates;
use super::templates::needed;
use crate::config::PdfStandard;
use crate::date::Date;
use anyhow::{Context, Result, anyhow};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The hidden first argument that makes `briefly` the render child (see [`child_main`]).
pub const SUBCOMMAND: &str = "__render";

/// Memory ceiling (address space, `RLIMIT_AS`) of the render child when
/// `BRIEFLY_RENDER_MEMORY_MB` is not set. The seeds brief renders in 96 MiB (not in 64); a
/// runaway template reaches the ceiling within seconds. The PDF of a brief of 10,000 articles
/// (30 MB, its list of sources thousands of pages) needs about 2.7 GiB: the default leaves
/// room for it, so a real brief never meets the ceiling.
pub const DEFAULT_MEMORY_MB: u64 = 4096;

/// Largest frame the parent accepts from the child (an output beyond is an error).
pub const MAX_FRAME: u64 = 1 << 30;

/// Stack of a job's thread: the main-thread size typst is used to.
const JOB_STACK: usize = 8 << 20;

/// The memory ceiling, read by the parent and passed on to the child.
const ENV_MEMORY: &str = "BRIEFLY_RENDER_MEMORY_MB";

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Render in a child process from now on (the binary calls this; a no-op off Unix).
pub fn enable() {
    ENABLED.store(cfg!(unix), Ordering::SeqCst);
}

/// Whether rendering runs in a child process.
pub fn is_enabled() -> bool {
    ENABLED.load(Ordering::SeqCst)
}

/// How long all template rendering of one build may take together (every format and the
/// archive): 60 s, or `BRIEFLY_RENDER_TIMEOUT_MS`.
pub fn render_timeout() -> Duration {
    let ms = std::env::var("BRIEFLY_RENDER_TIMEOUT_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(60_000);
    Duration::from_millis(ms)
}

/// When the rendering of one build must be done: one [`render_timeout`] for all its jobs, so
/// several slow templates cannot each take the whole of it.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    end: Instant,
    total: Duration,
}

impl Deadline {
    /// A deadline [`render_timeout`] from now.
    pub fn start() -> Deadline {
        Deadline::after(render_timeout())
    }

    /// A deadline `total` from now.
    pub fn after(total: Duration) -> Deadline {
        Deadline { end: Instant::now() + total, total }
    }

    /// The time left (zero once past).
    pub fn remaining(&self) -> Duration {
        self.end.saturating_duration_since(Instant::now())
    }
}

/// The child's memory ceiling in MiB: [`DEFAULT_MEMORY_MB`], or `BRIEFLY_RENDER_MEMORY_MB`
/// (a positive whole number).
pub fn memory_limit_mb() -> u64 {
    std::env::var(ENV_MEMORY)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&mb| mb > 0)
        .unwrap_or(DEFAULT_MEMORY_MB)
}

/// One piece of template work.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Job {
    /// Tera render of template `template` (its extension chooses the escaping).
    Tera {
        /// Template name, such as `brief.md` or `index.html`.
        template: String,
    },
    /// `brief.typ` filled by Tera, then compiled by typst to PDF.
    Pdf {
        /// Brief date (`today()` and the document date).
        date: Date,
        /// Stable PDF document identifier.
        ident: String,
        /// PDF standard to conform to.
        standard: Option<PdfStandard>,
    },
}

impl Job {
    /// The template the job renders (named in its errors).
    pub fn template(&self) -> &str {
        match self {
            Job::Tera { template, .. } => template,
            Job::Pdf { .. } => "brief.typ",
        }
    }

    /// Runs the job on this thread (no deadline).
    pub fn run(self, templates: &Templates, context: &tera::Context) -> Result<Vec<u8>> {
        match self {
            Job::Tera { template } => Ok(templates.render_now(&template, context)?.into_bytes()),
            #[cfg(feature = "pdf")]
            Job::Pdf { date, ident, standard } => {
                let source = templates.render_now("brief.typ", context)?;
                super::pdf::compile(source, date, &ident, standard, &templates.origin("brief.typ"))
            }
            #[cfg(not(feature = "pdf"))]
            Job::Pdf { .. } => {
                anyhow::bail!("this build of briefly has no PDF support (built without the `pdf` feature)")
            }
        }
    }
}

/// The template context of every job of a call, from its JSON object.
fn tera_context(context: serde_json::Value) -> Result<tera::Context> {
    tera::Context::from_value(context).context("failed to build template context")
}

/// What the parent sends the child: the templates, the context and the jobs.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    /// The templates the jobs need, as loaded by the parent.
    pub templates: Vec<super::templates::Source>,
    /// The context of every job (once: the brief of 10,000 articles is 23 MB of JSON).
    pub context: serde_json::Value,
    /// The work, in order.
    pub jobs: Vec<Job>,
    /// Whether remote resources are allowed in the output ([`Templates::allow_remote`]).
    #[serde(default)]
    pub remote: bool,
}

/// A failed job: its index in the list, and the error.
pub type JobError = (usize, anyhow::Error);

/// Runs `jobs` in order with `context`, all of them before `deadline`, in a child process
/// when [`enable`]d, else in this process; calls `done` after each job. Stops at the first
/// error.
pub fn run(
    templates: &Templates,
    context: serde_json::Value,
    jobs: Vec<Job>,
    deadline: Deadline,
    done: &mut dyn FnMut(),
) -> Result<Vec<Vec<u8>>, JobError> {
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    #[cfg(unix)]
    if is_enabled() {
        return child::run(templates, context, jobs, deadline, done);
    }
    let context = std::sync::Arc::new(tera_context(context).map_err(|e| (0, e))?);
    let work = jobs.into_iter().map(|job| {
        let (t, c) = (templates.clone(), std::sync::Arc::clone(&context));
        (templates.origin(job.template()), move || job.run(&t, &c))
    });
    run_in_process(work, deadline, done)
}

/// Runs each `(origin, work)` on its own thread, in order, all before `deadline`.
fn run_in_process<F>(
    work: impl Iterator<Item = (String, F)>,
    deadline: Deadline,
    done: &mut dyn FnMut(),
) -> Result<Vec<Vec<u8>>, JobError>
where
    F: FnOnce() -> Result<Vec<u8>> + Send + 'static,
{
    let mut out = Vec::new();
    for (i, (origin, f)) in work.enumerate() {
        out.push(with_timeout(&origin, deadline, f).map_err(|e| (i, e))?);
        done();
    }
    Ok(out)
}

/// Runs `f` on a new thread and waits for it at most [`render_timeout`]; on a timeout the
/// thread is left behind (the process ends with the error) and the error names `origin`.
pub fn with_deadline<T: Send + 'static>(
    origin: &str,
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    with_timeout(origin, Deadline::start(), f)
}

fn with_timeout<T: Send + 'static>(
    origin: &str,
    deadline: Deadline,
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("render".to_string())
        .stack_size(JOB_STACK)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .context("failed to start a rendering thread")?;
    match rx.recv_timeout(deadline.remaining()) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(deadline_error(origin, deadline)),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err(anyhow!("template `{origin}`: rendering stopped unexpectedly (a panic?)"))
        }
    }
}

fn deadline_error(origin: &str, deadline: Deadline) -> anyhow::Error {
    anyhow!(
        "template `{origin}`: rendering did not finish within {} s, the time all templates of a build share (a loop that never ends?)",
        deadline.total.as_secs_f64()
    )
}

/// One job's result on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// The output bytes.
    Ok(Vec<u8>),
    /// The error, one line.
    Err(String),
}

/// Writes a frame: status byte (0 output, 1 error), payload length (`u64`, little-endian),
/// payload.
pub fn write_frame(w: &mut impl Write, frame: &Frame) -> std::io::Result<()> {
    let (status, payload) = match frame {
        Frame::Ok(bytes) => (0u8, bytes.as_slice()),
        Frame::Err(msg) => (1u8, msg.as_bytes()),
    };
    w.write_all(&[status])?;
    w.write_all(&(payload.len() as u64).to_le_bytes())?;
    w.write_all(payload)
}

/// Reads a frame: `None` at the end of the stream between frames; an error for a truncated
/// frame, an unknown status or a length over [`MAX_FRAME`].
pub fn read_frame(r: &mut impl Read) -> std::io::Result<Option<Frame>> {
    use std::io::{Error, ErrorKind};
    let mut status = [0u8; 1];
    loop {
        match r.read(&mut status) {
            Ok(0) => return Ok(None),
            Ok(_) => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    if status[0] > 1 {
        return Err(Error::new(ErrorKind::InvalidData, format!("unknown frame status {}", status[0])));
    }
    let mut len = [0u8; 8];
    r.read_exact(&mut len)?;
    let len = u64::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("output is larger than {} MiB", MAX_FRAME >> 20),
        ));
    }
    let mut payload = Vec::new();
    r.take(len).read_to_end(&mut payload)?;
    if payload.len() as u64 != len {
        return Err(Error::new(ErrorKind::UnexpectedEof, "truncated frame"));
    }
    Ok(Some(match status[0] {
        0 => Frame::Ok(payload),
        _ => Frame::Err(String::from_utf8_lossy(&payload).into_owned()),
    }))
}

/// `briefly __render`: the child's whole life (see the module documentation). The process
/// exit status: 0 when every frame was written (jobs may have failed), 2 otherwise.
pub fn child_main() -> u8 {
    #[cfg(unix)]
    {
        child::main()
    }
    #[cfg(not(unix))]
    {
        eprintln!("error: the render child runs on Unix only");
        2
    }
}

#[cfg(unix)]
mod child {
    use super::*;
    use std::process::{Command, Stdio};
    use std::sync::mpsc::{Receiver, RecvTimeoutError};

    /// Most bytes of the end of the child's stderr the parent keeps (to recognise an
    /// allocation failure, whose message is the last thing the child writes).
    const STDERR_KEPT: usize = 16 << 10;

    /// The child's other environment variables (besides [`ENV_MEMORY`]; it gets no others).
    const ENV_PARENT: &str = "BRIEFLY_RENDER_PARENT";
    const ENV_THREADS: &str = "RAYON_NUM_THREADS";

    fn out_of_memory(origin: &str, limit_mb: u64) -> anyhow::Error {
        anyhow!(
            "template `{origin}`: rendering ran out of memory (limit {limit_mb} MiB); {ENV_MEMORY} sets the limit"
        )
    }

    /// The child process, killed and reaped if dropped before it ended.
    struct Running {
        child: std::process::Child,
        ended: bool,
    }

    impl Running {
        fn kill(&mut self) -> Option<std::process::ExitStatus> {
            let _ = self.child.kill();
            self.wait()
        }

        fn wait(&mut self) -> Option<std::process::ExitStatus> {
            self.ended = true;
            self.child.wait().ok()
        }
    }

    impl Drop for Running {
        fn drop(&mut self) {
            if !self.ended {
                self.kill();
            }
        }
    }

    /// The parent side of [`super::run`].
    pub(super) fn run(
        templates: &Templates,
        context: serde_json::Value,
        jobs: Vec<Job>,
        deadline: Deadline,
        done: &mut dyn FnMut(),
    ) -> Result<Vec<Vec<u8>>, JobError> {
        let origins: Vec<String> = jobs.iter().map(|j| templates.origin(j.template())).collect();
        let limit_mb = memory_limit_mb();
        let started = start(limit_mb).map_err(|e| (0, e))?;
        let (mut running, frames, stderr) = started;
        let names: Vec<&str> = jobs.iter().map(Job::template).collect();
        let request = Request {
            templates: needed(templates.sources(), &names),
            context,
            jobs,
            remote: templates.remote_allowed(),
        };
        let mut stdin = running.child.stdin.take().expect("stdin is piped");
        std::thread::Builder::new()
            .name("render request".to_string())
            .spawn(move || {
                // The binary restores SIGPIPE's default (main.rs): blocked in this thread, a
                // child that died early makes the write fail with EPIPE instead of killing the
                // build; the signal left pending is dropped when the thread ends.
                #[cfg(unix)]
                // SAFETY: `set` is initialised by `sigemptyset` before use; changing this
                // thread's own mask has no other precondition.
                unsafe {
                    let mut set: libc::sigset_t = std::mem::zeroed();
                    libc::sigemptyset(&mut set);
                    libc::sigaddset(&mut set, libc::SIGPIPE);
                    libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
                }
                let mut w = std::io::BufWriter::new(&mut stdin);
                // A child that died early closes the pipe; what it died of is reported below.
                let _ = serde_json::to_writer(&mut w, &request)
                    .map_err(std::io::Error::from)
                    .and_then(|()| w.flush());
            })
            .map_err(|e| (0, anyhow!("failed to start the renderer: {e}")))?;
        let (out, stop) = collect(&frames, origins.len(), deadline, done);
        let Some((i, stop)) = stop else {
            running.wait();
            return Ok(out);
        };
        let origin = &origins[i];
        Err((
            i,
            match stop {
                Stop::Failed(msg) => {
                    running.wait();
                    anyhow!(msg)
                }
                Stop::Late => {
                    running.kill();
                    deadline_error(origin, deadline)
                }
                // A frame the parent refuses (too large, unknown status): the child may still be
                // writing it, so stop it before waiting.
                Stop::Refused(e) => {
                    running.kill();
                    anyhow!("template `{origin}`: {e}")
                }
                Stop::Ended => {
                    let status = running.wait();
                    let stderr = stderr.join().unwrap_or_default();
                    death_error(origin, status, &stderr, limit_mb)
                }
            },
        ))
    }

    /// Why [`collect`] stopped before the last frame.
    #[derive(Debug)]
    pub(super) enum Stop {
        /// The job failed with this message.
        Failed(String),
        /// The deadline passed.
        Late,
        /// A frame the parent refuses.
        Refused(std::io::Error),
        /// The frames ended: the child died.
        Ended,
    }

    /// Receives the frames of `jobs` jobs, all before `deadline`, calling `done` after each
    /// output; on a stop, the outputs so far and the index of the job that stopped and why.
    pub(super) fn collect(
        frames: &Receiver<std::io::Result<Frame>>,
        jobs: usize,
        deadline: Deadline,
        done: &mut dyn FnMut(),
    ) -> (Vec<Vec<u8>>, Option<(usize, Stop)>) {
        let mut out = Vec::with_capacity(jobs);
        for i in 0..jobs {
            let stop = match frames.recv_timeout(deadline.remaining()) {
                Ok(Ok(Frame::Ok(bytes))) => {
                    out.push(bytes);
                    done();
                    continue;
                }
                Ok(Ok(Frame::Err(msg))) => Stop::Failed(msg),
                Err(RecvTimeoutError::Timeout) => Stop::Late,
                Ok(Err(e)) if e.kind() != std::io::ErrorKind::UnexpectedEof => Stop::Refused(e),
                Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => Stop::Ended,
            };
            return (out, Some((i, stop)));
        }
        (out, None)
    }

    type Started = (Running, Receiver<std::io::Result<Frame>>, std::thread::JoinHandle<Vec<u8>>);

    /// Starts the child with its reader threads.
    fn start(limit_mb: u64) -> Result<Started> {
        let exe = std::env::current_exe().context("failed to start the renderer: no path to this program")?;
        let child = Command::new(exe)
            .arg(SUBCOMMAND)
            .env_clear()
            .env(ENV_MEMORY, limit_mb.to_string())
            .env(ENV_PARENT, std::process::id().to_string())
            .env(ENV_THREADS, rayon::current_num_threads().to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("failed to start the renderer")?;
        let mut running = Running { child, ended: false };
        let mut stdout = running.child.stdout.take().expect("stdout is piped");
        let mut err_pipe = running.child.stderr.take().expect("stderr is piped");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("render frames".to_string())
            .spawn(move || {
                let mut r = std::io::BufReader::new(&mut stdout);
                loop {
                    match read_frame(&mut r) {
                        Ok(Some(frame)) => {
                            if tx.send(Ok(frame)).is_err() {
                                return;
                            }
                        }
                        Ok(None) => return,
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                }
            })
            .context("failed to start the renderer")?;
        let stderr = std::thread::Builder::new()
            .name("render stderr".to_string())
            .spawn(move || {
                let (mut kept, mut buf) = (Vec::new(), [0u8; 4096]);
                loop {
                    match err_pipe.read(&mut buf) {
                        Ok(0) => return kept,
                        Ok(n) => kept.extend_from_slice(&buf[..n]),
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        Err(_) => return kept,
                    }
                    if kept.len() > 2 * STDERR_KEPT {
                        kept.drain(..kept.len() - STDERR_KEPT);
                    }
                }
            })
            .context("failed to start the renderer")?;
        Ok((running, rx, stderr))
    }

    /// What the child died of, as one line naming the template.
    pub(super) fn death_error(
        origin: &str,
        status: Option<std::process::ExitStatus>,
        stderr: &[u8],
        limit_mb: u64,
    ) -> anyhow::Error {
        use std::os::unix::process::ExitStatusExt;
        let text = String::from_utf8_lossy(stderr);
        let signal = status.and_then(|s| s.signal());
        if text.contains("memory allocation of") || signal == Some(libc::SIGKILL) {
            return out_of_memory(origin, limit_mb);
        }
        let last: String = text
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        let how = match (signal, status.and_then(|s| s.code())) {
            (Some(libc::SIGSEGV | libc::SIGBUS), _) => {
                format!("crashed (signal {}, a stack overflow?)", signal.unwrap_or(0))
            }
            (Some(s), _) => format!("was stopped by signal {s}"),
            (None, Some(c)) => format!("ended with exit status {c}"),
            (None, None) => "ended unexpectedly".to_string(),
        };
        if last.is_empty() {
            anyhow!("template `{origin}`: rendering {how}")
        } else {
            anyhow!("template `{origin}`: rendering {how}: {last}")
        }
    }

    /// The child: confine, read the request, run the jobs, one frame each.
    pub(super) fn main() -> u8 {
        let limit_mb = memory_limit_mb();
        if let Err(e) = confine(limit_mb) {
            let _ = write_frame(&mut std::io::stdout().lock(), &Frame::Err(format!("{e:#}")));
            return 2;
        }
        let mut stdout = std::io::stdout().lock();
        let mut input = Vec::new();
        if std::io::stdin().lock().read_to_end(&mut input).is_err() {
            return 2;
        }
        let request: Request = match serde_json::from_slice(&input) {
            Ok(r) => r,
            Err(e) => {
                let _ = write_frame(&mut stdout, &Frame::Err(format!("the renderer got a bad request: {e}")));
                return 2;
            }
        };
        drop(input);
        let remote = request.remote;
        let prepared = Templates::from_sources(request.templates)
            .and_then(|t| Ok((t.allow_remote(remote), tera_context(request.context)?)));
        let (templates, context) = match prepared {
            Ok(p) => p,
            Err(e) => {
                let _ = write_frame(&mut stdout, &Frame::Err(format!("{e:#}")));
                return 0;
            }
        };
        for job in request.jobs {
            let origin = templates.origin(job.template());
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job.run(&templates, &context)));
            let frame = match result {
                Ok(Ok(bytes)) => Frame::Ok(bytes),
                Ok(Err(e)) => Frame::Err(format!("{e:#}")),
                Err(panic) => Frame::Err(panic_error(&origin, panic.as_ref(), limit_mb)),
            };
            let failed = matches!(frame, Frame::Err(_));
            if write_frame(&mut stdout, &frame).and_then(|()| stdout.flush()).is_err() {
                return 2;
            }
            if failed {
                break;
            }
        }
        0
    }

    /// A panic in a job as one line; a thread or buffer the ceiling denied is out of memory.
    fn panic_error(origin: &str, panic: &(dyn std::any::Any + Send), limit_mb: u64) -> String {
        let msg = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        // Under the ceiling, a thread whose stack cannot be mapped fails with ENOMEM or EAGAIN
        // (typst's worker pool: `ThreadPoolBuildError`).
        let memory =
            ["Cannot allocate memory", "capacity overflow", "ThreadPoolBuildError", "failed to spawn thread"];
        if memory.iter().any(|m| msg.contains(m)) {
            return out_of_memory(origin, limit_mb).to_string();
        }
        let msg: String = msg.lines().next().unwrap_or("").chars().take(200).collect();
        format!("template `{origin}`: rendering failed (internal error: {msg})")
    }

    /// Sets the memory ceiling, no core files, and (Linux) death with the parent.
    fn confine(limit_mb: u64) -> Result<()> {
        let set = |resource, wanted: u64| -> Result<()> {
            let mut cur = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
            // SAFETY: `getrlimit` writes one `rlimit` to the pointer it is given.
            if unsafe { libc::getrlimit(resource, &mut cur) } != 0 {
                return Err(std::io::Error::last_os_error().into());
            }
            let value = (wanted as libc::rlim_t).min(cur.rlim_max);
            let new = libc::rlimit { rlim_cur: value, rlim_max: value };
            // SAFETY: `setrlimit` reads one `rlimit` from the pointer; lowering a limit needs no
            // privilege.
            if unsafe { libc::setrlimit(resource, &new) } != 0 {
                return Err(std::io::Error::last_os_error().into());
            }
            Ok(())
        };
        set(libc::RLIMIT_AS, limit_mb.saturating_mul(1 << 20))
            .context("the renderer could not set its memory limit")?;
        set(libc::RLIMIT_CORE, 0).context("the renderer could not turn off core files")?;
        #[cfg(target_os = "linux")]
        {
            // SAFETY: PR_SET_PDEATHSIG takes a signal number; the other arguments are unused.
            if unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong, 0, 0, 0) } != 0 {
                return Err(std::io::Error::last_os_error())
                    .context("the renderer could not tie its life to the build");
            }
            // The parent may have ended before the line above: then nobody will read us.
            let parent = std::env::var(ENV_PARENT).ok().and_then(|p| p.parse::<libc::pid_t>().ok());
            // SAFETY: `getppid` has no preconditions.
            if parent.is_some_and(|p| p != unsafe { libc::getppid() }) {
                anyhow::bail!("the build that started the renderer has ended");
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(frames: &[Frame]) -> Vec<u8> {
        let mut buf = Vec::new();
        for f in frames {
            write_frame(&mut buf, f).unwrap();
        }
        buf
    }

    #[test]
    fn frames_round_trip() {
        let frames = vec![
            Frame::Ok(b"# brief\n".to_vec()),
            Frame::Ok(Vec::new()),
            Frame::Ok((0..=255u8).collect()),
            Frame::Err("template `brief.md`: élan \u{1F600}".to_string()),
            Frame::Err(String::new()),
        ];
        let buf = encode(&frames);
        let mut r = buf.as_slice();
        let mut got = Vec::new();
        while let Some(f) = read_frame(&mut r).unwrap() {
            got.push(f);
        }
        assert_eq!(got, frames);
    }

    #[test]
    fn frame_layout_is_status_length_payload() {
        assert_eq!(encode(&[Frame::Ok(b"ab".to_vec())]), [0, 2, 0, 0, 0, 0, 0, 0, 0, b'a', b'b']);
        assert_eq!(encode(&[Frame::Err("x".to_string())]), [1, 1, 0, 0, 0, 0, 0, 0, 0, b'x']);
    }

    #[test]
    fn bad_frames_are_errors() {
        let whole = encode(&[Frame::Ok(b"hello".to_vec())]);
        // Cut anywhere inside the frame: truncated, never a short frame or a clean end.
        for cut in 1..whole.len() {
            let err = read_frame(&mut &whole[..cut]).unwrap_err();
            assert_eq!(err.kind(), std::io::ErrorKind::UnexpectedEof, "cut at {cut}");
        }
        assert!(read_frame(&mut &[][..]).unwrap().is_none());
        let err = read_frame(&mut &[7u8, 0, 0, 0, 0, 0, 0, 0, 0][..]).unwrap_err();
        assert!(err.to_string().contains("unknown frame status 7"), "{err}");
        let mut huge = vec![0u8];
        huge.extend_from_slice(&(MAX_FRAME + 1).to_le_bytes());
        let err = read_frame(&mut huge.as_slice()).unwrap_err();
        assert!(err.to_string().contains("larger than 1024 MiB"), "{err}");
    }

    #[test]
    fn requests_round_trip_numbers_exactly() {
        // Scores are floats: the child must see the very same bits (`float_roundtrip`).
        let values = [0.1, 1.0 / 3.0, 2.0f64.sqrt(), 1e-300, 123456.789012345, f64::MAX, 5e-324];
        let job = Job::Tera { template: "brief.md".into() };
        let request = Request {
            templates: Vec::new(),
            context: serde_json::json!({ "v": values }),
            jobs: vec![job],
            remote: false,
        };
        let back: Request = serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
        let got: Vec<f64> = serde_json::from_value(back.context["v"].clone()).unwrap();
        assert_eq!(got.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), values.map(f64::to_bits));
    }

    #[test]
    fn jobs_run_in_process_by_default() {
        assert!(!is_enabled());
        let templates = Templates::load(None).unwrap();
        let context = serde_json::json!({ "briefs": [], "title": "T & U", "generator": "g" });
        let jobs =
            vec![Job::Tera { template: "index.html".into() }, Job::Tera { template: "nosuch.html".into() }];
        let mut done = 0;
        let (i, err) = run(&templates, context, jobs, Deadline::start(), &mut || done += 1).unwrap_err();
        assert_eq!((i, done), (1, 1));
        assert!(err.to_string().contains("nosuch.html"), "{err}");
    }

    /// Three jobs of at least 400 ms each (a sleep never ends early) cannot all finish within
    /// one deadline of 1 s, though each could within 1 s of its own.
    #[test]
    fn one_deadline_covers_every_job_in_process() {
        let work = (0..3u8).map(|i| {
            let job = move || {
                std::thread::sleep(Duration::from_millis(400));
                Ok(vec![i])
            };
            (format!("t{i}"), job)
        });
        let mut done = 0;
        let (i, err) = run_in_process(work, Deadline::after(Duration::from_millis(1000)), &mut || done += 1)
            .unwrap_err();
        assert_eq!(done, i);
        let want = format!("template `t{i}`: rendering did not finish within 1 s, the time all templates");
        assert!(err.to_string().starts_with(&want), "{err}");
    }

    /// The parent's wait for the child's frames: the same, one deadline for all of them.
    #[cfg(unix)]
    #[test]
    fn one_deadline_covers_every_frame_of_the_child() {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for i in 0..3u8 {
                std::thread::sleep(Duration::from_millis(400));
                if tx.send(Ok(Frame::Ok(vec![i]))).is_err() {
                    return;
                }
            }
        });
        let mut done = 0;
        let (out, stop) =
            child::collect(&rx, 3, Deadline::after(Duration::from_millis(1000)), &mut || done += 1);
        assert!(matches!(stop, Some((i, child::Stop::Late)) if i == out.len()), "{stop:?}");
        assert_eq!(done, out.len());
    }

    #[cfg(feature = "pdf")]
    #[test]
    fn typst_runs_under_the_deadline_in_process() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("brief.typ"),
            "#for i in range(100000) { for j in range(100000) { } }",
        )
        .unwrap();
        let templates = Templates::load(Some(dir.path())).unwrap();
        let job = Job::Pdf { date: Date::parse("2025-12-04").unwrap(), ident: "x".into(), standard: None };
        let origin = templates.origin("brief.typ");
        // The thread is abandoned, spinning until the test process ends.
        let run = move || job.run(&templates, &tera::Context::new());
        let err = with_timeout(&origin, Deadline::after(Duration::from_millis(300)), run).unwrap_err();
        let want = format!("template `{origin}`: rendering did not finish within 0.3 s");
        assert!(err.to_string().starts_with(&want), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn deaths_are_one_clear_line() {
        use std::os::unix::process::ExitStatusExt;
        let status = |raw| Some(std::process::ExitStatus::from_raw(raw));
        let oom = child::death_error(
            "t/brief.typ",
            status(libc::SIGABRT),
            b"memory allocation of 4294967312 bytes failed\n",
            512,
        );
        assert!(
            oom.to_string()
                .starts_with("template `t/brief.typ`: rendering ran out of memory (limit 512 MiB);"),
            "{oom}"
        );
        let killed = child::death_error("x.md", status(libc::SIGKILL), b"", 2048);
        assert!(killed.to_string().contains("ran out of memory (limit 2048 MiB)"), "{killed}");
        let segv = child::death_error("x.md", status(libc::SIGSEGV), b"", 2048);
        assert!(segv.to_string().contains("crashed (signal 11"), "{segv}");
        let exit = child::death_error("x.md", status(3 << 8), b"a\nlast \x1b[1mline\n\n", 2048);
        assert_eq!(exit.to_string(), "template `x.md`: rendering ended with exit status 3: last [1mline");
    }
}
