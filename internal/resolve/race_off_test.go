//go:build !race

package resolve

// raceEnabled reports a -race build: heavy data tests sample less.
const raceEnabled = false
