//! A minimal W3C WebDriver client: just the calls the tests make.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const ENTER: &str = "\u{e007}";
pub const CONTROL: &str = "\u{e009}";
pub const END: &str = "\u{e010}";

/// No WebDriver call takes this long unless something hangs: then the test fails with
/// the call's name, rather than running into CI's time limit.
const CALL_TIMEOUT: Duration = Duration::from_secs(60);

pub struct Session {
    base: String,
    pub id: String,
}

#[derive(Clone, Debug)]
pub struct Element(pub String);

fn call(req: ureq::Request, body: Option<Value>) -> Result<Value, String> {
    let res = match body {
        Some(b) => req.send_json(b),
        None => req.call(),
    };
    let res = match res {
        Ok(r) => r,
        Err(ureq::Error::Status(code, r)) => {
            let text = r.into_string().unwrap_or_default();
            // The window or its web process is gone: say what is left of it.
            let post_mortem = if text.contains("invalid session id") {
                crate::driver::post_mortem()
            } else {
                String::new()
            };
            return Err(format!("HTTP {code}: {text}{post_mortem}"));
        }
        Err(e) => return Err(format!("{e}{}", crate::driver::post_mortem())),
    };
    let v: Value = res.into_json().map_err(|e| e.to_string())?;
    Ok(v.get("value").cloned().unwrap_or(Value::Null))
}

/// Polls `probe` until it gives a value, failing the test after `timeout`.
pub fn wait_until<T>(what: &str, timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = probe() {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

impl Session {
    /// Launches the app binary with `args` and opens a session on its window.
    pub fn launch(driver_url: &str, application: &str, args: &[String]) -> Result<Session, String> {
        let caps = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "wry",
                    "tauri:options": { "application": application, "args": args }
                }
            }
        });
        let v = call(
            ureq::post(&format!("{driver_url}/session")).timeout(Duration::from_secs(30)),
            Some(caps),
        )?;
        let id = v["sessionId"].as_str().ok_or("no session id")?.to_string();
        Ok(Session {
            base: format!("{driver_url}/session/{id}"),
            id,
        })
    }

    fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        call(
            ureq::post(&format!("{}{path}", self.base)).timeout(CALL_TIMEOUT),
            Some(body),
        )
    }

    fn get(&self, path: &str) -> Result<Value, String> {
        call(
            ureq::get(&format!("{}{path}", self.base)).timeout(CALL_TIMEOUT),
            None,
        )
    }

    pub fn find(&self, css: &str) -> Option<Element> {
        let v = self
            .post("/element", json!({"using": "css selector", "value": css}))
            .ok()?;
        element_id(&v)
    }

    pub fn find_all(&self, css: &str) -> Vec<Element> {
        self.post("/elements", json!({"using": "css selector", "value": css}))
            .ok()
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(element_id)
            .collect()
    }

    /// Waits up to `timeout` for an element to appear.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Element {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(e) = self.find(css) {
                return e;
            }
            assert!(
                Instant::now() < deadline,
                "no element {css} after {timeout:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn click(&self, e: &Element) {
        self.post(&format!("/element/{}/click", e.0), json!({}))
            .unwrap_or_else(|e| panic!("click: {e}"));
    }

    pub fn type_into(&self, e: &Element, text: &str) {
        self.try_type_into(e, text)
            .unwrap_or_else(|e| panic!("send keys: {e}"));
    }

    pub fn try_type_into(&self, e: &Element, text: &str) -> Result<(), String> {
        self.post(&format!("/element/{}/value", e.0), json!({ "text": text }))
            .map(|_| ())
    }

    pub fn text(&self, e: &Element) -> String {
        self.get(&format!("/element/{}/text", e.0))
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    }

    /// Runs `script` in the page and returns its result.
    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
            .unwrap_or_else(|e| panic!("script: {e}"))
    }

    /// The text of the first element matching `css`, or "" if there is none. The DOM's
    /// text, not what is painted: the preview skips painting blocks scrolled out of view
    /// (`content-visibility`), and `innerText` would leave them out.
    pub fn text_of(&self, css: &str) -> String {
        self.execute(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : '';",
            json!([css]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Polls `probe` until it returns Some, or fails the test after `timeout`.
    pub fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut probe: impl FnMut(&Session) -> Option<T>,
    ) -> T {
        wait_until(what, timeout, || probe(self))
    }

    /// Ends the session; the driver closes the app. Errors are ignored because after a
    /// kill -9 there is no app left to close.
    pub fn end(self) {
        let _ = call(ureq::delete(&self.base), None);
    }
}

fn element_id(v: &Value) -> Option<Element> {
    v.as_object()?
        .iter()
        .find(|(k, _)| k.starts_with("element-"))
        .and_then(|(_, v)| v.as_str())
        .map(|s| Element(s.to_string()))
}
