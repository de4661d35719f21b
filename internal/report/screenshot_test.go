package report_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"vetgraph/internal/report"
)

// TestScreenshot renders the HTML report with headless Chromium, when it is
// installed, and checks a page came out with ink in the chart colours. It
// never downloads a browser. Set VETGRAPH_SCREENSHOT=path.png to keep the
// picture and look at it.
func TestScreenshot(t *testing.T) {
	if testing.Short() {
		t.Skip("renders with Chromium; skipped with -short")
	}
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Skip("no chromium on PATH: install it (apt-get install -y chromium) to render the report")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	var b bytes.Buffer
	if err := report.WriteHTML(&b, report.Build(input())); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := os.Getenv("VETGRAPH_SCREENSHOT")
	if shot == "" {
		shot = filepath.Join(dir, "report.png")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--screenshot="+shot, "--window-size=1100,1600", "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Size(); got != (image.Point{1100, 1600}) {
		t.Fatalf("screenshot size %v", got)
	}
	// The network bars are #3b6ea5: count such pixels to see the charts drew.
	bars := 0
	for y := range 1600 {
		for x := range 1100 {
			r, g, b, _ := img.At(x, y).RGBA()
			if r>>8 == 0x3b && g>>8 == 0x6e && b>>8 == 0xa5 {
				bars++
			}
		}
	}
	if bars < 1000 {
		t.Fatalf("only %d pixels of bar colour: the charts did not render", bars)
	}
}
