//! Scriptix Desk, the Tauri shell: wires `desk-core` to typed commands and the window.
//! No business logic lives here; see `src-tauri/crates/desk-core`.

pub mod bindings;
mod command_names;
pub mod commands;
#[cfg(test)]
mod ipc_surface_tests;

pub fn run() {
    let specta = bindings::specta_builder();

    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Scriptix Desk");
}
