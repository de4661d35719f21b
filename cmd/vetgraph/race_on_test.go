//go:build race

package main

// raceEnabled reports whether the race detector is on: the tests that
// resolve whole watchlists run without it (see .ci/run), since the detector
// slows the name comparisons tenfold.
const raceEnabled = true
