#!/usr/bin/python3
"""The memory floor under Quire's window: a bare WebKitGTK 4.1 window showing a tiny
page, with the settings Quire's window has (src-tauri/src/webview.rs). Prints one JSON
line, {"pss_kib": N, "rss_kib": N, "python_pss_kib": N}, summed over this process and
WebKit's processes under it, 2 s after the page has loaded, as
tests/e2e/tests/timing.rs measures Quire idle; python_pss_kib is the interpreter's own
share, taken before anything else is loaded, which a window in Rust does not have.
"""
import json
import os
import sys

# What webview::tune_environment sets; glibc reads MALLOC_* at start, hence the re-exec.
ENVIRONMENT = {
    "WEBKIT_DISABLE_DMABUF_RENDERER": "1",
    "WEBKIT_DISABLE_COMPOSITING_MODE": "1",
    "MALLOC_ARENA_MAX": "2",
    "MALLOC_TRIM_THRESHOLD_": "131072",
    "MALLOC_MMAP_THRESHOLD_": "131072",
}
if any(os.environ.get(k) != v for k, v in ENVIRONMENT.items()):
    os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, **ENVIRONMENT))

def field_kib(path, name):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


PYTHON_PSS_KIB = field_kib("/proc/self/smaps_rollup", "Pss:")

import gi  # noqa: E402

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head>
<body><h1>A bare page</h1><p>A heading, a paragraph and a text box.</p>
<textarea rows="6" cols="60">text</textarea></body></html>"""


def tree(pid):
    """This process and every process under it."""
    found, stack = [], [pid]
    while stack:
        p = stack.pop()
        found.append(p)
        try:
            for task in os.listdir("/proc/%d/task" % p):
                with open("/proc/%d/task/%s/children" % (p, task)) as f:
                    stack += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return found


def measure():
    pids = tree(os.getpid())
    print(json.dumps({
        "pss_kib": sum(field_kib("/proc/%d/smaps_rollup" % p, "Pss:") for p in pids),
        "rss_kib": sum(field_kib("/proc/%d/status" % p, "VmRSS:") for p in pids),
        "python_pss_kib": PYTHON_PSS_KIB,
    }), flush=True)
    Gtk.main_quit()
    return False


def loaded(_view, event):
    if event == WebKit2.LoadEvent.FINISHED:
        GLib.timeout_add(2000, measure)


WebKit2.WebContext.get_default().set_cache_model(WebKit2.CacheModel.DOCUMENT_VIEWER)
window = Gtk.Window(title="floor")
window.set_default_size(1280, 800)
view = WebKit2.WebView()
view.get_settings().set_hardware_acceleration_policy(WebKit2.HardwareAccelerationPolicy.NEVER)
view.connect("load-changed", loaded)
window.add(view)
window.show_all()
view.load_html(PAGE, "about:blank")
GLib.timeout_add(60000, lambda: sys.exit("the page did not load in 60 s"))
Gtk.main()
