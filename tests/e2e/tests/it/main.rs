//! The end-to-end tests of the real window, as one test binary (each file a module): one
//! link of the WebDriver client and the core instead of one per file. Every test holds
//! `serial()` while its window is open, so windows never overlap, and the timing test
//! measures a machine with nothing else on it.

// A D-Bus session bus of a test's own, as the publish tests start one.
#[path = "../../../../crates/publish/tests/support/bus.rs"]
mod bus;

mod blogs;
mod credentials;
mod export;
mod gitsync;
mod hostile;
mod importing;
mod library;
mod opening;
mod publish;
mod sync;
mod timing;
mod unbreakable;
mod window;
mod writing;
