//! 8. A confirmation is drawn above the page, whole.
//!
//! The app has WebKit draw the page with the CPU (src-tauri/src/lib.rs). WebKitGTK's own
//! overlay scrollbars are then painted in a last pass above everything, the top layer
//! included: a list's scrollbar ran across the delete confirmation. The app draws its
//! scrollbars itself (ui/src/style.css), which this test holds it to, and checks on the
//! window's pixels (taken from the X display) that the list behind the confirmation is dimmed
//! like the rest of the page.

use super::*;

#[tokio::test]
async fn a_confirmation_dims_the_scrolled_list_and_nothing_is_drawn_over_it() {
    let server = start_fake().await;
    let sessions = fake_sessions(&server).await;
    App::run(
        "library_dialog_drawing",
        Launch::default(),
        move |app| async move {
            add_account_by_key(&app, &server, Persona::Admin).await;
            // A session low in the list, so the list is scrolled when the dialog opens (where
            // WebKit's drawing went wrong), with a document to delete.
            let (session, doc) = sessions
                .iter()
                .rev()
                .find_map(|s| documents(s).first().map(|d| (s, d)))
                .expect("a session with a document");
            open_session(&app, str_of(session, "filename")).await;
            let layout = app
                .eval_in_page(
                    "const l = document.querySelector('.session-list');
                     return { scrolled: l.scrollTop, scrollbar: l.offsetWidth - l.clientWidth };",
                )
                .await;
            assert!(
                layout["scrolled"].as_f64().unwrap_or(0.0) > 0.0,
                "the list should be scrolled for this test: {layout}"
            );
            // Overlay scrollbars take no room; the page's own take their width (14 px + border).
            assert!(
                layout["scrollbar"].as_f64().unwrap_or(0.0) >= 10.0,
                "the list's scrollbar should be drawn by the page, not by WebKitGTK: {layout}"
            );

            let doc_name = str_of(doc, "filename");
            press(&app, &format!("Delete document {doc_name}")).await;
            app.role("alertdialog", &format!("Delete “{doc_name}”?"))
                .await;
            let boxes = app
                .eval_in_page(
                    "const r = (e) => { const b = e.getBoundingClientRect();
                       return [b.left, b.top, b.right, b.bottom]; };
                     return { dialog: r(document.querySelector('dialog[open]')),
                              list: r(document.querySelector('.session-list')),
                              width: window.innerWidth };",
                )
                .await;
            let shot = app.screenshot("confirm-delete-drawing").await;
            let [dialog_left, ..] = edges(&boxes["dialog"]);
            let [left, top, right, bottom] = edges(&boxes["list"]);
            let right = right.min(dialog_left - 4.0);
            assert!(
                right - left > 50.0,
                "part of the list should lie beside the dialog: {boxes}"
            );
            let brightest = brightest_in(&shot, &boxes, [left, top, right, bottom]).await;
            // The list is white; under the backdrop it is about 0.6 of white.
            assert!(
                brightest < 0.75,
                "the list beside the confirmation is not dimmed (brightest {brightest:.2}); see {}",
                shot.display()
            );
        },
    )
    .await;
}

fn edges(rect: &Value) -> [f64; 4] {
    let n = |i: usize| rect[i].as_f64().expect("a rectangle edge");
    [n(0), n(1), n(2), n(3)]
}

/// The brightest channel value (0–1) in the part of the screenshot that shows `rect` (page
/// pixels, scaled to the image's width).
async fn brightest_in(shot: &Path, boxes: &Value, rect: [f64; 4]) -> f64 {
    let path = shot.to_str().expect("a UTF-8 path");
    let image_width: f64 = run_tool("identify", &["-format", "%w", path])
        .await
        .expect("read the screenshot's size")
        .trim()
        .parse()
        .expect("a width");
    let scale = image_width / boxes["width"].as_f64().expect("the page's width");
    // A few pixels inside the list's border.
    let [left, top, right, bottom] = rect.map(|v| v * scale);
    let crop = format!(
        "{}x{}+{}+{}",
        (right - left - 8.0).round(),
        (bottom - top - 8.0).round(),
        (left + 4.0).round(),
        (top + 4.0).round()
    );
    run_tool(
        "convert",
        &[
            path,
            "-crop",
            &crop,
            "+repage",
            "-format",
            "%[fx:maxima]",
            "info:",
        ],
    )
    .await
    .expect("measure the screenshot")
    .trim()
    .parse()
    .expect("a brightness")
}
