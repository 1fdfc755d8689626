//! Fake Scriptix v3 server (placeholder; being built).
