//! A bare Tauri 2 window: the same Tauri version and release profile as Scriptix Desk, no
//! commands, no plugins, one static page. scripts/bench-app.sh starts it side by side with
//! the app to turn start time and memory into ratios that do not depend on the machine.

fn main() {
    tauri::Builder::default()
        .setup(|app| {
            tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::default())
                .title("Bare window")
                .inner_size(1100.0, 720.0)
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("run the bare window");
}
