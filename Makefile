# The two commands a newcomer needs. Both install what is missing and are safe to repeat.
.PHONY: run test bench

run:   ## Start the app (practice mode when no account exists)
	scripts/run.sh

test:  ## Run every test: fmt, clippy, Rust, bindings drift, UI, keyring, end-to-end
	scripts/test.sh
