//! Turning samples into figures, and what one round measures.

/// Frames dropped: for every frame, each whole vsync interval (16.7 ms at 60 Hz) it took
/// beyond its own.
pub(crate) fn dropped_frames(frames: &[f64]) -> u64 {
    frames
        .iter()
        .map(|f| ((f / (1000.0 / 60.0)) - 0.5).round().max(1.0) as u64 - 1)
        .sum()
}

pub(crate) fn median(v: &[f64]) -> f64 {
    percentile(v, 50.0)
}

pub(crate) fn percentile(v: &[f64], p: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).unwrap());
    if s.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * s.len() as f64).ceil() as usize;
    s[rank.clamp(1, s.len()) - 1]
}

#[derive(Default, Clone, serde::Serialize)]
pub(crate) struct Round {
    pub(crate) bare_start_ms: f64,
    pub(crate) bare_pss_mib: f64,
    /// The bare window drawn by the CPU, as the app is.
    pub(crate) bare_cpu_start_ms: f64,
    pub(crate) bare_cpu_pss_mib: f64,
    pub(crate) app_start_ms: f64,
    pub(crate) app_first_screen_pss_mib: f64,
    pub(crate) app_loaded_pss_mib: f64,
    pub(crate) switch_first_rows_ms: Vec<f64>,
    pub(crate) keystroke_ms: Vec<f64>,
    pub(crate) scroll_frames: u64,
    pub(crate) scroll_dropped: u64,
    pub(crate) scroll_longest_frame_ms: f64,
    /// Frames drawn while scrolling that showed a row in view still waiting for its name.
    pub(crate) scroll_blank_frames: u64,
    pub(crate) typing_frames: u64,
    pub(crate) typing_dropped: u64,
    pub(crate) typing_longest_frame_ms: f64,
    pub(crate) processes: Vec<String>,
    pub(crate) bare_pss_by_process: Vec<(String, f64)>,
    pub(crate) app_loaded_pss_by_process: Vec<(String, f64)>,
    /// The web process's largest mappings: bare window, app loaded.
    pub(crate) bare_web_mappings: Vec<(String, f64)>,
    pub(crate) app_loaded_web_mappings: Vec<(String, f64)>,
    /// The same 30 s later, still idle.
    pub(crate) app_loaded_later_pss_mib: f64,
    pub(crate) app_loaded_later_pss_by_process: Vec<(String, f64)>,
    /// Median frame length of the idle bare window and of the idle app (10,000 loaded).
    pub(crate) bare_idle_frame_ms: f64,
    pub(crate) app_idle_frame_ms: f64,
    /// Median time for the UI's own call (`library_window` of 100 rows for a search) to
    /// come back from Rust: the part of a keystroke that is not drawing.
    pub(crate) search_answer_ms: f64,
}
