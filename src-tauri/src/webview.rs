//! The webview tuned for an app of forms and lists rather than a web browser.
//!
//! WebKitGTK assumes it is a browser: it keeps pages and decoded resources for going back and forward,
//! and composites every page on the graphics card (or, without one, in a software GL renderer). A
//! Throughcare window shows one page that never navigates and has nothing to animate, so both only hold
//! memory on a caseworker's laptop: drawing without compositing saves about 80 MB in WebKit's page
//! process (BENCHMARKS.md, "The app").

use tauri::{App, Manager, Runtime};

/// Sets the main window's webview to draw without compositing and cache as a one-document viewer.
pub fn tune<R: Runtime>(app: &App<R>) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    #[cfg(target_os = "linux")]
    {
        let _ = window.with_webview(|webview| {
            use webkit2gtk::{
                CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
            };
            let view = webview.inner();
            if let Some(settings) = view.settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
