package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runCLI runs vetgraph in-process with args and returns stdout, stderr and
// the exit code.
func runCLI(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb, func(string) string { return "" })
	return out.String(), errb.String(), code
}

func TestRunUsage(t *testing.T) {
	out, _, code := runCLI(t, "", "help")
	if code != 0 || !strings.Contains(out, "Commands:") {
		t.Fatalf("help: code %d, out %q", code, out)
	}
	_, errs, code := runCLI(t, "", "no-such-command")
	if code != exitUsage || !strings.Contains(errs, "unknown command") {
		t.Fatalf("unknown command: code %d, stderr %q", code, errs)
	}
	_, errs, code = runCLI(t, "", "--bogus", "x", "version")
	if code != exitUsage || !strings.Contains(errs, "unknown global flag") {
		t.Fatalf("bad global flag: code %d, stderr %q", code, errs)
	}
	out, _, code = runCLI(t, "", "--format=json", "version")
	if code != 0 || !strings.HasPrefix(out, "vetgraph ") {
		t.Fatalf("version: code %d, out %q", code, out)
	}
}
