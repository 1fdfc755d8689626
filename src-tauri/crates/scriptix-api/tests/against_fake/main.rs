//! The client against the project's fake Scriptix server, over real loopback TCP.
//! One test binary (several modules) to keep link time down.

mod hostile;
mod outcomes;
mod pacing;
mod reading;
mod retries;
mod safety;
mod shapes;
mod support;
