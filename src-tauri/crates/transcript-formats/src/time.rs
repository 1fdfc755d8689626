//! Timestamp notations.

/// `HH:MM:SS`, for people.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// `HH:MM:SS,mmm` (SubRip).
pub fn srt_timestamp(ms: u64) -> String {
    format!("{},{:03}", clock(ms), ms % 1000)
}

/// `HH:MM:SS.mmm` (WebVTT).
pub fn vtt_timestamp(ms: u64) -> String {
    format!("{}.{:03}", clock(ms), ms % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_hours_minutes_seconds_millis() {
        assert_eq!(clock(3_723_456), "01:02:03");
        assert_eq!(srt_timestamp(3_723_456), "01:02:03,456");
        assert_eq!(vtt_timestamp(59_999), "00:00:59.999");
    }
}
