# The two commands a newcomer needs. Both install what is missing and are safe to repeat.
.PHONY: run test package package-check bench-app

run:   ## Start the app (practice mode when no account exists)
	scripts/run.sh

test:  ## Run every test: fmt, clippy, Rust, bindings drift, UI, keyring, end-to-end
	scripts/test.sh

package:  ## Release build + .deb and .rpm in target/release/bundle/
	scripts/package.sh

# `make test` runs the same check on a quicker-to-compile build (the `package-ci` profile);
# this target checks the packages `make package` ships, built with the full release profile.
package-check:  ## Build the packages, install the .deb, check the installed app, remove it cleanly
	scripts/package.sh && scripts/package-check.sh

bench-app:  ## App benchmarks on the release build (P3 library, P4 start/memory, P5 sizes)
	scripts/bench-app.sh
