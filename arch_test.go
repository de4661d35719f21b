package vetgraph_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// packages returns the non-test Go files of every package in the module,
// keyed by directory.
func packages(t *testing.T) map[string][]string {
	t.Helper()
	pkgs := map[string][]string{}
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			pkgs[filepath.Dir(path)] = append(pkgs[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// TestPackageDocs fails when a package has no package doc comment.
func TestPackageDocs(t *testing.T) {
	for dir, files := range packages(t) {
		documented := false
		for _, f := range files {
			af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.PackageClauseOnly|parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			if af.Doc != nil && strings.TrimSpace(af.Doc.Text()) != "" {
				documented = true
			}
		}
		if !documented {
			t.Errorf("package in %s has no package doc comment saying what it owns", dir)
		}
	}
}

// imports returns the imports of the non-test files in dir.
func imports(t *testing.T, files []string) []string {
	t.Helper()
	var out []string
	for _, f := range files {
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range af.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			out = append(out, p)
		}
	}
	return out
}

// TestImportRules keeps the layering of STYLE.md: the root package uses the
// standard library only; pure packages do no I/O; only cmd/ wires concrete
// adapters.
func TestImportRules(t *testing.T) {
	pure := []string{"internal/name", "internal/match", "internal/graph"}
	ioPkgs := []string{"os", "net", "net/http", "database/sql", "os/exec", "io/ioutil"}
	adapters := []string{"vetgraph/internal/sqlite", "vetgraph/internal/postgres"}
	for dir, files := range packages(t) {
		dir = filepath.ToSlash(dir)
		ims := imports(t, files)
		for _, im := range ims {
			if dir == "." && strings.Contains(strings.Split(im, "/")[0], ".") {
				t.Errorf("root package imports %s: the vocabulary must use the standard library only", im)
			}
			if dir == "." && strings.HasPrefix(im, "vetgraph/") {
				t.Errorf("root package imports %s", im)
			}
			for _, p := range pure {
				if (dir == p || strings.HasPrefix(dir, p+"/")) && slices.Contains(ioPkgs, im) {
					t.Errorf("pure package %s imports %s", dir, im)
				}
			}
			if slices.Contains(adapters, im) && !strings.HasPrefix(dir, "cmd/") && !strings.HasSuffix(dir, "test") {
				t.Errorf("%s imports the adapter %s; only cmd/ wires concrete stores", dir, im)
			}
		}
	}
}

// TestNoGetenv keeps environment reads in cmd/.
func TestNoGetenv(t *testing.T) {
	for dir, files := range packages(t) {
		if strings.HasPrefix(filepath.ToSlash(dir), "cmd/") {
			continue
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), "os.Getenv(") || strings.Contains(string(b), "os.LookupEnv(") {
				t.Errorf("%s reads the environment; only cmd/ may", f)
			}
		}
	}
}
