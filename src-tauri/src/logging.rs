//! The app's log: a file a day in the log folder (a week kept), for bug reports, and
//! warnings on stderr. `RUST_LOG` picks the level (default `info`; `debug` adds a span
//! per keystroke's render and autosave).

use std::path::Path;

use anyhow::Context;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// Starts logging to `dir`. Keep the guard for the app's life: dropping it flushes the
/// last lines.
pub fn init(dir: &Path) -> anyhow::Result<WorkerGuard> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("creating the log folder {}", dir.display()))?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("quire")
        .filename_suffix("log")
        .max_log_files(7)
        .build(dir)
        .with_context(|| format!("opening a log file in {}", dir.display()))?;
    let (file, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::registry()
        .with(
            fmt::layer()
                .with_writer(file)
                .with_ansi(false)
                .with_filter(filter),
        )
        .with(
            fmt::layer()
                .with_writer(std::io::stderr)
                .with_filter(tracing_subscriber::filter::LevelFilter::WARN),
        )
        .try_init()
        .context("starting the log")?;
    Ok(guard)
}
