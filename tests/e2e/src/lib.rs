//! Drives the real Quire window: tauri-driver in front of WebKitWebDriver, the built app
//! binary, a real X display (Xvfb in CI). Nothing is mocked.

pub mod app;
pub mod driver;
pub mod session;
