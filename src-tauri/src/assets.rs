//! `quire-asset://localhost/<path>`: the preview's images, served from the content folder
//! only. The webview has no file access of its own; this is its one window onto disk.

use tauri::http::{Request, Response, StatusCode};
use tauri::{Manager, UriSchemeContext, UriSchemeResponder, Wry};

use crate::state::AppState;

pub const SCHEME: &str = "quire-asset";

pub fn serve(
    ctx: UriSchemeContext<'_, Wry>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    // Reading a large image must not stall the window's event loop.
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let rel = percent_decode(request.uri().path().trim_start_matches('/'));
        let response = match state.folder().map(|f| f.read_asset(&rel)) {
            Ok(Ok((bytes, mime))) => Response::builder().header("Content-Type", mime).body(bytes),
            _ => Response::builder()
                .status(StatusCode::NOT_FOUND)
                .body(Vec::new()),
        };
        responder.respond(response.unwrap_or_else(|_| Response::new(Vec::new())));
    });
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
