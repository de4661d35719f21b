//go:build race

package match

// raceEnabled reports a -race build: heavy data tests sample less.
const raceEnabled = true
