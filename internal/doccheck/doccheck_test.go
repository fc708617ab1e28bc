// Package doccheck_test checks the project's public text: what users read
// must not cite sections of a specification they cannot read.
package doccheck_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// root is the module's directory.
const root = "../.."

// TestPublicTextCitesNoSpecSections scans the README, package docs, docs
// of exported identifiers and string literals (error messages) of every
// non-test Go file.
func TestPublicTextCitesNoSpecSections(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(readme), "\n") {
		if strings.Contains(line, "§") {
			t.Errorf("README.md:%d cites a spec section: %s", i+1, line)
		}
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		checkFile(t, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func checkFile(t *testing.T, path string) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	report := func(pos token.Pos, what, text string) {
		if strings.Contains(text, "§") {
			t.Errorf("%s: %s cites a spec section: %q", fset.Position(pos), what, firstLineWith(text, "§"))
		}
	}
	if f.Doc != nil {
		report(f.Doc.Pos(), "the package doc", f.Doc.Text())
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Name.IsExported() && (d.Recv == nil || exportedRecv(d.Recv)) && d.Doc != nil {
				report(d.Doc.Pos(), "the doc of "+d.Name.Name, d.Doc.Text())
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if !s.Name.IsExported() {
						continue
					}
					for _, doc := range []*ast.CommentGroup{d.Doc, s.Doc} {
						if doc != nil {
							report(doc.Pos(), "the doc of "+s.Name.Name, doc.Text())
						}
					}
					if st, ok := s.Type.(*ast.StructType); ok {
						for _, fld := range st.Fields.List {
							if fld.Doc != nil && len(fld.Names) > 0 && fld.Names[0].IsExported() {
								report(fld.Doc.Pos(), "the doc of "+s.Name.Name+"."+fld.Names[0].Name, fld.Doc.Text())
							}
						}
					}
				case *ast.ValueSpec:
					exported := false
					for _, n := range s.Names {
						exported = exported || n.IsExported()
					}
					for _, doc := range []*ast.CommentGroup{d.Doc, s.Doc} {
						if exported && doc != nil {
							report(doc.Pos(), "the doc of "+s.Names[0].Name, doc.Text())
						}
					}
				}
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			report(lit.Pos(), "a string", lit.Value)
		}
		return true
	})
}

func exportedRecv(fl *ast.FieldList) bool {
	if len(fl.List) == 0 {
		return false
	}
	typ := fl.List[0].Type
	if s, ok := typ.(*ast.StarExpr); ok {
		typ = s.X
	}
	if g, ok := typ.(*ast.IndexExpr); ok {
		typ = g.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.IsExported()
}

func firstLineWith(text, s string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}
