# The two commands a newcomer needs. Both install what is missing and are safe to repeat.
.PHONY: run test package bench-app

run:   ## Start the app (practice mode when no account exists)
	scripts/run.sh

test:  ## Run every test: fmt, clippy, Rust, bindings drift, UI, keyring, end-to-end, packages
	scripts/test.sh

package:  ## Release build + .deb and .rpm in target/release/bundle/
	scripts/package.sh

bench-app:  ## App benchmarks on the release build (P3 library, P4 start/memory, P5 sizes)
	scripts/bench-app.sh
